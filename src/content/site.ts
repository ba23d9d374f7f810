// The site configuration (kv-seed/site.json): name, sections, authors and tag labels, and its validation.

import { SLUG_RULE, isMediaName, isSectionPath, isSlug } from "./slug.ts";
import { type Fields, type Problem, type Validated, describe, fieldPath, isFields, readInteger, readText, unknownFields } from "./problems.ts";

export interface Section {
  /** The full path, "news/middle-east"; its parent is "news". */
  slug: string;
  name: string;
  description?: string;
}

export interface Author {
  slug: string;
  name: string;
  bio?: string;
}

/** The picture link previews show for pages without a raster picture of their own. */
export interface ShareImageConfig {
  /** A raster media file (PNG, JPEG or WebP): link previewers do not show SVG. */
  media: string;
  alt: string;
  width: number;
  height: number;
}

/** Media types every common link previewer shows (AVIF and SVG are not among them). */
export const SHAREABLE_EXTENSIONS = ["png", "jpg", "jpeg", "webp"] as const;

export function isShareableMedia(name: string): boolean {
  return isMediaName(name) && (SHAREABLE_EXTENSIONS as readonly string[]).includes(name.slice(name.lastIndexOf(".") + 1));
}

export interface SiteConfig {
  name: string;
  tagline: string;
  description: string;
  /** The site's default language (BCP 47), for pages that are not one article. */
  language: string;
  /** A media name used as the publisher logo in structured data. */
  logo?: string;
  /** The site's share image: link previews of pages without a raster picture of their own (1200×630 suits every network). */
  shareImage?: ShareImageConfig;
  /**
   * The tagging entity of the tag: URIs (RFC 4151) that identify the site's feeds and articles in feed
   * readers: a domain name (or e-mail address) the publisher held on a date, "meridian-courier.example,2026".
   * It names no host the site is served on, so ids stay the same on every mirror and when the primary
   * domain changes. Set it once and never change it: readers would show every story again.
   */
  feedId?: string;
  /**
   * The minisign public key ("RW…", from `npm run keygen-mirrors`) whose secret signs
   * /.well-known/mirrors.json: shown on /mirrors so readers can check the list they got.
   */
  signingKey?: string;
  sections: Section[];
  authors: Author[];
  /** Display labels for tag slugs; a tag without one is shown as its slug in title case. */
  tags: Record<string, string>;
}

export function sectionOf(site: SiteConfig, path: string): Section | undefined {
  return site.sections.find((s) => s.slug === path);
}

export function authorOf(site: SiteConfig, slug: string): Author | undefined {
  return site.authors.find((a) => a.slug === slug);
}

/** "news/middle-east" → ["news", "news/middle-east"]: every listing the section's articles appear in. */
export function sectionLineage(path: string): string[] {
  const parts = path.split("/");
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

export function topLevelSections(site: SiteConfig): Section[] {
  return site.sections.filter((s) => !s.slug.includes("/"));
}

export function childSections(site: SiteConfig, parent: string): Section[] {
  const depth = parent.split("/").length + 1;
  return site.sections.filter((s) => s.slug.startsWith(`${parent}/`) && s.slug.split("/").length === depth);
}

export function tagLabel(site: SiteConfig, tag: string): string {
  // Own labels only: "constructor" is a valid tag slug, and site.tags inherits a function by that name.
  const label = Object.hasOwn(site.tags, tag) ? site.tags[tag] : undefined;
  return label ?? tag.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** A minisign public key: "RW" (base64 of "Ed") and 54 more base64 characters (key id and key). */
const MINISIGN_PUBLIC_KEY = /^RW[A-Za-z0-9+/]{54}$/;

export const LANGUAGE_TAG = /^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/;

/** RFC 4151 taggingEntity: a DNS name or e-mail address, a comma, and a date (year, month or day). */
const TAGGING_ENTITY =
  /^(?:[a-z0-9._%+-]+@)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*,\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;

export function isTaggingEntity(value: string): boolean {
  return value.length <= 120 && TAGGING_ENTITY.test(value);
}

/**
 * The tagging entity feed ids are minted under: site.json "feedId", or, for a site that has none, one
 * derived from the site's name (stable while the name is).
 */
export function feedAuthority(site: SiteConfig): string {
  if (site.feedId) return site.feedId;
  const label =
    site.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "site";
  return `${label},2000`;
}

export function isLanguageTag(value: string): boolean {
  return value.length <= 35 && LANGUAGE_TAG.test(value);
}

/** Validates a parsed site.json; every problem is reported, not just the first. */
export function validateSite(input: unknown): Validated<SiteConfig> {
  const problems: Problem[] = [];
  if (!isFields(input)) return { ok: false, problems: [{ field: "(site)", code: "not_an_object", message: "must be a JSON object" }] };
  unknownFields(
    input,
    ["name", "tagline", "description", "language", "logo", "shareImage", "feedId", "signingKey", "sections", "authors", "tags"],
    "",
    problems,
  );
  const name = readText(input, "name", { required: true, max: 80 }, "", problems);
  const tagline = readText(input, "tagline", { max: 160 }, "", problems) ?? "";
  const description = readText(input, "description", { required: true, max: 300 }, "", problems);
  const language = readText(input, "language", { required: true, max: 35 }, "", problems);
  if (language && !isLanguageTag(language))
    problems.push({ field: "language", code: "invalid_language", message: `"${language}" is not a BCP 47 language tag such as "en" or "en-GB"` });
  const logo = readText(input, "logo", { max: 90 }, "", problems);
  if (logo && !isMediaName(logo)) problems.push({ field: "logo", code: "invalid_media_name", message: `"${logo}" is not a media file name` });
  const shareImage = input.shareImage === undefined || input.shareImage === null ? undefined : readShareImage(input.shareImage, problems);
  const signingKey = readText(input, "signingKey", { max: 60 }, "", problems);
  if (signingKey && !MINISIGN_PUBLIC_KEY.test(signingKey)) {
    problems.push({
      field: "signingKey",
      code: "invalid_signing_key",
      message: `"${signingKey}" is not a minisign public key (RW and 54 base64 characters, as \`npm run keygen-mirrors\` prints)`,
    });
  }
  const feedId = readText(input, "feedId", { max: 120 }, "", problems);
  if (feedId && !isTaggingEntity(feedId)) {
    problems.push({
      field: "feedId",
      code: "invalid_feed_id",
      message: `"${feedId}" must be a domain name you own and a date, such as "meridian-courier.example,2026" (RFC 4151)`,
    });
  }

  const sections = readEntries(input, "sections", problems, (entry, at) => {
    unknownFields(entry, ["slug", "name", "description"], at, problems);
    const slug = readText(entry, "slug", { required: true, max: 120 }, at, problems);
    const sectionName = readText(entry, "name", { required: true, max: 60 }, at, problems);
    const sectionDescription = readText(entry, "description", { max: 300 }, at, problems);
    if (slug && !isSectionPath(slug))
      problems.push({ field: fieldPath(at, "slug"), code: "invalid_section_path", message: `"${slug}": ${SLUG_RULE}, nested with "/"` });
    // "/section/a/page/2" is page 2 of section "a" (content/urls.ts parseListingPage).
    else if (slug && /(?:^|\/)page\//.test(slug))
      problems.push({
        field: fieldPath(at, "slug"),
        code: "reserved_section_name",
        message: `"${slug}": a section named "page" can have no subsections (/page/2 numbers a listing's pages)`,
      });
    return slug && sectionName ? { slug, name: sectionName, ...(sectionDescription ? { description: sectionDescription } : {}) } : undefined;
  });
  sections.forEach((section, i) => {
    const parent = section.slug.split("/").slice(0, -1).join("/");
    if (parent && !sections.slice(0, i).some((s) => s.slug === parent)) {
      problems.push({ field: `sections[${i}].slug`, code: "parent_not_before", message: `parent section "${parent}" must be listed before "${section.slug}"` });
    }
    if (sections.findIndex((s) => s.slug === section.slug) !== i)
      problems.push({ field: `sections[${i}].slug`, code: "duplicate", message: `"${section.slug}" is listed twice` });
  });
  if (sections.length === 0) problems.push({ field: "sections", code: "too_few", message: "needs at least one section" });

  const authors = readEntries(input, "authors", problems, (entry, at) => {
    unknownFields(entry, ["slug", "name", "bio"], at, problems);
    const slug = readText(entry, "slug", { required: true, max: 80 }, at, problems);
    const authorName = readText(entry, "name", { required: true, max: 80 }, at, problems);
    const bio = readText(entry, "bio", { max: 400 }, at, problems);
    if (slug && !isSlug(slug)) problems.push({ field: fieldPath(at, "slug"), code: "invalid_slug", message: `"${slug}": ${SLUG_RULE}` });
    return slug && authorName ? { slug, name: authorName, ...(bio ? { bio } : {}) } : undefined;
  });
  authors.forEach((author, i) => {
    if (authors.findIndex((a) => a.slug === author.slug) !== i)
      problems.push({ field: `authors[${i}].slug`, code: "duplicate", message: `"${author.slug}" is listed twice` });
  });

  const tags: Record<string, string> = {};
  const rawTags = input.tags ?? {};
  if (!isFields(rawTags)) problems.push({ field: "tags", code: "not_an_object", message: "must be an object mapping tag slugs to labels" });
  else {
    for (const [slug, label] of Object.entries(rawTags)) {
      if (!isSlug(slug)) problems.push({ field: `tags.${slug}`, code: "invalid_slug", message: SLUG_RULE });
      else if (typeof label !== "string" || label.trim() === "" || label.length > 60)
        problems.push({ field: `tags.${slug}`, code: "invalid_label", message: "must be a label of 1 to 60 characters" });
      else tags[slug] = label.trim();
    }
  }

  if (problems.length > 0 || !name || !description || !language) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      tagline,
      description,
      language,
      ...(logo ? { logo } : {}),
      ...(shareImage ? { shareImage } : {}),
      ...(feedId ? { feedId } : {}),
      ...(signingKey ? { signingKey } : {}),
      sections,
      authors,
      tags,
    },
  };
}

/** The largest side a share image may have; previewers scale down, and a bigger file only costs readers data. */
const SHARE_IMAGE_MAX_SIDE = 4096;

function readShareImage(value: unknown, problems: Problem[]): ShareImageConfig | undefined {
  if (!isFields(value)) {
    problems.push({ field: "shareImage", code: "not_an_object", message: `must be an object (media, alt, width, height), not ${describe(value)}` });
    return undefined;
  }
  unknownFields(value, ["media", "alt", "width", "height"], "shareImage", problems);
  const media = readText(value, "media", { required: true, max: 90 }, "shareImage", problems);
  if (media && !isShareableMedia(media)) {
    problems.push({
      field: "shareImage.media",
      code: "not_raster",
      message: `"${media}" must be a PNG, JPEG or WebP media file name (${SHAREABLE_EXTENSIONS.map((e) => `.${e}`).join(", ")}): link previewers do not show SVG or AVIF`,
    });
  }
  const alt = readText(value, "alt", { required: true, max: 300 }, "shareImage", problems);
  const width = readInteger(value, "width", 1, SHARE_IMAGE_MAX_SIDE, "shareImage", problems);
  const height = readInteger(value, "height", 1, SHARE_IMAGE_MAX_SIDE, "shareImage", problems);
  if (!media || !isShareableMedia(media) || !alt || width === undefined || height === undefined) return undefined;
  return { media, alt, width, height };
}

function readEntries<T>(input: Fields, name: string, problems: Problem[], read: (entry: Fields, at: string) => T | undefined): T[] {
  const value = input[name];
  if (!Array.isArray(value)) {
    problems.push({ field: name, code: "not_a_list", message: "must be a list" });
    return [];
  }
  const out: T[] = [];
  value.forEach((entry: unknown, i) => {
    const at = fieldPath(name, i);
    if (!isFields(entry)) problems.push({ field: at, code: "not_an_object", message: "must be an object" });
    else {
      const item = read(entry, at);
      if (item) out.push(item);
    }
  });
  return out;
}

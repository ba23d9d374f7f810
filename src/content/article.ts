// The article model and its validation: the one definition the seed loader and the publishing API share.

import { MEDIA_RULE, SLUG_RULE, isMediaName, isSlug } from "./slug.ts";
import { type SiteConfig, authorOf, isLanguageTag, sectionOf } from "./site.ts";
import { type Fields, type Problem, type Validated, describe, isFields, readInteger, readList, readText, unknownFields } from "./problems.ts";

export type ArticleStatus = "draft" | "published";

export interface LeadImage {
  /** The media file name in the store: "harbour-at-dawn.svg". */
  media: string;
  alt: string;
  caption?: string;
  credit?: string;
  width: number;
  height: number;
}

export interface Article {
  slug: string;
  headline: string;
  /** The summary line under the headline. */
  standfirst: string;
  /** A configured section path: "news/middle-east". */
  section: string;
  authors: string[];
  tags: string[];
  /** BCP 47; right-to-left languages get dir="rtl". */
  language: string;
  /** ISO 8601 UTC. A time in the future keeps the article hidden until then. */
  published: string;
  updated?: string;
  status: ArticleStatus;
  image?: LeadImage;
  /** CommonMark Markdown. Rendered to HTML once, when published. */
  body: string;
}

export const ARTICLE_FIELDS = [
  "slug",
  "headline",
  "standfirst",
  "section",
  "authors",
  "tags",
  "language",
  "published",
  "updated",
  "status",
  "image",
  "body",
] as const;
const IMAGE_FIELDS = ["media", "alt", "caption", "credit", "width", "height"] as const;

export const LIMITS = {
  headline: 160,
  standfirst: 300,
  /** Markdown source; about 30,000 words. Caps render time at publish. */
  body: 200_000,
  authors: 5,
  tags: 10,
  alt: 300,
  caption: 300,
  credit: 120,
  imageSide: 10_000,
} as const;

const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"]);

/** True for languages written right to left ("ar", "fa-IR", "ur"), or any tag with the Arab/Hebr script. */
export function isRightToLeft(language: string): boolean {
  const lower = language.toLowerCase();
  const primary = lower.split("-")[0] ?? lower;
  return RTL_LANGUAGES.has(primary) || RTL_LANGUAGES.has(lower) || /-(arab|hebr|thaa|syrc|nkoo|adlm|rohg)(-|$)/.test(lower);
}

/** Readers see an article only once it is published and its publish time has come. */
export function isVisible(article: Pick<Article, "status" | "published">, now: number): boolean {
  return article.status === "published" && Date.parse(article.published) <= now;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Parses an ISO 8601 date ("2026-11-20", midnight UTC) or date-time with a zone
 * ("2026-11-20T08:30:00Z", "2026-11-20T10:30+02:00") and returns it normalised to UTC, or undefined.
 */
export function normaliseDateTime(value: string): string | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = "00", mi = "00", s = "00"] = m;
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const time = Date.parse(m[4] === undefined ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) return undefined;
  return new Date(time).toISOString().replace(".000Z", "Z");
}

/**
 * Validates an article from a seed file or an API request and returns it normalised, or every problem.
 * `slug` is where the slug comes from (the file name or the URL); a slug field in the input must agree.
 */
export function validateArticle(input: unknown, slug: string, site: SiteConfig): Validated<Article> {
  const problems: Problem[] = [];
  if (!isFields(input))
    return { ok: false, problems: [{ field: "(article)", message: `must be an object with the article's fields, not ${describe(input)}` }] };
  unknownFields(input, ARTICLE_FIELDS, "", problems);

  if (!isSlug(slug)) problems.push({ field: "slug", message: `"${slug}" is not a valid slug: ${SLUG_RULE}` });
  if (input.slug !== undefined && input.slug !== slug) {
    problems.push({ field: "slug", message: `is "${String(input.slug)}" but the article is stored as "${slug}"; remove the field or make them agree` });
  }

  const headline = readText(input, "headline", { required: true, max: LIMITS.headline }, "", problems);
  const standfirst = readText(input, "standfirst", { required: true, max: LIMITS.standfirst }, "", problems);
  const section = readText(input, "section", { required: true, max: 120 }, "", problems);
  if (section && !sectionOf(site, section)) {
    problems.push({ field: "section", message: `"${section}" is not a section of this site; use one of: ${site.sections.map((s) => s.slug).join(", ")}` });
  }
  const authors = readList(
    input,
    "authors",
    { min: 1, max: LIMITS.authors },
    (a) => (authorOf(site, a) ? undefined : `"${a}" is not an author of this site (see site.json authors)`),
    "",
    problems,
  );
  const tags = readList(input, "tags", { min: 0, max: LIMITS.tags }, (t) => (isSlug(t) && t.length <= 40 ? undefined : `"${t}": ${SLUG_RULE}`), "", problems);
  const language = readText(input, "language", { required: true, max: 35 }, "", problems);
  if (language && !isLanguageTag(language))
    problems.push({ field: "language", message: `"${language}" is not a BCP 47 language tag such as "en", "en-GB" or "ar"` });

  const published = readDate(input, "published", true, problems);
  const updated = readDate(input, "updated", false, problems);
  if (published && updated && Date.parse(updated) < Date.parse(published)) {
    problems.push({ field: "updated", message: `${updated} is before the published time ${published}` });
  }

  const status = input.status;
  if (status !== "draft" && status !== "published") {
    problems.push({
      field: "status",
      message: status === undefined ? 'is required: "draft" or "published"' : `must be "draft" or "published", not ${JSON.stringify(status)}`,
    });
  }

  const image = input.image === undefined || input.image === null ? undefined : readImage(input.image, problems);
  const body = readText(input, "body", { required: true, max: LIMITS.body, multiline: true }, "", problems);

  if (problems.length > 0 || !headline || !standfirst || !section || !language || !published || !body) return { ok: false, problems };
  const article: Article = {
    slug,
    headline,
    standfirst,
    section,
    authors,
    tags,
    language,
    published,
    ...(updated ? { updated } : {}),
    status: status === "draft" ? "draft" : "published",
    ...(image ? { image } : {}),
    body,
  };
  return { ok: true, value: article };
}

function readDate(input: Fields, name: string, required: boolean, problems: Problem[]): string | undefined {
  const value = input[name];
  if (value === undefined || value === null || value === "") {
    if (required) problems.push({ field: name, message: 'is required: an ISO 8601 time such as "2026-11-20T08:30:00Z"' });
    return undefined;
  }
  const normalised = typeof value === "string" ? normaliseDateTime(value.trim()) : undefined;
  if (!normalised) problems.push({ field: name, message: `${JSON.stringify(value)} is not an ISO 8601 time such as "2026-11-20T08:30:00Z"` });
  return normalised;
}

function readImage(value: unknown, problems: Problem[]): LeadImage | undefined {
  if (!isFields(value)) {
    problems.push({ field: "image", message: `must be an object (media, alt, caption, credit, width, height), not ${describe(value)}` });
    return undefined;
  }
  const count = problems.length;
  unknownFields(value, IMAGE_FIELDS, "image", problems);
  const media = readText(value, "media", { required: true, max: 90 }, "image", problems);
  if (media && !isMediaName(media)) problems.push({ field: "image.media", message: `"${media}": ${MEDIA_RULE}` });
  const alt = readText(value, "alt", { required: true, max: LIMITS.alt }, "image", problems);
  const caption = readText(value, "caption", { max: LIMITS.caption }, "image", problems);
  const credit = readText(value, "credit", { max: LIMITS.credit }, "image", problems);
  const width = readInteger(value, "width", 1, LIMITS.imageSide, "image", problems);
  const height = readInteger(value, "height", 1, LIMITS.imageSide, "image", problems);
  if (problems.length > count || !media || !alt || !width || !height) return undefined;
  return { media, alt, ...(caption ? { caption } : {}), ...(credit ? { credit } : {}), width, height };
}

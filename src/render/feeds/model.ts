// One feed, format-neutral: the feed items of a listing turned into entries with absolute links on the
// host the feed was fetched on, host-independent ids, names, labels and the lead image. RSS, Atom and
// JSON Feed are three spellings of this.

import { mediaTypeOf } from "../../content/media.ts";
import type { FeedItem } from "../../content/feed-item.ts";
import { type SiteConfig, authorOf, feedAuthority, sectionOf, tagLabel } from "../../content/site.ts";
import { type FeedFormat, absolute, feedIds, urls } from "../../content/urls.ts";
import { isoDate } from "../format.ts";
import { html } from "../html.ts";

/** Which listing a feed follows, as the handler names it. */
export interface FeedSource {
  /** The listing page the feed mirrors: "/", "/section/news", "/tag/water". */
  listingPath: string;
  /** The feed's own title: "The Meridian Courier", "Europe | The Meridian Courier". */
  title: string;
  description: string;
}

export interface FeedPerson {
  name: string;
  url: string;
}

export interface FeedImage {
  url: string;
  type: string;
  width: number;
  height: number;
  alt: string;
  caption?: string;
  credit?: string;
}

export interface FeedEntry {
  /** The tag: URI of the article: the same on every host and across edits. */
  id: string;
  url: string;
  title: string;
  /** The standfirst, as plain text. */
  summary: string;
  /** The lead image figure and the body, as HTML with absolute links. */
  contentHtml: string;
  /** ISO 8601 UTC. */
  published: string;
  /** ISO 8601 UTC: the update time, or the publish time for a story never updated. */
  updated: string;
  language: string;
  authors: FeedPerson[];
  /** The section first, then the tags. */
  categories: { term: string; label: string }[];
  image?: FeedImage;
}

export interface FeedDocument {
  id: string;
  title: string;
  description: string;
  language: string;
  /** The listing page on the requested host. */
  homeUrl: string;
  /** This feed in each format, on the requested host. */
  feedUrls: Record<FeedFormat, string>;
  iconUrl: string;
  logoUrl?: string;
  /** The newest update time among the entries: changes only when the content does. */
  updated: string;
  entries: FeedEntry[];
}

const RELATIVE_LINK = /(\s(?:href|src)=")\/(?!\/)/g;

/** Site-relative links in a stored body become absolute on `origin`: feed readers have no page to resolve them against. */
export function absoluteLinks(bodyHtml: string, origin: string): string {
  return bodyHtml.replace(RELATIVE_LINK, (_, attribute: string) => `${attribute}${origin}/`);
}

function leadFigure(image: FeedImage): string {
  const caption =
    image.caption || image.credit
      ? html`<figcaption>${image.caption ?? ""}${image.caption && image.credit ? " " : ""}${image.credit ? html`<span class="credit">${image.credit}</span>` : ""}</figcaption>`
      : "";
  return html`<figure><img src="${image.url}" alt="${image.alt}" width="${image.width}" height="${image.height}">${caption}</figure>\n`.value;
}

export function feedEntry(site: SiteConfig, origin: string, item: FeedItem): FeedEntry {
  const published = isoDate(Date.parse(item.published));
  const updated = item.updated ? isoDate(Date.parse(item.updated)) : published;
  const image: FeedImage | undefined = item.image
    ? {
        url: absolute(origin, urls.media(item.image.media)),
        type: mediaTypeOf(item.image.media) ?? "application/octet-stream",
        width: item.image.width,
        height: item.image.height,
        alt: item.image.alt,
        ...(item.image.caption ? { caption: item.image.caption } : {}),
        ...(item.image.credit ? { credit: item.image.credit } : {}),
      }
    : undefined;
  return {
    id: feedIds.article(feedAuthority(site), item.slug),
    url: absolute(origin, urls.article(item.slug)),
    title: item.headline,
    summary: item.standfirst,
    contentHtml: (image ? leadFigure(image) : "") + absoluteLinks(item.bodyHtml, origin),
    published,
    updated,
    language: item.language,
    authors: item.authors.map((slug) => ({ name: authorOf(site, slug)?.name ?? slug, url: absolute(origin, urls.author(slug)) })),
    categories: [
      { term: item.section, label: sectionOf(site, item.section)?.name ?? item.section },
      ...item.tags.map((tag) => ({ term: tag, label: tagLabel(site, tag) })),
    ],
    ...(image ? { image } : {}),
  };
}

/**
 * A feed document for `items` (newest first, already cut to the feed's length and to what is
 * published), with every link on `origin`, the host the feed was fetched on. `emptyUpdated` is the
 * update time of a feed with no entries (the formats require one): when the content it shows was built.
 */
export function feedDocument(site: SiteConfig, origin: string, source: FeedSource, items: readonly FeedItem[], emptyUpdated: string): FeedDocument {
  const entries = items.map((item) => feedEntry(site, origin, item));
  const newest = entries.map((e) => e.updated).sort();
  const feedPath = (format: FeedFormat) => absolute(origin, urls.feed(format, source.listingPath));
  return {
    id: feedIds.feed(feedAuthority(site), source.listingPath),
    title: source.title,
    description: source.description,
    language: site.language,
    homeUrl: absolute(origin, source.listingPath),
    feedUrls: { rss: feedPath("rss"), atom: feedPath("atom"), json: feedPath("json") },
    iconUrl: absolute(origin, urls.favicon()),
    ...(site.logo ? { logoUrl: absolute(origin, urls.media(site.logo)) } : {}),
    updated: newest[newest.length - 1] ?? emptyUpdated,
    entries,
  };
}

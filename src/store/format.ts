// The read projection's format: what the single writer (publish/) puts in KV and readers (store/) read.
// Everything but the pointer is an immutable blob named by the hash of its content, so a reader that
// sees an old pointer sees a consistent older site, and never a new pointer with old content
// (docs/architecture.md "The read projection").

import type { FeedItem } from "../content/feed-item.ts";
import type { ReaderRecord } from "../content/record.ts";
import type { SiteConfig } from "../content/site.ts";
import type { DomainPolicy } from "../policy/types.ts";

/** Bumped when the format changes incompatibly: readers refuse a pointer of another format. */
export const FORMAT = 2;

/** Article shards in the pointer: an article page reads one shard (a few hundred entries at 10,000 stories). */
export const ARTICLE_SHARDS = 64;
/** Listing shards in the pointer: a listing page reads one shard and one or two chunks. */
export const LISTING_SHARDS = 32;

/** The live policy as readers get it; null in the pointer means the deployed one (wrangler.toml) is in force. */
export interface LivePolicy {
  policy: DomainPolicy;
  version: string;
  savedAt: string;
}

/** The content half of a pointer: also kept for the previous pointer, for readers whose blobs lag. */
export interface ContentRefs {
  seq: number;
  /** ARTICLE_SHARDS blob hashes: slug → ArticleRef. */
  articles: string[];
  /** LISTING_SHARDS blob hashes: listing name → ListingEntry. */
  listings: string[];
  /** Blob hash of DayEntry[]: the days that hold stories (sitemaps). */
  days: string;
  /** Blob hash of TagIndex: the tags in use (sitemaps). */
  tags: string;
  /** Publish times still to come when this pointer was written, ascending: pages are re-rendered as each passes. */
  scheduled: number[];
}

/** The one mutable key: what is in force. Small, read by every isolate about once a second. */
export interface Pointer extends ContentRefs {
  format: typeof FORMAT;
  /** When the writer built it (milliseconds since the epoch). */
  at: number;
  site: SiteConfig;
  policy: LivePolicy | null;
  /** The sequence number of the last change that withdrew a story: no older copy of any page is ever served. */
  withdrawn: number;
  /** The deployed policy (wrangler.toml) the writer last saw, by hash, and since when: mirrors.json's date. */
  deployed?: { hash: string; since: number };
  /** The previous pointer's content, for a reader whose copy of a new blob has not arrived yet. */
  previous?: ContentRefs;
  /**
   * Content versions older than `previous`, newest first, each as what differs from this pointer: every
   * version written in the SETTLE_MS (store/visibility.ts) before this pointer, then the newest one before those (whose blobs
   * have reached every location). A reader whose copies of the newer blobs lag renders from the newest
   * version it has in full, so two changes in quick succession never leave it with none (a 503).
   */
  earlier?: ContentDiff[];
  /** Extra blobs other features add (reach status, signatures, editions), by name. */
  extras?: Record<string, string>;
}

/** A content version as the shards, indexes and scheduled times in which it differs from another. */
export interface ContentDiff {
  seq: number;
  /** Shard index → blob hash, where it differs. */
  articles?: Record<string, string>;
  listings?: Record<string, string>;
  days?: string;
  tags?: string;
  scheduled?: number[];
}

/** `refs` as what differs from `base`. */
export function diffOf(refs: ContentRefs, base: ContentRefs): ContentDiff {
  const changed = (mine: readonly string[], theirs: readonly string[]) => {
    const out: Record<string, string> = {};
    mine.forEach((hash, i) => {
      if (theirs[i] !== hash) out[String(i)] = hash;
    });
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const articles = changed(refs.articles, base.articles);
  const listings = changed(refs.listings, base.listings);
  return {
    seq: refs.seq,
    ...(articles ? { articles } : {}),
    ...(listings ? { listings } : {}),
    ...(refs.days !== base.days ? { days: refs.days } : {}),
    ...(refs.tags !== base.tags ? { tags: refs.tags } : {}),
    ...(JSON.stringify(refs.scheduled) !== JSON.stringify(base.scheduled) ? { scheduled: refs.scheduled } : {}),
  };
}

/** The full refs a diff names, over `base`. */
export function refsOf(diff: ContentDiff, base: ContentRefs): ContentRefs {
  return {
    seq: diff.seq,
    articles: base.articles.map((hash, i) => diff.articles?.[String(i)] ?? hash),
    listings: base.listings.map((hash, i) => diff.listings?.[String(i)] ?? hash),
    days: diff.days ?? base.days,
    tags: diff.tags ?? base.tags,
    scheduled: diff.scheduled ?? base.scheduled,
  };
}

/** An entry of an article shard. */
export interface ArticleRef {
  /** Blob hash of the ReaderRecord. */
  h: string;
  /** Publish time (ms): a scheduled story is a 404 until then, without reading its record. */
  p: number;
}

export type { ReaderRecord };

/** A listing: newest first, in content-defined chunks, with the publish times still to come. */
export interface ListingEntry {
  /** Chunks newest first: blob hash of ArticleSummary[] and its length. */
  c: { h: string; n: number }[];
  /** Publish times of the scheduled stories at the head of the listing (they are its newest). */
  s?: number[];
  /** Blob hash of the FeedBlob, for listings that have a feed. */
  f?: string;
}

export interface FeedBlob {
  /** The scheduled items and the newest FEED_ITEMS visible ones when written, newest first. */
  items: FeedItem[];
}

/** A day that holds stories, for the sitemap index. */
export interface DayEntry {
  d: string;
  /** The earliest publish time that day (ms): the day is listed once it has passed. */
  first: number;
  /** How many stories that day, scheduled ones included (`later` says which are still to come). */
  n?: number;
  /** The newest change among the stories visible when written (ISO 8601). */
  lastmod?: string;
  /** Stories of that day still scheduled when written: [publish ms, last change ISO]. */
  later?: [number, string][];
}

/** Tag → the earliest publish time among its stories (ms): a tag is listed once a story of it is visible. */
export type TagIndex = Record<string, number>;

/** The daily editions the writer built (closed days): day → blob of an EditionBlob. */
export type EditionIndex = Record<string, { h: string; stories: number }>;

/** A day's edition as the writer built it: the HTML file and, when it fits, the EPUB (base64). */
export interface EditionBlob {
  html: string;
  epub?: string;
}

/** Items in a feed document (docs/feeds-and-search.md). */
export const FEED_ITEMS = 20;

/**
 * A listing is a newest-first list of articles: "latest", "section:news/middle-east", "tag:water",
 * "author:amira-haddad", or "day:2026-11-20" (the sitemap for one day).
 */
export type Listing = "latest" | `section:${string}` | `tag:${string}` | `author:${string}` | `day:${string}`;

export const listing = {
  latest: (): Listing => "latest",
  section: (path: string): Listing => `section:${path}`,
  tag: (slug: string): Listing => `tag:${slug}`,
  author: (slug: string): Listing => `author:${slug}`,
  day: (day: string): Listing => `day:${day}`,
};

/** Whether a listing has a feed (the site, sections and tags; not authors or days). */
export function hasFeed(list: Listing): boolean {
  return list === "latest" || list.startsWith("section:") || list.startsWith("tag:");
}

/** "2026-11-20" for a time in milliseconds (UTC). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 32-bit FNV-1a: spreads slugs and listing names over shards, and picks chunk boundaries. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function articleShardOf(slug: string): number {
  return fnv1a(slug) % ARTICLE_SHARDS;
}

export function listingShardOf(list: Listing): number {
  return fnv1a(list) % LISTING_SHARDS;
}

// KV key names: the only file that knows them. The layout is documented in README ("KV layout").

import type { Article } from "../content/article.ts";
import { sectionLineage } from "../content/site.ts";

/**
 * A listing is a newest-first list of articles: "latest", "section:news/middle-east", "tag:water",
 * "author:amira-haddad", or "day:2026-11-20" (the sitemap for one day).
 */
export type Listing = `latest` | `section:${string}` | `tag:${string}` | `author:${string}` | `day:${string}`;

export const listing = {
  latest: (): Listing => "latest",
  section: (path: string): Listing => `section:${path}`,
  tag: (slug: string): Listing => `tag:${slug}`,
  author: (slug: string): Listing => `author:${slug}`,
  day: (day: string): Listing => `day:${day}`,
};

const MAX_TIME = 9_999_999_999_999;

/** Newest first in KV's lexicographic order: the reverse of the publish time, zero-padded. */
export function reverseTime(ms: number): string {
  return String(MAX_TIME - ms).padStart(13, "0");
}

export function timeFromReverse(rts: string): number {
  return MAX_TIME - Number(rts);
}

export const keys = {
  article: (slug: string) => `article:${slug}`,
  /** One key per (listing, article): concurrent publishes never touch the same key. */
  index: (list: Listing, published: number, slug: string) => `idx:${list}:${reverseTime(published)}:${slug}`,
  indexPrefix: (list: Listing) => `idx:${list}:`,
  /** The latest items of a feed, full content included, rebuilt at publish time. */
  feed: (list: Listing) => `feed:${list}`,
  /** Marks a feed snapshot that must be rebuilt (one key per publish, so racing publishes never collide). */
  feedDirty: (list: Listing, slug: string) => `dirty:${list}|${slug}`,
  feedDirtyPrefix: () => "dirty:",
  /** Days with at least one article: the sitemap index lists them. */
  day: (day: string) => `day:${day}`,
  dayPrefix: () => "day:",
  /** Tags in use: the pages sitemap lists them. */
  tag: (slug: string) => `tag:${slug}`,
  tagPrefix: () => "tag:",
  media: (name: string) => `media:${name}`,
  mediaPrefix: () => "media:",
  /** Every stored article, drafts included: the API lists them with their record metadata. */
  articlePrefix: () => "article:",
  site: () => "config:site",
  /** Changes with every publish; cached pages are keyed by it (store/config.ts). */
  generation: () => "config:generation",
  policy: () => "config:policy",
  policyHistory: (at: number, id: string) => `policy-history:${reverseTime(at)}:${id}`,
  policyHistoryPrefix: () => "policy-history:",
  audit: (at: number, id: string) => `audit:${reverseTime(at)}:${id}`,
  auditPrefix: () => "audit:",
  /** An interrupted publish: what to finish or undo (see store/repair.ts). */
  journal: (slug: string) => `journal:${slug}`,
  journalPrefix: () => "journal:",
  /**
   * Records that an index key was written for an article. Two writes of one article racing each other
   * each delete only the keys of the version they replaced; this registry lets the last one to finish
   * find and remove the loser's keys too (store/journal.ts reconcile).
   */
  indexOwner: (slug: string, indexKey: string) => `own:${slug}|${indexKey}`,
  indexOwnerPrefix: (slug: string) => `own:${slug}|`,
};

/** "2026-11-20" for a time in milliseconds (UTC). */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Every listing a published article appears in; a draft appears in none. */
export function listingsOf(article: Article): Listing[] {
  if (article.status !== "published") return [];
  return [
    listing.latest(),
    ...sectionLineage(article.section).map(listing.section),
    ...article.tags.map(listing.tag),
    ...article.authors.map(listing.author),
    listing.day(dayOf(Date.parse(article.published))),
  ];
}

/** The listings that have a feed: the site, each section (with its parents) and each tag. */
export function feedListingsOf(article: Article): Listing[] {
  return listingsOf(article).filter(hasFeed);
}

/** The listing an index key belongs to: "idx:section:news:<time>:<slug>" → "section:news". */
export function listingOfIndexKey(key: string): Listing {
  const withoutSlug = key.slice(0, key.lastIndexOf(":"));
  return withoutSlug.slice("idx:".length, withoutSlug.lastIndexOf(":")) as Listing;
}

/** Whether a listing has a feed (the site, sections and tags; not authors or days). */
export function hasFeed(list: Listing): boolean {
  return list === "latest" || list.startsWith("section:") || list.startsWith("tag:");
}

/** Every index key an article owns; a replaced article's stale keys are the old set minus the new. */
export function indexKeysOf(article: Article): string[] {
  const published = Date.parse(article.published);
  return listingsOf(article).map((l) => keys.index(l, published, article.slug));
}

// Reading articles and listings: one KV get for a record, one KV list for a page of a listing.

import type { ArticleRecord, ArticleSummary } from "../content/record.ts";
import { logEvent } from "../log.ts";
import { unpackSummary } from "./index-entry.ts";
import { type Listing, keys } from "./keys.ts";
import { type Kv, StorageError } from "./kv.ts";

/**
 * A stored article record, or null. A value of the wrong shape (damaged, hand-edited, written by a bug)
 * is corrupt like unparsable JSON: the reader gets the last good copy of the page or a 503, never a
 * renderer crash.
 */
export async function getRecord(kv: Kv, slug: string): Promise<ArticleRecord | null> {
  const record = await kv.getJson<unknown>(keys.article(slug));
  if (record === null) return null;
  if (!isRecordShape(record)) {
    logEvent("error", "article record has the wrong shape", { key: keys.article(slug) });
    throw new StorageError("get", keys.article(slug), "corrupt");
  }
  return record;
}

const isText = (value: unknown): value is string => typeof value === "string";
const isTextList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isText);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The fields the pages, feeds and API read from a record, with the types they read them as. */
function isRecordShape(value: unknown): value is ArticleRecord {
  if (!isObject(value) || !isText(value.bodyHtml) || !isText(value.version) || typeof value.words !== "number") return false;
  const a = value.article;
  if (!isObject(a)) return false;
  const image = a.image;
  return (
    [a.slug, a.headline, a.standfirst, a.section, a.language, a.published, a.body].every(isText) &&
    (a.status === "draft" || a.status === "published") &&
    isTextList(a.authors) &&
    isTextList(a.tags) &&
    (a.updated === undefined || isText(a.updated)) &&
    (image === undefined ||
      (isObject(image) &&
        isText(image.media) &&
        isText(image.alt) &&
        typeof image.width === "number" &&
        typeof image.height === "number" &&
        (image.caption === undefined || isText(image.caption)) &&
        (image.credit === undefined || isText(image.credit))))
  );
}

export interface ListingPage {
  stories: ArticleSummary[];
  /** The cursor of the next page, when there is one. */
  next?: string;
}

/**
 * One page of a listing, newest first, from a single KV list call: entries carry their summary as
 * metadata, so no article is read. Scheduled stories (publish time in the future) are left out, and
 * an entry with unreadable metadata is logged and skipped rather than breaking the page.
 */
export async function readListing(kv: Kv, list: Listing, options: { limit: number; cursor?: string; now: number; exclude?: string }): Promise<ListingPage> {
  const page = await kv.list(keys.indexPrefix(list), { limit: options.limit, ...(options.cursor ? { cursor: options.cursor } : {}) });
  const stories: ArticleSummary[] = [];
  for (const entry of page.entries) {
    const slug = entry.name.slice(entry.name.lastIndexOf(":") + 1);
    const summary = unpackSummary(slug, entry.metadata);
    if (!summary) {
      logEvent("warn", "listing entry skipped: unreadable metadata", { key: entry.name });
      continue;
    }
    if (summary.published > options.now || slug === options.exclude) continue;
    stories.push(summary);
  }
  return page.cursor ? { stories, next: page.cursor } : { stories };
}

// Reading articles and listings: one KV get for a record, one KV list for a page of a listing.

import type { ArticleRecord, ArticleSummary } from "../content/record.ts";
import { logEvent } from "../log.ts";
import { BoundedCache } from "./bounded-cache.ts";
import { UNKNOWN_GENERATION, getGeneration, onForgetConfig } from "./config.ts";
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

/** A listing page as KV returned it, summaries unpacked. */
interface RawPage {
  generation: string;
  expires: number;
  summaries: ArticleSummary[];
  cursor?: string;
}

/**
 * Listing pages read recently in this isolate. Keyed by content generation, which every publish
 * changes, so a remembered page is never older than the content it lists; the short lifetime bounds
 * how long another edge's stale generation can keep one. Home, section blocks and related stories are
 * read on every page render, so this spares most renders their KV list calls.
 */
const LISTING_MEMO_MS = 30_000;
const listingMemo = new BoundedCache<RawPage>({ entries: 200 });

async function rawPage(kv: Kv, list: Listing, limit: number, cursor: string | undefined): Promise<RawPage> {
  const generation = await getGeneration(kv);
  const key = `${list}|${limit}|${cursor ?? ""}`;
  const now = Date.now();
  const memo = listingMemo.get(key);
  if (memo && memo.generation === generation && memo.expires > now) return memo;
  // Without a readable generation there is nothing to key a memo by: read, and remember nothing.
  const remember = generation !== UNKNOWN_GENERATION;
  const page = await kv.list(keys.indexPrefix(list), { limit, ...(cursor ? { cursor } : {}) });
  const summaries: ArticleSummary[] = [];
  for (const entry of page.entries) {
    const summary = unpackSummary(entry.name.slice(entry.name.lastIndexOf(":") + 1), entry.metadata);
    if (summary) summaries.push(summary);
    else logEvent("warn", "listing entry skipped: unreadable metadata", { key: entry.name });
  }
  const fresh: RawPage = { generation, expires: now + LISTING_MEMO_MS, summaries, ...(page.cursor ? { cursor: page.cursor } : {}) };
  if (remember) listingMemo.set(key, fresh);
  return fresh;
}

onForgetConfig(() => listingMemo.clear());

/**
 * One page of a listing, newest first, from a single KV list call: entries carry their summary as
 * metadata, so no article is read. Scheduled stories (publish time in the future) are left out, and
 * an entry with unreadable metadata is logged and skipped rather than breaking the page.
 */
export async function readListing(kv: Kv, list: Listing, options: { limit: number; cursor?: string; now: number; exclude?: string }): Promise<ListingPage> {
  const page = await rawPage(kv, list, options.limit, options.cursor);
  const stories = page.summaries.filter((s) => s.published <= options.now && s.slug !== options.exclude);
  return page.cursor ? { stories, next: page.cursor } : { stories };
}

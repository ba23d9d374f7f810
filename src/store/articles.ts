// Reading articles and listings: one KV get for a record, one KV list for a page of a listing.

import type { ArticleRecord, ArticleSummary } from "../content/record.ts";
import { logEvent } from "../log.ts";
import { unpackSummary } from "./index-entry.ts";
import { type Listing, keys } from "./keys.ts";
import { type Kv, StorageError } from "./kv.ts";

export async function getRecord(kv: Kv, slug: string): Promise<ArticleRecord | null> {
  const record = await kv.getJson<ArticleRecord>(keys.article(slug));
  if (record === null) return null;
  if (typeof record !== "object" || typeof record.bodyHtml !== "string" || typeof record.article?.headline !== "string") {
    throw new StorageError("get", keys.article(slug), "corrupt");
  }
  return record;
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

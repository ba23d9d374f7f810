// Feed snapshots: the newest items of each feed, full content included, kept under one key per feed so
// a feed response costs one KV read. Rebuilt at publish time; rebuilt on read if missing.

import { type FeedItem, feedItemOf } from "../content/feed-item.ts";
import type { ArticleRecord } from "../content/record.ts";
import { logEvent } from "../log.ts";
import { type Listing, keys } from "./keys.ts";
import { type Kv, StorageError } from "./kv.ts";

/** Items in a feed document (README "Feeds, sitemaps and search engines"). */
export const FEED_ITEMS = 20;
/** Items kept in a snapshot: a few more than shown, so scheduled stories never leave a feed short. */
export const SNAPSHOT_ITEMS = FEED_ITEMS + 10;

export interface FeedSnapshot {
  builtAt: number;
  /** The index keys the snapshot was built from, newest first: how a rebuild checks it is current. */
  sources: string[];
  items: FeedItem[];
}

/**
 * The visible items of a feed, newest first: one KV read when the snapshot exists. A missing snapshot
 * is rebuilt and stored, unless its listing is empty: then nothing is written, so requests for feeds
 * of made-up tags cost reads only.
 */
export async function readFeed(kv: Kv, list: Listing, now: number): Promise<FeedItem[]> {
  const snapshot = (await readSnapshot(kv, list)) ?? (await rebuildFeed(kv, list, { storeEmpty: false }));
  const items = Array.isArray(snapshot.items) ? snapshot.items : [];
  return items.filter((item) => Date.parse(item.published) <= now).slice(0, FEED_ITEMS);
}

/** The stored snapshot; a damaged one is logged and treated as missing, so it is rebuilt (and replaced). */
async function readSnapshot(kv: Kv, list: Listing): Promise<FeedSnapshot | null> {
  try {
    const snapshot = await kv.getJson<FeedSnapshot>(keys.feed(list));
    if (snapshot === null || (typeof snapshot === "object" && Array.isArray(snapshot.items))) return snapshot;
    logEvent("warn", "feed snapshot has the wrong shape; rebuilding it", { key: keys.feed(list) });
    return null;
  } catch (error) {
    if (!(error instanceof StorageError && error.reason === "corrupt")) throw error;
    logEvent("warn", "feed snapshot corrupt; rebuilding it", { key: keys.feed(list) });
    return null;
  }
}

/**
 * Rebuilds a feed snapshot from its listing index and the article records, then checks that the index
 * did not change meanwhile (a publish racing this one) and rebuilds again if it did, so the snapshot
 * written last always matches the index.
 */
export async function rebuildFeed(kv: Kv, list: Listing, options: { storeEmpty?: boolean } = {}): Promise<FeedSnapshot> {
  for (let attempt = 0; ; attempt++) {
    const index = await kv.list(keys.indexPrefix(list), { limit: SNAPSHOT_ITEMS });
    const sources = index.entries.map((e) => e.name);
    if (sources.length === 0 && options.storeEmpty === false) return { builtAt: Date.now(), sources, items: [] };
    const slugs = sources.map((name) => name.slice(name.lastIndexOf(":") + 1));
    const records = await kv.getManyJson<ArticleRecord>(slugs.map(keys.article), (key) => logEvent("warn", "feed: corrupt record skipped", { key }));
    const items: FeedItem[] = [];
    for (const slug of slugs) {
      const record = records.get(keys.article(slug));
      if (record && typeof record.bodyHtml === "string" && record.article?.status === "published") items.push(feedItemOf(record));
    }
    const snapshot: FeedSnapshot = { builtAt: Date.now(), sources, items };
    await kv.putJson(keys.feed(list), snapshot);
    const check = await kv.list(keys.indexPrefix(list), { limit: SNAPSHOT_ITEMS });
    const current = check.entries.map((e) => e.name);
    if (attempt >= 4 || (current.length === sources.length && current.every((name, i) => name === sources[i]))) return snapshot;
  }
}

// The publish journal and the steps that move KV from one version of an article to another. A journal
// entry names what is being replaced and what replaces it, so an interrupted publish can be finished
// (once it is in the audit log) or rolled back (before that) by the repair pass.

import type { ArticleRecord } from "../content/record.ts";
import { logEvent } from "../log.ts";
import { getRecord } from "./articles.ts";
import { bumpGeneration } from "./config.ts";
import { recordEntries } from "./entries.ts";
import { SNAPSHOT_ITEMS, rebuildFeed } from "./feeds.ts";
import { type Listing, dayOf, feedListingsOf, hasFeed, indexKeysOf, keys, listing, listingOfIndexKey } from "./keys.ts";
import type { Kv } from "./kv.ts";

export interface Journal {
  slug: string;
  /** Milliseconds since the epoch: a journal older than the repair threshold belongs to no live request. */
  started: number;
  /** The audit entry that commits the change: once it exists, the change is finished rather than undone. */
  audit: string;
  previous: ArticleRecord | null;
  /** null: the article is being removed. */
  next: ArticleRecord | null;
}

export interface JournalMetadata {
  started: number;
}

export async function writeJournal(kv: Kv, journal: Journal): Promise<void> {
  const metadata: JournalMetadata = { started: journal.started };
  await kv.putJson(keys.journal(journal.slug), journal, metadata);
}

export async function readJournal(kv: Kv, slug: string): Promise<Journal | null> {
  return kv.getJson<Journal>(keys.journal(slug));
}

/**
 * Waits for every write to finish before reporting the first failure: a rollback must never start
 * while a write of the change it undoes is still in flight (it could land after the undo).
 */
async function settled(writes: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** Every key one version of an article owns alone (its record and index entries; markers are shared). */
function ownedKeys(record: ArticleRecord | null): string[] {
  if (!record) return [];
  return [keys.article(record.article.slug), ...indexKeysOf(record.article)];
}

/**
 * Makes KV hold `to` where it held `from`: index keys registered first (see reconcile), then the record
 * (so an index entry never points at a missing story), the index entries and markers, and last the keys
 * only `from` owned. Idempotent, so repair can run it again. `to` null removes the article (index
 * entries before the record).
 */
export async function converge(kv: Kv, slug: string, from: ArticleRecord | null, to: ArticleRecord | null): Promise<void> {
  const puts = to ? recordEntries(to) : [];
  const indexKeys = to ? indexKeysOf(to.article) : [];
  if (indexKeys.length > 0) {
    const registered = new Set((await kv.listAll(keys.indexOwnerPrefix(slug))).map((e) => e.name));
    await settled(
      indexKeys
        .map((key) => keys.indexOwner(slug, key))
        .filter((owner) => !registered.has(owner))
        .map((owner) => kv.put(owner, "")),
    );
  }
  const [record, ...rest] = puts;
  if (record) await kv.put(record.key, record.value, record.metadata);
  await settled(rest.map((e) => kv.put(e.key, e.value, e.metadata)));
  const keep = new Set(puts.map((e) => e.key));
  const drop = ownedKeys(from).filter((key) => !keep.has(key));
  const recordKey = keys.article(slug);
  await settled(drop.filter((key) => key !== recordKey).map((key) => kv.delete(key)));
  if (drop.includes(recordKey)) await kv.delete(recordKey);
}

/**
 * Removes every registered index key of the article that its stored record does not own: leftovers of
 * a write that raced this one (each write only deletes the keys of the version it read). The last
 * write to finish sees the final record and every key any write registered, so the index converges.
 * Returns the listings it removed entries from.
 */
export async function reconcile(kv: Kv, slug: string): Promise<Listing[]> {
  const prefix = keys.indexOwnerPrefix(slug);
  const registered = (await kv.listAll(prefix)).map((e) => e.name.slice(prefix.length));
  if (registered.length === 0) return [];
  const current = await getRecord(kv, slug);
  const wanted = new Set(current ? indexKeysOf(current.article) : []);
  const stray = registered.filter((key) => !wanted.has(key));
  await settled(
    stray.map(async (key) => {
      await kv.delete(key);
      await kv.delete(keys.indexOwner(slug, key));
    }),
  );
  return stray.map(listingOfIndexKey);
}

/** The feeds either version appears in: both must be rebuilt when a story moves, changes or leaves. */
export function feedsTouched(...records: (ArticleRecord | null)[]): Listing[] {
  const lists = new Set<Listing>();
  for (const record of records) if (record) for (const list of feedListingsOf(record.article)) lists.add(list);
  return [...lists];
}

/** Rebuilds one feed snapshot and confirms it still matches its index; false when it could not. */
export async function refreshFeed(kv: Kv, list: Listing): Promise<boolean> {
  try {
    const snapshot = await rebuildFeed(kv, list);
    const index = await kv.list(keys.indexPrefix(list), { limit: SNAPSHOT_ITEMS });
    return index.entries.length === snapshot.sources.length && index.entries.every((e, i) => e.name === snapshot.sources[i]);
  } catch (error) {
    logEvent("warn", "feed rebuild failed; left for the repair pass", { list, error: String(error) });
    return false;
  }
}

/**
 * Rebuilds feed snapshots after a change. KV takes about one write per second per key, so under a burst
 * a snapshot write can fail: the feed is then marked dirty (one marker per change, so racing publishes
 * never write the same marker) and the repair pass rebuilds it. Returns the feeds left dirty.
 */
export async function refreshFeeds(kv: Kv, lists: Listing[], slug: string): Promise<Listing[]> {
  const pending: Listing[] = [];
  await Promise.all(
    [...new Set(lists.filter(hasFeed))].map(async (list) => {
      if (await refreshFeed(kv, list)) return;
      pending.push(list);
      await kv.put(keys.feedDirty(list, slug), "").catch((error) => logEvent("error", "feed dirty marker not written", { list, error: String(error) }));
    }),
  );
  return pending;
}

/** Drops the tag and day markers (read by the sitemaps) of listings no published story is in any more. */
export async function dropUnusedMarkers(kv: Kv, lists: Listing[]): Promise<void> {
  const markerOf = (list: Listing) => (list.startsWith("tag:") ? keys.tag(list.slice(4)) : list.startsWith("day:") ? keys.day(list.slice(4)) : undefined);
  await settled(
    [...new Set(lists)].map(async (list) => {
      const marker = markerOf(list);
      if (marker && (await kv.list(keys.indexPrefix(list), { limit: 1 })).entries.length === 0) await kv.delete(marker);
    }),
  );
}

/** The tag and day listings `from` was in and `to` is not: their markers may have lost their last story. */
export function listingsLeft(from: ArticleRecord | null, to: ArticleRecord | null): Listing[] {
  const published = (r: ArticleRecord | null) => (r?.article.status === "published" ? r.article : undefined);
  const before = published(from);
  if (!before) return [];
  const after = published(to);
  const left: Listing[] = before.tags.filter((tag) => !after?.tags.includes(tag)).map(listing.tag);
  const day = dayOf(Date.parse(before.published));
  if (!after || dayOf(Date.parse(after.published)) !== day) left.push(listing.day(day));
  return left;
}

/** After `from` → `to` is in place: stray keys, feeds, markers, a new generation; then the journal goes. */
async function settle(kv: Kv, journal: Journal, from: ArticleRecord | null, to: ArticleRecord | null): Promise<void> {
  const strays = await reconcile(kv, journal.slug);
  await refreshFeeds(kv, [...feedsTouched(from, to), ...strays], journal.slug);
  await dropUnusedMarkers(kv, [...listingsLeft(from, to), ...strays]);
  await bumpGeneration(kv);
  await kv.delete(keys.journal(journal.slug));
}

/** Finishes a committed change: the writes again (idempotent), then everything that follows them. */
export async function rollForward(kv: Kv, journal: Journal): Promise<void> {
  await converge(kv, journal.slug, journal.previous, journal.next);
  await settle(kv, journal, journal.previous, journal.next);
}

/**
 * Undoes an uncommitted change: the previous version back in place, the new one's keys and audit entry
 * gone, and a new generation so no page rendered from the half-written state stays cached.
 */
export async function rollBack(kv: Kv, journal: Journal): Promise<void> {
  await converge(kv, journal.slug, journal.next, journal.previous);
  await kv.delete(journal.audit);
  await settle(kv, journal, journal.next, journal.previous);
}

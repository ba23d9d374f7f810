// The read projection, built by the single writer: after a change to the truth (the SQLite tables),
// the blobs it touches are named and queued, and a new pointer is prepared. Runs inside the change's
// storage transaction, so the truth and its projection move together.

import { feedItemOf } from "../content/feed-item.ts";
import { contentHash } from "../content/hash.ts";
import { type ArticleRecord, type ReaderRecord, summaryOf } from "../content/record.ts";
import { type SiteConfig, sectionLineage } from "../content/site.ts";
import {
  ARTICLE_SHARDS,
  type ArticleRef,
  type ContentRefs,
  type DayEntry,
  FEED_ITEMS,
  FORMAT,
  type LivePolicy,
  LISTING_SHARDS,
  type Listing,
  type ListingEntry,
  type Pointer,
  type TagIndex,
  articleShardOf,
  dayOf,
  hasFeed,
  listing,
  listingShardOf,
} from "../store/format.ts";
import { chunkRanges, isBoundary } from "./chunks.ts";
import type { Db } from "./db.ts";

/**
 * Bumped when the projection gains something readers use (a field of a blob): the writer's next pass
 * then projects every story again, so blobs written by an older version get it too.
 */
export const PROJECTION_REVISION = 2;

/** A SQLite row holds at most 2 MB: blob values are queued in parts well under that. */
const PART_CHARS = 512 * 1024;
/** The pointer names this many coming publish times at most; later ones follow as the first pass. */
const MAX_SCHEDULED = 200;

/** The pointer waiting to be written, without `previous` (added when it is written). */
export type PendingPointer = Omit<Pointer, "previous">;

/** Every listing a published article appears in; a draft appears in none. */
export function listingsOf(article: { status: string; section: string; tags: string[]; authors: string[]; published: string }): Listing[] {
  if (article.status !== "published") return [];
  return [
    listing.latest(),
    ...sectionLineage(article.section).map(listing.section),
    ...article.tags.map(listing.tag),
    ...article.authors.map(listing.author),
    listing.day(dayOf(Date.parse(article.published))),
  ];
}

/** What readers get of a record: everything but the Markdown source. */
export function readerRecordOf(record: ArticleRecord): ReaderRecord {
  const { body: _markdown, ...article } = record.article;
  return { article, bodyHtml: record.bodyHtml, words: record.words, media: record.media, version: record.version };
}

export interface ProjectionChange {
  /** Articles whose row changed (written, unpublished, deleted). */
  slugs?: readonly string[];
  /** A change readers must never see an older copy of again (withdrawal, correction). */
  withdraws?: boolean;
}

export class Projection {
  readonly #db: Db;
  readonly #now: number;
  #prepared: PendingPointer | undefined;
  /** The days (UTC, "2026-11-20") whose stories the last apply changed: their editions are out of date. */
  touchedDays: string[] = [];

  constructor(db: Db, now: number) {
    this.#db = db;
    this.#now = now;
  }

  /** Queues a blob for KV (unless it is there already) and returns its name. */
  blob(value: unknown): string {
    const text = JSON.stringify(value);
    const hash = contentHash(text);
    const row = this.#db.first<{ written: number }>("SELECT written FROM blobs WHERE hash = ?", hash);
    if (row && row.written !== 2) {
      this.#db.run("UPDATE blobs SET released_at = NULL WHERE hash = ?", hash);
      return hash;
    }
    // New, or being deleted by the sweep (written = 2): queue it again.
    this.#db.run(
      "INSERT INTO blobs (hash, written, created_at, released_at) VALUES (?, 0, ?, NULL) ON CONFLICT (hash) DO UPDATE SET written = 0, released_at = NULL",
      hash,
      this.#now,
    );
    this.#db.run("DELETE FROM blob_parts WHERE hash = ?", hash);
    for (let i = 0; i * PART_CHARS < text.length; i++) {
      this.#db.run("INSERT INTO blob_parts (hash, part, data) VALUES (?, ?, ?)", hash, i, text.slice(i * PART_CHARS, (i + 1) * PART_CHARS));
    }
    return hash;
  }

  /**
   * Brings the projection up to date with a change and prepares the next pointer. Articles first (their
   * reader records and listing memberships), then every listing, shard and index they touch.
   */
  apply(change: ProjectionChange): PendingPointer | undefined {
    const touchedListings = new Set<Listing>();
    const touchedShards = new Set<number>();
    const changed = new Set(change.slugs ?? []);
    for (const slug of changed) {
      for (const list of this.#updateArticle(slug)) touchedListings.add(list);
      touchedShards.add(articleShardOf(slug));
    }
    const articleShards = this.#db.meta<string[]>("articleShards", []);
    const listingShards = this.#db.meta<string[]>("listingShards", []);
    const empty = articleShards.length === 0;
    for (let i = 0; i < ARTICLE_SHARDS; i++) if (empty || touchedShards.has(i)) articleShards[i] = this.#articleShard(i);
    const touchedListingShards = new Set<number>();
    for (const list of touchedListings) {
      this.#rebuildListing(list, changed);
      touchedListingShards.add(listingShardOf(list));
    }
    for (let i = 0; i < LISTING_SHARDS; i++) if (empty || touchedListingShards.has(i)) listingShards[i] = this.#listingShard(i);
    this.#db.setMeta("articleShards", articleShards);
    this.#db.setMeta("listingShards", listingShards);
    const touched = [...touchedListings];
    this.touchedDays = touched.filter((l) => l.startsWith("day:")).map((l) => l.slice("day:".length));
    if (empty || touched.some((l) => l.startsWith("day:"))) this.#db.setMeta("days", this.#daysBlob());
    if (empty || touched.some((l) => l.startsWith("tag:"))) this.#db.setMeta("tags", this.#tagsBlob());
    if (change.withdraws) this.#db.setMeta("withdrawn", this.#db.meta("seq", 0) + 1);
    return this.pointer();
  }

  /** The last pointer this projection prepared: what the change's transaction stores. */
  get prepared(): PendingPointer | undefined {
    return this.#prepared;
  }

  /** The next pointer from the current state (undefined until a site config exists: nothing to serve). */
  pointer(): PendingPointer | undefined {
    const site = this.#db.meta<SiteConfig | null>("site", null);
    if (!site) return undefined;
    const seq = this.#db.meta("seq", 0) + 1;
    this.#db.setMeta("seq", seq);
    const refs: ContentRefs = {
      seq,
      articles: this.#db.meta<string[]>("articleShards", []),
      listings: this.#db.meta<string[]>("listingShards", []),
      days: this.#db.meta("days", ""),
      tags: this.#db.meta("tags", ""),
      scheduled: this.#db
        .all<{ published: number }>(
          "SELECT DISTINCT published FROM articles WHERE status = 'published' AND published > ? ORDER BY published LIMIT ?",
          this.#now,
          MAX_SCHEDULED,
        )
        .map((r) => r.published),
    };
    const extras = this.#db.meta<Record<string, string>>("extras", {});
    const deployed = this.#db.meta<{ hash: string; since: number } | null>("deployed", null);
    this.#prepared = {
      format: FORMAT,
      ...refs,
      at: this.#now,
      site,
      policy: this.#db.meta<LivePolicy | null>("livePolicy", null),
      withdrawn: this.#db.meta("withdrawn", 0),
      ...(deployed ? { deployed } : {}),
      ...(Object.keys(extras).length > 0 ? { extras } : {}),
    };
    return this.#prepared;
  }

  /** Refreshes one article's reader record, summary and listing memberships; returns the listings touched. */
  #updateArticle(slug: string): Listing[] {
    const row = this.#db.first<{ status: string; record: string | null }>("SELECT status, record FROM articles WHERE slug = ?", slug);
    const before = this.#db.all<{ listing: string }>("SELECT listing FROM members WHERE slug = ?", slug).map((r) => r.listing as Listing);
    this.#db.run("DELETE FROM members WHERE slug = ?", slug);
    const record = row?.status === "published" && row.record ? (JSON.parse(row.record) as ArticleRecord) : undefined;
    if (!record) {
      this.#db.run("UPDATE articles SET reader = NULL, summary = NULL WHERE slug = ?", slug);
      return before;
    }
    const reader = this.blob(readerRecordOf(record));
    this.#db.run("UPDATE articles SET reader = ?, summary = ? WHERE slug = ?", reader, JSON.stringify(summaryOf(record.article)), slug);
    const published = Date.parse(record.article.published);
    const after = listingsOf(record.article);
    const boundary = isBoundary(slug) ? 1 : 0;
    for (const list of after) this.#db.run("INSERT INTO members (listing, slug, published, boundary) VALUES (?, ?, ?, ?)", list, slug, published, boundary);
    return [...new Set([...before, ...after])];
  }

  #articleShard(shard: number): string {
    const entries: Record<string, ArticleRef> = {};
    for (const r of this.#db.all<{ slug: string; reader: string; published: number }>(
      "SELECT slug, reader, published FROM articles WHERE shard = ? AND reader IS NOT NULL ORDER BY slug",
      shard,
    )) {
      entries[r.slug] = { h: r.reader, p: r.published };
    }
    return this.blob(entries);
  }

  #listingShard(shard: number): string {
    const entries: Record<string, ListingEntry> = {};
    for (const r of this.#db.all<{ listing: string; entry: string }>("SELECT listing, entry FROM listings WHERE shard = ? ORDER BY listing", shard)) {
      entries[r.listing] = JSON.parse(r.entry) as ListingEntry;
    }
    return this.blob(entries);
  }

  /** Re-chunks one listing, reusing every chunk whose stories are unchanged, and rebuilds its feed. */
  #rebuildListing(list: Listing, changed: ReadonlySet<string>): void {
    const order = "ORDER BY m.published DESC, m.slug";
    const members = this.#db.all<{ slug: string; published: number; boundary: number }>(
      `SELECT m.slug, m.published, m.boundary FROM members m WHERE m.listing = ? ${order}`,
      list,
    );
    const known = new Map(
      this.#db
        .all<{ first: string; last: string; n: number; hash: string }>("SELECT first, last, n, hash FROM chunks WHERE listing = ?", list)
        .map((c) => [c.first, c]),
    );
    this.#db.run("DELETE FROM chunks WHERE listing = ?", list);
    if (members.length === 0) {
      this.#db.run("DELETE FROM listings WHERE listing = ?", list);
      return;
    }
    const chunks: { h: string; n: number }[] = [];
    for (const [start, end] of chunkRanges(members.map((m) => m.boundary === 1))) {
      const items = members.slice(start, end);
      const first = items[0]?.slug ?? "";
      const last = items[items.length - 1]?.slug ?? "";
      const same = known.get(first);
      const hash =
        same && same.last === last && same.n === items.length && !items.some((m) => changed.has(m.slug))
          ? same.hash
          : this.blob(
              this.#db
                .all<{ summary: string }>(
                  `SELECT a.summary FROM members m JOIN articles a ON a.slug = m.slug WHERE m.listing = ? ${order} LIMIT ? OFFSET ?`,
                  list,
                  items.length,
                  start,
                )
                .map((r) => JSON.parse(r.summary) as unknown),
            );
      this.#db.run("INSERT INTO chunks (listing, first, last, n, hash) VALUES (?, ?, ?, ?, ?)", list, first, last, items.length, hash);
      chunks.push({ h: hash, n: items.length });
    }
    const scheduled = members.filter((m) => m.published > this.#now).map((m) => m.published);
    const entry: ListingEntry = { c: chunks, ...(scheduled.length > 0 ? { s: scheduled.reverse() } : {}) };
    if (hasFeed(list)) {
      const records = this.#db.all<{ record: string }>(
        `SELECT a.record FROM members m JOIN articles a ON a.slug = m.slug WHERE m.listing = ? ${order} LIMIT ?`,
        list,
        scheduled.length + FEED_ITEMS,
      );
      entry.f = this.blob({ items: records.map((r) => feedItemOf(JSON.parse(r.record) as ArticleRecord)) });
    }
    const first = members[members.length - 1]?.published ?? 0;
    let lastmod: string | null = null;
    let later: [number, string][] = [];
    if (list.startsWith("day:")) {
      const times = this.#db.all<{ published: number; modified: number }>(
        "SELECT a.published, a.modified FROM members m JOIN articles a ON a.slug = m.slug WHERE m.listing = ?",
        list,
      );
      const visible = times.filter((t) => t.published <= this.#now).map((t) => t.modified);
      lastmod = visible.length > 0 ? new Date(Math.max(...visible)).toISOString() : null;
      later = times.filter((t) => t.published > this.#now).map((t) => [t.published, new Date(t.modified).toISOString()]);
    }
    this.#db.run(
      `INSERT INTO listings (listing, shard, entry, first, lastmod, later) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (listing) DO UPDATE SET entry = excluded.entry, first = excluded.first, lastmod = excluded.lastmod, later = excluded.later`,
      list,
      listingShardOf(list),
      JSON.stringify(entry),
      first,
      lastmod,
      later.length > 0 ? JSON.stringify(later) : null,
    );
  }

  #daysBlob(): string {
    const counts = new Map(
      this.#db
        .all<{ listing: string; n: number }>("SELECT listing, count(*) AS n FROM members WHERE listing >= 'day:' AND listing < 'day;' GROUP BY listing")
        .map((r) => [r.listing, r.n]),
    );
    const days: DayEntry[] = this.#db
      .all<{ listing: string; first: number; lastmod: string | null; later: string | null }>(
        "SELECT listing, first, lastmod, later FROM listings WHERE listing >= 'day:' AND listing < 'day;' ORDER BY listing DESC",
      )
      .map((r) => ({
        d: r.listing.slice("day:".length),
        first: r.first,
        n: counts.get(r.listing) ?? 0,
        ...(r.lastmod ? { lastmod: r.lastmod } : {}),
        ...(r.later ? { later: JSON.parse(r.later) as [number, string][] } : {}),
      }));
    return this.blob(days);
  }

  #tagsBlob(): string {
    const tags: TagIndex = {};
    for (const r of this.#db.all<{ listing: string; first: number }>(
      "SELECT listing, first FROM listings WHERE listing >= 'tag:' AND listing < 'tag;' ORDER BY listing",
    )) {
      tags[r.listing.slice("tag:".length)] = r.first;
    }
    return this.blob(tags);
  }
}

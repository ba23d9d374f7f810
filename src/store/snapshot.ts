// Reading content as one pointer names it: articles, listing pages, feeds and sitemap indexes. Every read
// goes through the blobs that pointer names, so a page is always rendered from one consistent version.

import type { FeedItem } from "../content/feed-item.ts";
import type { ArticleSummary } from "../content/record.ts";
import { readBlob } from "./blobs.ts";
import {
  type ArticleRef,
  type ContentRefs,
  type DayEntry,
  FEED_ITEMS,
  type FeedBlob,
  type Listing,
  type ListingEntry,
  type ReaderRecord,
  type TagIndex,
  articleShardOf,
  listingShardOf,
} from "./format.ts";
import type { Kv } from "./kv.ts";

export interface ListingPage {
  stories: ArticleSummary[];
  /** 1-based. */
  page: number;
  pages: number;
}

export interface VisibleDay {
  day: string;
  lastmod?: string;
  /** Stories readers can see that day. */
  stories: number;
}

export class Snapshot {
  readonly refs: ContentRefs;
  readonly #kv: Kv;
  readonly #now: number;

  constructor(kv: Kv, refs: ContentRefs, now: number) {
    this.#kv = kv;
    this.refs = refs;
    this.#now = now;
  }

  /** A published story readers may see now, or null (unknown, draft, withdrawn or still scheduled). */
  async article(slug: string): Promise<ReaderRecord | null> {
    const hash = this.refs.articles[articleShardOf(slug)];
    if (!hash) return null;
    const shard = await readBlob<Record<string, ArticleRef>>(this.#kv, hash);
    const ref = Object.hasOwn(shard, slug) ? shard[slug] : undefined;
    if (!ref || ref.p > this.#now) return null;
    return readBlob<ReaderRecord>(this.#kv, ref.h);
  }

  async #entry(list: Listing): Promise<ListingEntry | undefined> {
    const hash = this.refs.listings[listingShardOf(list)];
    if (!hash) return undefined;
    const shard = await readBlob<Record<string, ListingEntry>>(this.#kv, hash);
    return Object.hasOwn(shard, list) ? shard[list] : undefined;
  }

  /**
   * One page of a listing's visible stories, newest first. Scheduled stories are the newest entries of
   * a listing until their time comes, so they are skipped by count: a page is never short because of
   * them. Reads one chunk, or two where the page crosses a chunk boundary.
   */
  async listing(list: Listing, page: number, size: number, exclude?: string): Promise<ListingPage> {
    const entry = await this.#entry(list);
    if (!entry) return { stories: [], page, pages: 1 };
    const hidden = (entry.s ?? []).filter((t) => t > this.#now).length;
    const stored = entry.c.reduce((sum, c) => sum + c.n, 0);
    const visible = stored - hidden;
    const pages = Math.max(1, Math.ceil(visible / size));
    const start = hidden + (page - 1) * size;
    const stories = (await this.#range(entry, start, start + size + (exclude ? 1 : 0))).filter((s) => s.slug !== exclude && s.published <= this.#now);
    return { stories: stories.slice(0, size), page, pages };
  }

  /** Entries [start, end) of a listing, reading only the chunks that hold them. */
  async #range(entry: ListingEntry, start: number, end: number): Promise<ArticleSummary[]> {
    const out: ArticleSummary[] = [];
    let offset = 0;
    for (const chunk of entry.c) {
      const next = offset + chunk.n;
      if (next > start && offset < end) {
        const items = await readBlob<ArticleSummary[]>(this.#kv, chunk.h);
        out.push(...items.slice(Math.max(0, start - offset), Math.min(chunk.n, end - offset)));
      }
      if (next >= end) break;
      offset = next;
    }
    return out;
  }

  /** Every visible story of a listing, newest first, up to `max` (sitemaps). */
  async all(list: Listing, max: number): Promise<ArticleSummary[]> {
    const entry = await this.#entry(list);
    if (!entry) return [];
    const hidden = (entry.s ?? []).filter((t) => t > this.#now).length;
    return (await this.#range(entry, hidden, hidden + max)).filter((s) => s.published <= this.#now);
  }

  /** Stories published in the last `windowMs`, newest first, up to `max`: stops at the first older one. */
  async recent(windowMs: number, max: number): Promise<ArticleSummary[]> {
    const out: ArticleSummary[] = [];
    for (let page = 1; out.length < max; page++) {
      const { stories, pages } = await this.listing("latest", page, 100);
      for (const story of stories) {
        if (story.published < this.#now - windowMs || out.length >= max) return out;
        out.push(story);
      }
      if (page >= pages) break;
    }
    return out;
  }

  /** The newest FEED_ITEMS visible items of a listing's feed. */
  async feed(list: Listing): Promise<FeedItem[]> {
    const entry = await this.#entry(list);
    if (!entry?.f) return [];
    const blob = await readBlob<FeedBlob>(this.#kv, entry.f);
    return blob.items.filter((item) => Date.parse(item.published) <= this.#now).slice(0, FEED_ITEMS);
  }

  /** Days with a visible story, newest first, with the newest visible change of each. */
  async days(): Promise<VisibleDay[]> {
    if (!this.refs.days) return [];
    const days = await readBlob<DayEntry[]>(this.#kv, this.refs.days);
    return days
      .filter((d) => d.first <= this.#now)
      .map((d) => {
        const times = [d.lastmod, ...(d.later ?? []).filter(([p]) => p <= this.#now).map(([, m]) => m)].filter((t): t is string => t !== undefined);
        const lastmod = times.sort().at(-1);
        const stories = (d.n ?? 0) - (d.later ?? []).filter(([p]) => p > this.#now).length;
        return lastmod ? { day: d.d, lastmod, stories } : { day: d.d, stories };
      });
  }

  /** A blob another feature named in the pointer's extras (reach notices). */
  extra<T>(hash: string): Promise<T> {
    return readBlob<T>(this.#kv, hash);
  }

  /** Tags used by a visible story. */
  async tags(): Promise<string[]> {
    if (!this.refs.tags) return [];
    const tags = await readBlob<TagIndex>(this.#kv, this.refs.tags);
    return Object.entries(tags)
      .filter(([, first]) => first <= this.#now)
      .map(([tag]) => tag);
  }
}

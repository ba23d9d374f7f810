// Reading content as one pointer names it (src/store/snapshot.ts), over a KV made of a Map: listing pages
// by number, scheduled stories skipped by count until their time comes (no new pointer needed), only the
// chunks a page needs read, and the sitemap and feed reads.

import { beforeEach, describe, expect, it } from "vitest";
import type { FeedItem } from "../../src/content/feed-item.ts";
import { contentHash } from "../../src/content/hash.ts";
import type { ArticleSummary } from "../../src/content/record.ts";
import { NotYetHere, forgetBlobs } from "../../src/store/blobs.ts";
import {
  ARTICLE_SHARDS,
  type ArticleRef,
  type ContentRefs,
  type DayEntry,
  FEED_ITEMS,
  LISTING_SHARDS,
  type Listing,
  type ListingEntry,
  type ReaderRecord,
  type TagIndex,
  articleShardOf,
  listingShardOf,
} from "../../src/store/format.ts";
import { Kv } from "../../src/store/kv.ts";
import { Snapshot } from "../../src/store/snapshot.ts";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const HOUR = 3_600_000;

/** A KV namespace holding blobs under their content hash, counting reads. */
class Store {
  readonly values = new Map<string, string>();
  reads: string[] = [];

  blob(value: unknown): string {
    const text = JSON.stringify(value);
    const hash = contentHash(text);
    this.values.set(`b:${hash}`, text);
    return hash;
  }

  kv(): Kv {
    const namespace = {
      get: async (key: string) => {
        this.reads.push(key);
        return this.values.get(key) ?? null;
      },
    } as unknown as KVNamespace;
    return new Kv(namespace);
  }
}

const summary = (slug: string, published: number): ArticleSummary => ({
  slug,
  headline: `Headline of ${slug}`,
  standfirst: "",
  section: "news",
  language: "en",
  published,
  authors: ["ruth-calloway"],
});

/** `n` stories one hour apart, the newest `newestAt`, newest first. */
const stories = (prefix: string, n: number, newestAt = NOW - HOUR) => Array.from({ length: n }, (_, i) => summary(`${prefix}-${i}`, newestAt - i * HOUR));

interface Content {
  records?: ReaderRecord[];
  listings?: Partial<Record<Listing, { items: ArticleSummary[]; chunks: number[]; feed?: FeedItem[] }>>;
  days?: DayEntry[];
  tags?: TagIndex;
}

/** Writes the blobs of a projection and returns the refs a pointer would carry. */
function project(store: Store, content: Content): ContentRefs {
  const articleShards: Record<string, ArticleRef>[] = Array.from({ length: ARTICLE_SHARDS }, () => ({}));
  for (const record of content.records ?? []) {
    const shard = articleShards[articleShardOf(record.article.slug)];
    if (shard) shard[record.article.slug] = { h: store.blob(record), p: Date.parse(record.article.published) };
  }
  const listingShards: Record<string, ListingEntry>[] = Array.from({ length: LISTING_SHARDS }, () => ({}));
  for (const [list, { items, chunks, feed }] of Object.entries(content.listings ?? {}) as [
    Listing,
    { items: ArticleSummary[]; chunks: number[]; feed?: FeedItem[] },
  ][]) {
    const c: ListingEntry["c"] = [];
    let start = 0;
    for (const n of chunks) {
      c.push({ h: store.blob(items.slice(start, start + n)), n });
      start += n;
    }
    expect(start, `${list}: chunk sizes add up to the items`).toBe(items.length);
    const scheduled = items.filter((s) => s.published > NOW).map((s) => s.published);
    const shard = listingShards[listingShardOf(list)];
    if (shard) shard[list] = { c, ...(scheduled.length > 0 ? { s: scheduled } : {}), ...(feed ? { f: store.blob({ items: feed }) } : {}) };
  }
  return {
    seq: 7,
    articles: articleShards.map((s) => store.blob(s)),
    listings: listingShards.map((s) => store.blob(s)),
    days: store.blob(content.days ?? []),
    tags: store.blob(content.tags ?? {}),
    scheduled: [],
  };
}

const slugsOf = (page: { stories: ArticleSummary[] }) => page.stories.map((s) => s.slug);

let store: Store;
beforeEach(() => {
  store = new Store();
  forgetBlobs();
});

describe("listing pages by number", () => {
  it("pages through a listing newest first, each story once, across chunk boundaries", async () => {
    const items = stories("story", 45);
    const refs = project(store, { listings: { "tag:water": { items, chunks: [7, 13, 25] } } });
    const snapshot = new Snapshot(store.kv(), refs, NOW);
    const pages = await Promise.all([1, 2, 3].map((n) => snapshot.listing("tag:water", n, 20)));
    expect(pages.map((p) => [p.page, p.pages, p.stories.length])).toEqual([
      [1, 3, 20],
      [2, 3, 20],
      [3, 3, 5],
    ]);
    expect(pages.flatMap(slugsOf)).toEqual(items.map((s) => s.slug));
    const past = await snapshot.listing("tag:water", 4, 20);
    expect(past).toEqual({ stories: [], page: 4, pages: 3 });
  });

  it("reads only the chunks a page needs: one, or two where it crosses a boundary", async () => {
    const refs = project(store, { listings: { "tag:water": { items: stories("story", 45), chunks: [7, 13, 25] } } });
    const read = async (page: number) => {
      forgetBlobs();
      store.reads = [];
      await new Snapshot(store.kv(), refs, NOW).listing("tag:water", page, 5);
      return store.reads.length;
    };
    expect(await read(1)).toBe(2); // the listing shard, then chunk 1 (items 0-4)
    expect(await read(2)).toBe(3); // items 5-9 cross from chunk 1 into chunk 2
    expect(await read(9)).toBe(2); // items 40-44: the last chunk only
  });

  it("an unknown listing is one empty page", async () => {
    const refs = project(store, {});
    expect(await new Snapshot(store.kv(), refs, NOW).listing("tag:nothing", 1, 20)).toEqual({ stories: [], page: 1, pages: 1 });
  });

  it("leaves out the story a page is about (related stories), still filling the page", async () => {
    const items = stories("story", 10);
    const refs = project(store, { listings: { "section:news": { items, chunks: [10] } } });
    const related = await new Snapshot(store.kv(), refs, NOW).listing("section:news", 1, 4, "story-1");
    expect(slugsOf(related)).toEqual(["story-0", "story-2", "story-3", "story-4"]);
  });
});

describe("scheduled stories", () => {
  // Two stories scheduled (in one and in two hours) at the head, then 25 visible ones.
  const scheduled = [summary("later-2", NOW + 2 * HOUR), summary("later-1", NOW + HOUR)];
  const visible = stories("story", 25);

  it("take no place on a page: the newest visible stories fill it, and the page count is of visible stories", async () => {
    const refs = project(store, { listings: { latest: { items: [...scheduled, ...visible], chunks: [10, 17] } } });
    const snapshot = new Snapshot(store.kv(), refs, NOW);
    const first = await snapshot.listing("latest", 1, 20);
    expect(first.pages).toBe(2);
    expect(slugsOf(first)).toEqual(visible.slice(0, 20).map((s) => s.slug));
    const second = await snapshot.listing("latest", 2, 20);
    expect(slugsOf(second)).toEqual(visible.slice(20).map((s) => s.slug));
  });

  it("appear by themselves when their time comes, from the same pointer", async () => {
    const refs = project(store, { listings: { latest: { items: [...scheduled, ...visible], chunks: [10, 17] } } });
    const later = new Snapshot(store.kv(), refs, NOW + HOUR + 1);
    const first = await later.listing("latest", 1, 20);
    expect(first.pages).toBe(2);
    expect(slugsOf(first)).toEqual(["later-1", ...visible.slice(0, 19).map((s) => s.slug)]);
    expect(slugsOf(await later.listing("latest", 2, 20))).toEqual(visible.slice(19).map((s) => s.slug));
    const both = new Snapshot(store.kv(), refs, NOW + 2 * HOUR);
    expect(slugsOf(await both.listing("latest", 1, 3))).toEqual(["later-2", "later-1", "story-0"]);
  });

  it("a scheduled story's page is nothing until its time, read without its record", async () => {
    const record = (slug: string, published: number): ReaderRecord => ({
      article: {
        slug,
        headline: `Headline of ${slug}`,
        standfirst: "s",
        section: "news",
        authors: ["ruth-calloway"],
        tags: [],
        language: "en",
        published: new Date(published).toISOString(),
        status: "published",
      },
      bodyHtml: "<p>Body</p>",
      words: 1,
      media: [],
      version: "v1",
    });
    const refs = project(store, { records: [record("later-1", NOW + HOUR), record("story-0", NOW - HOUR)] });
    store.reads = [];
    expect(await new Snapshot(store.kv(), refs, NOW).article("later-1")).toBeNull();
    expect(store.reads).toHaveLength(1); // the shard only
    expect((await new Snapshot(store.kv(), refs, NOW + HOUR).article("later-1"))?.article.headline).toBe("Headline of later-1");
    expect((await new Snapshot(store.kv(), refs, NOW).article("story-0"))?.bodyHtml).toBe("<p>Body</p>");
    expect(await new Snapshot(store.kv(), refs, NOW).article("no-such-story")).toBeNull();
  });

  it("stay out of sitemaps, recent stories and feeds until their time", async () => {
    const feedItem = (slug: string, published: number) => ({ slug, published: new Date(published).toISOString() }) as FeedItem;
    const feed = [feedItem("later-1", NOW + HOUR), ...Array.from({ length: FEED_ITEMS + 2 }, (_, i) => feedItem(`story-${i}`, NOW - (i + 1) * HOUR))];
    const refs = project(store, {
      listings: { latest: { items: [...scheduled, ...visible], chunks: [27], feed } },
      days: [
        { d: "2026-11-25", first: NOW - 3 * HOUR, n: 2, lastmod: "2026-11-25T09:00:00Z", later: [[NOW + HOUR, "2026-11-25T11:30:00Z"]] },
        { d: "2026-11-26", first: NOW + 20 * HOUR },
      ],
      tags: { water: NOW - HOUR, embargoed: NOW + HOUR },
    });
    const now = new Snapshot(store.kv(), refs, NOW);
    expect((await now.all("latest", 1000)).map((s) => s.slug)).toEqual(visible.map((s) => s.slug));
    expect((await now.recent(3.5 * HOUR, 1000)).map((s) => s.slug)).toEqual(["story-0", "story-1", "story-2"]);
    expect((await now.recent(48 * HOUR, 2)).map((s) => s.slug)).toEqual(["story-0", "story-1"]);
    expect((await now.feed("latest")).map((i) => i.slug)).toEqual(Array.from({ length: FEED_ITEMS }, (_, i) => `story-${i}`));
    expect(await now.days()).toEqual([{ day: "2026-11-25", lastmod: "2026-11-25T09:00:00Z", stories: 1 }]);
    expect(await now.tags()).toEqual(["water"]);

    const later = new Snapshot(store.kv(), refs, NOW + HOUR);
    expect((await later.feed("latest"))[0]?.slug).toBe("later-1");
    expect(await later.days()).toEqual([{ day: "2026-11-25", lastmod: "2026-11-25T11:30:00Z", stories: 2 }]);
    expect((await later.tags()).sort()).toEqual(["embargoed", "water"]);
  });
});

describe("blobs", () => {
  it("a blob the pointer names but this location cannot see yet is 'not here yet', not an empty page", async () => {
    const refs = project(store, { listings: { "tag:water": { items: stories("story", 3), chunks: [3] } } });
    const chunk = [...store.values.keys()].find((k) => store.values.get(k)?.includes('"story-0"'));
    if (chunk) store.values.delete(chunk);
    await expect(new Snapshot(store.kv(), refs, NOW).listing("tag:water", 1, 20)).rejects.toBeInstanceOf(NotYetHere);
  });
});

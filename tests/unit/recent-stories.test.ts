// The news sitemap's read: stories of the last 48 hours, newest first, without listing the whole archive.

import { describe, expect, it } from "vitest";
import type { ArticleSummary } from "../../src/content/record.ts";
import { packSummary } from "../../src/store/index-entry.ts";
import { keys, listing } from "../../src/store/keys.ts";
import { Kv } from "../../src/store/kv.ts";
import { readRecent } from "../../src/store/sitemaps.ts";

const HOUR = 3_600_000;
const NOW = Date.parse("2026-11-20T12:00:00Z");

/** A KV namespace holding the site listing for one story every `everyHours` hours, counting list calls. */
function archive(count: number, everyHours: number) {
  const names: { name: string; metadata: unknown }[] = [];
  for (let i = 0; i < count; i++) {
    const published = NOW - i * everyHours * HOUR - HOUR / 2;
    const summary: ArticleSummary = { slug: `story-${i}`, headline: `Story ${i}`, standfirst: "S", section: "news", language: "en", published, authors: ["a"] };
    names.push({ name: keys.index(listing.latest(), published, summary.slug), metadata: packSummary(summary) });
  }
  names.sort((a, b) => (a.name < b.name ? -1 : 1));
  const calls: number[] = [];
  const namespace = {
    async list(options: { prefix: string; limit?: number; cursor?: string }) {
      const matching = names.filter((n) => n.name.startsWith(options.prefix));
      const start = Number(options.cursor ?? 0);
      const limit = options.limit ?? 1000;
      calls.push(limit);
      const page = matching.slice(start, start + limit);
      const end = start + page.length;
      return end < matching.length ? { keys: page, list_complete: false, cursor: String(end) } : { keys: page, list_complete: true };
    },
  };
  return { kv: new Kv(namespace as unknown as KVNamespace), calls };
}

describe("readRecent (news sitemap)", () => {
  it("returns only the stories of the window, newest first, with one list call however large the archive", async () => {
    const { kv, calls } = archive(20_000, 1);
    const stories = await readRecent(kv, NOW, 48 * HOUR, 1000);
    expect(stories).toHaveLength(48);
    expect(stories[0]?.slug).toBe("story-0");
    expect(stories.every((s) => s.published >= NOW - 48 * HOUR)).toBe(true);
    expect(calls).toEqual([150]);
  });

  it("reads further pages when the window holds more stories than one page", async () => {
    const { kv, calls } = archive(2_000, 0.1);
    const stories = await readRecent(kv, NOW, 48 * HOUR, 1000);
    // One every 6 minutes, the first half an hour ago: 476 in 48 hours.
    expect(stories).toHaveLength(476);
    expect(calls.length).toBe(4);
  });

  it("stops at the limit", async () => {
    const { kv } = archive(2_000, 0.01);
    expect(await readRecent(kv, NOW, 48 * HOUR, 1000)).toHaveLength(1000);
  });
});

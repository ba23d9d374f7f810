// 50 publishes racing into one section: every story lands in the listing, the newest 20 in the feed,
// one audit entry each, and nothing is left half-done.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FEED_ITEMS, readFeed } from "../../src/store/feeds.ts";
import type { Article } from "../../src/content/article.ts";
import { indexKeysOf } from "../../src/store/keys.ts";
import { Kv } from "../../src/store/kv.ts";
import { repairAll } from "../../src/store/repair.ts";
import { api, article, json, keysUnder, visit } from "./api-helpers.ts";

const RACERS = 50;
const kv = new Kv(env.CONTENT);
/** Distinct publish times, newest first by index, all newer than the seed stories and in the past. */
const base = Date.parse("2026-11-25T00:00:00Z");
const slugOf = (i: number) => `race-${String(i).padStart(2, "0")}`;
const publishedOf = (i: number) => new Date(base - i * 60_000).toISOString().replace(".000Z", "Z");

/** 50 publishes each rebuild several feeds: generous on a loaded 2-core machine (this is not a speed test). */
const SLOW = 60_000;

describe("50 parallel publishes into one section", () => {
  it(
    "all succeed, all appear in the listing, the newest 20 in the feed, with one audit entry each",
    async () => {
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) =>
          api("PUT", `/api/articles/${slugOf(i)}`, {
            body: article({ headline: `Race story ${i}`, section: "sport", tags: ["race-day"], published: publishedOf(i) }),
          }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(RACERS);
      const written = await Promise.all(responses.map((r) => json<{ feedsPending?: string[] }>(r)));
      const elapsed = Date.now() - started;
      const dirtyAfterRace = await keysUnder("dirty:");
      const feedRightAway = (await readFeed(kv, "section:sport", Date.now())).map((item) => item.slug);
      console.log(
        `concurrency: ${RACERS} parallel PUTs in ${elapsed} ms -> ${statuses.filter((s) => s === 201).length}x201; ` +
          `responses reporting pending feeds: ${written.filter((w) => w.feedsPending).length}; dirty markers: ${dirtyAfterRace.length}; ` +
          `section feed right after the race: ${feedRightAway.filter((slug, i) => slug === slugOf(i)).length}/${FEED_ITEMS} newest in order`,
      );

      const indexed = (await keysUnder("idx:section:sport:")).map((k) => k.slice(k.lastIndexOf(":") + 1)).filter((s) => s.startsWith("race-"));
      expect(indexed.sort()).toEqual(Array.from({ length: RACERS }, (_, i) => slugOf(i)));
      expect((await keysUnder("idx:tag:race-day:")).length).toBe(RACERS);

      // The repair pass settles any feed a burst left dirty (none, when KV took every write).
      await repairAll(kv);
      expect(await keysUnder("dirty:")).toEqual([]);
      expect(await keysUnder("journal:")).toEqual([]);
      const newest = Array.from({ length: FEED_ITEMS }, (_, i) => slugOf(i));
      for (const list of ["section:sport", "tag:race-day", "latest"] as const) {
        expect((await readFeed(kv, list, Date.now())).map((item) => item.slug)).toEqual(newest);
      }

      const listing = await (await visit("/section/sport")).text();
      for (let i = 0; i < 20; i++) expect(listing).toContain(`Race story ${i}<`);

      const audit = await json<{ entries: { action: string; target: string }[] }>(await api("GET", "/api/audit?limit=100"));
      const raced = audit.entries.filter((e) => e.target.startsWith("race-")).map((e) => e.target);
      expect(new Set(raced).size).toBe(RACERS);
    },
    SLOW,
  );

  it(
    "moving all 50 to another section in parallel leaves no index entry behind in the old one",
    async () => {
      const responses = await Promise.all(
        Array.from({ length: RACERS }, (_, i) => api("PATCH", `/api/articles/${slugOf(i)}`, { body: { section: "culture", published: publishedOf(i + 1) } })),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      await repairAll(kv);
      expect((await keysUnder("idx:section:sport:")).filter((k) => k.includes(":race-"))).toEqual([]);
      expect((await keysUnder("idx:section:culture:")).filter((k) => k.includes(":race-"))).toHaveLength(RACERS);
      expect((await keysUnder("idx:")).filter((k) => k.includes(":race-"))).toHaveLength(RACERS * 5);
      expect((await readFeed(kv, "section:sport", Date.now())).some((item) => item.slug.startsWith("race-"))).toBe(false);
      expect((await readFeed(kv, "section:culture", Date.now())).map((item) => item.slug)).toEqual(Array.from({ length: FEED_ITEMS }, (_, i) => slugOf(i)));
    },
    SLOW,
  );

  it("two writes moving the same story to different places at once leave exactly one version's index entries", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const slug = `tug-of-war-${round}`;
      await api("PUT", `/api/articles/${slug}`, { body: article({ headline: "Tug of war", tags: ["tug"] }) });
      const [a, b] = await Promise.all([
        api("PATCH", `/api/articles/${slug}`, { body: { section: "science", published: "2026-11-20T08:00:00Z" } }),
        api("PATCH", `/api/articles/${slug}`, { body: { section: "culture", published: "2026-11-21T08:00:00Z" } }),
      ]);
      outcomes.push(`${a.status}/${b.status}`);
      expect([a.status, b.status]).toContain(200);
      const stored = await json<Article>(await api("GET", `/api/articles/${slug}`));
      expect((await keysUnder("idx:")).filter((k) => k.endsWith(`:${slug}`)).sort()).toEqual(indexKeysOf(stored).sort());
      const loser = stored.section === "science" ? "section:culture" : "section:science";
      expect((await readFeed(kv, loser, Date.now())).map((item) => item.slug)).not.toContain(slug);
      expect((await readFeed(kv, "section:news", Date.now())).map((item) => item.slug)).not.toContain(slug);
    }
    expect(await keysUnder("journal:")).toEqual([]);
    console.log(`concurrency: 10 rounds of two PATCHes racing on one story -> ${outcomes.join(", ")}; no stray index entry`);
  });
});

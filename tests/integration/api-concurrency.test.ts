// 50 publishes racing into one section: every story lands in the listing, the newest 20 in the feed,
// one audit entry each, and nothing is left half-done.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FEED_ITEMS, readFeed } from "../../src/store/feeds.ts";
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

  it("two writes to the same story at once: neither corrupts it, and a conflict is answered with 409 or applied in turn", async () => {
    const [a, b] = await Promise.all([
      api("PATCH", "/api/articles/race-00", { body: { headline: "Version A" } }),
      api("PATCH", "/api/articles/race-00", { body: { headline: "Version B" } }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect([
      [200, 200],
      [200, 409],
    ]).toContainEqual(statuses);
    console.log(`concurrency: two PATCHes of one story at once -> ${statuses.join(" and ")}`);
    const stored = await json<{ headline: string }>(await api("GET", "/api/articles/race-00"));
    expect(["Version A", "Version B"]).toContain(stored.headline);
    expect(await keysUnder("journal:")).toEqual([]);
    expect((await keysUnder("idx:")).filter((k) => k.endsWith(":race-00"))).toHaveLength(5);
  });
});

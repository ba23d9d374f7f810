// Writes racing each other. The single writer takes them one at a time and checks If-Match inside the
// change, so of two writes based on the same version exactly one wins; whatever the order, the stored
// story, its listings (section and tag pages) and its feeds agree afterwards.

import { describe, expect, it } from "vitest";
import { api, articleInput, feedSlugs, json, listingSlugs, minutesFromNow, settled, visit } from "../support/worker.ts";

interface Written {
  version: string;
  status: string;
}

interface Refusal {
  code: string;
}

/** Creates a story through the API and returns its ETag once readers can see it. */
async function create(slug: string, fields: Record<string, unknown>): Promise<string> {
  const res = await api("PUT", `/api/articles/${slug}`, { body: articleInput(fields) });
  expect(res.status).toBe(201);
  await settled();
  return res.headers.get("ETag") ?? "";
}

/** Where a reader finds the story: its page, and each listing and feed named (true when it is there). */
async function whereShown(slug: string, paths: string[]): Promise<Record<string, boolean | number>> {
  const shown: Record<string, boolean | number> = { page: (await visit(`/articles/${slug}`)).status };
  for (const path of paths) {
    shown[path] = (await listingSlugs(path)).includes(slug);
    shown[`${path === "/" ? "" : path}/feed.json`] = (await feedSlugs(path)).includes(slug);
  }
  return shown;
}

async function auditTargets(slug: string): Promise<string[]> {
  const page = await json<{ entries: { action: string; target: string }[] }>(await api("GET", "/api/audit?limit=100"));
  return page.entries.filter((e) => e.target === slug).map((e) => e.action);
}

describe("two writes with the same If-Match", () => {
  it("exactly one is 200 and the other 412 with the winner's version as ETag; the story, its listings and its feeds agree", async () => {
    const winners: string[] = [];
    for (let round = 0; round < 4; round++) {
      const slug = `contested-story-${round}`;
      const base = await create(slug, { headline: "Contested story", tags: [`contest-start-${round}`] });
      const versions = {
        A: articleInput({ headline: "Contested story, version A", section: "science", tags: [`contest-a-${round}`] }),
        B: articleInput({ headline: "Contested story, version B", section: "culture", tags: [`contest-b-${round}`] }),
      };
      const send = (which: "A" | "B") => api("PUT", `/api/articles/${slug}`, { body: versions[which], headers: { "If-Match": base } });
      // Alternate which is sent first, so either may win.
      const [a, b] = round % 2 === 0 ? await Promise.all([send("A"), send("B")]) : (await Promise.all([send("B"), send("A")])).reverse();
      if (!a || !b) throw new Error("two answers expected");
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      const [winner, loser, won] = a.status === 200 ? [a, b, "A" as const] : [b, a, "B" as const];
      const lost = won === "A" ? "B" : "A";
      winners.push(won);
      const { version } = await json<Written>(winner);
      expect(loser.headers.get("ETag")).toBe(`"${version}"`);
      expect((await json<Refusal>(loser)).code).toBe("precondition_failed");

      const stored = await api("GET", `/api/articles/${slug}`);
      expect(stored.headers.get("ETag")).toBe(`"${version}"`);
      expect(await json(stored)).toMatchObject({ headline: versions[won].headline, section: versions[won].section, tags: versions[won].tags });
      expect(await auditTargets(slug)).toEqual(["article.put", "article.put"]);

      await settled();
      const page = await (await visit(`/articles/${slug}`)).text();
      expect(page).toContain(`<h1>${versions[won].headline}</h1>`);
      const section = (which: "A" | "B") => `/section/${versions[which].section}`;
      const tag = (which: "A" | "B") => `/tag/${(versions[which].tags as string[])[0]}`;
      expect(await whereShown(slug, [section(won), tag(won), "/"])).toEqual({
        page: 200,
        [section(won)]: true,
        [`${section(won)}/feed.json`]: true,
        [tag(won)]: true,
        [`${tag(won)}/feed.json`]: true,
        "/": true,
        "/feed.json": true,
      });
      expect(await whereShown(slug, [section(lost), tag(lost), "/section/news", `/tag/contest-start-${round}`])).toEqual({
        page: 200,
        [section(lost)]: false,
        [`${section(lost)}/feed.json`]: false,
        [tag(lost)]: false,
        [`${tag(lost)}/feed.json`]: false,
        "/section/news": false,
        "/section/news/feed.json": false,
        [`/tag/contest-start-${round}`]: false,
        [`/tag/contest-start-${round}/feed.json`]: false,
      });
      // The site feed has the story once, as the winner wrote it.
      const feed = await json<{ items: { url: string; title: string }[] }>(await visit("/feed.json"));
      expect(feed.items.filter((item) => item.url.endsWith(`/articles/${slug}`)).map((item) => item.title)).toEqual([versions[won].headline]);
    }
    console.log(`concurrency: 4 rounds of two PUTs with one If-Match -> winners ${winners.join(", ")}, one 412 each`);
  }, 60_000);

  it("an unpublish racing a tag edit: if the unpublish wins the story is in no listing and no feed, else it moves tag", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const slug = `unpublish-race-${round}`;
      const oldTag = `race-old-${round}`;
      const newTag = `race-new-${round}`;
      const base = await create(slug, { headline: `Unpublish race ${round}`, section: "business", tags: [oldTag], authors: ["ruth-calloway"] });
      const unpublish = () => api("PATCH", `/api/articles/${slug}`, { body: { status: "draft" }, headers: { "If-Match": base } });
      const retag = () => api("PATCH", `/api/articles/${slug}`, { body: { tags: [newTag] }, headers: { "If-Match": base } });
      // Alternate which is sent first, so both orders are tried.
      const [unpublished, retagged] = round % 2 === 0 ? await Promise.all([unpublish(), retag()]) : (await Promise.all([retag(), unpublish()])).reverse();
      expect([unpublished?.status, retagged?.status].sort()).toEqual([200, 412]);
      await settled();
      const everywhere = ["/", "/section/business", `/tag/${oldTag}`, `/tag/${newTag}`];
      const stored = await json<{ status: string; tags: string[] }>(await api("GET", `/api/articles/${slug}`));
      if (unpublished?.status === 200) {
        outcomes.push("unpublish");
        expect(stored).toMatchObject({ status: "draft", tags: [oldTag] });
        expect(await whereShown(slug, everywhere)).toEqual({
          page: 404,
          "/": false,
          "/feed.json": false,
          "/section/business": false,
          "/section/business/feed.json": false,
          [`/tag/${oldTag}`]: false,
          [`/tag/${oldTag}/feed.json`]: false,
          [`/tag/${newTag}`]: false,
          [`/tag/${newTag}/feed.json`]: false,
        });
        expect(await listingSlugs("/author/ruth-calloway")).not.toContain(slug);
      } else {
        outcomes.push("tag edit");
        expect(stored).toMatchObject({ status: "published", tags: [newTag] });
        expect(await whereShown(slug, everywhere)).toEqual({
          page: 200,
          "/": true,
          "/feed.json": true,
          "/section/business": true,
          "/section/business/feed.json": true,
          [`/tag/${oldTag}`]: false,
          [`/tag/${oldTag}/feed.json`]: false,
          [`/tag/${newTag}`]: true,
          [`/tag/${newTag}/feed.json`]: true,
        });
      }
    }
    console.log(`concurrency: 6 rounds of an unpublish racing a tag edit -> ${outcomes.join(", ")}`);
    expect(outcomes).toContain("unpublish");
  }, 60_000);
});

const RACERS = 50;
const racer = (i: number) => `race-${String(i).padStart(2, "0")}`;
/** Distinct publish times in the last hour, newest first by index: newer than every seed story. */
const publishedOf = (i: number) => minutesFromNow(-(i + 1));

describe("50 parallel creates into one section", () => {
  it("all succeed, all appear in the section and tag listings in order, and the newest 20 in each feed", async () => {
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        api("PUT", `/api/articles/${racer(i)}`, {
          body: articleInput({ headline: `Race story ${i}`, section: "sport", tags: ["race-day"], published: publishedOf(i) }),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(RACERS).fill(201));
    const versions = await Promise.all(responses.map(async (r) => (await json<Written>(r)).version));
    expect(new Set(versions).size).toBe(RACERS);
    console.log(`concurrency: ${RACERS} parallel PUTs answered in ${Date.now() - started} ms`);

    await settled();
    const all = Array.from({ length: RACERS }, (_, i) => racer(i));
    expect((await listingSlugs("/section/sport")).filter((s) => s.startsWith("race-"))).toEqual(all);
    expect(await listingSlugs("/tag/race-day")).toEqual(all);
    const newest = all.slice(0, 20);
    expect(await feedSlugs("/section/sport")).toEqual(newest);
    expect(await feedSlugs("/tag/race-day")).toEqual(newest);
    expect(await feedSlugs("/")).toEqual(newest);

    const audit = await json<{ entries: { action: string; target: string }[] }>(await api("GET", "/api/audit?limit=100"));
    const raced = audit.entries.filter((e) => e.target.startsWith("race-"));
    expect(raced.every((e) => e.action === "article.put")).toBe(true);
    expect(new Set(raced.map((e) => e.target)).size).toBe(RACERS);
  }, 60_000);

  it("moving all 50 to another section in parallel leaves none in the old section's listing or feed", async () => {
    const responses = await Promise.all(Array.from({ length: RACERS }, (_, i) => api("PATCH", `/api/articles/${racer(i)}`, { body: { section: "culture" } })));
    expect(responses.map((r) => r.status)).toEqual(Array(RACERS).fill(200));
    await settled();
    const all = Array.from({ length: RACERS }, (_, i) => racer(i));
    expect((await listingSlugs("/section/sport")).filter((s) => s.startsWith("race-"))).toEqual([]);
    expect((await feedSlugs("/section/sport")).filter((s) => s.startsWith("race-"))).toEqual([]);
    expect((await listingSlugs("/section/culture")).filter((s) => s.startsWith("race-"))).toEqual(all);
    expect(await feedSlugs("/section/culture")).toEqual(all.slice(0, 20));
    expect(await listingSlugs("/tag/race-day")).toEqual(all);
  }, 60_000);
});

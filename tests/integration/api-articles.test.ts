// Publishing articles through the API: create, read, correct, move, unpublish, delete. Each change is
// answered by the single writer, and readers see it on the article page, the listings, the feeds and the
// sitemaps once its projection is written (settled()).

import { describe, expect, it } from "vitest";
import { VISIBLE_WITHIN_SECONDS } from "../../src/store/visibility.ts";
import { MIRROR, PRIMARY, api, articleInput, expectNoWrite, feedSlugs, forgetReads, json, listingSlugs, settled, visit } from "../support/worker.ts";

interface Written {
  slug: string;
  version: string;
  status: string;
  url?: string;
  previousVersion: string | null;
  audit: string | null;
  visibleBy: string;
  visibility: string;
  scheduledFor?: string;
  removed?: boolean;
  unchanged?: boolean;
  projection?: string;
}

interface Refusal {
  code: string;
  error: string;
  problems?: { field: string; code?: string }[];
}

async function headlineOnPage(slug: string, host = PRIMARY): Promise<string | number> {
  const res = await visit(`/articles/${slug}`, { host });
  return res.status === 200 ? (/<h1>([^<]*)<\/h1>/.exec(await res.text())?.[1] ?? "") : res.status;
}

async function sitemapLinks(day: string): Promise<string[]> {
  const res = await visit(`/sitemaps/articles-${day}.xml`);
  if (res.status === 404) return [];
  return [...(await res.text()).matchAll(/<loc>[^<]*\/articles\/([a-z0-9-]+)<\/loc>/g)].map((m) => m[1] ?? "");
}

describe("PUT /api/articles/{slug}", () => {
  it("creates an article: 201 with Location, ETag = version, and when every data centre shows it", async () => {
    const before = Date.now();
    const res = await api("PUT", "/api/articles/ferry-timetable-winter", { body: articleInput() });
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe("/api/articles/ferry-timetable-winter");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = await json<Written>(res);
    expect(res.headers.get("ETag")).toBe(`"${body.version}"`);
    expect(body).toMatchObject({ slug: "ferry-timetable-winter", status: "published", url: "/articles/ferry-timetable-winter", previousVersion: null });
    expect(body.audit).toMatch(/\S/);
    expect(body.projection).toBeUndefined();
    const visibleBy = Date.parse(body.visibleBy);
    expect(VISIBLE_WITHIN_SECONDS).toBe(91);
    expect(visibleBy).toBeGreaterThanOrEqual(before + VISIBLE_WITHIN_SECONDS * 1000);
    // Plus at most the second a pointer may wait after the one before it.
    expect(visibleBy).toBeLessThanOrEqual(Date.now() + 1_000 + VISIBLE_WITHIN_SECONDS * 1000);
  });

  it("answers a change made right after another once readers can see it (the pointer waits its second)", async () => {
    await api("PUT", "/api/articles/tide-gauge-repairs", { body: articleInput({ headline: "Tide gauge repairs begin" }) });
    const second = await api("PUT", "/api/articles/tide-gauge-repairs", { body: articleInput({ headline: "Tide gauge repairs finish early" }) });
    expect(second.status).toBe(200);
    const { visibleBy } = await json<Written>(second);
    expect(Date.parse(visibleBy)).toBeGreaterThanOrEqual(Date.now() - 1_000 + VISIBLE_WITHIN_SECONDS * 1000);
    forgetReads();
    expect(await headlineOnPage("tide-gauge-repairs")).toBe("Tide gauge repairs finish early");
  });

  it("is then on the article page (every host), the section listing, the home page, the feeds and the day's sitemap", async () => {
    const res = await api("PUT", "/api/articles/lighthouse-keepers-return", {
      body: articleInput({ headline: "Lighthouse keepers return to Saltmarsh Point", published: "2026-11-25T06:00:00Z" }),
    });
    expect(res.status).toBe(201);
    await settled();
    expect(await headlineOnPage("lighthouse-keepers-return")).toBe("Lighthouse keepers return to Saltmarsh Point");
    expect(await headlineOnPage("lighthouse-keepers-return", MIRROR)).toBe("Lighthouse keepers return to Saltmarsh Point");
    expect((await listingSlugs("/section/news"))[0]).toBe("lighthouse-keepers-return");
    expect(await (await visit("/")).text()).toContain('href="/articles/lighthouse-keepers-return"');
    expect((await feedSlugs("/section/news"))[0]).toBe("lighthouse-keepers-return");
    expect((await feedSlugs("/"))[0]).toBe("lighthouse-keepers-return");
    expect(await feedSlugs("/tag/transport")).toContain("lighthouse-keepers-return");
    expect(await listingSlugs("/author/ruth-calloway")).toContain("lighthouse-keepers-return");
    expect(await sitemapLinks("2026-11-25")).toContain("lighthouse-keepers-return");
  });

  it("accepts what GET returns unchanged (a round trip keeps the version and writes nothing), for a seeded story too", async () => {
    for (const slug of ["ferry-timetable-winter", "night-bus-network-extended-to-eastern-suburbs"]) {
      const got = await api("GET", `/api/articles/${slug}`);
      expect(got.status).toBe(200);
      const etag = got.headers.get("ETag") ?? "";
      const stored = await json(got);
      expect(stored.slug).toBe(slug);
      const put = await expectNoWrite(() => api("PUT", `/api/articles/${slug}`, { body: stored, headers: { "If-Match": etag } }));
      expect(put.status).toBe(200);
      expect(put.headers.get("ETag")).toBe(etag);
      expect(await json<Written>(put)).toMatchObject({ previousVersion: etag.slice(1, -1), version: etag.slice(1, -1), unchanged: true, audit: null });
    }
  });

  it("with If-None-Match: * only creates: an existing slug gets 412 with its ETag and nothing is written", async () => {
    const current = (await api("GET", "/api/articles/ferry-timetable-winter")).headers.get("ETag");
    const res = await expectNoWrite(() => api("PUT", "/api/articles/ferry-timetable-winter", { body: articleInput(), headers: { "If-None-Match": "*" } }));
    expect(res.status).toBe(412);
    expect(res.headers.get("ETag")).toBe(current);
    expect((await json<Refusal>(res)).code).toBe("precondition_failed");
    expect((await api("PUT", "/api/articles/brand-new-only", { body: articleInput(), headers: { "If-None-Match": "*" } })).status).toBe(201);
  });

  it("reports a future publish time as scheduled and keeps the story from readers until then", async () => {
    const res = await api("PUT", "/api/articles/budget-day-preview", { body: articleInput({ published: "2031-05-01T09:00:00Z" }) });
    expect(res.status).toBe(201);
    expect((await json<Written>(res)).scheduledFor).toBe("2031-05-01T09:00:00Z");
    await settled();
    expect(await headlineOnPage("budget-day-preview")).toBe(404);
    expect(await listingSlugs("/section/news")).not.toContain("budget-day-preview");
    expect(await feedSlugs("/section/news")).not.toContain("budget-day-preview");
    expect(await feedSlugs("/")).not.toContain("budget-day-preview");
    expect((await api("GET", "/api/articles/budget-day-preview")).status).toBe(200);
  });
});

describe("GET /api/articles", () => {
  it("lists stored articles with their slugs, filtered by section and status", async () => {
    const all = await json<{ articles: { slug: string; status: string; section: string; version: string }[] }>(await api("GET", "/api/articles?limit=1000"));
    expect(all.articles.map((a) => a.slug)).toEqual(expect.arrayContaining(["ferry-timetable-winter", "night-bus-network-extended-to-eastern-suburbs"]));
    expect(all.articles.map((a) => a.slug)).toEqual([...all.articles.map((a) => a.slug)].sort());
    const drafts = await json<{ articles: { slug: string; status: string }[] }>(await api("GET", "/api/articles?status=draft"));
    expect(drafts.articles.length).toBeGreaterThan(0);
    expect(drafts.articles.every((a) => a.status === "draft")).toBe(true);
    const news = await json<{ articles: { section: string }[] }>(await api("GET", "/api/articles?section=news"));
    expect(news.articles.length).toBeGreaterThan(0);
    expect(news.articles.every((a) => a.section === "news" || a.section.startsWith("news/"))).toBe(true);
    expect(news.articles.some((a) => a.section.startsWith("news/"))).toBe(true);
  });

  it("pages with limit and cursor: every stored story once", async () => {
    const everything = (await json<{ articles: { slug: string }[] }>(await api("GET", "/api/articles?limit=1000"))).articles.map((a) => a.slug);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await json<{ articles: { slug: string }[]; cursor?: string }>(
        await api("GET", `/api/articles?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
      );
      expect(page.articles.length).toBeLessThanOrEqual(5);
      seen.push(...page.articles.map((a) => a.slug));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(everything);
  });
});

describe("correcting an article", () => {
  it("PATCH changes one field, keeps the rest, and readers get the correction", async () => {
    const got = await api("GET", "/api/articles/ferry-timetable-winter");
    const etag = got.headers.get("ETag") ?? "";
    const res = await api("PATCH", "/api/articles/ferry-timetable-winter", {
      body: { headline: "Harbour ferry timetable cut for winter", updated: "2026-11-25T10:00:00Z" },
      headers: { "Content-Type": "application/merge-patch+json", "If-Match": etag },
    });
    expect(res.status).toBe(200);
    const written = await json<Written>(res);
    expect(written.previousVersion).toBe(etag.slice(1, -1));
    expect(res.headers.get("ETag")).toBe(`"${written.version}"`);
    expect(`"${written.version}"`).not.toBe(etag);
    const stored = await json(await api("GET", "/api/articles/ferry-timetable-winter"));
    expect(stored).toMatchObject({ headline: "Harbour ferry timetable cut for winter", updated: "2026-11-25T10:00:00Z", section: "news", tags: ["transport"] });
    await settled();
    expect(await headlineOnPage("ferry-timetable-winter")).toBe("Harbour ferry timetable cut for winter");
    const feed = await json<{ items: { url: string; title: string }[] }>(await visit("/section/news/feed.json"));
    expect(feed.items.find((item) => item.url.endsWith("/articles/ferry-timetable-winter"))?.title).toBe("Harbour ferry timetable cut for winter");
  });

  it("refuses a write based on a stale version with 412 and the current ETag, writing nothing", async () => {
    const current = (await api("GET", "/api/articles/ferry-timetable-winter")).headers.get("ETag");
    const res = await expectNoWrite(() =>
      api("PATCH", "/api/articles/ferry-timetable-winter", {
        body: { headline: "An editor's older draft" },
        headers: { "If-Match": '"0123456789abcdef01234567"' },
      }),
    );
    expect(res.status).toBe(412);
    expect(res.headers.get("ETag")).toBe(current);
    expect((await json<Refusal>(res)).code).toBe("precondition_failed");
    expect(await headlineOnPage("ferry-timetable-winter")).toBe("Harbour ferry timetable cut for winter");
  });

  it("accepts a list of ETags in If-Match when one is current, and never a weak one", async () => {
    const current = (await api("GET", "/api/articles/ferry-timetable-winter")).headers.get("ETag") ?? "";
    const weak = await expectNoWrite(() =>
      api("PATCH", "/api/articles/ferry-timetable-winter", { body: { standfirst: "Weak." }, headers: { "If-Match": `W/${current}` } }),
    );
    expect(weak.status).toBe(412);
    const listed = await api("PATCH", "/api/articles/ferry-timetable-winter", {
      body: { standfirst: "Two evening sailings instead of four, from December." },
      headers: { "If-Match": `"0123456789abcdef01234567", ${current}` },
    });
    expect(listed.status).toBe(200);
  });

  it("moving a story to another section, day and tags takes it out of every old listing, feed and sitemap", async () => {
    expect(
      (await api("PUT", "/api/articles/moving-story", { body: articleInput({ tags: ["ferry-strike-2026"], published: "2026-11-23T09:00:00Z" }) })).status,
    ).toBe(201);
    await settled();
    expect(await listingSlugs("/tag/ferry-strike-2026")).toEqual(["moving-story"]);
    expect(await sitemapLinks("2026-11-23")).toContain("moving-story");
    const res = await api("PUT", "/api/articles/moving-story", {
      body: articleInput({ section: "science", tags: ["research"], published: "2026-11-21T09:00:00Z" }),
    });
    expect(res.status).toBe(200);
    await settled();
    expect((await visit("/tag/ferry-strike-2026")).status).toBe(404);
    expect((await visit("/tag/ferry-strike-2026/feed.json")).status).toBe(404);
    expect(await sitemapLinks("2026-11-23")).not.toContain("moving-story");
    expect(await sitemapLinks("2026-11-21")).toContain("moving-story");
    expect(await listingSlugs("/section/news")).not.toContain("moving-story");
    expect(await feedSlugs("/section/news")).not.toContain("moving-story");
    expect(await listingSlugs("/section/science")).toContain("moving-story");
    expect(await feedSlugs("/section/science")).toContain("moving-story");
    expect(await listingSlugs("/tag/research")).toContain("moving-story");
    expect(await (await visit("/articles/moving-story")).text()).toContain('<a href="/section/science">');
  });
});

describe("unpublishing and deleting", () => {
  it('PATCH {"status": "draft"} unpublishes: the page, listings and feeds drop it, the API keeps it', async () => {
    await api("PUT", "/api/articles/withdrawn-story", { body: articleInput({ headline: "A story that will be withdrawn", tags: ["withdrawal-check"] }) });
    await settled();
    expect(await feedSlugs("/section/news")).toContain("withdrawn-story");
    expect(await headlineOnPage("withdrawn-story")).toBe("A story that will be withdrawn");
    const res = await api("PATCH", "/api/articles/withdrawn-story", { body: { status: "draft" } });
    expect(res.status).toBe(200);
    expect(await json<Written>(res)).toMatchObject({ status: "draft" });
    await settled();
    expect(await headlineOnPage("withdrawn-story")).toBe(404);
    expect(await headlineOnPage("withdrawn-story", MIRROR)).toBe(404);
    expect(await listingSlugs("/section/news")).not.toContain("withdrawn-story");
    expect((await visit("/tag/withdrawal-check")).status).toBe(404);
    expect(await feedSlugs("/section/news")).not.toContain("withdrawn-story");
    expect(await feedSlugs("/")).not.toContain("withdrawn-story");
    expect(await listingSlugs("/author/ruth-calloway")).not.toContain("withdrawn-story");
    expect((await json(await api("GET", "/api/articles/withdrawn-story"))).status).toBe("draft");

    expect((await api("PATCH", "/api/articles/withdrawn-story", { body: { status: "published" } })).status).toBe(200);
    await settled();
    expect(await headlineOnPage("withdrawn-story")).toBe("A story that will be withdrawn");
    expect(await listingSlugs("/tag/withdrawal-check")).toEqual(["withdrawn-story"]);
  });

  it("DELETE removes the article entirely, the audit log keeps its last version, and the slug can be used again", async () => {
    await api("PUT", "/api/articles/deleted-story", { body: articleInput({ headline: "A story that will be deleted", tags: ["deletion-check"] }) });
    const version = (await api("GET", "/api/articles/deleted-story")).headers.get("ETag")?.slice(1, -1);
    const res = await api("DELETE", "/api/articles/deleted-story");
    expect(res.status).toBe(200);
    const body = await json<Written>(res);
    expect(body).toMatchObject({ slug: "deleted-story", removed: true, previousVersion: version });
    expect(res.headers.get("ETag")).toBeNull();
    const gone = await api("GET", "/api/articles/deleted-story");
    expect(gone.status).toBe(404);
    expect((await json<Refusal>(gone)).code).toBe("not_found");
    expect((await json<{ articles: { slug: string }[] }>(await api("GET", "/api/articles?limit=1000"))).articles.map((a) => a.slug)).not.toContain(
      "deleted-story",
    );
    await settled();
    expect(await headlineOnPage("deleted-story")).toBe(404);
    expect((await visit("/tag/deletion-check")).status).toBe(404);
    expect(await feedSlugs("/")).not.toContain("deleted-story");
    expect(await listingSlugs("/section/news")).not.toContain("deleted-story");
    const audit = await json<{ entries: { id: string; action: string; previous: { version: string; article: { headline: string } } }[] }>(
      await api("GET", "/api/audit?limit=1"),
    );
    expect(audit.entries[0]).toMatchObject({ id: body.audit, action: "article.delete" });
    expect(audit.entries[0]?.previous.version).toBe(version);
    expect(audit.entries[0]?.previous.article.headline).toBe("A story that will be deleted");

    const again = await api("PUT", "/api/articles/deleted-story", { body: articleInput({ headline: "A new story under an old slug" }) });
    expect(again.status).toBe(201);
    expect((await json<Written>(again)).previousVersion).toBeNull();
  });

  it("answers 404 not_found for an unknown slug on GET, PATCH and DELETE, writing nothing", async () => {
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const res = await expectNoWrite(() => api(method, "/api/articles/no-such-story", method === "PATCH" ? { body: { headline: "x" } } : {}));
      expect(res.status, method).toBe(404);
      expect((await json<Refusal>(res)).code, method).toBe("not_found");
    }
  });
});

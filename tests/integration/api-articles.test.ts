// Publishing articles through the API: create, read, correct, move, unpublish, delete; each change
// visible at once on the article page, the listings and the feeds of this edge.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readFeed } from "../../src/store/feeds.ts";
import { Kv } from "../../src/store/kv.ts";
import { api, article, expectNoWrite, json, keysUnder, visit } from "./api-helpers.ts";

interface Written {
  slug: string;
  version: string;
  status: string;
  url?: string;
  previousVersion: string | null;
  audit: string;
  visibleBy: string;
  visibility: string;
  scheduledFor?: string;
  removed?: boolean;
}

const kv = new Kv(env.CONTENT);

async function feedSlugs(list: Parameters<typeof readFeed>[1]): Promise<string[]> {
  return (await readFeed(kv, list, Date.now())).map((item) => item.slug);
}

/** Every KV key that names the slug: its record and its index entries. */
async function keysOf(slug: string): Promise<string[]> {
  return [...(await keysUnder(`article:${slug}`)), ...(await keysUnder("idx:")).filter((k) => k.endsWith(`:${slug}`))].sort();
}

describe("PUT /api/articles/{slug}", () => {
  it("creates an article: 201 with Location, ETag = version, and when it is visible everywhere", async () => {
    const before = Date.now();
    const res = await api("PUT", "/api/articles/ferry-timetable-winter", { body: article() });
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe("/api/articles/ferry-timetable-winter");
    const body = await json<Written>(res);
    expect(res.headers.get("ETag")).toBe(`"${body.version}"`);
    expect(body).toMatchObject({ slug: "ferry-timetable-winter", status: "published", url: "/articles/ferry-timetable-winter", previousVersion: null });
    const visibleBy = Date.parse(body.visibleBy);
    expect(visibleBy).toBeGreaterThanOrEqual(before + 65_000);
    expect(visibleBy).toBeLessThanOrEqual(Date.now() + 65_000);
    expect(body.visibility).toContain("60 s");
  });

  it("is visible right away on the article page (every host), the section listing, the home page and the feeds", async () => {
    await api("PUT", "/api/articles/lighthouse-keepers-return", {
      body: article({ headline: "Lighthouse keepers return to Saltmarsh Point", published: "2026-11-25T06:00:00Z" }),
    });
    for (const host of ["http://news.localhost:8787", "http://mirror-one.localhost:8787"]) {
      const page = await visit(`${host}/articles/lighthouse-keepers-return`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Lighthouse keepers return to Saltmarsh Point");
    }
    expect(await (await visit("/section/news")).text()).toContain("Lighthouse keepers return to Saltmarsh Point");
    expect(await (await visit("/")).text()).toContain("Lighthouse keepers return to Saltmarsh Point");
    expect((await feedSlugs("section:news"))[0]).toBe("lighthouse-keepers-return");
    expect((await feedSlugs("latest"))[0]).toBe("lighthouse-keepers-return");
    expect(await feedSlugs("tag:transport")).toContain("lighthouse-keepers-return");
  });

  it("accepts what GET returns unchanged (a round trip keeps the version), for a seeded story too", async () => {
    for (const slug of ["ferry-timetable-winter", "night-bus-network-extended-to-eastern-suburbs"]) {
      const got = await api("GET", `/api/articles/${slug}`);
      expect(got.status).toBe(200);
      const etag = got.headers.get("ETag");
      const stored = await json(got);
      expect(stored.slug).toBe(slug);
      const put = await api("PUT", `/api/articles/${slug}`, { body: stored, headers: { "If-Match": etag ?? "" } });
      expect(put.status).toBe(200);
      expect(put.headers.get("ETag")).toBe(etag);
      expect((await json<Written>(put)).previousVersion).toBe(etag?.slice(1, -1));
    }
  });

  it("with If-None-Match: * only creates: an existing slug gets 412 and nothing is written", async () => {
    const res = await expectNoWrite(() => api("PUT", "/api/articles/ferry-timetable-winter", { body: article(), headers: { "If-None-Match": "*" } }));
    expect(res.status).toBe(412);
    expect((await api("PUT", "/api/articles/brand-new-only", { body: article(), headers: { "If-None-Match": "*" } })).status).toBe(201);
  });

  it("reports a future publish time as scheduled and keeps the story hidden until then", async () => {
    const res = await api("PUT", "/api/articles/budget-day-preview", { body: article({ published: "2031-05-01T09:00:00Z" }) });
    expect((await json<Written>(res)).scheduledFor).toBe("2031-05-01T09:00:00Z");
    expect((await visit("/articles/budget-day-preview")).status).toBe(404);
    expect(await feedSlugs("section:news")).not.toContain("budget-day-preview");
  });
});

describe("GET /api/articles", () => {
  it("lists stored articles with their slugs, filtered by section and status", async () => {
    const all = await json<{ articles: { slug: string; status: string; section: string; version: string }[] }>(await api("GET", "/api/articles"));
    expect(all.articles.map((a) => a.slug)).toContain("ferry-timetable-winter");
    const drafts = await json<{ articles: { slug: string; status: string }[] }>(await api("GET", "/api/articles?status=draft"));
    expect(drafts.articles.length).toBeGreaterThan(0);
    expect(drafts.articles.every((a) => a.status === "draft")).toBe(true);
    const news = await json<{ articles: { section: string }[] }>(await api("GET", "/api/articles?section=news"));
    expect(news.articles.length).toBeGreaterThan(0);
    expect(news.articles.every((a) => a.section === "news" || a.section.startsWith("news/"))).toBe(true);
  });

  it("pages with limit and cursor", async () => {
    const first = await json<{ articles: { slug: string }[]; cursor?: string }>(await api("GET", "/api/articles?limit=5"));
    expect(first.articles).toHaveLength(5);
    expect(first.cursor).toBeTypeOf("string");
    const second = await json<{ articles: { slug: string }[] }>(await api("GET", `/api/articles?limit=5&cursor=${encodeURIComponent(first.cursor ?? "")}`));
    expect(second.articles[0]?.slug).not.toBe(first.articles[0]?.slug);
    expect(second.articles.some((a) => first.articles.some((b) => b.slug === a.slug))).toBe(false);
  });
});

describe("correcting an article", () => {
  it("PATCH changes one field, keeps the rest, and the page shows the correction at once", async () => {
    const got = await api("GET", "/api/articles/ferry-timetable-winter");
    const etag = got.headers.get("ETag") ?? "";
    const res = await api("PATCH", "/api/articles/ferry-timetable-winter", {
      body: { headline: "Harbour ferry timetable cut for winter", updated: "2026-11-25T10:00:00Z" },
      headers: { "Content-Type": "application/merge-patch+json", "If-Match": etag },
    });
    expect(res.status).toBe(200);
    const written = await json<Written>(res);
    expect(written.previousVersion).toBe(etag.slice(1, -1));
    expect(`"${written.version}"`).not.toBe(etag);
    const stored = await json(await api("GET", "/api/articles/ferry-timetable-winter"));
    expect(stored).toMatchObject({ headline: "Harbour ferry timetable cut for winter", updated: "2026-11-25T10:00:00Z", section: "news" });
    expect(await (await visit("/articles/ferry-timetable-winter")).text()).toContain("Harbour ferry timetable cut for winter");
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
    expect((await json<{ error: string }>(res)).error).toContain("changed since you read it");
  });

  it("moving a story to another section, date and tags leaves no stale index entry, marker or feed item", async () => {
    await api("PUT", "/api/articles/moving-story", { body: article({ tags: ["ferry-strike-2026"], published: "2026-11-23T09:00:00Z" }) });
    expect(await keysUnder("tag:ferry-strike-2026")).toHaveLength(1);
    expect(await keysUnder("day:2026-11-23")).toHaveLength(1);
    const res = await api("PUT", "/api/articles/moving-story", {
      body: article({ section: "science", tags: ["research"], published: "2026-11-21T09:00:00Z" }),
    });
    expect(res.status).toBe(200);
    const time = String(9_999_999_999_999 - Date.parse("2026-11-21T09:00:00Z")).padStart(13, "0");
    expect(await keysOf("moving-story")).toEqual(
      [
        "article:moving-story",
        `idx:author:ruth-calloway:${time}:moving-story`,
        `idx:day:2026-11-21:${time}:moving-story`,
        `idx:latest:${time}:moving-story`,
        `idx:section:science:${time}:moving-story`,
        `idx:tag:research:${time}:moving-story`,
      ].sort(),
    );
    expect(await keysUnder("tag:ferry-strike-2026")).toHaveLength(0);
    expect(await keysUnder("day:2026-11-23")).toHaveLength(0);
    expect(await feedSlugs("section:news")).not.toContain("moving-story");
    expect(await feedSlugs("section:science")).toContain("moving-story");
    expect(await (await visit("/section/news")).text()).not.toContain("/articles/moving-story");
  });
});

describe("unpublishing and deleting", () => {
  it('PATCH {"status": "draft"} unpublishes: no index entry, page and feeds drop it, the record stays', async () => {
    await api("PUT", "/api/articles/withdrawn-story", { body: article({ headline: "A story that will be withdrawn" }) });
    expect(await feedSlugs("section:news")).toContain("withdrawn-story");
    const res = await api("PATCH", "/api/articles/withdrawn-story", { body: { status: "draft" } });
    expect(res.status).toBe(200);
    expect((await json<Written>(res)).status).toBe("draft");
    expect(await keysOf("withdrawn-story")).toEqual(["article:withdrawn-story"]);
    expect((await visit("/articles/withdrawn-story")).status).toBe(404);
    expect(await (await visit("/section/news")).text()).not.toContain("A story that will be withdrawn");
    expect(await feedSlugs("section:news")).not.toContain("withdrawn-story");
    expect(await feedSlugs("latest")).not.toContain("withdrawn-story");
    expect((await json(await api("GET", "/api/articles/withdrawn-story"))).status).toBe("draft");

    await api("PATCH", "/api/articles/withdrawn-story", { body: { status: "published" } });
    expect((await visit("/articles/withdrawn-story")).status).toBe(200);
  });

  it("DELETE removes the article entirely, and the audit log keeps its last version", async () => {
    await api("PUT", "/api/articles/deleted-story", { body: article({ headline: "A story that will be deleted" }) });
    const version = (await api("GET", "/api/articles/deleted-story")).headers.get("ETag")?.slice(1, -1);
    const res = await api("DELETE", "/api/articles/deleted-story");
    expect(res.status).toBe(200);
    const body = await json<Written>(res);
    expect(body).toMatchObject({ removed: true, previousVersion: version });
    expect(await keysOf("deleted-story")).toEqual([]);
    expect(await keysUnder("own:deleted-story|")).toEqual([]);
    expect((await api("GET", "/api/articles/deleted-story")).status).toBe(404);
    expect((await visit("/articles/deleted-story")).status).toBe(404);
    expect(await feedSlugs("latest")).not.toContain("deleted-story");
    const audit = await json<{ entries: { id: string; previous: { version: string; article: { headline: string } } }[] }>(
      await api("GET", "/api/audit?limit=1"),
    );
    expect(audit.entries[0]?.id).toBe(body.audit);
    expect(audit.entries[0]?.previous.version).toBe(version);
    expect(audit.entries[0]?.previous.article.headline).toBe("A story that will be deleted");
  });

  it("answers 404 for an unknown slug on GET, PATCH and DELETE, writing nothing", async () => {
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const res = await expectNoWrite(() => api(method, "/api/articles/no-such-story", method === "PATCH" ? { body: { headline: "x" } } : {}));
      expect(res.status).toBe(404);
    }
  });
});

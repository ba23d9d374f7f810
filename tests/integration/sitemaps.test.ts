import { beforeAll, describe, expect, it } from "vitest";
import type { ArticleRecord } from "../../src/content/record.ts";
import { dayOf } from "../../src/store/keys.ts";
import { parseXml } from "../support/xml.ts";
import { MIRROR, PRIMARY, get, minutesFromNow, prepare, publish, seedRecords, seedSite, visibleSeedRecords } from "./publish.ts";

interface UrlEntry {
  loc: string;
  lastmod?: string;
  "image:image"?: { "image:loc": string }[];
  "news:news"?: {
    "news:publication": { "news:name": string; "news:language": string };
    "news:publication_date": string;
    "news:title": string;
  };
}

async function fetchXml(url: string): Promise<{ response: Response; text: string; doc: Record<string, unknown> }> {
  const response = await get(url);
  expect(response.status, url).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
  const text = await response.text();
  return { response, text, doc: parseXml(text) };
}

async function urlsOf(url: string): Promise<UrlEntry[]> {
  const { doc } = await fetchXml(url);
  return ((doc.urlset as { url?: UrlEntry[] } | undefined)?.url ?? []) as UrlEntry[];
}

async function sitemapsOf(url: string): Promise<{ loc: string; lastmod?: string }[]> {
  const { doc } = await fetchXml(url);
  return (doc.sitemapindex as { sitemap: { loc: string; lastmod?: string }[] }).sitemap;
}

const iso = (value: string) => new Date(Date.parse(value)).toISOString().replace(".000Z", "Z");

describe("robots.txt", () => {
  it("allows everything and names the sitemap index on the canonical host, on every host", async () => {
    for (const origin of [PRIMARY, MIRROR]) {
      const response = await get(`${origin}/robots.txt`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      const text = await response.text();
      expect(text).toMatch(/^User-agent: \*\nAllow: \/$/m);
      expect(text).toContain(`Sitemap: ${PRIMARY}/sitemap.xml\n`);
    }
  });
});

describe("the sitemap index", () => {
  const visible = visibleSeedRecords();

  it("lists the pages and news sitemaps and one sitemap per day with published stories, newest first", async () => {
    const sitemaps = await sitemapsOf(`${MIRROR}/sitemap.xml`);
    const days = [...new Set(visible.map((r) => dayOf(Date.parse(r.article.published))))];
    expect(sitemaps.map((s) => s.loc)).toEqual([
      `${PRIMARY}/sitemaps/pages.xml`,
      `${PRIMARY}/sitemaps/news.xml`,
      ...days.map((d) => `${PRIMARY}/sitemaps/articles-${d}.xml`),
    ]);
  });

  it("gives each day the newest change made that day", async () => {
    const sitemaps = await sitemapsOf(`${PRIMARY}/sitemap.xml`);
    const day = sitemaps.find((s) => s.loc.endsWith("articles-2026-11-20.xml"));
    expect(day?.lastmod).toBe("2026-11-21T10:00:00Z");
  });

  it("every sitemap it lists is well-formed, and the day sitemaps hold every published story exactly once", async () => {
    const sitemaps = await sitemapsOf(`${PRIMARY}/sitemap.xml`);
    const stories: UrlEntry[] = [];
    for (const sitemap of sitemaps) {
      const urls = await urlsOf(sitemap.loc);
      expect(urls.length).toBeLessThanOrEqual(50_000);
      if (sitemap.loc.includes("/articles-")) stories.push(...urls);
    }
    const expected = visible.map((r) => ({
      loc: `${PRIMARY}/articles/${r.article.slug}`,
      lastmod: iso(r.article.updated ?? r.article.published),
      ...(r.article.image ? { "image:image": [{ "image:loc": `${PRIMARY}/media/${r.article.image.media}` }] } : {}),
    }));
    expect(stories).toEqual(expected);
  });

  it("names no draft and no scheduled story, nor their days", async () => {
    const shown = new Set(visible.map((r) => r.article.slug));
    const hidden = seedRecords().filter((r) => !shown.has(r.article.slug));
    expect(hidden.map((r) => r.article.slug).sort()).toEqual([
      "coastal-railway-opens-between-dar-salwa-and-qasr-al-manar",
      "university-team-tests-seaweed-based-packaging",
    ]);
    const index = await (await get(`${PRIMARY}/sitemap.xml`)).text();
    expect(index).not.toContain("articles-2031-03-02");
    expect(index).not.toContain("articles-2026-11-22");
    for (const day of ["2031-03-02", "2026-11-22"]) expect((await get(`${PRIMARY}/sitemaps/articles-${day}.xml`)).status).toBe(404);
  });

  it("is the same document on every host", async () => {
    const primary = await get(`${PRIMARY}/sitemap.xml`);
    const mirror = await get(`${MIRROR}/sitemap.xml`);
    expect(await mirror.text()).toBe(await primary.text());
    expect(mirror.headers.get("ETag")).toBe(primary.headers.get("ETag"));
    expect(mirror.headers.get("Cache-Control")).toBe("public, max-age=900, stale-while-revalidate=900");
  });

  it("answers 304 to a crawler holding the current copy", async () => {
    const etag = (await get(`${PRIMARY}/sitemaps/pages.xml`)).headers.get("ETag") ?? "";
    expect(etag).not.toBe("");
    expect((await get(`${MIRROR}/sitemaps/pages.xml`, { "If-None-Match": etag })).status).toBe(304);
  });

  it("has no sitemap for malformed names or impossible days", async () => {
    for (const path of ["/sitemaps/articles-2026-13-01.xml", "/sitemaps/articles-2026-02-30.xml", "/sitemaps/articles-latest.xml", "/sitemaps/other.xml"]) {
      expect((await get(`${PRIMARY}${path}`)).status, path).toBe(404);
    }
  });
});

describe("the pages sitemap", () => {
  it("lists home, every section, every tag in use and every author, on the canonical host", async () => {
    const site = seedSite();
    const tags = new Set(visibleSeedRecords().flatMap((r) => r.article.tags));
    const locs = (await urlsOf(`${MIRROR}/sitemaps/pages.xml`)).map((u) => u.loc);
    expect(locs[0]).toBe(`${PRIMARY}/`);
    for (const section of site.sections) expect(locs).toContain(`${PRIMARY}/section/${section.slug}`);
    for (const author of site.authors) expect(locs).toContain(`${PRIMARY}/author/${author.slug}`);
    expect(locs.filter((l) => l.includes("/tag/")).sort()).toEqual([...tags].map((t) => `${PRIMARY}/tag/${t}`).sort());
    expect(new Set(locs).size).toBe(locs.length);
  });

  it("keeps a tag in use when a scheduled story is the last to be written with it", async () => {
    const tag = visibleSeedRecords()[0]?.article.tags[0] ?? "";
    const scheduled = visibleSeedRecords()[0]?.article;
    await publish(await prepare({ ...scheduled, slug: undefined, body: "Later.", published: minutesFromNow(600), updated: undefined }, "scheduled-tag-check"));
    const locs = (await urlsOf(`${PRIMARY}/sitemaps/pages.xml`)).map((u) => u.loc);
    expect(locs).toContain(`${PRIMARY}/tag/${tag}`);
  });
});

describe("the Google News sitemap", () => {
  it("is empty when nothing was published in the last 48 hours (the seed's newest story is older)", async () => {
    expect(await urlsOf(`${PRIMARY}/sitemaps/news.xml`)).toEqual([]);
  });

  describe("after publishing", () => {
    let fresh: ArticleRecord;
    let arabic: ArticleRecord;

    beforeAll(async () => {
      const site = seedSite();
      const base = { standfirst: "A fresh story.", section: "news", authors: ["ruth-calloway"], status: "published", body: "Fresh." };
      fresh = await prepare(
        { ...base, headline: "Harbour ferry returns", tags: ["transport"], language: "en-GB", published: minutesFromNow(-60) },
        "harbour-ferry-returns",
        site,
      );
      arabic = await prepare({ ...base, headline: "عودة العبّارة", tags: [], language: "ar", published: minutesFromNow(-47 * 60) }, "ferry-returns-ar", site);
      const old = await prepare({ ...base, headline: "Three days old", tags: [], language: "en", published: minutesFromNow(-49 * 60) }, "three-days-old", site);
      const scheduled = await prepare(
        { ...base, headline: "Scheduled scoop", tags: ["embargoed-merger"], language: "en", published: minutesFromNow(120) },
        "scheduled-scoop",
        site,
      );
      await publish(fresh, arabic, old, scheduled);
    });

    it("holds exactly the stories of the last 48 hours with publication, language, date and title", async () => {
      const urls = await urlsOf(`${MIRROR}/sitemaps/news.xml`);
      expect(urls).toEqual([
        {
          loc: `${PRIMARY}/articles/harbour-ferry-returns`,
          "news:news": {
            "news:publication": { "news:name": "The Meridian Courier", "news:language": "en" },
            "news:publication_date": fresh.article.published,
            "news:title": "Harbour ferry returns",
          },
        },
        {
          loc: `${PRIMARY}/articles/ferry-returns-ar`,
          "news:news": {
            "news:publication": { "news:name": "The Meridian Courier", "news:language": "ar" },
            "news:publication_date": arabic.article.published,
            "news:title": "عودة العبّارة",
          },
        },
      ]);
    });

    it("a tag only a scheduled story uses stays out of the pages sitemap and has no feed", async () => {
      const pages = await (await get(`${PRIMARY}/sitemaps/pages.xml`)).text();
      expect(pages).not.toContain("embargoed-merger");
      expect(pages).toContain(`${PRIMARY}/tag/transport`);
      expect((await get(`${PRIMARY}/tag/embargoed-merger/feed.xml`)).status).toBe(404);
      const index = await (await get(`${PRIMARY}/sitemap.xml`)).text();
      expect(index).not.toContain("scheduled-scoop");
      for (const day of [...index.matchAll(/<loc>([^<]+articles-[^<]+)<\/loc>/g)].map((m) => m[1] ?? "")) {
        expect(await (await get(day)).text()).not.toContain("scheduled-scoop");
      }
    });
  });
});

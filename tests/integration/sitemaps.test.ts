// robots.txt, the sitemap index, the day sitemaps, the pages sitemap and the Google News sitemap.

import { beforeAll, describe, expect, it } from "vitest";
import { dayOf } from "../../src/store/format.ts";
import { parseXml } from "../support/xml.ts";
import {
  MIRROR as MIRROR_HOST,
  ORIGIN,
  articleInput,
  minutesFromNow,
  publish,
  publishMany,
  seedRecords,
  seedSite,
  visibleSeedRecords,
  visit,
} from "../support/worker.ts";

const PRIMARY = ORIGIN;
const MIRROR = `http://${MIRROR_HOST}`;

/** A GET through the Worker from a visitor in France (served in place on every host). */
function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return visit(url, { headers, country: "FR" });
}

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
    const response = await get(`${PRIMARY}/sitemap.xml`);
    expect(response.status).toBe(200);
    const index = await response.text();
    expect(index).toContain(`<loc>${PRIMARY}/sitemaps/articles-2026-11-20.xml</loc>`);
    expect(index).not.toContain("articles-2031-03-02");
    expect(index).not.toContain("articles-2026-11-22");
    for (const day of ["2031-03-02", "2026-11-22"]) {
      const missing = await get(`${PRIMARY}/sitemaps/articles-${day}.xml`);
      expect(missing.status, day).toBe(404);
      expect(await missing.text(), day).toContain("We could not find that page");
    }
  });

  it("is the same document on every host", async () => {
    const primary = await get(`${PRIMARY}/sitemap.xml`);
    const mirror = await get(`${MIRROR}/sitemap.xml`);
    expect(mirror.status).toBe(200);
    const text = await primary.text();
    expect(text).toContain("<sitemapindex");
    expect(await mirror.text()).toBe(text);
    expect(mirror.headers.get("ETag")).toBe(primary.headers.get("ETag"));
    expect(mirror.headers.get("Cache-Control")).toBe("public, max-age=900, stale-while-revalidate=900");
  });

  it("answers 304 to a crawler holding the current copy", async () => {
    const etag = (await get(`${PRIMARY}/sitemaps/pages.xml`)).headers.get("ETag") ?? "";
    expect(etag).not.toBe("");
    const again = await get(`${MIRROR}/sitemaps/pages.xml`, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("has no sitemap for malformed names or impossible days", async () => {
    for (const path of ["/sitemaps/articles-2026-13-01.xml", "/sitemaps/articles-2026-02-30.xml", "/sitemaps/articles-latest.xml", "/sitemaps/other.xml"]) {
      const response = await get(`${PRIMARY}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain("We could not find that page");
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
    const newest = visibleSeedRecords()[0]?.article;
    const tag = newest?.tags[0] ?? "";
    expect(tag).not.toBe("");
    await publish(
      "scheduled-tag-check",
      articleInput({ section: newest?.section, authors: newest?.authors, tags: newest?.tags, published: minutesFromNow(600) }),
    );
    const locs = (await urlsOf(`${PRIMARY}/sitemaps/pages.xml`)).map((u) => u.loc);
    expect(locs).toContain(`${PRIMARY}/tag/${tag}`);
  });
});

describe("the Google News sitemap", () => {
  it("is empty when nothing was published in the last 48 hours (the seed's newest story is older)", async () => {
    expect(await urlsOf(`${PRIMARY}/sitemaps/news.xml`)).toEqual([]);
  });

  describe("after publishing", () => {
    const base = { standfirst: "A fresh story.", section: "news", authors: ["ruth-calloway"], status: "published", body: "Fresh." };
    const fresh = { ...base, headline: "Harbour ferry returns", tags: ["transport"], language: "en-GB", published: minutesFromNow(-60) };
    const arabic = { ...base, headline: "عودة العبّارة", tags: [], language: "ar", published: minutesFromNow(-47 * 60) };

    beforeAll(async () => {
      await publishMany([
        { slug: "harbour-ferry-returns", input: articleInput(fresh) },
        { slug: "ferry-returns-ar", input: articleInput(arabic) },
        { slug: "three-days-old", input: articleInput({ ...base, headline: "Three days old", tags: [], language: "en", published: minutesFromNow(-49 * 60) }) },
        {
          slug: "scheduled-scoop",
          input: articleInput({ ...base, headline: "Scheduled scoop", tags: ["embargoed-merger"], language: "en", published: minutesFromNow(120) }),
        },
      ]);
    });

    it("holds exactly the stories of the last 48 hours with publication, language, date and title", async () => {
      const urls = await urlsOf(`${MIRROR}/sitemaps/news.xml`);
      expect(urls).toEqual([
        {
          loc: `${PRIMARY}/articles/harbour-ferry-returns`,
          "news:news": {
            "news:publication": { "news:name": "The Meridian Courier", "news:language": "en" },
            "news:publication_date": fresh.published,
            "news:title": "Harbour ferry returns",
          },
        },
        {
          loc: `${PRIMARY}/articles/ferry-returns-ar`,
          "news:news": {
            "news:publication": { "news:name": "The Meridian Courier", "news:language": "ar" },
            "news:publication_date": arabic.published,
            "news:title": "عودة العبّارة",
          },
        },
      ]);
    });

    it("a tag only a scheduled story uses stays out of the pages sitemap and has no feed", async () => {
      const response = await get(`${PRIMARY}/sitemaps/pages.xml`);
      expect(response.status).toBe(200);
      const pages = await response.text();
      expect(pages).not.toContain("embargoed-merger");
      expect(pages).toContain(`${PRIMARY}/tag/transport`);
      const feed = await get(`${PRIMARY}/tag/embargoed-merger/feed.xml`);
      expect(feed.status).toBe(404);
      expect(await feed.text()).toContain("We could not find that page");
      const index = await (await get(`${PRIMARY}/sitemap.xml`)).text();
      expect(index).not.toContain("scheduled-scoop");
      for (const day of [...index.matchAll(/<loc>([^<]+articles-[^<]+)<\/loc>/g)].map((m) => m[1] ?? "")) {
        const sitemap = await get(day);
        expect(sitemap.status, day).toBe(200);
        const text = await sitemap.text();
        expect(text, day).toContain(`${PRIMARY}/articles/`);
        expect(text, day).not.toContain("scheduled-scoop");
      }
    });
  });
});

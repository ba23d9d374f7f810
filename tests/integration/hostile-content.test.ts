// Text written to break documents (markup, script end tags, CDATA ends, right-to-left overrides) in every
// field a story and the site config have: pages, feeds and sitemaps show it as text and stay well-formed.
// Characters XML forbids never get past validation; the renderers' handling of them is tested in
// tests/unit/feeds.test.ts.

import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { absoluteLinks } from "../../src/render/feeds/model.ts";
import { HOSTILE, HOSTILE_BODY_TEXT, hostileSite } from "../support/hostile.ts";
import { figureOf, htmlText, metaValues, readPage } from "../support/html.ts";
import { assertWellFormed, parseXml } from "../support/xml.ts";
import { MIRROR as MIRROR_HOST, ORIGIN, minutesFromNow, publish, putSite, seedSite, visit } from "../support/worker.ts";

const PRIMARY = ORIGIN;
const MIRROR = `http://${MIRROR_HOST}`;
const ID = "tag:meridian-courier.example,2026:article/hostile-story";
const PUBLISHED = minutesFromNow(-30);

/** A GET from a visitor in France (served in place on every host): it must be a 200. */
async function get(url: string): Promise<Response> {
  const response = await visit(url, { country: "FR" });
  expect(response.status, url).toBe(200);
  return response;
}

beforeAll(async () => {
  await putSite(hostileSite(seedSite()));
  await publish("hostile-story", {
    headline: HOSTILE.headline,
    standfirst: HOSTILE.standfirst,
    section: "news",
    authors: ["amira-haddad"],
    tags: ["water", "climate"],
    language: "ar",
    status: "published",
    published: PUBLISHED,
    image: { media: "concert-hall.jpg", alt: HOSTILE.alt, caption: HOSTILE.caption, credit: HOSTILE.credit, width: 1200, height: 675 },
    body: HOSTILE.body,
  });
});

/** What a feed reader shows of one item, whatever the format. */
interface Shown {
  title?: string;
  summary?: string;
  content?: string;
  authors?: string[];
  categories?: string[];
}

async function itemsOf(file: string): Promise<Map<string, Shown>> {
  const response = await get(`${MIRROR}/${file}`);
  const text = await response.text();
  if (file.endsWith(".json")) {
    return new Map(
      (parseJsonFeed(text).items ?? []).map((i) => [
        i.id ?? "",
        { title: i.title, summary: i.summary, content: i.content_html, authors: i.authors?.map((a) => a.name ?? ""), categories: i.tags },
      ]),
    );
  }
  assertWellFormed(text);
  if (file === "atom.xml") {
    return new Map(
      (parseAtomFeed(text).entries ?? []).map((e) => [
        e.id ?? "",
        {
          title: e.title?.value,
          summary: e.summary?.value,
          content: e.content?.value,
          authors: e.authors?.map((a) => a.name ?? ""),
          categories: e.categories?.map((c) => c.label ?? ""),
        },
      ]),
    );
  }
  return new Map(
    (parseRssFeed(text).items ?? []).map((i) => [
      i.guid?.value ?? "",
      { title: i.title, summary: i.description, content: i.content?.encoded, authors: i.dc?.creators, categories: i.categories?.map((c) => c.name ?? "") },
    ]),
  );
}

describe("hostile text in every field", () => {
  for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
    it(`round-trips intact through /${file}`, async () => {
      const item = (await itemsOf(file)).get(ID);
      expect(item?.title).toBe(HOSTILE.headline);
      expect(item?.summary).toBe(HOSTILE.standfirst);
      expect(item?.authors).toEqual([HOSTILE.authorName]);
      expect(item?.categories).toEqual([HOSTILE.sectionName, HOSTILE.tagLabel, "Climate"]);
      expect(item?.content).toContain(absoluteLinks(renderMarkdown(HOSTILE.body).html, MIRROR).trim());
      for (const text of HOSTILE_BODY_TEXT) expect(htmlText(item?.content ?? "")).toContain(text);
      expect(figureOf(item?.content ?? "")).toEqual({
        src: `${MIRROR}/media/concert-hall.jpg`,
        alt: HOSTILE.alt,
        caption: `${HOSTILE.caption} ${HOSTILE.credit}`,
        credit: HOSTILE.credit,
      });
    });
  }

  it("feeds of the hostile section and tag stay well-formed too", async () => {
    for (const path of ["/section/news/feed.xml", "/section/news/atom.xml", "/tag/water/feed.xml", "/tag/water/atom.xml"]) {
      const text = await (await get(`${MIRROR}${path}`)).text();
      expect(() => assertWellFormed(text), path).not.toThrow();
      expect(text).toContain("hostile-story");
    }
  });

  it("the sitemaps stay well-formed and the news sitemap keeps the headline", async () => {
    const news = parseXml(await (await get(`${PRIMARY}/sitemaps/news.xml`)).text()) as {
      urlset: { url: { loc: string; "news:news": { "news:title": string } }[] };
    };
    const titles = new Map(news.urlset.url.map((u) => [u.loc, u["news:news"]["news:title"]]));
    expect(titles.get(`${PRIMARY}/articles/hostile-story`)).toBe(HOSTILE.headline);
    for (const path of ["/sitemap.xml", "/sitemaps/pages.xml", `/sitemaps/articles-${PUBLISHED.slice(0, 10)}.xml`]) {
      const text = await (await get(`${PRIMARY}${path}`)).text();
      expect(() => assertWellFormed(text), path).not.toThrow();
      expect(text, path).toContain(`<loc>${PRIMARY}/`);
    }
  });

  it("the article page's JSON-LD survives </script> in every field and is the only script", async () => {
    const page = readPage(await (await get(`${MIRROR}/articles/hostile-story`)).text());
    expect(page.scripts.map((s) => s.type)).toEqual(["application/ld+json", "application/ld+json"]);
    expect(page.jsonLd[0]).toMatchObject({
      "@type": "NewsArticle",
      headline: HOSTILE.headline,
      description: HOSTILE.standfirst,
      author: [{ "@type": "Person", name: HOSTILE.authorName, url: `${PRIMARY}/author/amira-haddad` }],
      articleSection: HOSTILE.sectionName,
      keywords: [HOSTILE.tagLabel, "Climate"],
    });
    expect(page.title).toBe(`${HOSTILE.headline} | The Meridian Courier`);
    expect(metaValues(page, "og:title")).toEqual([HOSTILE.headline]);
    expect(metaValues(page, "og:image:alt")).toEqual([HOSTILE.alt]);
    expect(metaValues(page, "article:section")).toEqual([HOSTILE.sectionName]);
  });

  it("hostile section and tag names reach titles and feed links intact", async () => {
    const tag = readPage(await (await get(`${MIRROR}/tag/water`)).text());
    expect(tag.title).toBe(`Topic: ${HOSTILE.tagLabel} | The Meridian Courier`);
    expect(tag.alternates[0]).toEqual({ type: "application/rss+xml", title: `${HOSTILE.tagLabel} | The Meridian Courier (RSS)`, href: "/tag/water/feed.xml" });
    const section = readPage(await (await get(`${MIRROR}/section/news`)).text());
    expect(section.title).toBe(`${HOSTILE.sectionName} | The Meridian Courier`);
  });
});

import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import type { ArticleRecord } from "../../src/content/record.ts";
import { absoluteLinks } from "../../src/render/feeds/model.ts";
import { FORBIDDEN_IN_XML, HOSTILE, HOSTILE_BODY_TEXT, hostileSite } from "../support/hostile.ts";
import { figureOf, htmlText, metaValues, readPage } from "../support/html.ts";
import { assertWellFormed, parseXml } from "../support/xml.ts";
import { MIRROR, PRIMARY, get, minutesFromNow, prepare, publish, putSite, seedSite } from "./publish.ts";

let story: ArticleRecord;
/** Written past validation, as an older version or a hand edit could: every text field ends in characters XML forbids. */
let legacy: ArticleRecord;

const ID = "tag:meridian-courier.example,2026:article/hostile-story";
const LEGACY_ID = "tag:meridian-courier.example,2026:article/legacy-story";

beforeAll(async () => {
  const site = hostileSite(seedSite());
  await putSite(site);
  const input = {
    headline: HOSTILE.headline,
    standfirst: HOSTILE.standfirst,
    section: "news",
    authors: ["amira-haddad"],
    tags: ["water", "climate"],
    language: "ar",
    status: "published",
    image: { media: "date-palms.svg", alt: HOSTILE.alt, caption: HOSTILE.caption, credit: HOSTILE.credit, width: 1200, height: 675 },
    body: HOSTILE.body,
  };
  story = await prepare({ ...input, published: minutesFromNow(-30) }, "hostile-story", site);
  const base = await prepare({ ...input, published: minutesFromNow(-40) }, "legacy-story", site);
  const image = base.article.image ?? input.image;
  legacy = {
    ...base,
    article: {
      ...base.article,
      headline: base.article.headline + FORBIDDEN_IN_XML,
      standfirst: base.article.standfirst + FORBIDDEN_IN_XML,
      image: { ...image, alt: image.alt + FORBIDDEN_IN_XML, caption: HOSTILE.caption + FORBIDDEN_IN_XML, credit: HOSTILE.credit + FORBIDDEN_IN_XML },
    },
    bodyHtml: `${base.bodyHtml}<p>${FORBIDDEN_IN_XML}</p>\n`,
  };
  await publish(story, legacy);
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
  expect(response.status).toBe(200);
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
      expect(item?.content).toContain(absoluteLinks(story.bodyHtml, MIRROR).trim());
      for (const text of HOSTILE_BODY_TEXT) expect(htmlText(item?.content ?? "")).toContain(text);
      expect(figureOf(item?.content ?? "")).toEqual({
        src: `${MIRROR}/media/date-palms.svg`,
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
    expect(titles.get(`${PRIMARY}/articles/legacy-story`)).toBe(HOSTILE.headline);
    for (const path of ["/sitemap.xml", "/sitemaps/pages.xml", `/sitemaps/articles-${story.article.published.slice(0, 10)}.xml`]) {
      const text = await (await get(`${PRIMARY}${path}`)).text();
      expect(() => assertWellFormed(text), path).not.toThrow();
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

describe("characters XML forbids, in a record written past validation", () => {
  for (const file of ["feed.xml", "atom.xml"]) {
    it(`are dropped from /${file}, which stays well-formed with the rest of the text intact`, async () => {
      const item = (await itemsOf(file)).get(LEGACY_ID);
      expect(item?.title).toBe(HOSTILE.headline);
      expect(item?.summary).toBe(HOSTILE.standfirst);
      expect(figureOf(item?.content ?? "")).toMatchObject({ alt: HOSTILE.alt, credit: HOSTILE.credit });
    });
  }

  it("are kept by the JSON Feed, where they are legal", async () => {
    const item = (await itemsOf("feed.json")).get(LEGACY_ID);
    expect(item?.title).toBe(HOSTILE.headline + FORBIDDEN_IN_XML);
  });

  it("cannot break the article page's JSON-LD either", async () => {
    const page = readPage(await (await get(`${PRIMARY}/articles/legacy-story`)).text());
    expect(page.jsonLd[0]?.headline).toBe(HOSTILE.headline + FORBIDDEN_IN_XML);
  });
});

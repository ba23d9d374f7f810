// What search engines read: titles, descriptions, canonical links, structured data and share cards.

import { describe, expect, it } from "vitest";
import { NEWS_ARTICLE_PROPERTIES, metaValues, readPage } from "../support/html.ts";
import { parseXml } from "../support/xml.ts";
import { shareImageFor, twitterCardFor } from "../../src/render/share-image.ts";
import { MIRROR as MIRROR_HOST, ORIGIN, seedSite, visibleSeedRecords, visit } from "../support/worker.ts";

const PRIMARY = ORIGIN;
const MIRROR = `http://${MIRROR_HOST}`;

/** A page as a crawler in France gets it (served in place on every host): 200 and its HTML. */
async function get(url: string): Promise<Response> {
  const response = await visit(url, { country: "FR" });
  expect(response.status, url).toBe(200);
  return response;
}

/** Every indexable page the sitemaps name, as site-relative paths. */
async function sitemapPaths(): Promise<string[]> {
  const locs = async (url: string) => ((parseXml(await (await get(url)).text()).urlset as { url?: { loc: string }[] }).url ?? []).map((u) => u.loc);
  const index = parseXml(await (await get(`${PRIMARY}/sitemap.xml`)).text()).sitemapindex as { sitemap: { loc: string }[] };
  const all: string[] = [];
  for (const sitemap of index.sitemap) if (!sitemap.loc.endsWith("/news.xml")) all.push(...(await locs(sitemap.loc)));
  return all.map((loc) => loc.slice(PRIMARY.length));
}

describe("every page a search engine is told about", () => {
  it("has a unique title, a meta description and a canonical link to the primary host, even on a mirror", async () => {
    const paths = await sitemapPaths();
    expect(paths.length).toBeGreaterThan(40);
    const titles = new Map<string, string>();
    for (const path of paths) {
      const response = await get(`${MIRROR}${path}`);
      expect(response.status, path).toBe(200);
      const page = readPage(await response.text());
      expect(page.title, path).not.toBe("");
      expect(page.description?.trim(), path).toBeTruthy();
      expect(page.canonical, path).toBe(`${PRIMARY}${path}`);
      expect(metaValues(page, "og:url"), path).toEqual([`${PRIMARY}${path}`]);
      expect(metaValues(page, "og:title").length, path).toBe(1);
      expect(titles.get(page.title), `${path} repeats the title of ${titles.get(page.title)}`).toBeUndefined();
      titles.set(page.title, path);
    }
  });
});

describe("article pages", () => {
  const stories = visibleSeedRecords();

  it("carry NewsArticle with Google's properties and a BreadcrumbList, absolute on the primary host", async () => {
    for (const { article } of stories) {
      const page = readPage(await (await get(`${MIRROR}/articles/${article.slug}`)).text());
      const [news = {}, crumbs = {}] = page.jsonLd;
      for (const property of NEWS_ARTICLE_PROPERTIES) expect(news, `${article.slug}: ${property}`).toHaveProperty(property);
      expect(news.headline).toBe(article.headline);
      expect(news.datePublished).toBe(article.published);
      expect(news.dateModified).toBe(article.updated ?? article.published);
      for (const image of news.image as string[]) expect(image.startsWith(`${PRIMARY}/media/`)).toBe(true);
      const authors = news.author as { name: string; url: string }[];
      expect(authors.map((a) => a.url)).toEqual(article.authors.map((a) => `${PRIMARY}/author/${a}`));
      for (const author of authors) expect(author.name).toBeTruthy();
      expect(news.publisher).toMatchObject({ name: "The Meridian Courier", logo: { url: `${PRIMARY}/media/meridian-logo.svg` } });
      expect(crumbs["@type"]).toBe("BreadcrumbList");
      const items = crumbs.itemListElement as { position: number; item: string }[];
      expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
      expect(items.at(-1)?.item).toBe(`${PRIMARY}/articles/${article.slug}`);
    }
  });

  it("carry share-card tags: the lead picture (or the site's share image), a large card when it is wide enough, times, section and tags", async () => {
    let large = 0;
    for (const { article } of stories) {
      const page = readPage(await (await get(`${PRIMARY}/articles/${article.slug}`)).text());
      const image = shareImageFor(article, seedSite());
      expect(image, article.slug).toBeDefined();
      expect(metaValues(page, "og:type")).toEqual(["article"]);
      expect(metaValues(page, "og:image")).toEqual([`${PRIMARY}/media/${image?.media}`]);
      expect(metaValues(page, "twitter:card")).toEqual([twitterCardFor(image)]);
      if (twitterCardFor(image) === "summary_large_image") large++;
      expect(metaValues(page, "article:published_time")).toEqual([article.published]);
      expect(metaValues(page, "article:modified_time")).toEqual([article.updated ?? article.published]);
      expect(metaValues(page, "article:section")).toHaveLength(1);
      expect(metaValues(page, "article:tag")).toHaveLength(article.tags.length);
    }
    expect(large).toBeGreaterThan(0);
  });

  it("link every byline to the author's page, which lists the author's stories", async () => {
    const { article } = stories.find((r) => r.article.authors.length > 1) ?? { article: undefined };
    expect(article).toBeDefined();
    const html = await (await get(`${PRIMARY}/articles/${article?.slug}`)).text();
    for (const author of article?.authors ?? []) {
      expect(html).toContain(`href="/author/${author}" rel="author"`);
      expect(await (await get(`${PRIMARY}/author/${author}`)).text()).toContain(`/articles/${article?.slug}`);
    }
  });
});

describe("the home page", () => {
  it("carries WebSite and NewsMediaOrganization", async () => {
    const page = readPage(await (await get(`${MIRROR}/`)).text());
    expect(page.jsonLd.map((d) => d["@type"])).toEqual(["WebSite", "NewsMediaOrganization"]);
    expect(page.jsonLd[1]).toMatchObject({ name: "The Meridian Courier", url: `${PRIMARY}/`, logo: { url: `${PRIMARY}/media/meridian-logo.svg` } });
    expect(page.scripts.every((s) => s.type === "application/ld+json")).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { NEWS_MAX_URLS, SITEMAP_MAX_URLS, newsLanguage, renderNewsSitemap, renderRobots, renderSitemapIndex, renderUrlSet } from "../../src/render/sitemaps.ts";
import { FORBIDDEN_IN_XML, HOSTILE } from "../support/hostile.ts";
import { parseXml } from "../support/xml.ts";

const ORIGIN = "https://www.meridian-courier.example";

describe("sitemap documents", () => {
  it("the index lists each sitemap with its lastmod when known", () => {
    const doc = parseXml(
      renderSitemapIndex([{ loc: `${ORIGIN}/sitemaps/pages.xml` }, { loc: `${ORIGIN}/sitemaps/articles-2026-11-20.xml`, lastmod: "2026-11-21T10:00:00Z" }]),
    ) as { sitemapindex: { "@xmlns": string; sitemap: { loc: string; lastmod?: string }[] } };
    expect(doc.sitemapindex["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(doc.sitemapindex.sitemap).toEqual([
      { loc: `${ORIGIN}/sitemaps/pages.xml` },
      { loc: `${ORIGIN}/sitemaps/articles-2026-11-20.xml`, lastmod: "2026-11-21T10:00:00Z" },
    ]);
  });

  it("a URL set carries lastmod and images, and escapes what URLs may contain", () => {
    const doc = parseXml(
      renderUrlSet([
        { loc: `${ORIGIN}/articles/a`, lastmod: "2026-11-20T08:30:00Z", images: [`${ORIGIN}/media/a.png`] },
        { loc: `${ORIGIN}/search?q=a&b=<c>` },
      ]),
    ) as { urlset: { url: Record<string, unknown>[] } };
    expect(doc.urlset.url).toEqual([
      { loc: `${ORIGIN}/articles/a`, lastmod: "2026-11-20T08:30:00Z", "image:image": [{ "image:loc": `${ORIGIN}/media/a.png` }] },
      { loc: `${ORIGIN}/search?q=a&b=<c>` },
    ]);
  });

  it("never holds more than 50,000 URLs", () => {
    const many = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => ({ loc: `${ORIGIN}/articles/a-${i}` }));
    expect(renderUrlSet(many).match(/<url>/g)).toHaveLength(SITEMAP_MAX_URLS);
  });

  it("the news sitemap names the publication, language, date and title, hostile text intact", () => {
    const doc = parseXml(
      renderNewsSitemap("The Meridian Courier", [
        { loc: `${ORIGIN}/articles/a`, title: HOSTILE.headline + FORBIDDEN_IN_XML, language: "ar", published: "2026-11-24T10:00:00Z" },
      ]),
    ) as { urlset: { "@xmlns:news": string; url: { loc: string; "news:news": Record<string, unknown> }[] } };
    expect(doc.urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    expect(doc.urlset.url[0]?.["news:news"]).toEqual({
      "news:publication": { "news:name": "The Meridian Courier", "news:language": "ar" },
      "news:publication_date": "2026-11-24T10:00:00Z",
      "news:title": HOSTILE.headline,
    });
  });

  it("the news sitemap stops at 1,000 articles", () => {
    const many = Array.from({ length: NEWS_MAX_URLS + 5 }, (_, i) => ({
      loc: `${ORIGIN}/articles/a-${i}`,
      title: "t",
      language: "en",
      published: "2026-11-24T10:00:00Z",
    }));
    expect(renderNewsSitemap("P", many).match(/<url>/g)).toHaveLength(NEWS_MAX_URLS);
  });

  it("languages are written the way Google News asks", () => {
    expect(["en-GB", "ar", "fa", "zh-Hant-TW", "zh-CN", "zh"].map(newsLanguage)).toEqual(["en", "ar", "fa", "zh-tw", "zh-cn", "zh-cn"]);
  });

  it("robots.txt allows everything and names the sitemap index", () => {
    const robots = renderRobots(`${ORIGIN}/sitemap.xml`);
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toMatch(/^Allow: \/$/m);
    expect(robots).not.toMatch(/^Disallow/m);
    expect(robots).toMatch(new RegExp(`^Sitemap: ${ORIGIN}/sitemap.xml$`, "m"));
  });
});

// Documents for crawlers (src/render/sitemaps.ts, xml.ts, json-ld.ts): sitemaps and robots.txt as
// written, the XML escaping behind them, and the JSON-LD blocks search engines read.

import { describe, expect, it } from "vitest";
import type { ReaderRecord } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { articleJsonLd, homeJsonLd, jsonForScript, jsonLd, organization } from "../../src/render/json-ld.ts";
import {
  NEWS_MAX_URLS,
  NEWS_WINDOW_MS,
  SITEMAP_MAX_URLS,
  newsLanguage,
  renderNewsSitemap,
  renderRobots,
  renderSitemapIndex,
  renderUrlSet,
} from "../../src/render/sitemaps.ts";
import { XML_DECLARATION, escapeXml, xml, xmlChars } from "../../src/render/xml.ts";

const ORIGIN = "https://news.example";

describe("sitemaps", () => {
  it("writes the index, each sitemap with its lastmod when known", () => {
    expect(
      renderSitemapIndex([{ loc: `${ORIGIN}/sitemaps/pages.xml` }, { loc: `${ORIGIN}/sitemaps/articles-2026-11-20.xml`, lastmod: "2026-11-21" }]),
    ).toBe(`<?xml version="1.0" encoding="utf-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemaps/pages.xml</loc></sitemap>
<sitemap><loc>https://news.example/sitemaps/articles-2026-11-20.xml</loc><lastmod>2026-11-21</lastmod></sitemap>
</sitemapindex>
`);
    expect(renderSitemapIndex([])).toBe(`${XML_DECLARATION}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</sitemapindex>\n`);
  });

  it("writes a URL set with lastmod and images, escaping what URLs hold", () => {
    expect(
      renderUrlSet([
        { loc: `${ORIGIN}/articles/a`, lastmod: "2026-11-20T08:30:00Z", images: [`${ORIGIN}/media/a.png`, `${ORIGIN}/media/b.png`] },
        { loc: `${ORIGIN}/search?q=a&b=<c>` },
      ]),
    ).toBe(`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>https://news.example/articles/a</loc><lastmod>2026-11-20T08:30:00Z</lastmod><image:image><image:loc>https://news.example/media/a.png</image:loc></image:image><image:image><image:loc>https://news.example/media/b.png</image:loc></image:image></url>
<url><loc>https://news.example/search?q=a&amp;b=&lt;c&gt;</loc></url>
</urlset>
`);
  });

  it("keeps to the protocol's limits", () => {
    expect(SITEMAP_MAX_URLS).toBe(50_000);
    expect(NEWS_MAX_URLS).toBe(1_000);
    expect(NEWS_WINDOW_MS).toBe(172_800_000);
    const refs = Array.from({ length: SITEMAP_MAX_URLS + 1 }, (_, i) => ({ loc: `s${i}` }));
    expect(renderSitemapIndex(refs).match(/<sitemap>/g)).toHaveLength(SITEMAP_MAX_URLS);
    expect(renderUrlSet(refs).match(/<url>/g)).toHaveLength(SITEMAP_MAX_URLS);
  });

  it("writes the news sitemap with publication, language, date and title", () => {
    expect(
      renderNewsSitemap("The Courier & Co", [
        { loc: `${ORIGIN}/articles/a`, title: "Rain <returns>", language: "en-GB", published: "2026-11-24T10:00:00Z" },
        { loc: `${ORIGIN}/articles/b`, title: "B", language: "zh-TW", published: "2026-11-24T11:00:00Z" },
      ]),
    ).toBe(`<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/articles/a</loc><news:news><news:publication><news:name>The Courier &amp; Co</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-11-24T10:00:00Z</news:publication_date><news:title>Rain &lt;returns&gt;</news:title></news:news></url>
<url><loc>https://news.example/articles/b</loc><news:news><news:publication><news:name>The Courier &amp; Co</news:name><news:language>zh-tw</news:language></news:publication><news:publication_date>2026-11-24T11:00:00Z</news:publication_date><news:title>B</news:title></news:news></url>
</urlset>
`);
    const many = Array.from({ length: NEWS_MAX_URLS + 1 }, (_, i) => ({ loc: `u${i}`, title: "t", language: "en", published: "p" }));
    expect(renderNewsSitemap("P", many).match(/<url>/g)).toHaveLength(NEWS_MAX_URLS);
  });

  it("names languages as Google News does, Chinese by script or region", () => {
    const cases: [string, string][] = [
      ["en-GB", "en"],
      ["AR", "ar"],
      ["zh", "zh-cn"],
      ["zh-Hans", "zh-cn"],
      ["zh-Hant", "zh-tw"],
      ["zh-Hant-TW", "zh-tw"],
      ["zh-TW", "zh-tw"],
      ["zh-HK", "zh-tw"],
      ["zh-MO", "zh-tw"],
      ["zh-hk-x", "zh-tw"],
      ["zh-hkx", "zh-cn"],
      ["zh-xhant", "zh-cn"],
      ["zhx-tw", "zhx"],
    ];
    for (const [tag, expected] of cases) expect(newsLanguage(tag), tag).toBe(expected);
  });

  it("writes robots.txt allowing everything and naming the sitemap index on one line", () => {
    expect(renderRobots(`${ORIGIN}/sitemap.xml`)).toBe(`# Every page may be crawled and indexed. Mirrors carry canonical links to the main address.
User-agent: *
Allow: /

Sitemap: https://news.example/sitemap.xml
`);
    expect(renderRobots(`${ORIGIN}/sitemap.xml\r\nDisallow: /\n`)).toContain("Sitemap: https://news.example/sitemap.xmlDisallow: /\n");
  });
});

describe("xml", () => {
  it("escapes markup characters and carriage returns, and leaves apostrophes", () => {
    expect(escapeXml(`<a href="x">&'</a>\r\n`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;'&lt;/a&gt;&#13;\n");
  });

  it("drops forbidden characters at the edges of their ranges and keeps their neighbours", () => {
    expect(xmlChars("\u0000\u0008\t\n\u000b\u000c\r\u000e\u001f \ud7ff\ue000\ufffd\ufffe\uffff")).toBe("\t\n\r \ud7ff\ue000\ufffd");
    expect(xmlChars("a\udbff\udfffb\udbffc\udfffd")).toBe("a\udbff\udfffbcd");
  });

  it("builds documents from strings, numbers, nested XML and lists", () => {
    expect(xml`${"a"}b${1}c${[xml`<d/>`, "<"]}`.value).toBe("ab1c<d/>&lt;");
    expect(xml`x`.value).toBe("x");
    expect(String(xml`<t>${0}</t>`)).toBe("<t>0</t>");
  });
});

const SITE: SiteConfig = {
  name: "Meridian",
  tagline: "",
  description: "News & views",
  language: "en",
  sections: [
    { slug: "news", name: "News" },
    { slug: "news/europe", name: "Europe" },
  ],
  authors: [{ slug: "amira", name: "Amira Haddad" }],
  tags: { rail: "Railways" },
};

const RECORD: ReaderRecord = {
  article: {
    slug: "rain",
    headline: "Rain </script>",
    standfirst: "It rains",
    section: "news/europe",
    authors: ["amira", "gone"],
    tags: ["rail", "water-rights"],
    language: "en-GB",
    published: "2026-11-24T10:00:00Z",
    status: "published",
    image: { media: "lead.png", alt: "Lead", width: 1600, height: 900 },
  },
  bodyHtml: "<p>x</p>",
  words: 420,
  media: [],
  version: "v",
};

const blocks = (markup: string) =>
  [...markup.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>\n/g)].map((m) => JSON.parse(m[1] ?? "null") as Record<string, unknown>);

describe("JSON-LD", () => {
  it("escapes what could end a script or a string, and reads back exactly", () => {
    const value = { t: "</script><!-- & \u2028\u2029 >" };
    expect(jsonForScript(value)).toBe('{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}');
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
    expect(jsonLd({ "@type": "Thing" }).value).toBe('<script type="application/ld+json">{"@context":"https://schema.org","@type":"Thing"}</script>\n');
  });

  it("names the publisher with its logo, or the favicon without one", () => {
    expect(organization(SITE, ORIGIN)).toEqual({
      "@type": "NewsMediaOrganization",
      "@id": "https://news.example/#organization",
      name: "Meridian",
      url: "https://news.example/",
      logo: { "@type": "ImageObject", url: "https://news.example/favicon.svg" },
    });
    expect(organization({ ...SITE, logo: "logo.png" }, ORIGIN).logo).toEqual({ "@type": "ImageObject", url: "https://news.example/media/logo.png" });
  });

  it("describes the home page as a website and its publisher", () => {
    expect(blocks(homeJsonLd(SITE, ORIGIN).value)).toEqual([
      {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": "https://news.example/#website",
        name: "Meridian",
        url: "https://news.example/",
        description: "News & views",
        inLanguage: "en",
        publisher: { "@id": "https://news.example/#organization" },
      },
      { "@context": "https://schema.org", ...organization(SITE, ORIGIN), description: "News & views" },
    ]);
  });

  it("describes an article and its breadcrumb trail", () => {
    expect(blocks(articleJsonLd(SITE, ORIGIN, RECORD).value)).toEqual([
      {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": "https://news.example/articles/rain#article",
        mainEntityOfPage: "https://news.example/articles/rain",
        url: "https://news.example/articles/rain",
        headline: "Rain </script>",
        description: "It rains",
        image: ["https://news.example/media/lead.png"],
        datePublished: "2026-11-24T10:00:00Z",
        dateModified: "2026-11-24T10:00:00Z",
        inLanguage: "en-GB",
        author: [
          { "@type": "Person", name: "Amira Haddad", url: "https://news.example/author/amira" },
          { "@type": "Person", name: "gone", url: "https://news.example/author/gone" },
        ],
        publisher: organization(SITE, ORIGIN),
        articleSection: "Europe",
        keywords: ["Railways", "Water rights"],
        wordCount: 420,
        isAccessibleForFree: true,
      },
      {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        itemListElement: [
          { "@type": "ListItem", position: 1, name: "Home", item: "https://news.example/" },
          { "@type": "ListItem", position: 2, name: "News", item: "https://news.example/section/news" },
          { "@type": "ListItem", position: 3, name: "Europe", item: "https://news.example/section/news/europe" },
          { "@type": "ListItem", position: 4, name: "Rain </script>", item: "https://news.example/articles/rain" },
        ],
      },
    ]);
  });

  it("dates a change, leaves out empty keywords, and names unknown sections by path", () => {
    const { image: _, ...noImage } = RECORD.article;
    const record: ReaderRecord = { ...RECORD, article: { ...noImage, updated: "2026-11-25T00:00:00Z", tags: [], section: "gone/away" } };
    const [article, trail] = blocks(articleJsonLd(SITE, ORIGIN, record).value);
    expect(article).toMatchObject({ dateModified: "2026-11-25T00:00:00Z", articleSection: "gone/away", image: ["https://news.example/favicon.svg"] });
    expect(article).not.toHaveProperty("keywords");
    expect(trail?.itemListElement).toEqual([
      { "@type": "ListItem", position: 1, name: "Home", item: "https://news.example/" },
      { "@type": "ListItem", position: 2, name: "gone", item: "https://news.example/section/gone" },
      { "@type": "ListItem", position: 3, name: "gone/away", item: "https://news.example/section/gone/away" },
      { "@type": "ListItem", position: 4, name: "Rain </script>", item: "https://news.example/articles/rain" },
    ]);
  });

  it("pictures an article by its preview image, its own lead whatever the format, the site logo, or the favicon", () => {
    const image = (article: Partial<ReaderRecord["article"]>, site = SITE) =>
      blocks(articleJsonLd(site, ORIGIN, { ...RECORD, article: { ...RECORD.article, ...article } }).value)[0]?.image;
    const svg = { media: "chart.svg", alt: "Chart", width: 800, height: 600 };
    expect(image({ image: svg })).toEqual(["https://news.example/media/chart.svg"]);
    expect(image({ image: svg }, { ...SITE, shareImage: { media: "share.png", alt: "s", width: 1200, height: 630 } })).toEqual([
      "https://news.example/media/share.png",
    ]);
    const { image: _, ...noImage } = RECORD.article;
    expect(blocks(articleJsonLd({ ...SITE, logo: "logo.svg" }, ORIGIN, { ...RECORD, article: noImage }).value)[0]?.image).toEqual([
      "https://news.example/media/logo.svg",
    ]);
  });
});

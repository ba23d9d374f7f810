// Property tests over the renderers: for arbitrary text in every field an editor controls (markup,
// script end tags, CDATA ends, entities, bidi controls, emoji, Markdown of any shape), every page parses
// without error and without active content, every feed and sitemap is well-formed XML, every JSON
// document parses, and each field reads back exactly as written. Records written past validation
// (any character at all) still give well-formed XML and valid JSON.

import { parseAtomFeed, parseRssFeed } from "feedsmith";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feedItemOf } from "../../src/content/feed-item.ts";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { type ArticleRecord, prepareRecord, summaryOf } from "../../src/content/record.ts";
import { renderAtom } from "../../src/render/feeds/atom.ts";
import { renderJsonFeed } from "../../src/render/feeds/json-feed.ts";
import { feedDocument } from "../../src/render/feeds/model.ts";
import { renderRss } from "../../src/render/feeds/rss.ts";
import type { Chrome } from "../../src/render/layout.ts";
import { renderArticlePage } from "../../src/render/pages/article.ts";
import { renderHomePage } from "../../src/render/pages/home.ts";
import { renderListingPage } from "../../src/render/pages/listing.ts";
import { renderNewsSitemap } from "../../src/render/sitemaps.ts";
import { xmlChars } from "../../src/render/xml.ts";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";
import { activeContent, elementTexts, metaValues, parseErrors, readPage } from "../support/html.ts";
import { seedSite } from "../support/site.ts";
import { assertWellFormed, parseXml } from "../support/xml.ts";

const site = seedSite();
const ORIGIN = "https://meridian-mirror.example";
const chrome: Chrome = { site, mirrors: [], canonicalOrigin: "https://www.meridian-courier.example" };
const params = fuzzParams(200);

/** Pieces that break documents that do not escape, mixed with any printable text. */
const BREAKERS = [
  "<",
  ">",
  "&",
  '"',
  "'",
  "`",
  "</script>",
  "<script>alert(1)</script>",
  "<!--",
  "-->",
  "]]>",
  "<![CDATA[",
  "&amp;",
  "&#x3C;",
  "&lt;",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  '" onmouseover="alert(1)',
  "\u2028",
  "\u2029",
  "\u202E",
  "\u200B",
  "\u00A0",
  "👩‍👩‍👧",
  "e\u0301",
  "ﷺ",
  "\\",
  "$" + "{x}",
  "{{x}}",
];

const piece = fc.oneof(fc.constantFrom(...BREAKERS), fc.string({ unit: "grapheme", maxLength: 6 }));
/** A single-line field as validation accepts it: trimmed, non-empty, short. */
const line = (pieces: number) =>
  fc
    .array(piece, { minLength: 1, maxLength: pieces })
    .map((parts) => parts.join("").trim())
    .filter((text) => text.length > 0 && text.length <= 150);

const MARKDOWN = [
  "# ",
  "## ",
  "*",
  "_",
  "**",
  "[",
  "](",
  ")",
  "`",
  "```\n",
  "\n",
  "\n\n",
  "> ",
  "- ",
  "1. ",
  "|",
  "---",
  "<a href=",
  "](javascript:x)",
  "](https://example.org/a?b=1&c=2)",
  "](/articles/x)",
  "![",
  "](/media/flood.png)",
  "[![",
  "](/media/flood.png)](/articles/x)",
  "<",
  ">",
  "&",
];
const markdown = fc.array(fc.oneof(fc.constantFrom(...MARKDOWN), piece), { minLength: 1, maxLength: 40 }).map((parts) => parts.join(""));

const fieldsArb = fc.record({ headline: line(8), standfirst: line(12), alt: line(6), caption: line(6), credit: line(4), body: markdown });

async function recordOf(fields: {
  headline: string;
  standfirst: string;
  alt: string;
  caption: string;
  credit: string;
  body: string;
}): Promise<ArticleRecord | undefined> {
  const { alt, caption, credit, ...text } = fields;
  const prepared = await prepareRecord(
    {
      ...text,
      image: { media: "flood.png", alt, caption, credit, width: 1200, height: 675 },
      section: "news/middle-east",
      authors: ["amira-haddad"],
      tags: ["water"],
      language: "en",
      published: "2026-11-24T10:00:00Z",
      status: "published",
    },
    "property-story",
    site,
    renderMarkdown,
  );
  return prepared.ok ? prepared.value : undefined;
}

describe("renderer properties", () => {
  it(
    "article pages: parse cleanly, nothing active, every field reads back exactly",
    async () => {
      await fc.assert(
        fc.asyncProperty(fieldsArb, async (fields) => {
          const record = await recordOf(fields);
          fc.pre(record !== undefined);
          if (!record) return;
          const html = renderArticlePage(chrome, { record, related: [] });
          expect(parseErrors(html)).toEqual([]);
          expect(activeContent(html)).toEqual([]);
          const page = readPage(html);
          expect(page.title).toBe(`${fields.headline} | ${site.name}`);
          expect(elementTexts(html, "h1")).toEqual([fields.headline]);
          expect(page.jsonLd[0]).toMatchObject({ headline: fields.headline, description: fields.standfirst });
          expect(metaValues(page, "og:title")).toEqual([fields.headline]);
          expect(metaValues(page, "og:image:alt")).toEqual([fields.alt]);

          const lite = renderArticlePage({ ...chrome, lite: true }, { record, related: [] });
          expect(parseErrors(lite)).toEqual([]);
          expect(activeContent(lite)).toEqual([]);
          expect(elementTexts(lite, "img")).toEqual([]);
          expect(elementTexts(lite, "h1")).toEqual([fields.headline]);
          expect(elementTexts(lite, "a")).toContain(`Image: ${fields.alt} (view)`);
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "listing and home pages: parse cleanly, nothing active, the headline is a link's text",
    async () => {
      await fc.assert(
        fc.asyncProperty(fieldsArb, line(4), async (fields, listingTitle) => {
          const record = await recordOf(fields);
          fc.pre(record !== undefined);
          if (!record) return;
          const story = summaryOf(record.article);
          const listing = renderListingPage(chrome, {
            kind: "Topic",
            title: listingTitle,
            description: fields.standfirst,
            path: "/tag/water",
            stories: [story],
            page: 2,
            pages: 3,
          });
          const home = renderHomePage(chrome, { latest: [story], blocks: [] });
          for (const html of [listing, home]) {
            expect(parseErrors(html)).toEqual([]);
            expect(activeContent(html)).toEqual([]);
            expect(elementTexts(html, "a")).toContain(fields.headline);
          }
          expect(elementTexts(listing, "h1")).toEqual([`${listingTitle}, page 2`]);
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "RSS, Atom, JSON Feed and the news sitemap: well-formed, each field exactly as written",
    async () => {
      await fc.assert(
        fc.asyncProperty(fieldsArb, line(4), async (fields, feedTitle) => {
          const record = await recordOf(fields);
          fc.pre(record !== undefined);
          if (!record) return;
          const doc = feedDocument(
            site,
            ORIGIN,
            { listingPath: "/tag/water", title: feedTitle, description: fields.standfirst },
            [feedItemOf(record)],
            "2026-11-25T09:30:00Z",
          );
          const rss = renderRss(doc);
          const atom = renderAtom(doc);
          assertWellFormed(rss);
          assertWellFormed(atom);
          const rssFeed = parseRssFeed(rss);
          expect(rssFeed.title).toBe(feedTitle);
          expect(rssFeed.items?.[0]?.title).toBe(fields.headline);
          expect(rssFeed.items?.[0]?.description).toBe(fields.standfirst);
          const atomFeed = parseAtomFeed(atom);
          expect(atomFeed.entries?.[0]?.title?.value).toBe(fields.headline);
          const json = JSON.parse(renderJsonFeed(doc)) as { title: string; items: { title: string; summary: string }[] };
          expect(json.title).toBe(feedTitle);
          expect(json.items[0]).toMatchObject({ title: fields.headline, summary: fields.standfirst });
          const news = parseXml(
            renderNewsSitemap(feedTitle, [{ loc: `${ORIGIN}/articles/x`, title: fields.headline, language: "en", published: "2026-11-24T10:00:00Z" }]),
          ) as {
            urlset: { url: { "news:news": { "news:title": string; "news:publication": { "news:name": string } } }[] };
          };
          expect(news.urlset.url[0]?.["news:news"]["news:title"]).toBe(fields.headline);
          expect(news.urlset.url[0]?.["news:news"]["news:publication"]["news:name"]).toBe(feedTitle);
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "records written past validation (any character at all): feeds stay well-formed, JSON stays valid, pages stay inert",
    async () => {
      const base = await recordOf({ headline: "x", standfirst: "y", alt: "a", caption: "c", credit: "d", body: "b" });
      if (!base) throw new Error("the base record must be valid");
      const anyText = fc.string({ unit: "binary", maxLength: 40 });
      fc.assert(
        fc.property(anyText, anyText, anyText, (headline, standfirst, alt) => {
          const image = base.article.image;
          if (!image) throw new Error("the base record has an image");
          const record: ArticleRecord = { ...base, article: { ...base.article, headline, standfirst, image: { ...image, alt } } };
          const doc = feedDocument(site, ORIGIN, { listingPath: "/", title: headline, description: standfirst }, [feedItemOf(record)], "2026-11-25T09:30:00Z");
          assertWellFormed(renderRss(doc));
          assertWellFormed(renderAtom(doc));
          const json = JSON.parse(renderJsonFeed(doc)) as { items: { title: string }[] };
          expect(json.items[0]?.title).toBe(headline);
          const news = renderNewsSitemap(site.name, [{ loc: `${ORIGIN}/articles/x`, title: headline, language: "en", published: "2026-11-24T10:00:00Z" }]);
          assertWellFormed(news);
          expect(parseRssFeed(renderRss(doc)).items?.[0]?.title ?? "").toBe(xmlChars(headline).trim());
          const html = renderArticlePage(chrome, { record, related: [] });
          expect(activeContent(html)).toEqual([]);
          expect(readPage(html).jsonLd[0]?.headline).toBe(headline);
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );
});

// The lite edition (Save-Data or ?lite=1): every page kind without pictures, with its own small
// stylesheet, the same stories and links as the full page, and within its size budget. Sizes are
// gzip at zlib's default level (6), what a server or CDN typically applies on the fly.

import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderArticlePage } from "../../src/render/pages/article.ts";
import { renderErrorPage } from "../../src/render/pages/error.ts";
import { renderHomePage } from "../../src/render/pages/home.ts";
import { renderLatestPage, renderListingPage } from "../../src/render/pages/listing.ts";
import { renderMirrorsPage } from "../../src/render/pages/mirrors.ts";
import { renderNotFoundPage } from "../../src/render/pages/not-found.ts";
import { liteBody } from "../../src/render/lite.ts";
import { LITE_STYLESHEET, STYLESHEET } from "../../src/render/styles.ts";
import { activeContent, parseErrors } from "../support/html.ts";
import { chrome, homeData, liteChrome, longArticle, published, summaries } from "./seed-pages.ts";

const gzipBytes = (html: string) => gzipSync(Buffer.from(html, "utf8")).byteLength;

/** Links to stories, sections, topics, authors and the site's other pages: what both editions must offer alike. */
function siteLinks(html: string): Set<string> {
  const hrefs = [...html.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? "");
  return new Set(hrefs.filter((h) => /^\/(articles|section|tag|author|page|mirrors|editions)\b|^\/$/.test(h) || /^https?:/.test(h)));
}

const long = await longArticle(1500);
const story = published.find((r) => r.article.image && r.bodyHtml.includes("<img")) ?? long;
const listing = {
  kind: "Section",
  title: "Business",
  description: "Business stories.",
  path: "/section/business",
  stories: summaries.slice(0, 20),
  page: 2,
  pages: 3,
};
const pages: Record<string, (lite: boolean) => string> = {
  home: (lite) => renderHomePage(lite ? liteChrome : chrome, homeData),
  article: (lite) => renderArticlePage(lite ? liteChrome : chrome, { record: story, related: summaries.slice(0, 4) }),
  listing: (lite) => renderListingPage(lite ? liteChrome : chrome, listing),
  latest: (lite) => renderLatestPage(lite ? liteChrome : chrome, { page: 2, pages: 2, stories: summaries.slice(10, 30) }),
  mirrors: (lite) => renderMirrorsPage(lite ? liteChrome : chrome, { help: { emailAddress: "mirrors@meridian-courier.example", editions: true } }),
  "not found": (lite) => renderNotFoundPage(lite ? liteChrome : chrome, summaries.slice(0, 6)),
  error: (lite) => renderErrorPage(503, "Temporarily unavailable", "Try again in a minute.", "The Meridian Courier", lite),
};

describe("lite pages", () => {
  for (const [kind, render] of Object.entries(pages)) {
    it(`${kind}: no <img>, the lite stylesheet only, parses cleanly, nothing active`, () => {
      const lite = render(true);
      expect(lite).not.toMatch(/<img\b/i);
      expect(lite).toContain(`<style>${LITE_STYLESHEET}</style>`);
      expect(lite).not.toContain(STYLESHEET);
      expect(lite.match(/<style>/g)).toHaveLength(1);
      expect(parseErrors(lite)).toEqual([]);
      expect(activeContent(lite)).toEqual([]);
    });

    it(`${kind}: the same story, section, topic, author and address links as the full page`, () => {
      expect(siteLinks(render(true))).toEqual(siteLinks(render(false)));
    });
  }

  it("the full edition links to the lite one, and the lite one back (relative links keep the page's path on every host)", () => {
    expect(pages.home?.(false)).toContain('<a href="?lite=1">Lite edition (text only, less data)</a>');
    expect(pages.home?.(true)).toContain('<a href="?lite=0">Full edition</a>');
    expect(pages.error?.(true)).toContain('<a href="?lite=0">Full edition</a>');
  });

  it("an article's pictures become their alt text and a link to the file; captions stay", () => {
    const lite = pages.article?.(true) ?? "";
    const image = story.article.image;
    expect(lite).toContain(`<a class="image-link" href="/media/${image?.media}">Image: `);
    if (image?.caption) expect(lite).toContain(image.caption);
    for (const [, src] of story.bodyHtml.matchAll(/<img src="([^"]+)"/g)) expect(lite).toContain(`<a class="image-link" href="${src}">Image: `);
  });

  it("lite pages carry no share-card tags and no JSON-LD; the canonical link names the full page", () => {
    const lite = pages.article?.(true) ?? "";
    expect(lite).not.toContain('property="og:');
    expect(lite).not.toContain("application/ld+json");
    expect(lite).toContain(`<link rel="canonical" href="https://www.meridian-courier.example/articles/${story.article.slug}">`);
  });

  it("a picture inside a link becomes plain text: links do not nest", () => {
    const body =
      '<p><a href="/articles/x"><img src="/media/a.png" alt="A &amp; B" loading="lazy" decoding="async"></a> and <img src="/media/b.png" alt="C"></p>';
    expect(liteBody(body)).toBe('<p><a href="/articles/x">[Image: A &amp; B]</a> and <a class="image-link" href="/media/b.png">Image: C (view)</a></p>');
  });
});

describe("lite size budgets (gzip, default level 6)", () => {
  it(`a ${long.words}-word article is at most 8 KB`, () => {
    expect(long.words).toBeGreaterThanOrEqual(1500);
    const lite = renderArticlePage(liteChrome, { record: long, related: summaries.slice(0, 4) });
    const size = gzipBytes(lite);
    console.info(
      `lite article (${long.words} words): ${size} bytes gzip, ${Buffer.byteLength(lite)} raw; full: ${gzipBytes(renderArticlePage(chrome, { record: long, related: summaries.slice(0, 4) }))} gzip`,
    );
    expect(size).toBeLessThanOrEqual(8 * 1024);
  });

  it("the home page of the seed is at most 6 KB", () => {
    const lite = renderHomePage(liteChrome, homeData);
    const size = gzipBytes(lite);
    console.info(
      `lite home (${homeData.latest.length} latest, ${homeData.blocks.reduce((n, b) => n + b.stories.length, 0)} in section blocks): ${size} bytes gzip, ${Buffer.byteLength(lite)} raw; full: ${gzipBytes(renderHomePage(chrome, homeData))} gzip`,
    );
    expect(size).toBeLessThanOrEqual(6 * 1024);
  });
});

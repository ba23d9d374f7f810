// Numbered listing pages: URLs (/section/news/page/2, /page/2), their parser, the pager, and listing
// pages that name their own page (canonical, title, noindex after the first).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_LISTING_PAGE, parseListingPage, urls } from "../../src/content/urls.ts";
import { pager } from "../../src/render/components.ts";
import { renderHomePage } from "../../src/render/pages/home.ts";
import { renderLatestPage, renderListingPage } from "../../src/render/pages/listing.ts";
import { readPage } from "../support/html.ts";
import { CANONICAL, chrome, homeData, summaries } from "./seed-pages.ts";

describe("listing page URLs", () => {
  it("page 1 is the listing itself; later pages add /page/N; the whole site's are /page/N", () => {
    expect(urls.listingPage("/section/news", 1)).toBe("/section/news");
    expect(urls.listingPage("/section/news/europe", 2)).toBe("/section/news/europe/page/2");
    expect(urls.listingPage("/tag/water", 3)).toBe("/tag/water/page/3");
    expect(urls.listingPage("/author/amira-haddad", 2)).toBe("/author/amira-haddad/page/2");
    expect(urls.listingPage("/", 1)).toBe("/");
    expect(urls.listingPage("/", 2)).toBe("/page/2");
  });

  it("parses them back, and refuses malformed numbers", () => {
    expect(parseListingPage("/section/news/page/2")).toEqual({ listingPath: "/section/news", page: 2 });
    expect(parseListingPage("/page/7")).toEqual({ listingPath: "/", page: 7 });
    expect(parseListingPage("/tag/water")).toEqual({ listingPath: "/tag/water", page: 1 });
    expect(parseListingPage("/section/page")).toEqual({ listingPath: "/section/page", page: 1 });
    expect(parseListingPage("/section/page/page/2")).toEqual({ listingPath: "/section/page", page: 2 });
    expect(parseListingPage("/page/1")).toEqual({ listingPath: "/", page: 1 });
    for (const bad of ["/page/0", "/page/02", "/page/x", "/tag/water/page/", "/tag/water/page/-1", "/page/1.5", `/page/${MAX_LISTING_PAGE + 1}`]) {
      expect(parseListingPage(bad), bad).toBeUndefined();
    }
  });

  it("round-trips every listing and page number", () => {
    const segment = fc.stringMatching(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).filter((s) => s !== "page");
    const listing = fc.oneof(
      fc.constant("/"),
      fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => `/section/${parts.join("/")}`),
      segment.map((s) => `/tag/${s}`),
      segment.map((s) => `/author/${s}`),
    );
    fc.assert(
      fc.property(listing, fc.integer({ min: 1, max: MAX_LISTING_PAGE }), (path, n) => {
        expect(parseListingPage(urls.listingPage(path, n))).toEqual({ listingPath: path, page: n });
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

describe("pager", () => {
  const links = (html: string) => [...html.matchAll(/<a href="([^"]+)" rel="(prev|next)">/g)].map((m) => [m[2], m[1]]);

  it("nothing for a single page", () => {
    expect(pager("/section/news", { page: 1, pages: 1 }).value).toBe("");
  });

  it("first, middle and last pages: the links they need and where they are", () => {
    const first = pager("/section/news", { page: 1, pages: 3 }).value;
    expect(links(first)).toEqual([["next", "/section/news/page/2"]]);
    expect(first).toContain("Page 1 of 3");
    const middle = pager("/section/news", { page: 2, pages: 3 }).value;
    expect(links(middle)).toEqual([
      ["prev", "/section/news"],
      ["next", "/section/news/page/3"],
    ]);
    expect(middle).toContain("Page 2 of 3");
    expect(links(pager("/section/news", { page: 3, pages: 3 }).value)).toEqual([["prev", "/section/news/page/2"]]);
    expect(links(pager("/", { page: 2, pages: 2 }).value)).toEqual([["prev", "/"]]);
  });
});

describe("numbered listing pages", () => {
  const page = (n: number) =>
    renderListingPage(chrome, {
      kind: "Section",
      title: "News",
      description: "The news.",
      path: "/section/news",
      stories: summaries.slice(0, 3),
      page: n,
      pages: 4,
    });

  it("each page's canonical is its own path; its title names the page; only the first is for search engines", () => {
    const first = readPage(page(1));
    expect(first.canonical).toBe(`${CANONICAL}/section/news`);
    expect(first.title).toBe("News | The Meridian Courier");
    expect(page(1)).not.toContain('name="robots"');
    const third = readPage(page(3));
    expect(third.canonical).toBe(`${CANONICAL}/section/news/page/3`);
    expect(third.title).toBe("News, page 3 | The Meridian Courier");
    expect(page(3)).toContain('<meta name="robots" content="noindex, follow">');
    expect(page(3)).toContain("<h1>News, page 3</h1>");
  });

  it("/page/N lists the whole site's older stories, back to the home page", () => {
    const html = renderLatestPage(chrome, { page: 2, pages: 5, stories: summaries.slice(10, 20) });
    expect(readPage(html).canonical).toBe(`${CANONICAL}/page/2`);
    expect(html).toContain('<a href="/" rel="prev">');
    expect(html).toContain('<a href="/page/3" rel="next">');
    expect(html).toContain('<meta name="robots" content="noindex, follow">');
  });

  it("the home page leads on to /page/2 when there are older stories", () => {
    expect(renderHomePage(chrome, homeData)).toContain('<a href="/page/2" rel="next">');
    expect(renderHomePage(chrome, { ...homeData, pages: 1 })).not.toContain('rel="next"');
  });
});

// Site links and what a path names (src/content/urls.ts): every address a page links to, feed ids, and the
// paths served on every host.

import { describe, expect, it } from "vitest";
import { FEED_FILES, MAX_LISTING_PAGE, absolute, feedFormatOf, feedIds, isApiPath, isRegionExempt, parseListingPage, urls } from "../../src/content/urls.ts";

describe("urls", () => {
  it("builds each site link", () => {
    expect(urls.home()).toBe("/");
    expect(urls.article("rain-returns")).toBe("/articles/rain-returns");
    expect(urls.section("news/europe")).toBe("/section/news/europe");
    expect(urls.tag("water")).toBe("/tag/water");
    expect(urls.author("amira-haddad")).toBe("/author/amira-haddad");
    expect(urls.media("harbour.svg")).toBe("/media/harbour.svg");
    expect(urls.mirrors()).toBe("/mirrors");
    expect(urls.mirrorsJson()).toBe("/.well-known/mirrors.json");
    expect(urls.editions()).toBe("/editions");
    expect(urls.edition("2026-11-25")).toBe("/editions/2026-11-25.html");
    expect(urls.editionEpub("2026-11-25")).toBe("/editions/2026-11-25.epub");
    expect(urls.favicon()).toBe("/favicon.svg");
    expect(urls.robots()).toBe("/robots.txt");
    expect(urls.sitemapIndex()).toBe("/sitemap.xml");
    expect(urls.sitemapPages()).toBe("/sitemaps/pages.xml");
    expect(urls.sitemapDay("2026-11-25")).toBe("/sitemaps/articles-2026-11-25.xml");
    expect(urls.sitemapNews()).toBe("/sitemaps/news.xml");
  });

  it("encodes the host asked about on /verify, and the cursor of a next page", () => {
    expect(urls.verify()).toBe("/verify");
    expect(urls.verify("a b&c.example")).toBe("/verify?host=a%20b%26c.example");
    expect(urls.verify("")).toBe("/verify?host=");
    expect(urls.page("/tag/water", "x/y=1&z")).toBe("/tag/water?cursor=x%2Fy%3D1%26z");
  });

  it("numbers listing pages after the first, the whole site's under /page/", () => {
    expect(urls.listingPage("/tag/water", 0)).toBe("/tag/water");
    expect(urls.listingPage("/tag/water", 1)).toBe("/tag/water");
    expect(urls.listingPage("/tag/water", 2)).toBe("/tag/water/page/2");
    expect(urls.listingPage("/", 2)).toBe("/page/2");
  });

  it("puts feeds at the site root or under a listing", () => {
    expect(FEED_FILES).toEqual({ rss: "feed.xml", atom: "atom.xml", json: "feed.json" });
    expect(urls.feed("rss")).toBe("/feed.xml");
    expect(urls.feed("atom", "/")).toBe("/atom.xml");
    expect(urls.feed("json", "/section/news")).toBe("/section/news/feed.json");
  });

  it("joins an origin and a site path", () => {
    expect(absolute("https://news.example", "/articles/x")).toBe("https://news.example/articles/x");
  });
});

describe("feedIds", () => {
  it("names articles by slug and feeds by listing, under the tagging entity", () => {
    expect(feedIds.article("news.example,2026", "rain-returns")).toBe("tag:news.example,2026:article/rain-returns");
    expect(feedIds.feed("news.example,2026", "/")).toBe("tag:news.example,2026:feed/latest");
    expect(feedIds.feed("news.example,2026", "/section/news/europe")).toBe("tag:news.example,2026:feed/section/news/europe");
  });
});

describe("parseListingPage", () => {
  it("reads page numbers up to the limit, and refuses malformed ones", () => {
    expect(MAX_LISTING_PAGE).toBe(100_000);
    expect(parseListingPage("/tag/water/page/100000")).toEqual({ listingPath: "/tag/water", page: 100_000 });
    expect(parseListingPage("/tag/water/page/100001")).toBeUndefined();
    expect(parseListingPage("/tag/water/page/9")).toEqual({ listingPath: "/tag/water", page: 9 });
    expect(parseListingPage("/tag/water/page/10")).toEqual({ listingPath: "/tag/water", page: 10 });
    for (const bad of [
      "/page",
      "/tag/water/page/",
      "/tag/water/page/0",
      "/tag/water/page/02",
      "/tag/water/page/x",
      "/tag/water/page/1000000",
      "/tag/water/page/2x",
    ])
      expect(parseListingPage(bad), bad).toBeUndefined();
  });

  it("treats any path without a page suffix as page 1 of itself", () => {
    expect(parseListingPage("/")).toEqual({ listingPath: "/", page: 1 });
    expect(parseListingPage("/pages")).toEqual({ listingPath: "/pages", page: 1 });
    expect(parseListingPage("/page/2/more")).toEqual({ listingPath: "/page/2/more", page: 1 });
    expect(parseListingPage("/tag/page/x/y")).toEqual({ listingPath: "/tag/page/x/y", page: 1 });
    expect(parseListingPage("/section/apage/2")).toEqual({ listingPath: "/section/apage/2", page: 1 });
  });
});

describe("feedFormatOf", () => {
  it("names the format of a feed path, and nothing else", () => {
    expect(feedFormatOf("/feed.xml")).toBe("rss");
    expect(feedFormatOf("/section/news/atom.xml")).toBe("atom");
    expect(feedFormatOf("/tag/water/feed.json")).toBe("json");
    for (const path of ["/feed.xml/", "/feedxxml", "/feed.xml.bak", "feed.xml", "/myfeed.xml", "/articles/x"]) expect(feedFormatOf(path), path).toBeUndefined();
  });
});

describe("isApiPath and isRegionExempt", () => {
  it("knows the API's paths", () => {
    expect(isApiPath("/api")).toBe(true);
    expect(isApiPath("/api/articles")).toBe(true);
    expect(isApiPath("/apis")).toBe(false);
    expect(isApiPath("/x/api/")).toBe(false);
  });

  it("exempts machine paths from region redirects, and no page", () => {
    for (const path of [
      "/api",
      "/api/articles",
      "/.well-known/mirrors.json",
      "/media/a.png",
      "/sitemaps/news.xml",
      "/healthz",
      "/robots.txt",
      "/sitemap.xml",
      "/favicon.svg",
      "/feed.xml",
      "/tag/water/atom.xml",
      "/section/news/feed.json",
    ])
      expect(isRegionExempt(path), path).toBe(true);
    for (const path of [
      "/",
      "/articles/x",
      "/.well-known",
      "/media",
      "/sitemaps",
      "/healthz/x",
      "/robots.txt/x",
      "/sitemap.xml.gz",
      "/favicon.svg/",
      "/mirrors",
      "/editions",
    ])
      expect(isRegionExempt(path), path).toBe(false);
  });
});

// URL rules: the one place that builds every site link and says what kind of path a request names.
// Links are site-relative so the same HTML works on every mirror; feeds and sitemaps make them absolute.

export type FeedFormat = "rss" | "atom" | "json";

export const FEED_FILES: Record<FeedFormat, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };

export const urls = {
  home: () => "/",
  article: (slug: string) => `/articles/${slug}`,
  section: (path: string) => `/section/${path}`,
  tag: (slug: string) => `/tag/${slug}`,
  author: (slug: string) => `/author/${slug}`,
  media: (name: string) => `/media/${name}`,
  mirrors: () => "/mirrors",
  mirrorsJson: () => "/.well-known/mirrors.json",
  /** "Is this address one of ours?", optionally for one host. */
  verify: (host?: string) => (host === undefined ? "/verify" : `/verify?host=${encodeURIComponent(host)}`),
  /** A listing's next page: the same listing with a cursor (the old form; numbered pages replace it). */
  page: (listingPath: string, cursor: string) => `${listingPath}?cursor=${encodeURIComponent(cursor)}`,
  /** Page n of a listing: "/section/news" (n = 1), "/section/news/page/2"; for the whole site "/" and "/page/2". */
  listingPage: (listingPath: string, n: number) => (n <= 1 ? listingPath : `${listingPath === "/" ? "" : listingPath}/page/${n}`),
  /** The daily editions: the list, and one day's file ("2026-11-25"). */
  editions: () => "/editions",
  edition: (day: string) => `/editions/${day}.html`,
  editionEpub: (day: string) => `/editions/${day}.epub`,
  /** A feed: "/feed.xml" for the whole site, "/section/news/feed.xml" for a listing. */
  feed: (format: FeedFormat, listingPath = "") => `${listingPath === "/" ? "" : listingPath}/${FEED_FILES[format]}`,
  favicon: () => "/favicon.svg",
  robots: () => "/robots.txt",
  sitemapIndex: () => "/sitemap.xml",
  sitemapPages: () => "/sitemaps/pages.xml",
  sitemapDay: (day: string) => `/sitemaps/articles-${day}.xml`,
  sitemapNews: () => "/sitemaps/news.xml",
} as const;

/**
 * Feed ids: tag: URIs (RFC 4151) under the site's tagging entity ("meridian-courier.example,2026", see
 * content/site.ts feedAuthority). They name no host, so an article has the same id on every mirror, and
 * they use the slug, never the headline, so an edited story keeps its id.
 */
export const feedIds = {
  /** "tag:meridian-courier.example,2026:article/rain-returns" */
  article: (authority: string, slug: string) => `tag:${authority}:article/${slug}`,
  /** "tag:meridian-courier.example,2026:feed/latest", ".../feed/section/news/europe", ".../feed/tag/water" */
  feed: (authority: string, listingPath: string) => `tag:${authority}:feed${listingPath === "/" ? "/latest" : listingPath}`,
} as const;

/** Joins an origin ("https://example.org") and a site-relative path into an absolute URL. */
export function absolute(origin: string, path: string): string {
  return origin + path;
}

/** The most pages a listing is numbered to; a longer number is no page of ours. */
export const MAX_LISTING_PAGE = 100_000;

const PAGE_SUFFIX = /^(.*?)\/page\/([1-9]\d{0,5})$/;

/**
 * Splits a numbered listing path: "/tag/water/page/3" → { listingPath: "/tag/water", page: 3 },
 * "/page/2" → { listingPath: "/", page: 2 }. A path without the suffix is page 1 of itself; a malformed
 * or too large number ("/page/0", "/page/02", "/page/x") is undefined. "/page/1" parses as page 1: the
 * router sends it to the listing's own path. The suffix always wins, so no section path may contain
 * "page" followed by a number (content/site.ts refuses one).
 */
export function parseListingPage(pathname: string): { listingPath: string; page: number } | undefined {
  const match = PAGE_SUFFIX.exec(pathname);
  if (!match) return /\/page\/[^/]*$/.test(pathname) || pathname === "/page" ? undefined : { listingPath: pathname, page: 1 };
  const page = Number(match[2]);
  if (page > MAX_LISTING_PAGE) return undefined;
  return { listingPath: match[1] || "/", page };
}

const FEED_SUFFIX = /\/(feed\.xml|atom\.xml|feed\.json)$/;

/** The feed format a path asks for, if it ends in one of the feed file names. */
export function feedFormatOf(pathname: string): FeedFormat | undefined {
  const match = FEED_SUFFIX.exec(pathname);
  if (!match) return undefined;
  return match[1] === "feed.xml" ? "rss" : match[1] === "atom.xml" ? "atom" : "json";
}

/** The publishing API's paths: JSON answers, never redirected, never cached, never a page. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

/**
 * Paths served on whichever host they are asked on, never redirected by region: machine clients
 * (the API, feed readers, crawlers fetching robots and sitemaps, health checks, image requests)
 * must not bounce between hosts, and none of these answers differs by region.
 */
export function isRegionExempt(pathname: string): boolean {
  return (
    isApiPath(pathname) ||
    pathname.startsWith("/.well-known/") ||
    pathname.startsWith("/media/") ||
    pathname.startsWith("/sitemaps/") ||
    pathname === "/healthz" ||
    pathname === "/robots.txt" ||
    pathname === "/sitemap.xml" ||
    pathname === "/favicon.svg" ||
    FEED_SUFFIX.test(pathname)
  );
}

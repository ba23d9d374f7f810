// What the throughput bench measures: one cell per route of the site, plus the two baseline Workers.

/** A seed story with a lead image, an ordinary length and related stories. */
export const ARTICLE_SLUG = "lower-harbour-flood-defence-plan-approved";
/** The dev domain policy's primary host: the Host header every site request carries. */
export const SITE_HOST = "news.localhost:8787";

/** request.cf as production has it, for a visitor from `country` (the Netherlands: no region rule matches). */
export function cfBlob(country = "NL"): string {
  const places: Record<string, object> = {
    NL: { continent: "EU", colo: "AMS", city: "Amsterdam", timezone: "Europe/Amsterdam" },
    GB: { continent: "EU", colo: "LHR", city: "London", timezone: "Europe/London" },
  };
  return JSON.stringify({ country, ...places[country] });
}

export type WorkerKind = "site" | "site-nocache" | "hello" | "kv";

export interface Cell {
  id: string;
  label: string;
  worker: WorkerKind;
  path: string;
  headers?: Record<string, string>;
  /** The status every response must have. */
  expect: number;
}

export const SITE_CELLS: Cell[] = [
  { id: "article-hit", label: "article page (cache hit)", worker: "site", path: `/articles/${ARTICLE_SLUG}`, expect: 200 },
  { id: "article-miss", label: "article page (cache miss)", worker: "site-nocache", path: `/articles/${ARTICLE_SLUG}`, expect: 200 },
  { id: "home", label: "home page", worker: "site", path: "/", expect: 200 },
  { id: "section", label: "section page", worker: "site", path: "/section/news", expect: 200 },
  { id: "rss", label: "RSS feed", worker: "site", path: "/feed.xml", expect: 200 },
  { id: "sitemap", label: "sitemap index", worker: "site", path: "/sitemap.xml", expect: 200 },
  // A visitor from the UK on the main host is sent to the UK edition (dev policy rule "UK edition"). The
  // country comes in request.cf, as in production (workerd builds it from this header on a direct socket,
  // and so does wrangler dev's entry worker).
  { id: "redirect", label: "region redirect", worker: "site", path: `/articles/${ARTICLE_SLUG}`, headers: { "MF-CF-Blob": cfBlob("GB") }, expect: 302 },
  { id: "not-found", label: "404 page", worker: "site", path: "/no-such-page", expect: 404 },
];

export const BASELINE_CELLS: Cell[] = [
  { id: "hello", label: "baseline: hello world", worker: "hello", path: "/", expect: 200 },
  { id: "kv", label: "baseline: one KV value", worker: "kv", path: "/", expect: 200 },
];

// The route table of the reading road: every page route on one line. The stages before it (request
// limits, the view, the region decision, page methods) and after it (errors, headers, conditional GET,
// the log) run in src/index.ts; the publishing API is its own router (src/api/router.ts).

import { notFound } from "./http/errors.ts";
import { editionFile, editionsIndex } from "./pages/editions.ts";
import { siteFeed, tagFeed } from "./pages/feeds.ts";
import { mediaFile } from "./pages/media.ts";
import { favicon, mirrorsJson, mirrorsSignature } from "./pages/site-files.ts";
import { robotsTxt, sitemapDay, sitemapIndex, sitemapNews, sitemapPages } from "./pages/sitemaps.ts";
import { articlePage, authorPage, homePage, mirrorsPage, sectionPage, sitePage, tagPage, verifyPage } from "./pages/stories.ts";
import type { PageContext, PageHandler } from "./stages/context.ts";

/** GET and HEAD (answered alike) of these paths; anything else is a 404. `:name` is one segment, `:name+` the rest. */
const ROUTES: [string, PageHandler][] = [
  ["/", homePage],
  ["/page/:n", sitePage],
  ["/articles/:slug", articlePage],
  ["/section/:path+", sectionPage], // also /section/<path>/page/<n> and the section's feeds
  ["/tag/:slug", tagPage],
  ["/tag/:slug/page/:n", tagPage],
  ["/tag/:slug/:file", tagFeed],
  ["/author/:slug", authorPage],
  ["/author/:slug/page/:n", authorPage],
  ["/feed.xml", siteFeed],
  ["/atom.xml", siteFeed],
  ["/feed.json", siteFeed],
  ["/robots.txt", robotsTxt],
  ["/sitemap.xml", sitemapIndex],
  ["/sitemaps/pages.xml", sitemapPages],
  ["/sitemaps/news.xml", sitemapNews],
  ["/sitemaps/:file", sitemapDay],
  ["/media/:name", mediaFile],
  ["/mirrors", mirrorsPage],
  ["/editions", editionsIndex],
  ["/editions/:file", editionFile],
  ["/.well-known/mirrors.json", mirrorsJson],
  ["/.well-known/mirrors.json.minisig", mirrorsSignature],
  ["/verify", verifyPage],
  ["/favicon.svg", favicon],
];

/**
 * A route's pattern as a regular expression (the rules itty-router used here before: trailing slashes
 * are ignored, `.` is literal, a parameter never spans a slash unless it ends in `+`).
 */
function compile(pattern: string): RegExp {
  const path = pattern
    .replace(/\/+(\/|$)/g, "$1")
    .replace(/(\/?\.?):(\w+)\+/g, "($1(?<$2>[^]+))")
    .replace(/(\/?\.?):(\w+)/g, "($1(?<$2>[^$1/]+?))")
    .replace(/\./g, "\\.")
    .replace(/(\/?)\*/g, "($1.*)?");
  return new RegExp(`^${path}/*$`);
}

/** A path's first segment ("" for "/"): only routes that begin with it can match, tried in table order. */
function firstSegment(path: string): string {
  const end = path.indexOf("/", 1);
  return end === -1 ? path.slice(1) : path.slice(1, end);
}

const bySegment = new Map<string, [RegExp, PageHandler][]>();
for (const [pattern, handler] of ROUTES) {
  const segment = firstSegment(pattern);
  const list = bySegment.get(segment) ?? [];
  list.push([compile(pattern), handler]);
  bySegment.set(segment, list);
}

/** Answers a page request (GET or HEAD; the page methods stage let nothing else through) by its path. */
export async function routePage(pathname: string, ctx: PageContext): Promise<Response> {
  for (const [pattern, handler] of bySegment.get(firstSegment(pathname)) ?? []) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const response = await handler({ params: match.groups ?? {} }, ctx);
    if (response) return response;
  }
  throw notFound();
}

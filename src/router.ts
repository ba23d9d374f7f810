// The route table: every route on one line. Stages: before (request limits, region decision, method rules),
// catch (typed errors → page or JSON), finally (headers, then conditional GET so a 304 repeats them, request log).

import { type IRequest, Router } from "itty-router";
import { api } from "./api/router.ts";
import type { Context } from "./handlers/context.ts";
import { renderError, withConditional, withHeaders, withRequestLog } from "./handlers/finish.ts";
import { siteFeed, tagFeed } from "./handlers/feeds.ts";
import { mediaFile } from "./handlers/media.ts";
import { withRequestLimits } from "./handlers/limits.ts";
import { withPageMethods } from "./handlers/methods.ts";
import { articlePage, authorPage, homePage, mirrorsPage, sectionPage, tagPage } from "./handlers/pages.ts";
import { withRegionDecision } from "./handlers/region.ts";
import { favicon, health, mirrorsJson } from "./handlers/site-files.ts";
import { robotsTxt, sitemapDay, sitemapIndex, sitemapNews, sitemapPages } from "./handlers/sitemaps.ts";
import { notFound } from "./http/errors.ts";

export const router = Router<IRequest, [Context]>({
  before: [withRequestLimits, withRegionDecision, withPageMethods],
  catch: renderError,
  finally: [withHeaders, withConditional, withRequestLog],
});

router
  .get("/", homePage)
  .get("/articles/:slug", articlePage)
  .get("/section/:path+", sectionPage) // also /section/<path>/feed.xml, atom.xml, feed.json
  .get("/tag/:slug", tagPage)
  .get("/tag/:slug/:file", tagFeed)
  .get("/feed.xml", siteFeed)
  .get("/atom.xml", siteFeed)
  .get("/feed.json", siteFeed)
  .get("/robots.txt", robotsTxt)
  .get("/sitemap.xml", sitemapIndex)
  .get("/sitemaps/pages.xml", sitemapPages)
  .get("/sitemaps/news.xml", sitemapNews)
  .get("/sitemaps/:file", sitemapDay)
  .get("/author/:slug", authorPage)
  .get("/media/:name", mediaFile)
  .get("/mirrors", mirrorsPage)
  .get("/.well-known/mirrors.json", mirrorsJson)
  .get("/healthz", health)
  .get("/favicon.svg", favicon)
  .all("/api/*", api.fetch)
  .all("*", () => {
    throw notFound();
  });

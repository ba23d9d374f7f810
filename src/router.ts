// The route table of the reading road: every page route on one line. The stages before it (request
// limits, the view, the region decision, page methods) and after it (errors, headers, conditional GET,
// the log) run in src/index.ts; the publishing API is its own router (src/api/router.ts).

import { type IRequest, Router } from "itty-router";
import { notFound } from "./http/errors.ts";
import { editionFile, editionsIndex } from "./pages/editions.ts";
import { siteFeed, tagFeed } from "./pages/feeds.ts";
import { mediaFile } from "./pages/media.ts";
import { favicon, mirrorsJson, mirrorsSignature } from "./pages/site-files.ts";
import { robotsTxt, sitemapDay, sitemapIndex, sitemapNews, sitemapPages } from "./pages/sitemaps.ts";
import { articlePage, authorPage, homePage, mirrorsPage, sectionPage, sitePage, tagPage, verifyPage } from "./pages/stories.ts";
import type { PageContext } from "./stages/context.ts";

export const pages = Router<IRequest, [PageContext]>();

pages
  .get("/", homePage)
  .get("/page/:n", sitePage)
  .get("/articles/:slug", articlePage)
  .get("/section/:path+", sectionPage) // also /section/<path>/page/<n> and the section's feeds
  .get("/tag/:slug", tagPage)
  .get("/tag/:slug/page/:n", tagPage)
  .get("/tag/:slug/:file", tagFeed)
  .get("/author/:slug", authorPage)
  .get("/author/:slug/page/:n", authorPage)
  .get("/feed.xml", siteFeed)
  .get("/atom.xml", siteFeed)
  .get("/feed.json", siteFeed)
  .get("/robots.txt", robotsTxt)
  .get("/sitemap.xml", sitemapIndex)
  .get("/sitemaps/pages.xml", sitemapPages)
  .get("/sitemaps/news.xml", sitemapNews)
  .get("/sitemaps/:file", sitemapDay)
  .get("/media/:name", mediaFile)
  .get("/mirrors", mirrorsPage)
  .get("/editions", editionsIndex)
  .get("/editions/:file", editionFile)
  .get("/.well-known/mirrors.json", mirrorsJson)
  .get("/.well-known/mirrors.json.minisig", mirrorsSignature)
  .get("/verify", verifyPage)
  .get("/favicon.svg", favicon)
  .all("*", () => {
    throw notFound();
  });

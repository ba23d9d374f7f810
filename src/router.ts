// The route table: every route on one line. Stages: before (region decision, method rules),
// catch (typed errors → page or JSON), finally (conditional GET, headers, request log).

import { type IRequest, Router } from "itty-router";
import { api } from "./api/router.ts";
import type { Context } from "./handlers/context.ts";
import { renderError, withConditional, withHeaders, withRequestLog } from "./handlers/finish.ts";
import { mediaFile } from "./handlers/media.ts";
import { withPageMethods } from "./handlers/methods.ts";
import { articlePage, authorPage, homePage, mirrorsPage, sectionPage, tagPage } from "./handlers/pages.ts";
import { withRegionDecision } from "./handlers/region.ts";
import { favicon, health, mirrorsJson } from "./handlers/site-files.ts";
import { notFound } from "./http/errors.ts";

export const router = Router<IRequest, [Context]>({
  before: [withRegionDecision, withPageMethods],
  catch: renderError,
  finally: [withConditional, withHeaders, withRequestLog],
});

router
  .get("/", homePage)
  .get("/articles/:slug", articlePage)
  .get("/section/:path+", sectionPage)
  .get("/tag/:slug", tagPage)
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

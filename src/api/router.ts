// The publishing API's route table. Auth runs first for every address except the OpenAPI document;
// each address ends with the methods it allows (405 otherwise).

import { type IRequest, Router } from "itty-router";
import { notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import type { RequestContext } from "../stages/context.ts";
import { deleteArticle, getArticle, listArticlesRoute, patchArticle, putArticle } from "./articles.ts";
import { auditLog } from "./audit.ts";
import { withApiAuth } from "./auth.ts";
import { importContent, importMedia } from "./import.ts";
import { allow } from "./methods.ts";
import { deleteMediaRoute, listMediaRoute, putMedia } from "./media.ts";
import openApiDocument from "../generated/openapi.json" with { type: "json" };
import { deletePolicy, getPolicyRoute, policyHistory, putPolicy, rollback } from "./policy.ts";
import { reachStatus, runReach } from "./reach.ts";

export const api = Router<IRequest, [RequestContext]>({ before: [withApiAuth] });

api
  .get("/api/openapi.json", () => jsonResponse(openApiDocument, 200, { "Cache-Control": "no-store" }))
  .get("/api/articles", listArticlesRoute)
  .get("/api/articles/:slug", getArticle)
  .put("/api/articles/:slug", putArticle)
  .patch("/api/articles/:slug", patchArticle)
  .delete("/api/articles/:slug", deleteArticle)
  .get("/api/media", listMediaRoute)
  .put("/api/media/:name", putMedia)
  .delete("/api/media/:name", deleteMediaRoute)
  .get("/api/policy", getPolicyRoute)
  .put("/api/policy", putPolicy)
  .delete("/api/policy", deletePolicy)
  .get("/api/policy/history", policyHistory)
  .post("/api/policy/rollback", rollback)
  .get("/api/audit", auditLog)
  .get("/api/reach", reachStatus)
  .post("/api/reach/run", runReach)
  .post("/api/import", importContent)
  .post("/api/import/media", importMedia)
  .all("/api/openapi.json", allow("GET"))
  .all("/api/articles", allow("GET"))
  .all("/api/articles/:slug", allow("GET", "PUT", "PATCH", "DELETE"))
  .all("/api/media", allow("GET"))
  .all("/api/media/:name", allow("PUT", "DELETE"))
  .all("/api/policy", allow("GET", "PUT", "DELETE"))
  .all("/api/policy/history", allow("GET"))
  .all("/api/policy/rollback", allow("POST"))
  .all("/api/audit", allow("GET"))
  .all("/api/reach", allow("GET"))
  .all("/api/reach/run", allow("POST"))
  .all("/api/import", allow("POST"))
  .all("/api/import/media", allow("POST"))
  .all("*", () => {
    throw notFound("There is no such API address; GET /api/openapi.json lists them.");
  });

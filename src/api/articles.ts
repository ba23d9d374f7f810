// Article endpoints: list, read, create or replace (PUT), merge-patch (PATCH), delete (DELETE), all
// answered by the single writer. Unpublishing is a status change to "draft"; DELETE removes the article
// entirely (the audit log keeps it).

import type { IRequest } from "itty-router";
import { isSectionPath, isSlug } from "../content/slug.ts";
import { urls } from "../content/urls.ts";
import { badRequest, notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import type { ArticleOutcome } from "../publish/newsroom.ts";
import { newsroom } from "../publish/stub.ts";
import type { RequestContext } from "../stages/context.ts";
import { BODY_LIMITS, JSON_TYPE, MERGE_PATCH_TYPE, readJson } from "./body.ts";
import { refused } from "./errors.ts";
import { cursorParam, limitParam } from "./query.ts";
import { actorOf, etagOf, preconditionOf, writeResponse } from "./shared.ts";

const NO_ARTICLE = "There is no article with this slug.";

function slugOf(request: IRequest): string {
  const slug = request.params.slug ?? "";
  if (!isSlug(slug)) throw notFound(NO_ARTICLE);
  return slug;
}

function answer(slug: string, outcome: ArticleOutcome, createdStatus = 201): Response {
  if (!outcome.ok) throw refused(outcome, { noun: "article", read: `GET /api/articles/${slug}` });
  const { next } = outcome;
  const scheduled = next?.status === "published" && Date.parse(next.published) > outcome.at;
  return writeResponse(
    {
      slug,
      ...(next ? { version: next.version, status: next.status, ...(next.status === "published" ? { url: urls.article(slug) } : {}) } : { removed: true }),
      ...(scheduled ? { scheduledFor: next?.published } : {}),
      previousVersion: outcome.previous,
      audit: outcome.audit || null,
      ...(outcome.changed ? {} : { unchanged: true }),
      ...(outcome.projected ? {} : { projection: "pending", projectionNote: "KV has not taken the change yet; the writer keeps retrying until it does." }),
    },
    outcome.visibleFrom,
    outcome.created ? createdStatus : 200,
    {
      ...(next ? { ETag: etagOf(next.version) } : {}),
      ...(outcome.created ? { Location: `/api/articles/${slug}` } : {}),
    },
  );
}

export async function listArticlesRoute(_request: IRequest, ctx: RequestContext): Promise<Response> {
  const url = ctx.url;
  const section = url.searchParams.get("section") ?? undefined;
  const status = url.searchParams.get("status") ?? undefined;
  if (section !== undefined && !isSectionPath(section)) throw badRequest("section must be a section path such as news or news/middle-east.");
  if (status !== undefined && status !== "draft" && status !== "published") throw badRequest('status must be "draft" or "published".');
  const cursor = cursorParam(url);
  const page = await newsroom(ctx.env).listArticles({
    limit: limitParam(url, 100, 1000),
    ...(cursor ? { cursor } : {}),
    ...(section ? { section } : {}),
    ...(status === "draft" || status === "published" ? { status } : {}),
  });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

/** The stored article exactly as PUT accepts it; its version is the ETag. */
export async function getArticle(request: IRequest, ctx: RequestContext): Promise<Response> {
  const found = await newsroom(ctx.env).getArticle(slugOf(request));
  if (!found) throw notFound(NO_ARTICLE);
  return jsonResponse(found.article, 200, { ETag: etagOf(found.version), "Cache-Control": "no-store" });
}

export async function putArticle(request: IRequest, ctx: RequestContext): Promise<Response> {
  const slug = request.params.slug ?? "";
  const input = await readJson(request, BODY_LIMITS.article, "article");
  return answer(slug, await newsroom(ctx.env).putArticle(slug, input, preconditionOf(request), actorOf(ctx)));
}

/** Changes some fields: a JSON merge patch on the stored article, validated as a whole. */
export async function patchArticle(request: IRequest, ctx: RequestContext): Promise<Response> {
  const patch = await readJson(request, BODY_LIMITS.article, "patch", [MERGE_PATCH_TYPE, JSON_TYPE]);
  const slug = slugOf(request);
  return answer(slug, await newsroom(ctx.env).patchArticle(slug, patch, preconditionOf(request), actorOf(ctx)));
}

export async function deleteArticle(request: IRequest, ctx: RequestContext): Promise<Response> {
  const slug = slugOf(request);
  return answer(slug, await newsroom(ctx.env).deleteArticle(slug, preconditionOf(request), actorOf(ctx)));
}

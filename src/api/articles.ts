// Article endpoints: list, read, create or replace (PUT), merge-patch (PATCH), delete (DELETE).
// Unpublishing is a status change to "draft"; DELETE removes the article entirely (the audit log keeps it).

import type { IRequest } from "itty-router";
import { isFields } from "../content/problems.ts";
import { type ArticleRecord, prepareRecord } from "../content/record.ts";
import { markdownRenderer } from "../markdown-module.ts";
import { mediaReferences } from "../content/references.ts";
import { isSectionPath, isSlug } from "../content/slug.ts";
import { urls } from "../content/urls.ts";
import type { Context } from "../handlers/context.ts";
import { badRequest, notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import { getRecord } from "../store/articles.ts";
import { listArticles } from "../store/catalog.ts";
import { getSite } from "../store/config.ts";
import { mediaInfo } from "../store/media.ts";
import { type PublishOutcome, etagOfVersion, publishArticle } from "../store/publish.ts";
import { BODY_LIMITS, JSON_TYPE, MERGE_PATCH_TYPE, readJson } from "./body.ts";
import { invalid } from "./errors.ts";
import { mergePatch } from "./merge-patch.ts";
import { cursorParam, limitParam } from "./query.ts";
import { actorOf, preconditionOf, writeResponse } from "./shared.ts";

const NO_ARTICLE = "There is no article with this slug.";

/** Validated exactly as the seed loader validates, plus: every media file it shows must be uploaded. */
async function validRecord(ctx: Context, input: unknown, slug: string): Promise<ArticleRecord> {
  const prepared = await prepareRecord(input, slug, await getSite(ctx.kv), await markdownRenderer());
  if (!prepared.ok) throw invalid("article", prepared.problems);
  const refs = mediaReferences(prepared.value);
  const found = await Promise.all(refs.map((ref) => mediaInfo(ctx.kv, ref.name)));
  const missing = refs
    .filter((_, i) => !found[i])
    .map((ref) => ({ field: ref.field, message: `media file "${ref.name}" is not uploaded; upload it first with PUT /api/media/${ref.name}` }));
  if (missing.length > 0) throw invalid("article", missing);
  return prepared.value;
}

function answer(slug: string, outcome: PublishOutcome, status: number): Response {
  const { next, previous } = outcome;
  const scheduled = next?.article.status === "published" && Date.parse(next.article.published) > outcome.at;
  return writeResponse(
    {
      slug,
      ...(next
        ? { version: next.version, status: next.article.status, ...(next.article.status === "published" ? { url: urls.article(slug) } : {}) }
        : { removed: true }),
      ...(scheduled ? { scheduledFor: next?.article.published } : {}),
      previousVersion: previous?.version ?? null,
      audit: outcome.auditId,
      ...(outcome.feedsPending.length > 0
        ? { feedsPending: outcome.feedsPending, feedsNote: "These feeds could not be rebuilt now; the repair pass rebuilds them within a minute." }
        : {}),
      ...(outcome.repairPending ? { repairPending: true } : {}),
    },
    outcome.at,
    status,
    {
      ...(next ? { ETag: etagOfVersion(next.version) } : {}),
      ...(status === 201 ? { Location: `/api/articles/${slug}` } : {}),
    },
  );
}

export async function listArticlesRoute(_request: IRequest, ctx: Context): Promise<Response> {
  const url = ctx.url;
  const section = url.searchParams.get("section") ?? undefined;
  const status = url.searchParams.get("status") ?? undefined;
  if (section !== undefined && !isSectionPath(section)) throw badRequest("section must be a section path such as news or news/middle-east.");
  if (status !== undefined && status !== "draft" && status !== "published") throw badRequest('status must be "draft" or "published".');
  const cursor = cursorParam(url);
  const page = await listArticles(ctx.kv, {
    limit: limitParam(url, 100, 1000),
    ...(cursor ? { cursor } : {}),
    ...(section ? { section } : {}),
    ...(status === "draft" || status === "published" ? { status } : {}),
  });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

/** The stored article exactly as PUT accepts it; its version is the ETag. */
export async function getArticle(request: IRequest, ctx: Context): Promise<Response> {
  const slug = request.params.slug ?? "";
  const record = isSlug(slug) ? await getRecord(ctx.kv, slug) : null;
  if (!record) throw notFound(NO_ARTICLE);
  return jsonResponse(record.article, 200, { ETag: etagOfVersion(record.version), "Cache-Control": "no-store" });
}

export async function putArticle(request: IRequest, ctx: Context): Promise<Response> {
  const slug = request.params.slug ?? "";
  const input = await readJson(request, BODY_LIMITS.article, "article");
  const record = await validRecord(ctx, input, slug);
  const outcome = await publishArticle(ctx.kv, {
    slug,
    make: async () => record,
    precondition: preconditionOf(request),
    actor: actorOf(ctx),
    action: "article.put",
  });
  return answer(slug, outcome, outcome.previous ? 200 : 201);
}

/** Changes some fields: a JSON merge patch on the stored article, validated as a whole. */
export async function patchArticle(request: IRequest, ctx: Context): Promise<Response> {
  const slug = request.params.slug ?? "";
  const patch = await readJson(request, BODY_LIMITS.article, "patch", [MERGE_PATCH_TYPE, JSON_TYPE]);
  if (!isFields(patch)) throw invalid("patch", [{ field: "(patch)", message: "must be a JSON object with the fields to change; null removes a field" }]);
  if (!isSlug(slug)) throw notFound(NO_ARTICLE);
  const outcome = await publishArticle(ctx.kv, {
    slug,
    make: async (previous) => {
      if (!previous) throw notFound(NO_ARTICLE);
      return validRecord(ctx, mergePatch(previous.article, patch), slug);
    },
    precondition: preconditionOf(request),
    actor: actorOf(ctx),
    action: "article.patch",
  });
  return answer(slug, outcome, 200);
}

export async function deleteArticle(request: IRequest, ctx: Context): Promise<Response> {
  const slug = request.params.slug ?? "";
  if (!isSlug(slug)) throw notFound(NO_ARTICLE);
  const outcome = await publishArticle(ctx.kv, {
    slug,
    make: async (previous) => {
      if (!previous) throw notFound(NO_ARTICLE);
      return null;
    },
    precondition: preconditionOf(request),
    actor: actorOf(ctx),
    action: "article.delete",
  });
  return answer(slug, outcome, 200);
}

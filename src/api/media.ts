// Media endpoints: upload (PUT, type and size checked, SVG refused if it could run or load anything),
// list and delete. Files are served by GET /media/{name} with year-long caching, so a name never
// changes meaning: replacing a stored file with different bytes is refused.

import type { IRequest } from "itty-router";
import { mediaTypeOf } from "../content/media.ts";
import { MEDIA_RULE } from "../content/slug.ts";
import { urls } from "../content/urls.ts";
import { notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import { newsroom } from "../publish/stub.ts";
import type { RequestContext } from "../stages/context.ts";
import { BODY_LIMITS, mediaTypeOfHeader, readBody } from "./body.ts";
import { invalid, refused, unsupportedType } from "./errors.ts";
import { cursorParam, limitParam } from "./query.ts";
import { actorOf, writeResponse } from "./shared.ts";

const MEDIA = { noun: "media file", read: "GET /api/media" };

export async function listMediaRoute(_request: IRequest, ctx: RequestContext): Promise<Response> {
  const cursor = cursorParam(ctx.url);
  const page = await newsroom(ctx.env).listMedia({ limit: limitParam(ctx.url, 100, 1000), ...(cursor ? { cursor } : {}) });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

export async function putMedia(request: IRequest, ctx: RequestContext): Promise<Response> {
  const name = request.params.name ?? "";
  const type = mediaTypeOf(name);
  if (!type) throw invalid("media file", [{ field: "name", code: "invalid_media_name", message: `"${name}": ${MEDIA_RULE}` }]);
  const header = request.headers.get("Content-Type");
  if (mediaTypeOfHeader(header) !== type) throw unsupportedType(header, `${type} (the type a file named ${name} is served as)`);
  const bytes = await readBody(request, BODY_LIMITS.media, "media file");
  const outcome = await newsroom(ctx.env).putMedia(name, bytes.slice().buffer, type, actorOf(ctx));
  if (!outcome.ok) throw refused(outcome, MEDIA);
  const url = urls.media(name);
  const stored = { name, url, contentType: outcome.contentType, size: outcome.size, etag: outcome.etag };
  if (outcome.unchanged) return jsonResponse({ ...stored, unchanged: true }, 200, { "Cache-Control": "no-store" });
  return writeResponse({ ...stored, audit: outcome.audit }, Date.now(), 201, { Location: url });
}

export async function deleteMediaRoute(request: IRequest, ctx: RequestContext): Promise<Response> {
  const name = request.params.name ?? "";
  if (!mediaTypeOf(name)) throw notFound("There is no media file with this name.");
  const outcome = await newsroom(ctx.env).deleteMedia(name, actorOf(ctx));
  if (!outcome.ok) {
    if (outcome.code === "not_found") throw notFound("There is no media file with this name.");
    throw refused(outcome, MEDIA);
  }
  return writeResponse(
    {
      name,
      removed: true,
      audit: outcome.audit,
      note: "Articles that show this file show a missing image until they are edited; browsers and caches that fetched it may keep their copy (it was served as immutable).",
    },
    Date.now(),
  );
}

// Media endpoints: upload (PUT, type and size checked, SVG refused if it could run or load anything),
// list and delete. Files are served by GET /media/{name} with year-long caching, so a name never
// changes meaning: replacing a stored file with different bytes is refused.

import type { IRequest } from "itty-router";
import { checkMedia, mediaTypeOf } from "../content/media.ts";
import { MEDIA_RULE } from "../content/slug.ts";
import { urls } from "../content/urls.ts";
import type { Context } from "../handlers/context.ts";
import { notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import { listMedia, mediaEtag, mediaInfo, removeMedia, saveMedia } from "../store/media.ts";
import { BODY_LIMITS, mediaTypeOfHeader, readBody } from "./body.ts";
import { conflict, invalid, unsupportedType } from "./errors.ts";
import { cursorParam, limitParam } from "./query.ts";
import { actorOf, writeResponse } from "./shared.ts";

export async function listMediaRoute(_request: IRequest, ctx: Context): Promise<Response> {
  const cursor = cursorParam(ctx.url);
  const page = await listMedia(ctx.kv, { limit: limitParam(ctx.url, 100, 1000), ...(cursor ? { cursor } : {}) });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

export async function putMedia(request: IRequest, ctx: Context): Promise<Response> {
  const name = request.params.name ?? "";
  const type = mediaTypeOf(name);
  if (!type) throw invalid("media file", [{ field: "name", message: `"${name}": ${MEDIA_RULE}` }]);
  const header = request.headers.get("Content-Type");
  if (mediaTypeOfHeader(header) !== type) throw unsupportedType(header, `${type} (the type a file named ${name} is served as)`);
  const bytes = await readBody(request, BODY_LIMITS.media, "media file");
  const problems = checkMedia(name, bytes, header ?? undefined);
  if (problems.length > 0) throw invalid("media file", problems);

  const etag = await mediaEtag(bytes);
  const existing = await mediaInfo(ctx.kv, name);
  const url = urls.media(name);
  if (existing) {
    if (existing.etag === etag) return jsonResponse({ name, url, unchanged: true, size: bytes.byteLength }, 200, { "Cache-Control": "no-store" });
    throw conflict(
      `A different file is already stored as ${name}. Media are cached for a year under their name, so upload the new file under a new name (and point the article at it), or DELETE this one first if it must go.`,
    );
  }
  const metadata = { contentType: type, size: bytes.byteLength, etag };
  const saved = await saveMedia(ctx.kv, name, bytes, metadata, actorOf(ctx));
  return writeResponse({ name, url, ...metadata, audit: saved.auditId }, saved.at, 201, { Location: url });
}

export async function deleteMediaRoute(request: IRequest, ctx: Context): Promise<Response> {
  const name = request.params.name ?? "";
  const existing = mediaTypeOf(name) ? await mediaInfo(ctx.kv, name) : null;
  if (!existing) throw notFound("There is no media file with this name.");
  const removed = await removeMedia(ctx.kv, name, existing, actorOf(ctx));
  return writeResponse(
    {
      name,
      removed: true,
      audit: removed.auditId,
      note: "Articles that show this file show a missing image until they are edited; browsers and caches that fetched it may keep their copy (it was served as immutable).",
    },
    removed.at,
  );
}

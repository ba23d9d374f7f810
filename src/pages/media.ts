// GET /media/:name: images stored in KV, with their content type and immutable caching.

import { mediaTypeOf } from "../content/media.ts";
import { notFound } from "../http/errors.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { typedResponse } from "../http/responses.ts";
import { getMedia } from "../store/media.ts";
import type { PageContext, PageRequest } from "../stages/context.ts";

export async function mediaFile(request: PageRequest, ctx: PageContext): Promise<Response> {
  const name = request.params.name ?? "";
  const type = mediaTypeOf(name);
  if (!type) throw notFound("There is no such image.");
  const media = await getMedia(ctx.kv, name);
  if (!media) throw notFound("There is no such image.");
  return typedResponse(media.body, type, 200, {
    "Cache-Control": CACHE_CONTROL.media,
    ETag: `"${media.metadata.etag ?? `${name}-${media.body.byteLength}`}"`,
  });
}

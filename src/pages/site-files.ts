// Small machine-readable routes: the mirror list (/.well-known/mirrors.json, exactly as the writer signed
// it) and its signature, and /favicon.svg.

import { notFound } from "../http/errors.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { CONTENT_TYPES, typedResponse } from "../http/responses.ts";
import { mirrorsText } from "../publish/mirrors-doc.ts";
import type { MirrorsBlob } from "../publish/mirrors-doc.ts";
import { readBlob } from "../store/blobs.ts";
import type { PageContext, PageRequest } from "../stages/context.ts";

/** Circumvention tools running in browsers read the list from other origins. */
const SHARED = { "Cache-Control": CACHE_CONTROL.mirrors, "Access-Control-Allow-Origin": "*" };

/** The writer's signed list when it lists the policy this view is in force with; none otherwise. */
async function signedList(ctx: PageContext): Promise<MirrorsBlob | undefined> {
  const hash = ctx.view.extras.mirrors;
  if (!hash) return undefined;
  const blob = await readBlob<MirrorsBlob>(ctx.kv, hash).catch(() => undefined);
  return blob?.policy === ctx.view.policyId ? blob : undefined;
}

export async function mirrorsJson(_request: PageRequest, ctx: PageContext): Promise<Response> {
  const text = (await signedList(ctx))?.text ?? mirrorsText(ctx.view.policy, ctx.view.policyUpdatedAt);
  return typedResponse(text, CONTENT_TYPES.json, 200, SHARED);
}

export async function mirrorsSignature(_request: PageRequest, ctx: PageContext): Promise<Response> {
  const signature = (await signedList(ctx))?.signature;
  if (!signature) throw notFound("The mirror list is not signed (yet): this site has no signing key, or the list changed a moment ago.");
  return typedResponse(signature, CONTENT_TYPES.text, 200, SHARED);
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#9b1c1c"/><path d="M9 8h14v3H13v4h8v3h-8v4h10v3H9z" fill="#fff"/></svg>`;

export function favicon(): Response {
  return typedResponse(FAVICON, "image/svg+xml", 200, { "Cache-Control": "public, max-age=86400" });
}

// Small machine-readable routes: /.well-known/mirrors.json and /favicon.svg.

import type { IRequest } from "itty-router";
import { CACHE_CONTROL } from "../http/headers.ts";
import { jsonResponse, typedResponse } from "../http/responses.ts";
import { mirrorsDocument } from "../policy/mirrors.ts";
import type { PageContext } from "../stages/context.ts";

export function mirrorsJson(_request: IRequest, ctx: PageContext): Response {
  return jsonResponse(mirrorsDocument(ctx.view.policy, ctx.view.policyUpdatedAt), 200, {
    "Cache-Control": CACHE_CONTROL.mirrors,
    // Circumvention tools running in browsers read this list from other origins.
    "Access-Control-Allow-Origin": "*",
  });
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#9b1c1c"/><path d="M9 8h14v3H13v4h8v3h-8v4h10v3H9z" fill="#fff"/></svg>`;

export function favicon(): Response {
  return typedResponse(FAVICON, "image/svg+xml", 200, { "Cache-Control": "public, max-age=86400" });
}

// Small machine-readable routes: /.well-known/mirrors.json, /healthz and /favicon.svg.

import type { IRequest } from "itty-router";
import { CACHE_CONTROL } from "../http/headers.ts";
import { jsonResponse, typedResponse } from "../http/responses.ts";
import { mirrorsDocument } from "../policy/mirrors.ts";
import { keys } from "../store/keys.ts";
import { logEvent } from "../log.ts";
import { type Context, activePolicy } from "./context.ts";

export function mirrorsJson(_request: IRequest, ctx: Context): Response {
  const { policy, updatedAt } = activePolicy(ctx);
  return jsonResponse(mirrorsDocument(policy, updatedAt), 200, {
    "Cache-Control": CACHE_CONTROL.mirrors,
    // Circumvention tools running in browsers read this list from other origins.
    "Access-Control-Allow-Origin": "*",
  });
}

/** Reports whether storage answers, without saying anything about how it is set up. */
export async function health(_request: IRequest, ctx: Context): Promise<Response> {
  try {
    await ctx.kv.getText(keys.generation());
    return jsonResponse({ status: "ok" }, 200, { "Cache-Control": CACHE_CONTROL.none });
  } catch (error) {
    logEvent("error", "health check: storage unreachable", { error: String(error) });
    return jsonResponse({ status: "unavailable", message: "Storage is not answering." }, 503, { "Cache-Control": CACHE_CONTROL.none, "Retry-After": "30" });
  }
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#9b1c1c"/><path d="M9 8h14v3H13v4h8v3h-8v4h10v3H9z" fill="#fff"/></svg>`;

export function favicon(): Response {
  return typedResponse(FAVICON, "image/svg+xml", 200, { "Cache-Control": "public, max-age=86400" });
}

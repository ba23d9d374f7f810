// Router stage: pages answer GET and HEAD (and OPTIONS with the list); anything else gets 405 with Allow.

import type { IRequest } from "itty-router";
import { isApiPath } from "../content/urls.ts";
import { methodNotAllowed } from "../http/errors.ts";
import type { Context } from "./context.ts";

export const PAGE_METHODS = ["GET", "HEAD", "OPTIONS"] as const;

export function withPageMethods(_request: IRequest, ctx: Context): Response | undefined {
  if (isApiPath(ctx.url.pathname)) return undefined;
  if (ctx.method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: PAGE_METHODS.join(", "), "Cache-Control": "no-store" } });
  if (ctx.method !== "GET" && ctx.method !== "HEAD") throw methodNotAllowed(PAGE_METHODS);
  return undefined;
}

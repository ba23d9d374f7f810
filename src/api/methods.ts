// The methods each API address accepts: OPTIONS lists them, anything else gets 405 with Allow.

import type { IRequest } from "itty-router";
import { methodNotAllowed } from "../http/errors.ts";
import type { RequestContext } from "../stages/context.ts";

/** A catch-all handler for one address: registered after its routes, so only other methods reach it. */
export function allow(...methods: string[]): (request: IRequest, ctx: RequestContext) => Response {
  const list = methods.includes("GET") ? [...methods, "HEAD", "OPTIONS"] : [...methods, "OPTIONS"];
  return (_request, ctx) => {
    if (ctx.method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: list.join(", "), "Cache-Control": "no-store" } });
    throw methodNotAllowed(list);
  };
}

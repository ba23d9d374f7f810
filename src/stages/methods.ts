// Pages answer GET and HEAD (and OPTIONS with the list); anything else gets 405 with Allow.

import { methodNotAllowed } from "../http/errors.ts";

export const PAGE_METHODS = ["GET", "HEAD", "OPTIONS"] as const;

/** The answer to OPTIONS; throws 405 for a method pages do not take; undefined lets GET and HEAD through. */
export function checkPageMethod(method: string): Response | undefined {
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: PAGE_METHODS.join(", "), "Cache-Control": "no-store" } });
  if (method !== "GET" && method !== "HEAD") throw methodNotAllowed(PAGE_METHODS);
  return undefined;
}

// Glue shared by the API handlers: who is asking, the preconditions sent, and the answer to a write.

import type { IRequest } from "itty-router";
import { jsonResponse } from "../http/responses.ts";
import type { Actor, Precondition } from "../publish/outcomes.ts";
import type { RequestContext } from "../stages/context.ts";
import { visibilityOf } from "../store/visibility.ts";

export function actorOf(ctx: RequestContext): Actor {
  return { id: ctx.notes.actor ?? "unknown", method: ctx.method, path: ctx.url.pathname };
}

/** The entity tags of an If-Match header: "*" or the quoted values (weak tags never match a write). */
function entityTags(header: string): "*" | string[] {
  if (header.trim() === "*") return "*";
  return [...header.matchAll(/(W\/)?"([^"]*)"/g)].filter((m) => !m[1]).map((m) => m[2] ?? "");
}

export function preconditionOf(request: IRequest): Precondition {
  const ifMatch = request.headers.get("If-Match");
  const ifNoneMatch = request.headers.get("If-None-Match");
  return {
    ...(ifMatch !== null ? { ifMatch: entityTags(ifMatch) } : {}),
    ...(ifNoneMatch?.trim() === "*" ? { ifNoneMatch: "*" as const } : {}),
  };
}

/**
 * The answer to a committed write: what changed, the audit id, and when every data centre shows it,
 * counted from `visibleFrom` (when the pointer carrying it reached KV).
 */
export function writeResponse(body: Record<string, unknown>, visibleFrom: number, status = 200, headers: Record<string, string> = {}): Response {
  return jsonResponse({ ...body, ...visibilityOf(visibleFrom) }, status, { ...headers, "Cache-Control": "no-store" });
}

/** The quoted ETag of a version. */
export const etagOf = (version: string) => `"${version}"`;

// Router stages that run on every response: conditional GET, headers, the request log; and the catch
// stage that turns errors into pages or JSON without ever showing internals.

import type { IRequest } from "itty-router";
import { isApiPath } from "../content/urls.ts";
import { HttpError } from "../http/errors.ts";
import { ifNoneMatchMatches, notModified } from "../http/conditional.ts";
import { CACHE_CONTROL, applySecurityHeaders, kindOf } from "../http/headers.ts";
import { htmlResponse, jsonResponse } from "../http/responses.ts";
import { logEvent } from "../log.ts";
import { renderErrorPage } from "../render/pages/error.ts";
import { StorageError } from "../store/kv.ts";
import type { Context } from "./context.ts";
import { notFoundPage } from "./pages.ts";

function isApi(ctx: Context): boolean {
  return isApiPath(ctx.url.pathname);
}

/** The catch stage: a typed HttpError keeps its status and message; anything else is logged and hidden. */
export async function renderError(error: unknown, _request: IRequest, ctx: Context): Promise<Response> {
  if (error instanceof HttpError) {
    if (isApi(ctx)) return jsonResponse({ error: error.message, ...error.details }, error.status, { ...error.headers, "Cache-Control": CACHE_CONTROL.none });
    if (error.status === 404 && ctx.active) {
      try {
        return await notFoundPage(ctx);
      } catch (pageError) {
        logEvent("warn", "404 page unavailable; plain 404 sent", { error: String(pageError) });
      }
    }
    const title = error.status === 404 ? "We could not find that page" : error.status >= 500 ? "Temporarily unavailable" : "That request did not work";
    return htmlResponse(renderErrorPage(error.status, title, error.message), error.status, {
      ...error.headers,
      "Cache-Control": error.status === 404 ? CACHE_CONTROL.notFound : CACHE_CONTROL.none,
    });
  }
  if (error instanceof StorageError) {
    logEvent("error", "storage failure", {
      requestId: ctx.requestId,
      path: ctx.url.pathname,
      operation: error.operation,
      key: error.key,
      reason: error.reason,
    });
    const message = "We cannot reach our story archive right now. Please try again in a minute.";
    const headers = { "Retry-After": "30", "Cache-Control": CACHE_CONTROL.none };
    if (isApi(ctx)) return jsonResponse({ error: "Storage is not answering; nothing was changed unless stated otherwise. Try again shortly." }, 503, headers);
    return htmlResponse(renderErrorPage(503, "Temporarily unavailable", message), 503, headers);
  }
  logEvent("error", "unhandled error", {
    requestId: ctx.requestId,
    path: ctx.url.pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  if (isApi(ctx)) return jsonResponse({ error: "Something went wrong on our side. It has been logged." }, 500, { "Cache-Control": CACHE_CONTROL.none });
  return htmlResponse(renderErrorPage(500, "Something went wrong", "Something went wrong on our side. It has been logged, and we are looking into it."), 500, {
    "Cache-Control": CACHE_CONTROL.none,
  });
}

/** 304 Not Modified when the client's copy (If-None-Match) is current. */
export function withConditional(response: Response, request: IRequest): Response {
  const etag = response.headers.get("ETag");
  if (
    response.status === 200 &&
    etag &&
    (request.method === "GET" || request.method === "HEAD") &&
    ifNoneMatchMatches(request.headers.get("If-None-Match"), etag)
  ) {
    return notModified(response);
  }
  return response;
}

/**
 * Sets the request id on the response itself when its headers can change (every response this Worker
 * builds), else on a copy: copying every response just to add headers cost measurable time per request
 * (README "Performance and benchmarks").
 */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("X-Request-Id", requestId);
    return response;
  } catch {
    // Immutable headers (a response straight from fetch or the Cache API).
    const copy = new Response(response.body, response);
    copy.headers.set("X-Request-Id", requestId);
    return copy;
  }
}

/** Security headers, the default Cache-Control, the override cookie and Onion-Location. */
export async function withHeaders(response: Response, _request: IRequest, ctx: Context): Promise<Response> {
  const out = withRequestId(response, ctx.requestId);
  const https = ctx.url.protocol === "https:" || ctx.host?.scheme === "https";
  const kind = kindOf(out, ctx.url.pathname);
  await applySecurityHeaders(out.headers, kind, https);
  if (!out.headers.has("Cache-Control")) {
    out.headers.set("Cache-Control", out.status >= 500 || isApi(ctx) ? CACHE_CONTROL.none : out.status === 404 ? CACHE_CONTROL.notFound : CACHE_CONTROL.page);
  }
  if (ctx.setCookie) out.headers.append("Set-Cookie", ctx.setCookie);
  const onion = ctx.active?.policy.onion;
  if (onion && kind === "html" && out.status === 200) out.headers.set("Onion-Location", onion + ctx.url.pathname + ctx.url.search);
  return out;
}

/** One structured log line per request. */
export function withRequestLog(response: Response, _request: IRequest, ctx: Context): void {
  logEvent("info", "request", {
    requestId: ctx.requestId,
    method: ctx.method,
    host: ctx.url.host,
    path: ctx.url.pathname,
    status: response.status,
    country: ctx.country,
    decision: ctx.decision
      ? `${ctx.decision.action}${ctx.decision.action === "redirect" ? ` ${ctx.decision.to.host}` : ""}: ${ctx.decision.reason}`
      : undefined,
    cache: ctx.cache,
    ...(ctx.actor ? { actor: ctx.actor } : {}),
    ms: Date.now() - ctx.started,
  });
}

// The finishing stages every response leaves through: errors become pages or JSON without internals;
// then security headers, the default Cache-Control, the override cookie and Onion-Location; a 304 when
// the client's copy is current; and the request's log line and count.

import { isApiPath } from "../content/urls.ts";
import { ifNoneMatchMatches, notModified } from "../http/conditional.ts";
import { HttpError } from "../http/errors.ts";
import { CACHE_CONTROL, applySecurityHeaders, kindOf } from "../http/headers.ts";
import { htmlResponse, jsonResponse } from "../http/responses.ts";
import { logEvent } from "../log.ts";
import { renderErrorPage } from "../render/pages/error.ts";
import { NotYetHere } from "../store/blobs.ts";
import { StorageError } from "../store/kv.ts";
import { ViewUnavailable } from "../store/view.ts";
import type { RequestContext } from "./context.ts";
import { styleSources } from "./styles.ts";
import { trafficDataPoint } from "../reach/traffic.ts";

/** The 404 page with the site's chrome, when the request got far enough to have one. */
export type NotFoundPage = () => Promise<Response>;

function asHttpError(error: unknown, ctx: RequestContext): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof ViewUnavailable) {
    if (error.reason !== "not-seeded")
      logEvent("error", "site view unavailable", { requestId: ctx.requestId, reason: error.reason, error: String(error.cause ?? error) });
    return new HttpError(503, error.message, { "Retry-After": "60" }, undefined, error.reason === "not-seeded" ? "not_seeded" : "unavailable");
  }
  if (error instanceof StorageError || error instanceof NotYetHere) {
    logEvent("error", "storage failure", {
      requestId: ctx.requestId,
      path: ctx.url.pathname,
      ...(error instanceof StorageError ? { operation: error.operation, key: error.key, reason: error.reason } : { reason: "not yet here", key: error.hash }),
    });
    return new HttpError(
      503,
      isApiPath(ctx.url.pathname)
        ? "Storage is not answering; nothing was changed unless stated otherwise. Try again shortly."
        : "We cannot reach our story archive right now. Please try again in a minute.",
      { "Retry-After": error instanceof NotYetHere ? "5" : "30" },
      undefined,
      "storage_unavailable",
    );
  }
  return undefined;
}

/** Turns anything thrown into a response: typed errors keep their status and message; the rest is logged and hidden. */
export async function renderError(error: unknown, ctx: RequestContext, notFoundPage?: NotFoundPage): Promise<Response> {
  const known = asHttpError(error, ctx);
  const api = isApiPath(ctx.url.pathname);
  if (known) {
    if (api)
      return jsonResponse({ code: known.code, error: known.message, ...known.details }, known.status, {
        ...known.headers,
        "Cache-Control": CACHE_CONTROL.none,
      });
    if (known.status === 404 && notFoundPage) {
      try {
        return await notFoundPage();
      } catch (pageError) {
        logEvent("warn", "404 page unavailable; plain 404 sent", { requestId: ctx.requestId, error: String(pageError) });
      }
    }
    const title = known.status === 404 ? "We could not find that page" : known.status >= 500 ? "Temporarily unavailable" : "That request did not work";
    return htmlResponse(renderErrorPage(known.status, title, known.message), known.status, {
      ...known.headers,
      "Cache-Control": known.status === 404 ? CACHE_CONTROL.notFound : CACHE_CONTROL.none,
    });
  }
  logEvent("error", "unhandled error", {
    requestId: ctx.requestId,
    path: ctx.url.pathname,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
  if (api)
    return jsonResponse({ code: "internal_error", error: "Something went wrong on our side. It has been logged." }, 500, {
      "Cache-Control": CACHE_CONTROL.none,
    });
  return htmlResponse(renderErrorPage(500, "Something went wrong", "Something went wrong on our side. It has been logged, and we are looking into it."), 500, {
    "Cache-Control": CACHE_CONTROL.none,
  });
}

/**
 * Headers can be set on every response this Worker builds; one from the Cache API or fetch has
 * immutable headers and is copied first (copying every response cost measurable time per request).
 */
function mutable(response: Response): Response {
  try {
    response.headers.set("X-Request-Id", "");
    return response;
  } catch {
    return new Response(response.body, response);
  }
}

/** Security headers, the default Cache-Control, the override cookie and Onion-Location; then 304 if current. */
export async function finish(response: Response, request: Request, ctx: RequestContext): Promise<Response> {
  const out = mutable(response);
  out.headers.set("X-Request-Id", ctx.requestId);
  const api = isApiPath(ctx.url.pathname);
  const kind = kindOf(out, api);
  applySecurityHeaders(out.headers, kind, ctx.notes.https === true || ctx.url.protocol === "https:", await styleSources());
  if (!out.headers.has("Cache-Control")) {
    out.headers.set("Cache-Control", out.status >= 500 || api ? CACHE_CONTROL.none : out.status === 404 ? CACHE_CONTROL.notFound : CACHE_CONTROL.page);
  }
  if (ctx.notes.cookies) {
    for (const value of ctx.notes.cookies) out.headers.append("Set-Cookie", value);
    // A shared cache must never keep one visitor's cookie for the next.
    out.headers.set("Cache-Control", CACHE_CONTROL.personal);
  } else if (ctx.notes.personal && out.status < 300) out.headers.set("Cache-Control", CACHE_CONTROL.private);
  if (ctx.notes.vary && kind === "html") out.headers.set("Vary", ctx.notes.vary.join(", "));
  if (ctx.notes.clearCache) out.headers.set("Clear-Site-Data", '"cache"');
  const onion = ctx.notes.onion;
  if (onion && kind === "html" && out.status === 200) out.headers.set("Onion-Location", onion + ctx.url.pathname + ctx.url.search);
  const etag = out.headers.get("ETag");
  if (out.status === 200 && etag && (request.method === "GET" || request.method === "HEAD") && ifNoneMatchMatches(request.headers.get("If-None-Match"), etag)) {
    return notModified(out);
  }
  return out;
}

/**
 * One Analytics Engine data point per page request (host, country, route kind, region decision): the
 * reach pass's traffic signal, and region decisions counted without a log line each.
 */
export function countRequest(response: Response, ctx: RequestContext): void {
  if (!ctx.notes.routeKind || !ctx.env.REQUESTS) return;
  try {
    ctx.env.REQUESTS.writeDataPoint(
      trafficDataPoint({
        host: ctx.url.hostname,
        ...(ctx.notes.country ? { country: ctx.notes.country } : {}),
        routeKind: ctx.notes.routeKind,
        decision: response.status >= 300 && response.status < 400 ? "redirect" : response.status < 300 ? "serve" : `status ${response.status}`,
      }),
    );
  } catch (error) {
    logEvent("warn", "request not counted", { error: String(error) });
  }
}

/** A share of requests (LOG_SAMPLE_RATE) gets an info line; errors and warnings are always logged. */
export function logRequest(response: Response, ctx: RequestContext): void {
  const rate = Number(ctx.env.LOG_SAMPLE_RATE);
  if (!(rate > 0) || (rate < 1 && Math.random() >= rate)) return;
  logEvent("info", "request", {
    requestId: ctx.requestId,
    method: ctx.method,
    host: ctx.url.host,
    path: ctx.url.pathname,
    status: response.status,
    country: ctx.notes.country,
    decision: ctx.notes.decision,
    cache: ctx.notes.cache,
    ...(ctx.notes.actor ? { actor: ctx.notes.actor } : {}),
    ms: Date.now() - ctx.started,
    ...(rate < 1 ? { sampleRate: rate } : {}),
  });
}

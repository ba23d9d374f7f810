// Flood limits of the publishing API, per client IP, through the Workers rate-limiting bindings
// (wrangler.toml): failed logins and writes are counted apart, so an editor's normal work never
// meets the login limit and a stranger guessing tokens never uses up the editors' write budget.

import type { RequestContext } from "../stages/context.ts";
import { HttpError } from "../http/errors.ts";
import { logEvent } from "../log.ts";

/** The window of both bindings (wrangler.toml `period`): a refused client may try again after it. */
export const RATE_WINDOW_SECONDS = 60;

export const tooManyRequests = (message: string) => new HttpError(429, message, { "Retry-After": String(RATE_WINDOW_SECONDS) });

/**
 * The client's address as Cloudflare's edge reports it. The edge sets CF-Connecting-IP on every request
 * from the internet and overwrites any value a client sends; a request without it comes from inside
 * the account (a service binding) or from the tests, and is not counted.
 */
function clientIp(request: Request): string | undefined {
  const ip = request.headers.get("CF-Connecting-IP")?.trim();
  return ip ? ip : undefined;
}

/** True when the binding lets this event through; a failing binding lets it through and is logged. */
async function allowed(limiter: RateLimit, key: string, ctx: RequestContext): Promise<boolean> {
  try {
    return (await limiter.limit({ key })).success;
  } catch (error) {
    // Editors must not be locked out by a limiter outage; auth still applies in full.
    logEvent("warn", "rate limiter unavailable; request let through", { requestId: ctx.requestId, key, error: String(error) });
    return true;
  }
}

/** Counts a failed login; past the limit, the answer becomes 429 instead of 401 for the rest of the window. */
export async function limitFailedAuth(request: Request, ctx: RequestContext, refusal: HttpError): Promise<HttpError> {
  const ip = clientIp(request);
  if (!ip || (await allowed(ctx.env.API_AUTH_LIMITER, `auth-failure:${ip}`, ctx))) return refusal;
  logEvent("warn", "API login flood refused", { requestId: ctx.requestId, ip });
  return tooManyRequests(`Too many failed logins from your address; wait ${RATE_WINDOW_SECONDS} seconds, then send the right token.`);
}

const WRITES = new Set(["PUT", "PATCH", "DELETE", "POST"]);

/** Counts an authorised write before its body is read; past the limit, 429 and nothing is written. */
export async function limitWrites(request: Request, ctx: RequestContext): Promise<void> {
  const ip = clientIp(request);
  if (!ip || !WRITES.has(ctx.method)) return;
  if (await allowed(ctx.env.API_LIMITER, `write:${ip}`, ctx)) return;
  logEvent("warn", "API write flood refused", { requestId: ctx.requestId, ip, actor: ctx.notes.actor });
  throw tooManyRequests(`Too many changes from your address in the last minute; nothing was saved. Wait ${RATE_WINDOW_SECONDS} seconds and send it again.`);
}

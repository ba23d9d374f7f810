// Router stage: load the domain policy and decide serve-or-redirect before anything else runs,
// so cached pages and the region decision never mix.

import type { IRequest } from "itty-router";
import { isApiPath, isRegionExempt } from "../content/urls.ts";
import { HttpError } from "../http/errors.ts";
import { redirectResponse } from "../http/responses.ts";
import { decide, findHost, normaliseHost, originOf, redirectUrl } from "../policy/decide.ts";
import { OVERRIDE_PARAM } from "../policy/mirrors.ts";
import type { HostEntry } from "../policy/types.ts";
import { getPolicy } from "../store/config.ts";
import type { Context } from "./context.ts";

export const OVERRIDE_COOKIE = "edge_stay";
const OVERRIDE_MAX_AGE = 30 * 24 * 3600;

const COUNTRY = /^(?:[A-Z]{2}|T1)$/;
const CONTINENT = /^(?:AF|AN|AS|EU|NA|OC|SA)$/;

/** Where the visitor is: request.cf, or in local development the X-Geo-* headers standing in for it. */
export function regionOf(request: Request, env: Env): { country?: string; continent?: string } {
  const cf = (request as { cf?: { country?: unknown; continent?: unknown } }).cf;
  let country = typeof cf?.country === "string" ? cf.country : undefined;
  let continent = typeof cf?.continent === "string" ? cf.continent : undefined;
  if (env.ALLOW_GEO_OVERRIDE === "true") {
    const headerCountry = request.headers.get("X-Geo-Country")?.trim().toUpperCase();
    const headerContinent = request.headers.get("X-Geo-Continent")?.trim().toUpperCase();
    if (headerCountry && (COUNTRY.test(headerCountry) || headerCountry === "XX")) {
      country = headerCountry;
      continent = undefined;
    }
    if (headerContinent && CONTINENT.test(headerContinent)) continent = headerContinent;
  }
  return { ...(country ? { country } : {}), ...(continent ? { continent } : {}) };
}

function hasOverrideCookie(request: Request): boolean {
  const cookie = request.headers.get("Cookie") ?? "";
  return cookie.split(";").some((c) => c.trim() === `${OVERRIDE_COOKIE}=1`);
}

export async function withRegionDecision(request: IRequest, ctx: Context): Promise<Response | undefined> {
  ctx.active = await getPolicy(ctx.env, ctx.kv);
  const { policy } = ctx.active;
  const host = normaliseHost(ctx.url.host);
  const entry = findHost(policy, host);
  const primary = findHost(policy, policy.primary);
  if (entry) ctx.host = entry;
  ctx.origin = originOf(entry ?? primary ?? { host: policy.primary, scheme: "https", public: true });

  const exempt = isRegionExempt(ctx.url.pathname);
  // Only a page request's answer depends on where the visitor is; reading request.cf has a cost, so the
  // API, feeds, media and other methods skip it.
  const region = !exempt && (ctx.method === "GET" || ctx.method === "HEAD") ? regionOf(request, ctx.env) : {};
  if (region.country) ctx.country = region.country;
  if (region.continent) ctx.continent = region.continent;
  const stay = ctx.url.searchParams.get(OVERRIDE_PARAM);
  const override = stay === "1" || (stay !== "0" && hasOverrideCookie(request));
  const decision = decide(policy, { host, ...region, method: ctx.method, exempt, override });
  ctx.decision = decision;
  // A region redirect already names the target's configured scheme: HTTP to HTTPS in the same hop.
  if (decision.action === "redirect") return redirectResponse(redirectUrl(ctx.url, decision.to));
  if (entry?.scheme === "https" && ctx.url.protocol === "http:") return upgradeToHttps(ctx, entry);

  if (entry && (stay === "1" || stay === "0")) {
    const secure = entry.scheme === "https" ? "; Secure" : "";
    ctx.setCookie = `${OVERRIDE_COOKIE}=${stay === "1" ? `1; Max-Age=${OVERRIDE_MAX_AGE}` : "; Max-Age=0"}; Path=/; SameSite=Lax; HttpOnly${secure}`;
  }
  return undefined;
}

/**
 * Plain HTTP on a host configured for HTTPS: one redirect to the same host, path and query over HTTPS
 * (301 for GET and HEAD, 308 for other methods so a form or client keeps its method and body). The API
 * is refused instead: following a redirect would hide that its token has just crossed the network in
 * clear text.
 */
function upgradeToHttps(ctx: Context, entry: HostEntry): Response {
  const target = redirectUrl(ctx.url, entry);
  if (isApiPath(ctx.url.pathname)) {
    throw new HttpError(
      403,
      `The publishing API only answers over HTTPS: send this request to ${target}. If it carried a token, that token crossed the network unencrypted; replace it (npx wrangler secret put ADMIN_TOKEN).`,
    );
  }
  return redirectResponse(target, ctx.method === "GET" || ctx.method === "HEAD" ? 301 : 308);
}

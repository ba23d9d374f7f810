// The region decision, before any page is looked up: serve here, or redirect to the host that works for
// the visitor's region (and HTTPS hosts upgrade plain HTTP), so cached pages never carry a region's answer.

import { HttpError } from "../http/errors.ts";
import { redirectResponse } from "../http/responses.ts";
import { originOf } from "../policy/decide.ts";
import { OVERRIDE_PARAM } from "../policy/mirrors.ts";
import { type Route, routeRequest } from "../policy/route.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { isRegionExempt } from "../content/urls.ts";
import type { View } from "../store/view.ts";
import type { PageContext, RequestContext } from "./context.ts";

export const OVERRIDE_COOKIE = "edge_stay";
const OVERRIDE_MAX_AGE = 30 * 24 * 3600;

const COUNTRY = /^(?:[A-Z]{2}|T1)$/;
const CONTINENT = /^(?:AF|AN|AS|EU|NA|OC|SA)$/;

/** Where the visitor is: request.cf, or in local development the X-Geo-* headers standing in for it. */
export function regionOf(request: Request, env: { ALLOW_GEO_OVERRIDE?: string }): { country?: string; continent?: string } {
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

export const LITE_COOKIE = "edge_lite";

function hasCookie(request: Request, name: string): boolean {
  return (
    request.headers
      .get("Cookie")
      ?.split(";")
      .some((c) => c.trim() === `${name}=1`) ?? false
  );
}

/** A choice kept for 30 days on this host only, or cleared. */
function cookie(name: string, on: boolean, secure: boolean): string {
  return `${name}=${on ? `1; Max-Age=${OVERRIDE_MAX_AGE}` : "; Max-Age=0"}; Path=/; SameSite=Lax; HttpOnly${secure ? "; Secure" : ""}`;
}

function addCookie(ctx: RequestContext, value: string): void {
  ctx.notes.cookies = [...(ctx.notes.cookies ?? []), value];
}

/**
 * Full or lite edition: ?lite=1 / ?lite=0 choose (and keep the choice in a cookie), else the cookie,
 * else the browser's data saver (Save-Data: on). The answer depends on Save-Data, so says so (Vary);
 * one chosen by cookie is this visitor's own, so no shared cache keeps it.
 */
function chooseEdition(request: Request, ctx: RequestContext, secure: boolean): boolean {
  ctx.notes.vary = ["Save-Data"];
  const asked = ctx.url.searchParams.get("lite");
  if (asked === "1" || asked === "0") {
    addCookie(ctx, cookie(LITE_COOKIE, asked === "1", secure));
    // Pages the browser kept from the other edition would show it again: it drops them.
    ctx.notes.clearCache = true;
    return asked === "1";
  }
  if (hasCookie(request, LITE_COOKIE)) {
    ctx.notes.personal = true;
    return true;
  }
  return request.headers.get("Save-Data")?.trim().toLowerCase() === "on";
}

/** The decision as one log field: "redirect mirror.example: rule 1 "…" sends this region elsewhere". */
function describe(route: Route): string {
  const d = route.decision;
  return `${d.action}${d.action === "redirect" ? ` ${d.to.host}` : ""}: ${d.reason}`;
}

/** Routes a request under `policy`; only page requests (GET/HEAD of a non-exempt path) read where the visitor is. */
export function routeOf(request: Request, ctx: RequestContext, policy: DomainPolicy): { route: Route; stay: string | null } {
  const page = (ctx.method === "GET" || ctx.method === "HEAD") && !isRegionExempt(ctx.url.pathname);
  const region = page ? regionOf(request, ctx.env) : {};
  const stay = ctx.url.searchParams.get(OVERRIDE_PARAM);
  const override = stay === "1" || (stay !== "0" && hasCookie(request, OVERRIDE_COOKIE));
  const route = routeRequest(policy, ctx.url, { ...region, method: ctx.method, override });
  if (region.country) ctx.notes.country = region.country;
  if (page) ctx.notes.routeKind = "page";
  ctx.notes.decision = describe(route);
  return { route, stay };
}

/**
 * The page context for a request served here, or the redirect that sends it elsewhere. The publishing
 * API over plain HTTP on an HTTPS host is refused instead of redirected: following a redirect would
 * hide that its token has just crossed the network in clear text.
 */
export function decideRegion(request: Request, ctx: RequestContext, view: View): PageContext | Response {
  const { route, stay } = routeOf(request, ctx, view.policy);
  if (route.action === "redirect") return redirectResponse(route.location, route.status);
  if (route.action === "refuse-insecure-api") throw insecureApi(route.location);
  const host = route.host;
  ctx.notes.https = ctx.url.protocol === "https:" || host?.scheme === "https";
  if (view.policy.onion) ctx.notes.onion = view.policy.onion;
  if (host && (stay === "1" || stay === "0")) addCookie(ctx, cookie(OVERRIDE_COOKIE, stay === "1", host.scheme === "https"));
  const primary = view.policy.hosts.find((h) => h.host === view.policy.primary);
  return {
    ...ctx,
    view,
    host,
    origin: originOf(host ?? primary ?? { host: view.policy.primary, scheme: "https", public: true }),
    lite: chooseEdition(request, ctx, host?.scheme === "https"),
  };
}

export function insecureApi(location: string): HttpError {
  return new HttpError(
    403,
    `The publishing API only answers over HTTPS: send this request to ${location}. If it carried a token, that token crossed the network unencrypted; replace it (npx wrangler secret put ADMIN_TOKEN).`,
    {},
    undefined,
    "https_required",
  );
}

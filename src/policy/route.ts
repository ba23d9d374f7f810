// Where one request goes, as the Worker and `npm run policy` both decide it: the region decision, then
// the HTTPS upgrade on a host configured for HTTPS. Pure: a URL and request facts in, an answer out.

import { isApiPath, isRegionExempt } from "../content/urls.ts";
import { decide, findHost, normaliseHost, redirectUrl } from "./decide.ts";
import type { Decision, DomainPolicy, HostEntry } from "./types.ts";

export interface RouteFacts {
  /** ISO 3166-1 alpha-2, "XX" or "T1"; absent when unknown. */
  country?: string;
  continent?: string;
  /** The method as the client sent it. */
  method: string;
  /** The visitor chose this host with the override link (?stay=1 or its cookie). */
  override: boolean;
}

export type Route =
  /** Serve the request here; `decision` says why (for the log and `npm run policy`). */
  | { action: "serve"; host: HostEntry | undefined; decision: Decision }
  /** Send the visitor elsewhere: a region redirect (302) or the HTTPS upgrade (301, or 308 keeping the method). */
  | { action: "redirect"; status: 301 | 302 | 308; location: string; host: HostEntry | undefined; decision: Decision }
  /** The API over plain HTTP on an HTTPS host: refused, since following a redirect would hide that a token crossed in clear. */
  | { action: "refuse-insecure-api"; location: string; host: HostEntry; decision: Decision };

/**
 * Decides one request. Region redirects name the target's configured scheme, so HTTP to HTTPS happens
 * in the same hop; a request served here on plain HTTP for an HTTPS host is upgraded.
 * @example routeRequest(policy, new URL("http://www.example.org/x"), { country: "GB", method: "GET", override: false })
 */
export function routeRequest(policy: DomainPolicy, url: URL, facts: RouteFacts): Route {
  const host = normaliseHost(url.host);
  const entry = findHost(policy, host);
  const exempt = isRegionExempt(url.pathname);
  const decision = decide(policy, {
    host,
    ...(facts.country ? { country: facts.country } : {}),
    ...(facts.continent ? { continent: facts.continent } : {}),
    method: facts.method,
    exempt,
    override: facts.override,
  });
  if (decision.action === "redirect") return { action: "redirect", status: 302, location: redirectUrl(url, decision.to), host: entry, decision };
  if (entry?.scheme === "https" && url.protocol === "http:") {
    const location = redirectUrl(url, entry);
    if (isApiPath(url.pathname)) return { action: "refuse-insecure-api", location, host: entry, decision };
    return { action: "redirect", status: facts.method === "GET" || facts.method === "HEAD" ? 301 : 308, location, host: entry, decision };
  }
  return { action: "serve", host: entry, decision };
}

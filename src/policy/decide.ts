// The region decision: serve here or redirect, for one request. Pure; every line is documented in docs/domains.md "Decision semantics".

import { continentOf, TOR_COUNTRY } from "./countries.ts";
import type { Decision, DomainPolicy, HostEntry, RequestFacts, Rule } from "./types.ts";

/** "NEWS.Example.:443" → "news.example:443": how a request's Host is compared with configured hosts. */
export function normaliseHost(host: string): string {
  return host.toLowerCase().replace(/\.(?=:\d+$|$)/, "");
}

/**
 * A policy made ready for deciding: hosts by name and the rule each country and continent meets first,
 * built once per policy object, so a decision is a few map lookups however many rules there are. The
 * rules it was built from are kept: a policy changed in place (reach/act.ts edits a copy) is rebuilt.
 */
interface Compiled {
  rules: Rule[];
  lists: (readonly string[] | undefined)[];
  hostList: HostEntry[];
  hosts: Map<string, HostEntry>;
  byCountry: Map<string, number>;
  byContinent: Map<string, number>;
}

const compiled = new WeakMap<DomainPolicy, Compiled>();

function current(c: Compiled, policy: DomainPolicy): boolean {
  return (
    c.hostList === policy.hosts &&
    c.hosts.size === policy.hosts.length &&
    c.rules.length === policy.rules.length &&
    policy.rules.every((rule, i) => rule === c.rules[i] && rule.countries === c.lists[2 * i] && rule.continents === c.lists[2 * i + 1])
  );
}

function compile(policy: DomainPolicy): Compiled {
  let c = compiled.get(policy);
  if (c && current(c, policy)) return c;
  c = {
    rules: [...policy.rules],
    lists: policy.rules.flatMap((r) => [r.countries, r.continents]),
    hostList: policy.hosts,
    hosts: new Map(policy.hosts.map((h) => [h.host, h])),
    byCountry: new Map(),
    byContinent: new Map(),
  };
  for (const [index, rule] of policy.rules.entries()) {
    for (const country of rule.countries ?? []) if (!c.byCountry.has(country)) c.byCountry.set(country, index);
    for (const continent of rule.continents ?? []) if (!c.byContinent.has(continent)) c.byContinent.set(continent, index);
  }
  compiled.set(policy, c);
  return c;
}

export function findHost(policy: DomainPolicy, host: string): HostEntry | undefined {
  return compile(policy).hosts.get(host);
}

function hostEntry(policy: DomainPolicy, host: string): HostEntry {
  const entry = findHost(policy, host);
  // Validation guarantees every host a policy names is configured; this guards hand-built policies.
  if (!entry) throw new Error(`domain policy names unconfigured host ${host}`);
  return entry;
}

function ruleLabel(rule: Rule, index: number): string {
  return rule.name ? `rule ${index + 1} "${rule.name}"` : `rule ${index + 1}`;
}

/** The first rule that matches a country or continent, with its position. */
export function matchRule(policy: DomainPolicy, country: string | undefined, continent: string | undefined): { rule: Rule; index: number } | undefined {
  const c = compile(policy);
  const region = continent ?? (country ? continentOf(country) : undefined);
  const byCountry = country === undefined ? undefined : c.byCountry.get(country);
  const byContinent = region === undefined ? undefined : c.byContinent.get(region);
  // The first rule in order that matches either way.
  const index = byCountry === undefined ? byContinent : byContinent === undefined ? byCountry : Math.min(byCountry, byContinent);
  const rule = index === undefined ? undefined : policy.rules[index];
  return rule && index !== undefined ? { rule, index } : undefined;
}

/** Where a visitor belongs when they ask for a configured host. */
function decideKnown(policy: DomainPolicy, requested: HostEntry, facts: RequestFacts): Decision {
  const match = matchRule(policy, facts.country, facts.continent);
  if (match) {
    const label = ruleLabel(match.rule, match.index);
    if (match.rule.hosts.includes(requested.host)) return { action: "serve", host: requested, reason: `${label} serves this region here`, rule: label };
    return { action: "redirect", to: hostEntry(policy, match.rule.hosts[0] ?? policy.primary), reason: `${label} sends this region elsewhere`, rule: label };
  }
  if ("redirect" in policy.default && policy.default.redirect !== requested.host) {
    return {
      action: "redirect",
      to: hostEntry(policy, policy.default.redirect),
      reason: "no rule matches; the default sends everyone else to one host",
      rule: "default",
    };
  }
  return { action: "serve", host: requested, reason: "no rule matches; the default serves the requested host", rule: "default" };
}

/**
 * Decides one request. Redirects only ever name a configured host and settle in one hop: the target
 * is chosen so that the same visitor is served there.
 * @example decide(policy, { host: "news.example", country: "GB", method: "GET", exempt: false, override: false })
 */
export function decide(policy: DomainPolicy, facts: RequestFacts): Decision {
  const requested = findHost(policy, facts.host);
  if (facts.exempt) return { action: "serve", host: requested, reason: "this path is served on every host" };
  if (facts.method !== "GET" && facts.method !== "HEAD") return { action: "serve", host: requested, reason: "only GET and HEAD are redirected" };
  if (!requested) {
    // An unknown Host never becomes a redirect target: send the visitor where the primary would.
    const primary = hostEntry(policy, policy.primary);
    const there = facts.country === TOR_COUNTRY ? undefined : decideKnown(policy, primary, facts);
    const to = there?.action === "redirect" ? there.to : primary;
    return { action: "redirect", to, reason: "unknown host: sent to the host that serves this region", rule: there?.rule ?? "unknown host" };
  }
  if (facts.country === TOR_COUNTRY) return { action: "serve", host: requested, reason: "Tor visitors are never redirected" };
  if (facts.override) return { action: "serve", host: requested, reason: "the visitor chose this host (override)" };
  return decideKnown(policy, requested, facts);
}

/**
 * The redirect target: the request URL with only scheme, host and port replaced from configuration.
 * Never `new URL(path, origin)`: a path such as "//evil.example" would then name another host.
 */
export function redirectUrl(requestUrl: URL, to: HostEntry): string {
  // Most requests carry no credentials and no fragment: the target is then the configured host's origin
  // followed by the request's path and query exactly as spelled, without parsing the address again.
  if (requestUrl.username === "" && requestUrl.password === "" && requestUrl.hash === "") {
    const href = requestUrl.href;
    const origin = requestUrl.origin;
    if (href.startsWith(origin)) return targetOrigin(to) + href.slice(origin.length);
  }
  return rebuilt(requestUrl, to);
}

/** A configured host's origin as a redirect to it spells it ("https://mirror.example"), worked out once per host. */
const targetOrigins = new Map<string, string>();

function targetOrigin(to: HostEntry): string {
  const key = `${to.scheme}://${to.host}`;
  let origin = targetOrigins.get(key);
  if (origin === undefined) {
    // Exactly what rebuilding gives, without the path ("/") of a placeholder address.
    origin = rebuilt(new URL("http://placeholder.invalid/"), to).slice(0, -1);
    if (targetOrigins.size >= 100) targetOrigins.clear();
    targetOrigins.set(key, origin);
  }
  return origin;
}

function rebuilt(requestUrl: URL, to: HostEntry): string {
  const target = new URL(requestUrl.href);
  const port = /:(\d+)$/.exec(to.host);
  target.protocol = `${to.scheme}:`;
  target.username = "";
  target.password = "";
  // Setting `host` without a port would keep the request's port, so hostname and port are set apart.
  target.hostname = port ? to.host.slice(0, port.index) : to.host;
  target.port = port?.[1] ?? "";
  target.hash = "";
  return target.href;
}

export function originOf(entry: HostEntry): string {
  return `${entry.scheme}://${entry.host}`;
}

/** The host canonical links and sitemaps use. */
export function canonicalHost(policy: DomainPolicy): HostEntry {
  return hostEntry(policy, policy.canonical ?? policy.primary);
}

// Domain policies for the policy scenarios: versions that rotate the mirrors of the blocked-countries
// rule, and the oracle that says which versions a reader's answer is consistent with (the Worker's own
// pure routing, so the answer is checked against the policy, not against a copy of the logic).

import { publicMirrors } from "../../src/policy/mirrors.ts";
import { routeRequest } from "../../src/policy/route.ts";
import { routedHostsOf, routingProblems } from "../../src/policy/routing.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import { continentOf } from "../../src/policy/countries.ts";
import { type Violations, rel } from "./checks.ts";
import type { Probe, Seen } from "./observe.ts";
import type { Random } from "./random.ts";
import { changeOf } from "./story.ts";
import type { DataCentre, Exchange, World } from "./world.ts";

/** One policy in force, in the order they were put in force (version 0: the deployed one). */
export interface PolicyVersion {
  index: number;
  policy: DomainPolicy;
  /** For live versions: the savedAt mirrors.json reports, when the editor sent it, and when every data centre must follow it. */
  savedAt?: string;
  changedAt?: number;
  visibleBy?: number;
}

export interface RouteProbe {
  host: string;
  country: string;
  path: string;
}

const COUNTRIES = ["CN", "IR", "RU", "GB", "JP", "AU", "US", "DE", "IN", "BR", "T1"];
export const POLICY_PATHS = ["/", "/section/news", "/articles/lower-harbour-flood-defence-plan-approved", "/mirrors", "/.well-known/mirrors.json"];

export function deployedVersion(world: World): PolicyVersion {
  const policy = checkPolicy(world.vars.DOMAIN_POLICY).policy;
  if (!policy) throw new Error("the deployed policy does not validate");
  return { index: 0, policy };
}

/**
 * A new version that rotates the blocked countries' mirrors (and now and then the others'): a different
 * first mirror for CN, IR and RU, sometimes with the one it replaces retired from the hosts altogether.
 */
export function rotated(previous: DomainPolicy, random: Random, routed: unknown): DomainPolicy {
  for (let attempt = 0; attempt < 50; attempt++) {
    const next = structuredClone(previous);
    const candidates = next.hosts.map((h) => h.host).filter((h) => h !== next.primary && h !== next.canonical);
    for (const [i, rule] of next.rules.entries()) {
      if (i > 0 && !random.chance(0.3)) continue;
      rule.hosts = random.shuffle(candidates).slice(0, random.int(1, Math.min(2, candidates.length)));
    }
    const blocked = next.rules[0];
    if (!blocked || blocked.hosts[0] === previous.rules[0]?.hosts[0]) continue;
    const retired = previous.rules[0]?.hosts[0];
    if (retired && random.chance(0.4) && !next.rules.some((r) => r.hosts.includes(retired))) next.hosts = next.hosts.filter((h) => h.host !== retired);
    const check = checkPolicy(next);
    if (check.policy && check.errors.length === 0 && routingProblems(check.policy, routedHostsOf(routed)).length === 0) return check.policy;
  }
  throw new Error("no valid rotated policy found");
}

/** Puts `policy` in force through the API at `dc` and records it as the next version (savedAt as the API reports it). */
export async function putPolicy(world: World, dc: DataCentre, policy: DomainPolicy, versions: PolicyVersion[]): Promise<PolicyVersion> {
  const answer = await world.api(dc, "PUT", "/api/policy", policy);
  if (answer.status !== 200) throw new Error(`PUT /api/policy: HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
  const { changedAt, visibleBy } = changeOf(answer);
  const current = JSON.parse((await world.api(dc, "GET", "/api/policy")).body) as { savedAt?: string };
  const version: PolicyVersion = { index: versions.length, policy, changedAt, visibleBy, ...(current.savedAt ? { savedAt: current.savedAt } : {}) };
  versions.push(version);
  return version;
}

/** A reader somewhere asking some host for some page. */
export function routeProbe(random: Random, hosts: readonly string[]): Probe<RouteProbe> {
  const meta = { host: random.pick(hosts), country: random.pick(COUNTRIES), path: random.pick(POLICY_PATHS) };
  return { spec: { url: `https://${meta.host}${meta.path}`, country: meta.country }, meta };
}

/**
 * Whether an answer is what `version` prescribes for this request. mirrors.json dates a live version by
 * its savedAt and the deployed one by when the writer first saw it: any date but a live version's.
 */
export function followsVersion(exchange: Exchange, probe: RouteProbe, version: PolicyVersion, liveDates: ReadonlySet<string> = new Set()): boolean {
  const url = new URL(exchange.url);
  if (probe.path === "/.well-known/mirrors.json") {
    if (exchange.status !== 200) return false;
    const doc = JSON.parse(exchange.body) as { sites: { available_alternatives: { url: string; updated_at: string }[] }[] };
    const listed = (doc.sites[0]?.available_alternatives ?? []).map((a) => a.url).sort();
    const expected = publicMirrors(version.policy)
      .filter((m) => m.host !== version.policy.primary)
      .map((m) => m.url)
      .sort();
    if (JSON.stringify(listed) !== JSON.stringify(expected)) return false;
    const dates = (doc.sites[0]?.available_alternatives ?? []).map((a) => a.updated_at);
    return version.savedAt === undefined ? dates.every((d) => !liveDates.has(d)) : dates.every((d) => d === version.savedAt);
  }
  const continent = continentOf(probe.country);
  const route = routeRequest(version.policy, url, { country: probe.country, ...(continent ? { continent } : {}), method: exchange.method, override: false });
  const redirected = [301, 302, 307, 308].includes(exchange.status);
  if (route.action === "redirect") return redirected && exchange.status === route.status && exchange.headers.get("Location") === route.location;
  return !redirected && exchange.status < 500;
}

/** The versions an answer is consistent with (by index). Errors are consistent with none and judged apart. */
export function consistentVersions(exchange: Exchange, probe: RouteProbe, versions: readonly PolicyVersion[]): number[] {
  const liveDates = new Set(versions.flatMap((v) => (v.savedAt ? [v.savedAt] : [])));
  return versions.filter((v) => followsVersion(exchange, probe, v, liveDates)).map((v) => v.index);
}

/** Every host any version names: a redirect anywhere else sends a reader where no policy ever said. */
export function hostsOfAll(versions: readonly PolicyVersion[]): Set<string> {
  return new Set(versions.flatMap((v) => v.policy.hosts.map((h) => h.host)));
}

function describeSeen(s: Seen<RouteProbe>, origin: number): string {
  const e = s.exchange;
  const to = e.headers.get("Location");
  return `${e.method} ${e.url} from ${s.meta.country} at ${e.dc} (${e.isolate}) sent ${rel(e.sent, origin)}: HTTP ${e.status}${to ? ` → ${to}` : ""}`;
}

/**
 * Checks every answer against the versions in force: consistent with some version, with one at least as
 * new as the newest whose visibleBy has passed, never older than the isolate already followed. Returns
 * the worst delay measured: the last answer that only an older version explains, after each commit.
 */
export function judgePolicy(seen: readonly Seen<RouteProbe>[], versions: readonly PolicyVersion[], violations: Violations): number {
  const first = versions[1]?.changedAt ?? 0;
  const known = hostsOfAll(versions);
  const floors = new Map<string, number>();
  let worst = 0;
  for (const s of [...seen].sort((a, b) => a.exchange.sent - b.exchange.sent)) {
    const e = s.exchange;
    const location = e.headers.get("Location");
    if (location && !known.has(new URL(location).host)) violations.add(`sent to a host no version names: ${describeSeen(s, first)}`);
    const due = versions.filter((v) => v.visibleBy !== undefined && v.visibleBy <= e.sent).at(-1)?.index ?? 0;
    if (e.status >= 500) {
      if (due > 0) violations.add(`error after a visibleBy: ${describeSeen(s, first)}`);
      continue;
    }
    const consistent = consistentVersions(e, s.meta, versions);
    if (consistent.length === 0) {
      violations.add(`follows no version: ${describeSeen(s, first)}`);
      continue;
    }
    const newest = Math.max(...consistent);
    if (newest < due) violations.add(`follows version ${newest} after version ${due}'s visibleBy: ${describeSeen(s, first)}`);
    const floor = floors.get(e.isolate) ?? 0;
    if (newest < floor) violations.add(`isolate went back from version ${floor} to ${newest}: ${describeSeen(s, first)}`);
    floors.set(e.isolate, Math.max(floor, Math.min(...consistent)));
    for (const v of versions) {
      if (v.changedAt !== undefined && v.index > newest) worst = Math.max(worst, e.sent - v.changedAt);
    }
  }
  return worst;
}

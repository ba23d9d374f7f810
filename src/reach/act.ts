// Act mode: the domain policy that routes each country around the hosts reported blocked there. Pure; the
// result passes checkPolicy (tests/unit/reach-act.test.ts checks it on random policies).
//
// The routing is derived from the operator's own policy (`base`) and the blocked pairs, every pass anew:
// so a host that is cleared moves back to where the operator put it, a pass never builds on its own
// earlier changes, and an operator's new policy simply becomes the next base.

import { ALL_COUNTRIES, continentOf } from "../policy/countries.ts";
import { matchRule } from "../policy/decide.ts";
import type { DomainPolicy, Rule } from "../policy/types.ts";
import type { Pair } from "./types.ts";

const MAX_RULE_NAME = 80;

/** A pair reported blocked; `reason` and `since` (from status.ts) go into the change's explanation. */
export interface BlockedPair extends Pair {
  reason?: string;
  since?: string;
}

export interface ActInput {
  /** The policy in force now. */
  current: DomainPolicy;
  /** The policy as an operator last saved it; the current one when absent (then nothing moves back). */
  base?: DomainPolicy;
  blocked: readonly BlockedPair[];
}

/** What changed for one country: the hosts of the rule that serves it (visitors elsewhere go to the first). */
export interface ReachChange {
  country: string;
  before: string[];
  after: string[];
  reason: string;
}

/** A country where every host that could serve it is blocked and no standby host is left: nothing to do. */
export interface Stuck {
  country: string;
  reason: string;
}

export interface ActResult {
  /** The new policy, or undefined when the policy in force already routes around every block. */
  policy?: DomainPolicy;
  changes: ReachChange[];
  stuck: Stuck[];
}

function clone(policy: DomainPolicy): DomainPolicy {
  return structuredClone(policy);
}

function ruleLabel(rule: Rule, index: number): string {
  return rule.name ?? `rule ${index + 1}`;
}

function splitName(rule: Rule, index: number, country: string): string {
  const suffix = `: ${country} (reach)`;
  return ruleLabel(rule, index).slice(0, MAX_RULE_NAME - suffix.length) + suffix;
}

function blockedText(hosts: readonly string[], country: string, byKey: ReadonlyMap<string, BlockedPair>): string {
  return hosts
    .map((host) => {
      const pair = byKey.get(`${host} ${country}`);
      const details = [pair?.since ? `since ${pair.since}` : "", pair?.reason ?? ""].filter(Boolean).join(": ");
      return `${host} is reported blocked in ${country}${details ? ` (${details})` : ""}`;
    })
    .join("; ");
}

/** Gives a rule's country its own host order: in place when the rule serves only that country, else split out before it. */
function setHostsFor(policy: DomainPolicy, index: number, country: string, hosts: string[]): void {
  const rule = policy.rules[index];
  if (!rule) return;
  const onlyThisCountry = !rule.continents?.length && rule.countries?.length === 1 && rule.countries[0] === country;
  if (onlyThisCountry) {
    rule.hosts = hosts;
    return;
  }
  // Placed just before its rule: no earlier rule matches the country (this one was the first match), so nothing shadows it.
  const split: Rule = { name: splitName(rule, index, country), countries: [country], hosts };
  if (rule.countries?.includes(country)) {
    const rest = rule.countries.filter((c) => c !== country);
    if (rest.length > 0) rule.countries = rest;
    else delete rule.countries;
  }
  policy.rules.splice(index, 0, split);
}

/** The policy that routes around `blocked`, derived from `base`, with what was done per country. */
function derive(base: DomainPolicy, blocked: readonly BlockedPair[]): { policy: DomainPolicy; actions: Map<string, string>; stuck: Stuck[] } {
  const policy = clone(base);
  const byKey = new Map(blocked.map((p) => [`${p.host} ${p.country}`, p]));
  const byCountry = new Map<string, Set<string>>();
  for (const { host, country } of blocked) byCountry.set(country, (byCountry.get(country) ?? new Set()).add(host));
  const standby = base.hosts.filter((h) => h.standby).map((h) => h.host);
  const actions = new Map<string, string>();
  const stuck: Stuck[] = [];
  const bringIn = (isBlocked: Set<string>): string | undefined => {
    const host = standby.find((h) => !isBlocked.has(h));
    const entry = policy.hosts.find((h) => h.host === host);
    if (entry) delete entry.standby;
    return host;
  };

  for (const country of [...byCountry.keys()].sort()) {
    const isBlocked = byCountry.get(country) ?? new Set<string>();
    const match = matchRule(policy, country, continentOf(country));
    if (match) {
      const { rule, index } = match;
      const first = rule.hosts[0];
      // Redirects go only to the first host: a blocked host further down receives none, so nothing to change.
      if (!first || !isBlocked.has(first)) continue;
      const open = rule.hosts.filter((h) => !isBlocked.has(h));
      const shut = rule.hosts.filter((h) => isBlocked.has(h));
      const label = `rule ${index + 1}${rule.name ? ` "${rule.name}"` : ""}`;
      if (open.length > 0) {
        setHostsFor(policy, index, country, [...open, ...shut]);
        actions.set(country, `${blockedText(shut, country, byKey)}: ${open[0]} now serves ${country} first (${label})`);
        continue;
      }
      const fresh = bringIn(isBlocked);
      if (!fresh) {
        stuck.push({
          country,
          reason: `every host of ${label} is reported blocked in ${country} and no standby host is left: add a new host or a standby one`,
        });
        continue;
      }
      setHostsFor(policy, index, country, [fresh, ...rule.hosts]);
      actions.set(country, `${blockedText(shut, country, byKey)}: every host of ${label} is blocked there, so standby host ${fresh} now serves ${country}`);
      continue;
    }
    // No rule: only a default redirect into the block needs a way around (serving in place redirects no one).
    if (!("redirect" in policy.default) || !isBlocked.has(policy.default.redirect)) continue;
    const target = policy.default.redirect;
    const open = policy.hosts.find((h) => h.public && !h.standby && !isBlocked.has(h.host) && h.host !== target)?.host ?? bringIn(isBlocked);
    if (!open) {
      stuck.push({ country, reason: `the default sends ${country} to ${target}, which is reported blocked there, and no other host or standby host is left` });
      continue;
    }
    policy.rules.push({ name: `${country} (reach)`, countries: [country], hosts: [open, target] });
    actions.set(country, `${blockedText([target], country, byKey)}: ${open} now serves ${country} instead of the default ${target}`);
  }
  return { policy, actions, stuck };
}

/** The hosts of the rule serving a country, or the default's target: what a change is described by. */
function routeOf(policy: DomainPolicy, country: string): string[] {
  const match = matchRule(policy, country, continentOf(country));
  if (match) return match.rule.hosts;
  return "redirect" in policy.default ? [policy.default.redirect] : [];
}

/**
 * For each country with blocked hosts: the blocked first host of its rule moves behind the open ones
 * (the country split into its own rule when the rule serves others too); when all are blocked, a standby
 * host is brought in; a default redirect into a block gets a rule for that country. Rules never lose a
 * host, so none is ever empty. Returns no policy when the one in force already routes every country so.
 */
export function routeAroundBlocks(input: ActInput): ActResult {
  const { policy, actions, stuck } = derive(input.base ?? input.current, input.blocked);
  const changes: ReachChange[] = [];
  for (const country of ALL_COUNTRIES) {
    const before = routeOf(input.current, country);
    const after = routeOf(policy, country);
    if (before.join(" ") === after.join(" ")) continue;
    const reason = actions.get(country) ?? `no host is reported blocked in ${country} any more: back to the operator's routing`;
    changes.push({ country, before, after, reason });
  }
  // A policy that differs only in how its rules are written (say, a split rule whose order matches the
  // operator's again) routes everyone the same: not worth a new version.
  return { ...(changes.length > 0 ? { policy } : {}), changes, stuck };
}

/** The note kept with the policy version: one line per country changed. */
export function changeNote(changes: readonly ReachChange[], at: Date): string {
  return [`reach (act mode) at ${at.toISOString()}:`, ...changes.map((c) => `${c.country}: ${c.reason}`)].join("\n");
}

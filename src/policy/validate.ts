// Validation of a domain policy: shared by `npm run check-config`, the Worker and PUT /api/policy.

import { normaliseDateTime } from "../content/dates.ts";
import { type Fields, type Problem, fieldPath, isFields, unknownFields } from "../content/problems.ts";
import { CONTINENTS, TOR_COUNTRY, UNKNOWN_COUNTRY, continentOf, isContinentCode, isCountryCode } from "./countries.ts";
import { decide } from "./decide.ts";
import { checkStandby, readReach } from "./reach-config.ts";
import type { DefaultAction, DomainPolicy, HostEntry, Rule } from "./types.ts";

export interface PolicyCheck {
  /** Set only when there are no errors. */
  policy?: DomainPolicy;
  /** Each makes the policy unusable. */
  errors: Problem[];
  /** Worth fixing, but the policy works. */
  warnings: Problem[];
}

// A host name (labels of letters, digits and hyphens) with an optional port; no scheme, path or user.
const HOST = /^(?=.{1,253}(?::|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/;
const ONION = /^https?:\/\/[a-z2-7]{56}\.onion$/;

/**
 * Checks a policy and names every problem: unknown or duplicate hosts, rules naming unlisted hosts,
 * invalid country or continent codes, and rules (or parts of rules) shadowed by earlier ones. Redirects
 * of a policy that passes settle in one hop by how decide() chooses them (a rule's region is served on
 * its first host, the default's target serves everyone no rule matches), so there is nothing to check
 * here; tests/unit/policy-validate-problems.test.ts and policy-properties.test.ts hold decide() to it.
 */
export function checkPolicy(input: unknown): PolicyCheck {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  if (!isFields(input))
    return { errors: [{ field: "(policy)", code: "not_an_object", message: "must be an object with primary, hosts, rules and default" }], warnings };
  unknownFields(input, ["primary", "canonical", "onion", "hosts", "rules", "default", "reach"], "", errors);

  const hosts = readHosts(input.hosts, errors);
  const known = new Set(hosts.map((h) => h.host));
  const requireHost = (value: unknown, field: string): string | undefined => {
    if (typeof value !== "string" || value === "") {
      errors.push({ field, code: "required", message: "must name a host" });
      return undefined;
    }
    if (!known.has(value)) {
      errors.push({ field, code: "unknown_host", message: `"${value}" is not one of the configured hosts (${[...known].join(", ") || "none"})` });
      return undefined;
    }
    return value;
  };

  const primary = requireHost(input.primary, "primary");
  const canonical = input.canonical === undefined ? undefined : requireHost(input.canonical, "canonical");
  let onion: string | undefined;
  if (input.onion !== undefined) {
    if (typeof input.onion === "string" && ONION.test(input.onion)) onion = input.onion;
    else errors.push({ field: "onion", code: "invalid_onion", message: 'must be a v3 onion address: "http://" + 56 characters a-z, 2-7 + ".onion"' });
  }
  if (primary && !hosts.find((h) => h.host === primary)?.public)
    warnings.push({ field: "primary", code: "primary_not_public", message: "the primary host is not public, so it is missing from the mirror lists" });

  const rules = readRules(input.rules, requireHost, errors);
  checkShadowing(rules, errors);

  let defaultAction: DefaultAction | undefined;
  const rawDefault = input.default;
  if (isFields(rawDefault) && rawDefault.serve === "requested" && Object.keys(rawDefault).length === 1) defaultAction = { serve: "requested" };
  else if (isFields(rawDefault) && typeof rawDefault.redirect === "string" && Object.keys(rawDefault).length === 1) {
    const to = requireHost(rawDefault.redirect, "default.redirect");
    if (to) defaultAction = { redirect: to };
  } else errors.push({ field: "default", code: "invalid_default", message: 'must be { serve = "requested" } or { redirect = "<host>" }' });

  // Reach (docs/reach.md): the settings, and the standby hosts kept out of service until needed.
  const reach = readReach(input.reach, errors);
  checkStandby(input.hosts, hosts, rules, { primary, canonical, default: defaultAction }, errors);

  if (errors.length > 0 || !primary || !defaultAction) return { errors, warnings };
  const policy: DomainPolicy = {
    primary,
    ...(canonical ? { canonical } : {}),
    ...(onion ? { onion } : {}),
    hosts,
    rules,
    default: defaultAction,
    ...(reach ? { reach } : {}),
  };
  checkCrawlers(policy, warnings);
  return { policy, errors, warnings };
}

function readHosts(value: unknown, errors: Problem[]): HostEntry[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({ field: "hosts", code: "too_few", message: "must list at least one host" });
    return [];
  }
  const hosts: HostEntry[] = [];
  value.forEach((entry: unknown, i) => {
    const at = fieldPath("hosts", i);
    if (!isFields(entry)) {
      errors.push({ field: at, code: "not_an_object", message: "must be an object with host, scheme, label and public" });
      return;
    }
    unknownFields(entry, ["host", "scheme", "label", "public", "added", "standby"], at, errors);
    const { host, scheme, label, added } = entry;
    if (typeof host !== "string" || !HOST.test(host)) {
      errors.push({
        field: `${at}.host`,
        code: "invalid_host",
        message: `${JSON.stringify(host)} is not a lower-case host name with an optional port (no scheme or path)`,
      });
      return;
    }
    if (hosts.some((h) => h.host === host)) errors.push({ field: `${at}.host`, code: "duplicate", message: `"${host}" is listed twice` });
    if (scheme !== "https" && scheme !== "http") errors.push({ field: `${at}.scheme`, code: "invalid_scheme", message: 'must be "https" or "http"' });
    if (label !== undefined && (typeof label !== "string" || label.length > 40))
      errors.push({ field: `${at}.label`, code: "invalid_label", message: "must be text of at most 40 characters" });
    if (typeof entry.public !== "boolean") errors.push({ field: `${at}.public`, code: "not_a_boolean", message: "must be true or false" });
    const addedDate = typeof added === "string" ? normaliseDateTime(added) : undefined;
    if (added !== undefined && !addedDate)
      errors.push({ field: `${at}.added`, code: "invalid_date", message: 'must be an ISO 8601 date such as "2026-10-01"' });
    if (entry.standby !== undefined && typeof entry.standby !== "boolean")
      errors.push({ field: `${at}.standby`, code: "not_a_boolean", message: "must be true or false" });
    hosts.push({
      host,
      scheme: scheme === "http" ? "http" : "https",
      ...(typeof label === "string" ? { label } : {}),
      public: entry.public === true,
      ...(addedDate ? { added: addedDate } : {}),
      ...(entry.standby === true ? { standby: true } : {}),
    });
  });
  return hosts;
}

function readCodes(rule: Fields, name: "countries" | "continents", at: string, errors: Problem[]): string[] | undefined {
  const value = rule[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.push({ field: `${at}.${name}`, code: "not_a_list", message: "must be a list of codes" });
    return undefined;
  }
  const codes: string[] = [];
  value.forEach((code: unknown, j) => {
    const field = `${at}.${name}[${j}]`;
    if (typeof code !== "string") errors.push({ field, code: "not_text", message: "must be a code in capitals" });
    else if (name === "countries" && code === TOR_COUNTRY) errors.push({ field, code: "never_redirected", message: "T1 (Tor) is never redirected; remove it" });
    else if (name === "countries" && code === UNKNOWN_COUNTRY)
      errors.push({ field, code: "never_redirected", message: "XX (unknown country) always follows the default; remove it" });
    else if (name === "countries" && !isCountryCode(code))
      errors.push({ field, code: "invalid_country", message: `"${code}" is not an ISO 3166-1 alpha-2 country code (capitals, e.g. "GB")` });
    else if (name === "continents" && !isContinentCode(code))
      errors.push({ field, code: "invalid_continent", message: `"${code}" is not a continent code; use one of ${CONTINENTS.join(", ")}` });
    else if (codes.includes(code)) errors.push({ field, code: "duplicate", message: `"${code}" is listed twice` });
    else codes.push(code);
  });
  return codes;
}

function readRules(value: unknown, requireHost: (v: unknown, f: string) => string | undefined, errors: Problem[]): Rule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push({ field: "rules", code: "not_a_list", message: "must be a list" });
    return [];
  }
  const rules: Rule[] = [];
  value.forEach((entry: unknown, i) => {
    const at = fieldPath("rules", i);
    if (!isFields(entry)) {
      errors.push({ field: at, code: "not_an_object", message: "must be an object with countries and/or continents, and hosts" });
      return;
    }
    unknownFields(entry, ["name", "countries", "continents", "hosts"], at, errors);
    const name = typeof entry.name === "string" && entry.name.length <= 80 ? entry.name : undefined;
    if (entry.name !== undefined && name === undefined)
      errors.push({ field: `${at}.name`, code: "invalid_name", message: "must be text of at most 80 characters" });
    const countries = readCodes(entry, "countries", at, errors);
    const continents = readCodes(entry, "continents", at, errors);
    if (!countries?.length && !continents?.length)
      errors.push({ field: at, code: "matches_nobody", message: "matches nobody: give it countries and/or continents" });
    const hosts: string[] = [];
    if (!Array.isArray(entry.hosts) || entry.hosts.length === 0)
      errors.push({ field: `${at}.hosts`, code: "too_few", message: "must list the host(s) that serve this region; visitors elsewhere go to the first" });
    else {
      entry.hosts.forEach((h: unknown, j) => {
        const host = requireHost(h, `${at}.hosts[${j}]`);
        if (host && hosts.includes(host)) errors.push({ field: `${at}.hosts[${j}]`, code: "duplicate", message: `"${host}" is listed twice` });
        else if (host) hosts.push(host);
      });
    }
    rules.push({ ...(name ? { name } : {}), ...(countries?.length ? { countries } : {}), ...(continents?.length ? { continents } : {}), hosts });
  });
  return rules;
}

/** A country or continent an earlier rule already matches never reaches a later rule. */
function checkShadowing(rules: Rule[], errors: Problem[]): void {
  const coveredContinents = new Map<string, number>();
  const coveredCountries = new Map<string, number>();
  rules.forEach((rule, i) => {
    const at = fieldPath("rules", i);
    rule.countries?.forEach((country, j) => {
      const earlier = coveredCountries.get(country) ?? coveredContinents.get(continentOf(country) ?? "");
      if (earlier !== undefined)
        errors.push({
          field: `${at}.countries[${j}]`,
          code: "shadowed",
          message: `${country} is already matched by rule ${earlier + 1}, so this entry never applies`,
        });
    });
    rule.continents?.forEach((continent, j) => {
      const earlier = coveredContinents.get(continent);
      if (earlier !== undefined)
        errors.push({
          field: `${at}.continents[${j}]`,
          code: "shadowed",
          message: `${continent} is already matched by rule ${earlier + 1}, so this entry never applies`,
        });
    });
    for (const c of rule.countries ?? []) if (!coveredCountries.has(c)) coveredCountries.set(c, i);
    for (const c of rule.continents ?? []) if (!coveredContinents.has(c)) coveredContinents.set(c, i);
  });
}

/** Search engines crawl mostly from the United States; the canonical host should serve them in place. */
function checkCrawlers(policy: DomainPolicy, warnings: Problem[]): void {
  const canonical = policy.canonical ?? policy.primary;
  const us = decide(policy, { host: canonical, country: "US", continent: "NA", method: "GET", exempt: false, override: false });
  if (us.action === "redirect") {
    warnings.push({
      field: policy.canonical ? "canonical" : "primary",
      code: "crawlers_redirected",
      message: `the canonical host ${canonical} redirects visitors from the United States (${us.reason}), where the main search engine crawlers are; pick a canonical host they are served on`,
    });
  }
}

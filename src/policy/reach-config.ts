// The policy's reach settings and standby hosts: validation (called from checkPolicy) and the defaults.

import { type Fields, type Problem, fieldPath, isFields, unknownFields } from "../content/problems.ts";
import { TOR_COUNTRY, UNKNOWN_COUNTRY, isCountryCode } from "./countries.ts";
import type { DefaultAction, DomainPolicy, HostEntry, ReachConfig, ReachThresholds, Rule } from "./types.ts";

export const REACH_MODES = ["off", "suggest", "act"] as const;

/** Bounds of each threshold: the lower bounds keep an operator from making a single probe decisive. */
const THRESHOLD_BOUNDS: Record<keyof ReachThresholds, { min: number; max: number; unit: string }> = {
  minMeasurements: { min: 5, max: 10_000, unit: "measurements" },
  blockedPercent: { min: 20, max: 100, unit: "percent" },
  dropPercent: { min: 50, max: 100, unit: "percent" },
};

export const DEFAULT_THRESHOLDS: Required<ReachThresholds> = { minMeasurements: 5, blockedPercent: 50, dropPercent: 80 };

/** The most countries a watch list may add: each costs OONI requests in every pass (see reach/budget.ts). */
export const MAX_WATCH = 30;

export interface ReachSettings {
  mode: ReachConfig["mode"];
  watch: string[];
  thresholds: Required<ReachThresholds>;
}

/** The reach settings in force, defaults filled in: `suggest`, no extra countries, the default thresholds. */
export function reachSettings(policy: DomainPolicy): ReachSettings {
  const config = policy.reach;
  return {
    mode: config?.mode ?? "suggest",
    watch: config?.watch ?? [],
    thresholds: { ...DEFAULT_THRESHOLDS, ...(config?.thresholds ?? {}) },
  };
}

/** Reads `reach`; absent is fine (the defaults apply). Problems name the field, e.g. "reach.watch[2]". */
export function readReach(value: unknown, errors: Problem[]): ReachConfig | undefined {
  if (value === undefined) return undefined;
  if (!isFields(value)) {
    errors.push({ field: "reach", code: "not_an_object", message: 'must be an object such as { "mode": "suggest" }' });
    return undefined;
  }
  unknownFields(value, ["mode", "watch", "thresholds"], "reach", errors);
  const mode = REACH_MODES.find((m) => m === value.mode);
  if (!mode) errors.push({ field: "reach.mode", code: "invalid_mode", message: `must be one of ${REACH_MODES.map((m) => `"${m}"`).join(", ")}` });
  const watch = readWatch(value.watch, errors);
  const thresholds = readThresholds(value.thresholds, errors);
  if (!mode) return undefined;
  return { mode, ...(watch ? { watch } : {}), ...(thresholds ? { thresholds } : {}) };
}

function readWatch(value: unknown, errors: Problem[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.push({ field: "reach.watch", code: "not_a_list", message: 'must be a list of country codes, e.g. ["IR", "TM"]' });
    return undefined;
  }
  if (value.length > MAX_WATCH) {
    errors.push({
      field: "reach.watch",
      code: "too_many",
      message: `has ${value.length} countries; the limit is ${MAX_WATCH} (each one costs requests in every pass)`,
    });
    return undefined;
  }
  const codes: string[] = [];
  value.forEach((code: unknown, i) => {
    const field = fieldPath("reach.watch", i);
    if (code === TOR_COUNTRY || code === UNKNOWN_COUNTRY)
      errors.push({ field, code: "never_measured", message: `${code} is not a country OONI measures; remove it` });
    else if (typeof code !== "string" || !isCountryCode(code))
      errors.push({ field, code: "invalid_country", message: `${JSON.stringify(code)} is not an ISO 3166-1 alpha-2 country code (capitals, e.g. "IR")` });
    else if (codes.includes(code)) errors.push({ field, code: "duplicate", message: `"${code}" is listed twice` });
    else codes.push(code);
  });
  return codes;
}

function readThresholds(value: unknown, errors: Problem[]): ReachThresholds | undefined {
  if (value === undefined) return undefined;
  if (!isFields(value)) {
    errors.push({ field: "reach.thresholds", code: "not_an_object", message: "must be an object with minMeasurements, blockedPercent and/or dropPercent" });
    return undefined;
  }
  const names = Object.keys(THRESHOLD_BOUNDS) as (keyof ReachThresholds)[];
  unknownFields(value, names, "reach.thresholds", errors);
  const thresholds: ReachThresholds = {};
  for (const name of names) {
    const raw: unknown = (value as Fields)[name];
    if (raw === undefined) continue;
    const { min, max, unit } = THRESHOLD_BOUNDS[name];
    if (typeof raw !== "number" || !Number.isInteger(raw) || raw < min || raw > max)
      errors.push({ field: `reach.thresholds.${name}`, code: "out_of_range", message: `must be a whole number of ${unit} from ${min} to ${max}` });
    else thresholds[name] = raw;
  }
  return thresholds;
}

/**
 * A standby host waits unseen: routed to the Worker (it is in `hosts`), not public (a published
 * address is the first one a censor blocks), and in no rule, nor primary, canonical or default target.
 */
export function checkStandby(
  rawHosts: unknown,
  hosts: readonly HostEntry[],
  rules: readonly Rule[],
  named: { primary?: string | undefined; canonical?: string | undefined; default?: DefaultAction | undefined },
  errors: Problem[],
): void {
  const standby = hosts.filter((h) => h.standby);
  if (standby.length === 0) return;
  const position = (host: string) => (Array.isArray(rawHosts) ? rawHosts.findIndex((e: unknown) => isFields(e) && e.host === host) : -1);
  for (const entry of standby) {
    const at = fieldPath("hosts", position(entry.host));
    if (entry.public)
      errors.push({
        field: `${at}.public`,
        code: "standby_public",
        message: `${entry.host} is a standby host, so it must not be public: set "public": false until it is needed`,
      });
    if (named.primary === entry.host)
      errors.push({ field: "primary", code: "standby_in_service", message: `${entry.host} is a standby host; the primary must be a host in service` });
    if (named.canonical === entry.host)
      errors.push({ field: "canonical", code: "standby_in_service", message: `${entry.host} is a standby host; the canonical host must be in service` });
    if (named.default && "redirect" in named.default && named.default.redirect === entry.host)
      errors.push({ field: "default.redirect", code: "standby_in_service", message: `${entry.host} is a standby host; redirect to a host in service` });
  }
  rules.forEach((rule, i) => {
    rule.hosts.forEach((host, j) => {
      if (standby.some((h) => h.host === host))
        errors.push({
          field: `rules[${i}].hosts[${j}]`,
          code: "standby_in_rule",
          message: `${host} is a standby host, kept out of every rule until a reach pass brings it in; remove it here or drop its "standby"`,
        });
    });
  });
}

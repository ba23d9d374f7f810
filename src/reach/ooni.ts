// The OONI signal: web_connectivity measurements of our hosts per country, from the OONI aggregation API,
// read as blocked / reachable / unknown with the figures behind each verdict (thresholds: docs/reach.md).

import { DEFAULT_THRESHOLDS } from "../policy/reach-config.ts";
import type { ReachThresholds } from "../policy/types.ts";
import { type FetchFn, TimeoutError, type Verdict, fetchWithTimeout, mapLimited, pairKey, percent } from "./types.ts";

export const DEFAULT_OONI_API_URL = "https://api.ooni.io";
export const OONI_TIMEOUT_MS = 10_000;
/** Days of measurements a pass reads: today and the three before (the aggregation's `until` is exclusive). */
export const OONI_WINDOW_DAYS = 4;
/** Share of usable measurements that must be OK for "reachable": web_connectivity shows a few percent of false anomalies. */
export const REACHABLE_OK_PERCENT = 80;
/** Longest comma list in one request: keeps URLs short and one failed answer from blanking the whole pass. */
export const MAX_LIST = 40;
const CONCURRENCY = 4;

export interface OoniCounts {
  measurements: number;
  ok: number;
  anomaly: number;
  confirmed: number;
  failure: number;
}

export interface OoniFigures extends OoniCounts {
  /** The window asked for: first day, and the day after the last. */
  since: string;
  until: string;
  /** Days in the window with at least one measurement, and the latest of them. */
  days: number;
  lastDay?: string;
}

export interface OoniFinding {
  host: string;
  country: string;
  signal: "ooni";
  verdict: Verdict;
  reason: string;
  figures?: OoniFigures;
}

/** One aggregation request: every host in every country it names. */
export interface OoniRequest {
  url: string;
  hosts: string[];
  countries: string[];
  /** Which list the answer's second axis splits: one country and many domains, or one host and many countries. */
  axis: "domain" | "probe_cc";
  since: string;
  until: string;
}

export type OoniAnswer = { ok: true; rows: OoniRow[] } | { ok: false; problem: string };

interface OoniRow extends OoniCounts {
  day: string;
  /** The domain or the country, per the request's axis. */
  key: string;
}

/** The names OONI may have measured a host under: with and without "www.", port dropped. */
export function ooniDomains(host: string): string[] {
  const name = host.replace(/:\d+$/, "");
  const bare = name.startsWith("www.") ? name.slice(4) : name;
  return [bare, `www.${bare}`];
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// Each host is asked for under two names, so a domain list of MAX_LIST holds half as many hosts.
const HOSTS_PER_REQUEST = MAX_LIST / 2;

function groupings(hosts: number, countries: number): { byCountry: number; byHost: number } {
  return { byCountry: countries * Math.ceil(hosts / HOSTS_PER_REQUEST), byHost: hosts * Math.ceil(countries / MAX_LIST) };
}

/** How many requests planOoniRequests makes for this many hosts and countries. */
export function ooniRequestCount(hosts: number, countries: number): number {
  if (hosts === 0 || countries === 0) return 0;
  const { byCountry, byHost } = groupings(hosts, countries);
  return Math.min(byCountry, byHost);
}

export interface PlanOptions {
  baseUrl?: string;
  now: Date;
  days?: number;
}

/**
 * The requests for hosts × countries. The API takes comma lists for both `domain` and `probe_cc` and a
 * second axis to split the answer, so one request covers one country and many hosts (axis_y=domain) or
 * one host and many countries (axis_y=probe_cc); whichever needs fewer requests is used.
 */
export function planOoniRequests(hosts: readonly string[], countries: readonly string[], options: PlanOptions): OoniRequest[] {
  if (hosts.length === 0 || countries.length === 0) return [];
  const days = options.days ?? OONI_WINDOW_DAYS;
  const today = Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate());
  const since = isoDay(new Date(today - (days - 1) * 86_400_000));
  const until = isoDay(new Date(today + 86_400_000));
  const base = (options.baseUrl ?? DEFAULT_OONI_API_URL).replace(/\/+$/, "");
  const { byCountry, byHost } = groupings(hosts.length, countries.length);
  const request = (hostGroup: string[], countryGroup: string[], axis: OoniRequest["axis"]): OoniRequest => {
    const params = new URLSearchParams({
      probe_cc: countryGroup.join(","),
      domain: hostGroup.flatMap(ooniDomains).join(","),
      test_name: "web_connectivity",
      since,
      until,
      // Windows of a week or less default to hourly grains; days are enough and keep answers small.
      time_grain: "day",
      axis_x: "measurement_start_day",
      axis_y: axis,
    });
    return { url: `${base}/api/v1/aggregation?${params.toString().replaceAll("%2C", ",")}`, hosts: hostGroup, countries: countryGroup, axis, since, until };
  };
  if (byCountry <= byHost) return countries.flatMap((c) => chunks(hosts, HOSTS_PER_REQUEST).map((group) => request(group, [c], "domain")));
  return hosts.flatMap((h) => chunks(countries, MAX_LIST).map((group) => request([h], group, "probe_cc")));
}

function count(row: Record<string, unknown>, name: string): number | undefined {
  const value = row[name];
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function errorText(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { error, detail } = body as { error?: unknown; detail?: unknown };
  if (typeof error === "string") return error;
  if (typeof detail === "string") return detail;
  if (detail !== undefined) return JSON.stringify(detail).slice(0, 200);
  return undefined;
}

/** Reads an aggregation answer; anything but well-formed, self-consistent counts is a problem, never a verdict. */
export function parseOoniAnswer(status: number, text: string, axis: OoniRequest["axis"]): OoniAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (status === 429) return { ok: false, problem: `OONI rate limit (HTTP 429${errorText(body) ? `: ${errorText(body)}` : ""}); try again next pass` };
  if (status === 400) return { ok: false, problem: `OONI refused the request (HTTP 400: ${errorText(body) ?? "no reason given"})` };
  if (status < 200 || status > 299) return { ok: false, problem: `OONI answered HTTP ${status}` };
  if (body === undefined) return { ok: false, problem: "OONI's answer is not JSON" };
  // Some input errors come back as 200 with an "error" field.
  const error = errorText(body);
  if (error) return { ok: false, problem: `OONI reported an error: ${error}` };
  const result = (body as { result?: unknown }).result;
  if (!Array.isArray(result)) return { ok: false, problem: "OONI's answer has no result list" };
  const rows: OoniRow[] = [];
  for (const raw of result) {
    if (typeof raw !== "object" || raw === null) return { ok: false, problem: "OONI's answer has a result entry that is not an object" };
    const row = raw as Record<string, unknown>;
    const day = row.measurement_start_day;
    const key = row[axis];
    const counts = {
      measurements: count(row, "measurement_count"),
      ok: count(row, "ok_count"),
      anomaly: count(row, "anomaly_count"),
      confirmed: count(row, "confirmed_count"),
      failure: count(row, "failure_count"),
    };
    const { measurements, ok, anomaly, confirmed, failure } = counts;
    if (typeof day !== "string" || typeof key !== "string") return { ok: false, problem: `OONI's answer has a row without measurement_start_day or ${axis}` };
    if (measurements === undefined || ok === undefined || anomaly === undefined || confirmed === undefined || failure === undefined)
      return { ok: false, problem: `OONI's answer has a row (${key}, ${day}) whose counts are not whole numbers` };
    // The four counts partition the measurements; when they do not add up the answer cannot be trusted.
    if (ok + anomaly + confirmed + failure !== measurements)
      return { ok: false, problem: `OONI's answer has a row (${key}, ${day}) whose counts do not add up to measurement_count` };
    rows.push({ day: day.slice(0, 10), key, measurements, ok, anomaly, confirmed, failure });
  }
  return { ok: true, rows };
}

export async function fetchOoni(request: OoniRequest, fetchFn: FetchFn, timeoutMs = OONI_TIMEOUT_MS): Promise<OoniAnswer> {
  try {
    const { status, text } = await fetchWithTimeout(fetchFn, request.url, { headers: { accept: "application/json" } }, timeoutMs);
    return parseOoniAnswer(status, text, request.axis);
  } catch (error) {
    if (error instanceof TimeoutError) return { ok: false, problem: `OONI did not answer within ${timeoutMs / 1000} s` };
    return { ok: false, problem: `OONI could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The verdict for one host in one country from its summed figures (both spellings, every day). */
export function classifyOoni(figures: OoniFigures, thresholds: ReachThresholds = {}): { verdict: Verdict; reason: string } {
  const min = thresholds.minMeasurements ?? DEFAULT_THRESHOLDS.minMeasurements;
  const blockedPercent = thresholds.blockedPercent ?? DEFAULT_THRESHOLDS.blockedPercent;
  const { measurements, ok, anomaly, confirmed, failure } = figures;
  const window = `${figures.since} to ${figures.until}`;
  if (measurements === 0) return { verdict: "unknown", reason: `no OONI measurements from ${window}` };
  if (measurements < min) return { verdict: "unknown", reason: `only ${measurements} OONI measurements (fewer than ${min})` };
  if (confirmed > 0)
    return { verdict: "blocked", reason: `OONI probes saw a known block page ${confirmed} time${confirmed === 1 ? "" : "s"} in ${measurements} measurements` };
  // Failed measurements say nothing about the host (the probe or its control failed).
  const usable = ok + anomaly;
  if (usable < min) return { verdict: "unknown", reason: `${failure} of ${measurements} OONI measurements failed, leaving ${usable} (fewer than ${min})` };
  const anomalous = percent(anomaly, usable);
  if (anomalous >= blockedPercent)
    return { verdict: "blocked", reason: `${anomaly} of ${usable} OONI measurements (${anomalous}%) were anomalous (blocked from ${blockedPercent}%)` };
  if (percent(ok, usable) >= REACHABLE_OK_PERCENT)
    return { verdict: "reachable", reason: `${ok} of ${usable} OONI measurements (${percent(ok, usable)}%) were OK` };
  return {
    verdict: "unknown",
    reason: `${anomalous}% of ${usable} OONI measurements were anomalous: below ${blockedPercent}% for blocked, above ${100 - REACHABLE_OK_PERCENT}% for reachable`,
  };
}

export interface OoniPassOptions extends PlanOptions {
  hosts: readonly string[];
  countries: readonly string[];
  fetch: FetchFn;
  timeoutMs?: number;
  thresholds?: ReachThresholds;
}

export interface OoniPass {
  findings: OoniFinding[];
  /** Subrequests made. */
  requests: number;
  /** Requests whose answer could not be used, with the reason. */
  problems: { url: string; problem: string }[];
}

/** Asks OONI about every host in every country and reads each pair; a failed request makes its pairs "unknown". */
export async function runOoni(options: OoniPassOptions): Promise<OoniPass> {
  const plan = planOoniRequests(options.hosts, options.countries, options);
  const answers = await mapLimited(plan, CONCURRENCY, (request) => fetchOoni(request, options.fetch, options.timeoutMs));
  const findings: OoniFinding[] = [];
  const problems: OoniPass["problems"] = [];
  plan.forEach((request, i) => {
    const answer = answers[i] ?? { ok: false, problem: "no answer" };
    if (!answer.ok) problems.push({ url: request.url, problem: answer.problem });
    const totals = new Map<string, { counts: OoniCounts; days: Set<string> }>();
    if (answer.ok) {
      for (const row of answer.rows) {
        const host =
          request.axis === "domain"
            ? request.hosts.find((h) => ooniDomains(h).includes(row.key))
            : request.countries.includes(row.key)
              ? request.hosts[0]
              : undefined;
        const country = request.axis === "domain" ? request.countries[0] : row.key;
        if (!host || !country || row.measurements === 0) continue;
        const key = pairKey(host, country);
        const total = totals.get(key) ?? { counts: { measurements: 0, ok: 0, anomaly: 0, confirmed: 0, failure: 0 }, days: new Set<string>() };
        for (const name of ["measurements", "ok", "anomaly", "confirmed", "failure"] as const) total.counts[name] += row[name];
        total.days.add(row.day);
        totals.set(key, total);
      }
    }
    for (const host of request.hosts) {
      for (const country of request.countries) {
        if (!answer.ok) {
          findings.push({ host, country, signal: "ooni", verdict: "unknown", reason: answer.problem });
          continue;
        }
        const total = totals.get(pairKey(host, country));
        const lastDay = total ? [...total.days].sort().at(-1) : undefined;
        const figures: OoniFigures = {
          ...(total?.counts ?? { measurements: 0, ok: 0, anomaly: 0, confirmed: 0, failure: 0 }),
          since: request.since,
          until: request.until,
          days: total?.days.size ?? 0,
          ...(lastDay ? { lastDay } : {}),
        };
        findings.push({ host, country, signal: "ooni", ...classifyOoni(figures, options.thresholds), figures });
      }
    }
  });
  return { findings, requests: plan.length, problems };
}

// The readers' signal: page requests per (host, country, hour) written to Workers Analytics Engine and read
// back through its SQL API; a host whose traffic from a country fell far below its own baseline while the
// other hosts' traffic from there held is suspect (thresholds: docs/reach.md).

import { DEFAULT_THRESHOLDS } from "../policy/reach-config.ts";
import type { ReachThresholds } from "../policy/types.ts";
import { type FetchFn, TimeoutError, type Verdict, fetchWithTimeout, pairKey, percent } from "./types.ts";

/** The dataset name suggested for wrangler.toml's analytics_engine_datasets. */
export const TRAFFIC_DATASET = "edge_news_requests";
export const ANALYTICS_API = "https://api.cloudflare.com/client/v4";
/** The secrets the signal needs; named in the "off" reason so an operator knows what to set. */
export const TRAFFIC_SECRETS = { accountId: "ANALYTICS_ACCOUNT_ID", token: "ANALYTICS_API_TOKEN" } as const;
export const TRAFFIC_TIMEOUT_MS = 10_000;
/** Complete hours compared with the same clock hours of earlier days (same time of day: no day/night swing). */
export const RECENT_HOURS = 6;
export const BASELINE_DAYS = 7;
/** Fewer requests than this in the window (baseline average) is too few to tell a block from chance. */
export const MIN_BASELINE = 30;
/** A host "held" when it kept at least this share of its baseline; peers must hold it for a drop to count. */
export const HELD_PERCENT = 50;
const INDEX_BYTES = 96;

export interface PageRequestFacts {
  /** The Host asked for, normalised (lower case, no trailing dot). */
  host: string;
  /** request.cf.country; absent when unknown. */
  country?: string;
  /** What was asked for: "article", "home", "section", "feed"... */
  routeKind: string;
  /** The region decision: "serve" or "redirect". */
  decision: string;
}

/**
 * The data point one page request writes: blob1 host, blob2 country, blob3 route kind, blob4 decision;
 * double1 the count (1); index "country host", so sampling, if any, keeps each pair's counts accurate.
 * Call `env.<dataset>.writeDataPoint(trafficDataPoint(facts))`.
 */
export function trafficDataPoint(facts: PageRequestFacts): AnalyticsEngineDataPoint {
  const country = facts.country ?? "XX";
  return {
    blobs: [facts.host, country, facts.routeKind, facts.decision],
    doubles: [1],
    // Analytics Engine refuses an index over 96 bytes; host names are ASCII, so characters are bytes.
    indexes: [`${country} ${facts.host}`.slice(0, INDEX_BYTES)],
  };
}

export interface TrafficWindow {
  /** The start of the current hour: the recent window ends here, so every hour in it is complete. */
  end: number;
  /** The clock hours (UTC) of the recent window. */
  hours: number[];
  start: number;
}

export function trafficWindow(now: Date, recentHours = RECENT_HOURS, baselineDays = BASELINE_DAYS): TrafficWindow {
  const hour = 3_600_000;
  const end = Math.floor(now.getTime() / hour) * hour;
  const start = end - recentHours * hour - baselineDays * 24 * hour;
  const hours = Array.from({ length: recentHours }, (_, i) => new Date(end - (recentHours - i) * hour).getUTCHours());
  return { end, start, hours };
}

const SAFE_HOST = /^[a-z0-9.:-]+$/;
const SAFE_COUNTRY = /^[A-Z0-9]{2}$/;
const SAFE_DATASET = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The SQL (Analytics Engine dialect, ClickHouse-like) for requests per host, country and hour in the window. */
export function trafficQuery(options: { dataset?: string; hosts: readonly string[]; countries: readonly string[]; window: TrafficWindow }): string {
  const dataset = options.dataset ?? TRAFFIC_DATASET;
  // Hosts and countries come from a validated policy; checked again because they end up inside SQL text.
  if (!SAFE_DATASET.test(dataset)) throw new Error(`"${dataset}" is not a plain Analytics Engine dataset name`);
  for (const host of options.hosts) if (!SAFE_HOST.test(host)) throw new Error(`"${host}" is not a plain host name`);
  for (const country of options.countries) if (!SAFE_COUNTRY.test(country)) throw new Error(`"${country}" is not a country code`);
  const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");
  const { start, end, hours } = options.window;
  return [
    "SELECT blob1 AS host, blob2 AS country, toStartOfInterval(timestamp, INTERVAL '1' HOUR) AS hour, SUM(_sample_interval) AS requests",
    `FROM ${dataset}`,
    `WHERE timestamp >= toDateTime(${start / 1000}) AND timestamp < toDateTime(${end / 1000})`,
    `  AND toHour(timestamp) IN (${hours.join(", ")})`,
    `  AND blob1 IN (${quoted(options.hosts)})`,
    `  AND blob2 IN (${quoted(options.countries)})`,
    "GROUP BY host, country, hour",
    "ORDER BY hour",
    "FORMAT JSON",
  ].join("\n");
}

export interface TrafficRow {
  host: string;
  country: string;
  /** Start of the hour, milliseconds since the epoch. */
  hour: number;
  requests: number;
}

export type TrafficRead = { status: "ok"; rows: TrafficRow[] } | { status: "off" | "failed"; reason: string };

/** "2026-11-25 08:00:00" (UTC, as the SQL API prints DateTime) or an ISO string → milliseconds. */
function parseHour(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const ms = Date.parse(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(" ", "T")}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Reads the SQL API's FORMAT JSON answer ({ meta, data, rows }); 64-bit sums may come as strings. */
export function parseTrafficAnswer(text: string): TrafficRow[] | { problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { problem: "the Analytics Engine answer is not JSON" };
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return { problem: "the Analytics Engine answer has no data list" };
  const rows: TrafficRow[] = [];
  for (const raw of data) {
    const row = (raw ?? {}) as Record<string, unknown>;
    const requests = typeof row.requests === "string" ? Number(row.requests) : row.requests;
    const hour = parseHour(row.hour);
    if (typeof row.host !== "string" || typeof row.country !== "string" || hour === undefined || typeof requests !== "number" || !(requests >= 0))
      return { problem: "the Analytics Engine answer has a row without host, country, hour and a count of requests" };
    rows.push({ host: row.host, country: row.country, hour, requests });
  }
  return rows;
}

export interface TrafficReadOptions {
  fetch: FetchFn;
  accountId?: string | undefined;
  token?: string | undefined;
  dataset?: string;
  hosts: readonly string[];
  countries: readonly string[];
  window: TrafficWindow;
  timeoutMs?: number;
  apiBase?: string;
}

/** One SQL API request. Without the account id or token the signal is off, and says which secret is missing. */
export async function readTraffic(options: TrafficReadOptions): Promise<TrafficRead> {
  const missing = [!options.accountId && TRAFFIC_SECRETS.accountId, !options.token && TRAFFIC_SECRETS.token].filter(Boolean);
  if (missing.length > 0)
    return {
      status: "off",
      reason: `the traffic signal is off: ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not set (an API token with Account Analytics Read)`,
    };
  if (options.hosts.length === 0 || options.countries.length === 0) return { status: "ok", rows: [] };
  const url = `${options.apiBase ?? ANALYTICS_API}/accounts/${encodeURIComponent(options.accountId ?? "")}/analytics_engine/sql`;
  const timeoutMs = options.timeoutMs ?? TRAFFIC_TIMEOUT_MS;
  try {
    const { status, text } = await fetchWithTimeout(
      options.fetch,
      url,
      { method: "POST", headers: { authorization: `Bearer ${options.token}`, "content-type": "text/plain" }, body: trafficQuery(options) },
      timeoutMs,
    );
    if (status === 401 || status === 403)
      return { status: "failed", reason: `the Analytics Engine SQL API refused the token (HTTP ${status}): it needs Account Analytics Read on this account` };
    if (status !== 200) return { status: "failed", reason: `the Analytics Engine SQL API answered HTTP ${status}: ${text.slice(0, 200)}` };
    const rows = parseTrafficAnswer(text);
    return Array.isArray(rows) ? { status: "ok", rows } : { status: "failed", reason: rows.problem };
  } catch (error) {
    if (error instanceof TimeoutError) return { status: "failed", reason: `the Analytics Engine SQL API did not answer within ${timeoutMs / 1000} s` };
    return { status: "failed", reason: `the Analytics Engine SQL API could not be reached: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export interface TrafficFigures {
  /** Requests in the recent window, and the average over the same hours of the baseline days. */
  recent: number;
  baseline: number;
  /** recent / baseline, in percent. */
  keptPercent: number;
  /** The same for the other hosts together, from the same country. */
  othersRecent: number;
  othersBaseline: number;
  othersKeptPercent?: number;
  hours: number;
  baselineDays: number;
}

export interface TrafficFinding {
  host: string;
  country: string;
  signal: "traffic";
  /** "blocked" here means the traffic dropped as a block would make it; "reachable", that readers still arrive. */
  verdict: Verdict;
  reason: string;
  figures?: TrafficFigures;
}

export interface TrafficClassifyOptions {
  hosts: readonly string[];
  countries: readonly string[];
  window: TrafficWindow;
  recentHours?: number;
  baselineDays?: number;
  thresholds?: ReachThresholds;
  /** Countries whose routing changed within the window: their traffic moved because of us, so it says nothing. */
  routingChanged?: ReadonlySet<string>;
}

/** Each (host, country): did its traffic drop far below its own baseline while the other hosts' held? */
export function classifyTraffic(rows: readonly TrafficRow[], options: TrafficClassifyOptions): TrafficFinding[] {
  const recentHours = options.recentHours ?? RECENT_HOURS;
  const baselineDays = options.baselineDays ?? BASELINE_DAYS;
  const dropPercent = options.thresholds?.dropPercent ?? DEFAULT_THRESHOLDS.dropPercent;
  const recentStart = options.window.end - recentHours * 3_600_000;
  const sums = new Map<string, { recent: number; earlier: number }>();
  for (const row of rows) {
    if (row.hour >= options.window.end || row.hour < options.window.start) continue;
    // Only the same clock hours count as baseline; the query asks for no others, this guards the arithmetic.
    if (!options.window.hours.includes(new Date(row.hour).getUTCHours())) continue;
    const key = pairKey(row.host, row.country);
    const sum = sums.get(key) ?? { recent: 0, earlier: 0 };
    if (row.hour >= recentStart) sum.recent += row.requests;
    else sum.earlier += row.requests;
    sums.set(key, sum);
  }
  const findings: TrafficFinding[] = [];
  for (const country of options.countries) {
    for (const host of options.hosts) {
      const own = sums.get(pairKey(host, country)) ?? { recent: 0, earlier: 0 };
      const others = options.hosts
        .filter((h) => h !== host)
        .map((h) => sums.get(pairKey(h, country)) ?? { recent: 0, earlier: 0 })
        .reduce((a, b) => ({ recent: a.recent + b.recent, earlier: a.earlier + b.earlier }), { recent: 0, earlier: 0 });
      const baseline = round(own.earlier / baselineDays);
      const othersBaseline = round(others.earlier / baselineDays);
      const figures: TrafficFigures = {
        recent: own.recent,
        baseline,
        keptPercent: percent(own.recent, baseline),
        othersRecent: others.recent,
        othersBaseline,
        ...(othersBaseline > 0 ? { othersKeptPercent: percent(others.recent, othersBaseline) } : {}),
        hours: recentHours,
        baselineDays,
      };
      findings.push({ host, country, signal: "traffic", ...judge(figures, dropPercent, options.routingChanged?.has(country) ?? false), figures });
    }
  }
  return findings;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function judge(f: TrafficFigures, dropPercent: number, routingChanged: boolean): { verdict: Verdict; reason: string } {
  const window = `the last ${f.hours} hours`;
  if (routingChanged)
    return { verdict: "unknown", reason: "the routing for this country changed within the baseline window, so its traffic moved because of us" };
  if (f.baseline < MIN_BASELINE)
    return { verdict: "unknown", reason: `too little traffic to judge: ${f.baseline} requests on average in these hours (needs ${MIN_BASELINE})` };
  const kept = f.keptPercent;
  if (kept >= HELD_PERCENT) return { verdict: "reachable", reason: `traffic held: ${f.recent} requests in ${window}, ${kept}% of its baseline ${f.baseline}` };
  if (kept > 100 - dropPercent)
    return { verdict: "unknown", reason: `traffic fell to ${kept}% of its baseline: less than a block (${100 - dropPercent}% or below), more than a doubt` };
  if (f.othersBaseline < MIN_BASELINE)
    return { verdict: "unknown", reason: `traffic fell to ${kept}% of its baseline, but no other host has enough traffic from here to compare with` };
  const othersKept = f.othersKeptPercent ?? 0;
  if (othersKept < HELD_PERCENT)
    return {
      verdict: "unknown",
      reason: `traffic fell to ${kept}% of its baseline, but the other hosts fell too (${othersKept}%): an outage, not a block of this host`,
    };
  return {
    verdict: "blocked",
    reason: `traffic fell to ${kept}% of its baseline (${f.recent} requests in ${window}, baseline ${f.baseline}) while the other hosts kept ${othersKept}%`,
  };
}

export interface TrafficPass {
  /** "off": no secrets; "failed": the read failed; every finding is then unknown with the reason. */
  signal: "on" | "off" | "failed";
  reason?: string;
  findings: TrafficFinding[];
  requests: number;
}

/** Reads and classifies in one go, for a pass. */
export async function runTraffic(options: Omit<TrafficReadOptions, "window"> & Omit<TrafficClassifyOptions, "window"> & { now: Date }): Promise<TrafficPass> {
  const window = trafficWindow(options.now, options.recentHours, options.baselineDays);
  const read = await readTraffic({ ...options, window });
  if (read.status !== "ok") {
    const findings = options.countries.flatMap((country) =>
      options.hosts.map((host): TrafficFinding => ({ host, country, signal: "traffic", verdict: "unknown", reason: read.reason })),
    );
    return { signal: read.status, reason: read.reason, findings, requests: read.status === "off" ? 0 : 1 };
  }
  return { signal: "on", findings: classifyTraffic(read.rows, { ...options, window }), requests: options.hosts.length && options.countries.length ? 1 : 0 };
}

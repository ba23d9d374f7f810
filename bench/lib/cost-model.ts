// What a month of traffic costs on Cloudflare: the measured per-request figures (cost-inputs.ts)
// times a traffic mix, priced with the table in prices.ts. Pure arithmetic, unit-tested in
// bench/cost-model.test.ts; scripts/cost.ts is the command around it.

import { type CostInputs, type DurableObjectUse, type RouteCost, durableObjectOrNone } from "./cost-inputs.ts";
import { DO_MEMORY_GB, FREE, LOG_RETENTION_DAYS, type Metered, OBSERVABILITY_PRICING_FROM, PAID, WORKERS_LOG_EVENT_KB } from "./prices.ts";

export const MIX_ROUTES = ["article", "home", "section", "rss", "sitemap", "redirect", "not-found"] as const;
export type MixRoute = (typeof MIX_ROUTES)[number];

/** Share of requests per route: most readers arrive on a story from search or social media. */
export const DEFAULT_MIX: Record<MixRoute, number> = {
  article: 0.55,
  home: 0.15,
  section: 0.1,
  rss: 0.08,
  sitemap: 0.02,
  redirect: 0.05,
  "not-found": 0.05,
};

/** The bench cell each mix entry is measured by (articles: a hit or a miss, by the hit rate). */
const CELL: Record<Exclude<MixRoute, "article">, string> = {
  home: "home",
  section: "section",
  rss: "rss",
  sitemap: "sitemap",
  redirect: "redirect",
  "not-found": "not-found",
};

export interface Assumptions {
  /** Worker requests per month from readers and crawlers, split by `mix`. */
  views: number;
  publishes: number;
  mix: Record<MixRoute, number>;
  /** Share of article requests answered from the page cache (the rest render: a miss). */
  hitRate: number;
  cronRunsPerDay: number;
  /** Analytics Engine data points per request; undefined: as measured per route (1 when not measured). */
  analyticsPointsPerView?: number;
  /** Workers Logs records one invocation log per request besides console lines (wrangler.toml [observability.logs]). */
  invocationLogs: boolean;
  /** LOG_SAMPLE_RATE; undefined: the rate the inputs were measured with. */
  logSampleRate?: number;
  logEventKb: number;
  kvStoredGb: number;
  /** The Newsroom Durable Object: stored GB, and per-publish figures that replace the measured ones when given. */
  durableObjects: {
    storedGb: number;
    requestsPerPublish?: number;
    msPerPublish?: number;
    rowsReadPerPublish?: number;
    rowsWrittenPerPublish?: number;
  };
  /** Selects the prices in force that day (Workers Logs changes on OBSERVABILITY_PRICING_FROM). */
  date: string;
}

export const DAYS_PER_MONTH = 30;

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  views: 10_000_000,
  publishes: 200,
  mix: DEFAULT_MIX,
  hitRate: 0.8,
  cronRunsPerDay: 1440,
  invocationLogs: false,
  logEventKb: WORKERS_LOG_EVENT_KB,
  kvStoredGb: 0.5,
  durableObjects: { storedGb: 0.5 },
  date: new Date().toISOString().slice(0, 10),
};

export interface PerRequest {
  cpuMs: number;
  kvReads: number;
  kvWrites: number;
  kvDeletes: number;
  kvLists: number;
  /** Invocation log (where on) plus console lines. */
  logEvents: number;
  aePoints: number;
  doRequests: number;
  /** The Durable Object's active wall time, ms. */
  doMs: number;
  doRowsRead: number;
  doRowsWritten: number;
}

export interface MonthlyUsage extends PerRequest {
  requests: number;
  kvStoredGb: number;
  logIngestGb: number;
  logStorageGbMonth: number;
  analyticsPoints: number;
  doGbSeconds: number;
  doStoredGb: number;
}

const ZERO: PerRequest = {
  cpuMs: 0,
  kvReads: 0,
  kvWrites: 0,
  kvDeletes: 0,
  kvLists: 0,
  logEvents: 0,
  aePoints: 0,
  doRequests: 0,
  doMs: 0,
  doRowsRead: 0,
  doRowsWritten: 0,
};

function fromKvOps(ops: Record<string, number>): Pick<PerRequest, "kvReads" | "kvWrites" | "kvDeletes" | "kvLists"> {
  return { kvReads: (ops.get ?? 0) + (ops.getWithMetadata ?? 0), kvWrites: ops.put ?? 0, kvDeletes: ops.delete ?? 0, kvLists: ops.list ?? 0 };
}

function fromDurableObject(use: DurableObjectUse | undefined): Pick<PerRequest, "doRequests" | "doMs" | "doRowsRead" | "doRowsWritten"> {
  const d = durableObjectOrNone(use);
  return { doRequests: d.requests, doMs: d.ms, doRowsRead: d.rowsRead, doRowsWritten: d.rowsWritten };
}

function add(a: PerRequest, b: PerRequest, times = 1): PerRequest {
  const out = { ...a };
  for (const key of Object.keys(ZERO) as (keyof PerRequest)[]) out[key] = a[key] + b[key] * times;
  return out;
}

/** Console lines at the assumed sample rate: only the per-request line is sampled, every other line stays. */
function consoleLines(route: RouteCost, inputs: CostInputs, a: Assumptions): number {
  const measuredRate = inputs.logSampleRate;
  const sampled = route.requestLogLines ?? 0;
  if (a.logSampleRate === undefined || measuredRate === undefined) return route.logLines;
  return Math.max(0, route.logLines - sampled * measuredRate) + sampled * a.logSampleRate;
}

/** One request to a measured cell. */
export function cellCost(inputs: CostInputs, cell: string, a: Assumptions = DEFAULT_ASSUMPTIONS): PerRequest {
  const route = inputs.routes[cell];
  if (!route) throw new Error(`cost inputs have no measured route "${cell}"`);
  return {
    ...ZERO,
    cpuMs: route.cpuMs,
    ...fromKvOps(route.kvOps),
    logEvents: (a.invocationLogs ? 1 : 0) + consoleLines(route, inputs, a),
    aePoints: a.analyticsPointsPerView ?? route.aePoints ?? 1,
    ...fromDurableObject(route.durableObject),
  };
}

/** One request of a mix entry (an article request is a hit or a miss in proportion to the hit rate). */
export function routeCost(inputs: CostInputs, route: MixRoute, hitRate: number, a: Assumptions = DEFAULT_ASSUMPTIONS): PerRequest {
  if (route !== "article") return cellCost(inputs, CELL[route], a);
  return add(add(ZERO, cellCost(inputs, "article-hit", a), hitRate), cellCost(inputs, "article-miss", a), 1 - hitRate);
}

/** The measured publish's Durable Object use, with any per-publish figure the assumptions give instead. */
function publishDurableObject(inputs: CostInputs, a: Assumptions): DurableObjectUse {
  const measured = durableObjectOrNone(inputs.publish.durableObject);
  const d = a.durableObjects;
  return {
    requests: d.requestsPerPublish ?? measured.requests,
    ms: d.msPerPublish ?? measured.ms,
    rowsRead: d.rowsReadPerPublish ?? measured.rowsRead,
    rowsWritten: d.rowsWrittenPerPublish ?? measured.rowsWritten,
  };
}

/** One publish: the API request, plus what the next cron pass does beyond a quiet one. */
export function publishCost(inputs: CostInputs, a: Assumptions = DEFAULT_ASSUMPTIONS): PerRequest {
  const { idle, afterPublish } = inputs.cron;
  const beyond = (after: number, quiet: number) => Math.max(0, after - quiet);
  const extraKv = fromKvOps(Object.fromEntries(Object.entries(afterPublish.kvOps).map(([op, n]) => [op, beyond(n, idle.kvOps[op] ?? 0)])));
  const afterDo = durableObjectOrNone(afterPublish.durableObject);
  const idleDo = durableObjectOrNone(idle.durableObject);
  const api: PerRequest = {
    ...ZERO,
    cpuMs: inputs.publish.cpuMs,
    ...fromKvOps(inputs.publish.kvOps),
    logEvents: (a.invocationLogs ? 1 : 0) + inputs.publish.logLines,
    ...fromDurableObject(publishDurableObject(inputs, a)),
  };
  return add(api, {
    ...ZERO,
    ...extraKv,
    logEvents: beyond(afterPublish.logLines, idle.logLines),
    doRequests: beyond(afterDo.requests, idleDo.requests),
    doMs: beyond(afterDo.ms, idleDo.ms),
    doRowsRead: beyond(afterDo.rowsRead, idleDo.rowsRead),
    doRowsWritten: beyond(afterDo.rowsWritten, idleDo.rowsWritten),
  });
}

/** One quiet cron run (the minute pass): an invocation with its own log, and the writer's tick. */
export function cronCost(inputs: CostInputs, a: Assumptions = DEFAULT_ASSUMPTIONS): PerRequest {
  const idle = inputs.cron.idle;
  return {
    ...ZERO,
    cpuMs: idle.cpuMs,
    ...fromKvOps(idle.kvOps),
    logEvents: (a.invocationLogs ? 1 : 0) + idle.logLines,
    ...fromDurableObject(idle.durableObject),
  };
}

export function checkMix(mix: Record<MixRoute, number>): string | undefined {
  const total = MIX_ROUTES.reduce((n, r) => n + (mix[r] ?? 0), 0);
  if (MIX_ROUTES.some((r) => (mix[r] ?? 0) < 0)) return "traffic mix shares must not be negative";
  return Math.abs(total - 1) > 0.001 ? `traffic mix shares add up to ${total.toFixed(3)}, not 1` : undefined;
}

export function monthlyUsage(inputs: CostInputs, a: Assumptions): MonthlyUsage {
  let total = ZERO;
  for (const route of MIX_ROUTES) total = add(total, routeCost(inputs, route, a.hitRate, a), a.views * (a.mix[route] ?? 0));
  total = add(total, publishCost(inputs, a), a.publishes);
  const cronRuns = a.cronRunsPerDay * DAYS_PER_MONTH;
  total = add(total, cronCost(inputs, a), cronRuns);
  const logIngestGb = (total.logEvents * a.logEventKb) / 1_000_000;
  return {
    ...total,
    requests: a.views + a.publishes + cronRuns,
    kvStoredGb: a.kvStoredGb,
    logIngestGb,
    // Seven days of logs stay queryable: each day's stored amount is a week of ingestion.
    logStorageGbMonth: (logIngestGb / DAYS_PER_MONTH) * LOG_RETENTION_DAYS,
    analyticsPoints: total.aePoints,
    doGbSeconds: (total.doMs / 1000) * DO_MEMORY_GB,
    doStoredGb: a.durableObjects.storedGb,
  };
}

/** US dollars for `amount` units of a metered item beyond its Workers Paid allowance. */
export function overage(amount: number, item: Metered): number {
  return (Math.max(0, amount - item.included) / item.per) * item.price;
}

export interface BillLine {
  item: string;
  amount: number;
  unit: string;
  included: number;
  cost: number;
}

export function usesObservabilityPricing(date: string): boolean {
  return date >= OBSERVABILITY_PRICING_FROM;
}

/** Workers Paid: the monthly base plus every item beyond its allowance. */
export function paidBill(u: MonthlyUsage, date: string): { lines: BillLine[]; total: number } {
  const line = (item: string, amount: number, unit: string, metered: Metered): BillLine => ({
    item,
    amount,
    unit,
    included: metered.included,
    cost: overage(amount, metered),
  });
  const logs = usesObservabilityPricing(date)
    ? [
        line("Workers Logs ingestion", u.logIngestGb, "GB", PAID.logIngestGb),
        line("Workers Logs storage", u.logStorageGbMonth, "GB-month", PAID.logStorageGbMonth),
      ]
    : [line("Workers Logs events", u.logEvents, "events", PAID.logEvents)];
  const lines = [
    line("Worker requests", u.requests, "requests", PAID.requests),
    line("Worker CPU time", u.cpuMs, "ms", PAID.cpuMs),
    line("KV reads", u.kvReads, "reads", PAID.kvReads),
    line("KV writes", u.kvWrites, "writes", PAID.kvWrites),
    line("KV deletes", u.kvDeletes, "deletes", PAID.kvDeletes),
    line("KV lists", u.kvLists, "lists", PAID.kvLists),
    line("KV stored data", u.kvStoredGb, "GB", PAID.kvStoredGb),
    ...logs,
    line("Analytics Engine data points", u.analyticsPoints, "points", PAID.analyticsEnginePoints),
    line("Durable Objects requests", u.doRequests, "requests", PAID.doRequests),
    line("Durable Objects duration", u.doGbSeconds, "GB-s", PAID.doGbSeconds),
    line("Durable Objects rows read", u.doRowsRead, "rows", PAID.doRowsRead),
    line("Durable Objects rows written", u.doRowsWritten, "rows", PAID.doRowsWritten),
    line("Durable Objects stored data", u.doStoredGb, "GB-month", PAID.doStoredGbMonth),
  ];
  return { lines, total: PAID.baseMonthly + lines.reduce((n, l) => n + l.cost, 0) };
}

export interface FreeCheck {
  limit: string;
  allowed: number;
  used: number;
  unit: string;
  fits: boolean;
}

/** The heaviest single invocation: Workers Free stops any invocation past 10 ms of CPU. */
export function heaviestInvocation(inputs: CostInputs, a: Assumptions): { what: string; cpuMs: number } {
  const candidates = [
    ...MIX_ROUTES.filter((r) => (a.mix[r] ?? 0) > 0).flatMap((r) =>
      r === "article" ? ["article-hit", ...(a.hitRate < 1 ? ["article-miss"] : [])] : [CELL[r]],
    ),
  ].map((cell) => ({ what: inputs.routes[cell]?.label ?? cell, cpuMs: inputs.routes[cell]?.cpuMs ?? 0 }));
  if (a.publishes > 0) candidates.push({ what: "publish (API)", cpuMs: inputs.publish.cpuMs });
  if (a.cronRunsPerDay > 0) candidates.push({ what: "cron repair pass", cpuMs: inputs.cron.idle.cpuMs });
  return candidates.reduce((worst, c) => (c.cpuMs > worst.cpuMs ? c : worst), { what: "-", cpuMs: 0 });
}

/** Workers Free, on an average day of the month. */
export function freeChecks(inputs: CostInputs, u: MonthlyUsage, a: Assumptions): FreeCheck[] {
  const day = (n: number) => n / DAYS_PER_MONTH;
  const check = (limit: string, allowed: number, used: number, unit: string): FreeCheck => ({ limit, allowed, used, unit, fits: used <= allowed });
  const heaviest = heaviestInvocation(inputs, a);
  return [
    check("Worker requests per day", FREE.requestsPerDay, day(u.requests), "requests"),
    check(`CPU per invocation (heaviest: ${heaviest.what})`, FREE.cpuMsPerInvocation, heaviest.cpuMs, "ms"),
    check("KV reads per day", FREE.kvReadsPerDay, day(u.kvReads), "reads"),
    check("KV writes per day", FREE.kvWritesPerDay, day(u.kvWrites), "writes"),
    check("KV deletes per day", FREE.kvDeletesPerDay, day(u.kvDeletes), "deletes"),
    check("KV lists per day", FREE.kvListsPerDay, day(u.kvLists), "lists"),
    check("KV stored data", FREE.kvStoredGb, u.kvStoredGb, "GB"),
    usesObservabilityPricing(a.date)
      ? check("Workers Logs ingestion per day", FREE.logIngestGbPerDay, day(u.logIngestGb), "GB")
      : check("Workers Logs events per day", FREE.logEventsPerDay, day(u.logEvents), "events"),
    check("Analytics Engine data points per day", FREE.analyticsEnginePointsPerDay, day(u.analyticsPoints), "points"),
    check("Durable Objects requests per day", FREE.doRequestsPerDay, day(u.doRequests), "requests"),
    check("Durable Objects duration per day", FREE.doGbSecondsPerDay, day(u.doGbSeconds), "GB-s"),
    check("Durable Objects rows read per day", FREE.doRowsReadPerDay, day(u.doRowsRead), "rows"),
    check("Durable Objects rows written per day", FREE.doRowsWrittenPerDay, day(u.doRowsWritten), "rows"),
    check("Durable Objects stored data", FREE.doStoredGb, u.doStoredGb, "GB"),
  ];
}

// What a request, a publish and a cron pass use besides throughput, counted by the site's counting copies
// (bench/workers/kv-counter.ts): KV operations, Durable Object requests, the writer's active wall time and
// its SQLite rows, Analytics Engine data points and log lines; and workerd CPU time for the two that wrk
// does not drive (a publish through the API, the cron's minute pass). Inputs of the cost model
// (scripts/cost.ts).

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { articleBody } from "../../scripts/lib/publish-client.ts";
import { POINTER_MEMO_MS } from "../../src/store/view.ts";
import { type Cell, SITE_CELLS, SITE_HOST } from "./cells.ts";
import { ROOT } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { WORKERS } from "./mf-host.ts";
import { cpuSeconds } from "./processes.ts";
import { BENCH_TOKEN, type MiniflareSetup } from "./servers.ts";

/** One invocation's (or one action's) use of what is billed besides CPU. */
export interface Usage {
  kvOps: Record<string, number>;
  /** console lines written (Workers Logs adds one invocation log per request where invocation logs are on). */
  logEvents: number;
  logBytes: number;
  /** Of logEvents: the per-request info line, which LOG_SAMPLE_RATE thins out in production. */
  requestLogEvents: number;
  /** Durable Object requests: RPC calls on a stub, plus alarms. */
  doRequests: number;
  doAlarms: number;
  /** The writer's active wall time, ms (a lower bound: see kv-counter.ts). */
  doMs: number;
  rowsRead: number;
  rowsWritten: number;
  /** Alarms set (each billed as one row written). */
  alarmsSet: number;
  aePoints: number;
}

export interface RouteUsage {
  /** The third identical request in a row: every isolate memo fresh. */
  steady: Usage;
  /** The first request after the isolate's copy of the pointer expired (POINTER_MEMO_MS): what a request
   * costs where traffic is spread over many isolates, as in production. A brand-new isolate reads more. */
  memoExpired: Usage;
}

export interface ActionUsage extends Usage {
  /** workerd CPU ms, the writer's background work (its alarm) included. */
  cpuMs: number;
}

export interface UsageResult {
  routes: Record<string, RouteUsage>;
  /** One publish of a new article through the API (PUT /api/articles/<slug>), the pointer write after it included; mean of several. */
  publish: ActionUsage & { status: number };
  /** The cron's minute pass right after a publish, and on a quiet minute (means). */
  cronAfterPublish: ActionUsage;
  cronIdle: ActionUsage;
  /** The writer's SQLite database, bytes, with the seed loaded (and the bench's publishes). */
  doDatabaseBytes: number;
  /** LOG_SAMPLE_RATE of the measured copies (the counting copies log every request to count that line). */
  logSampleRate: number;
}

type Totals = Omit<Usage, "kvOps"> & { kv: Record<string, number> };

const ZERO: Usage = {
  kvOps: {},
  logEvents: 0,
  logBytes: 0,
  requestLogEvents: 0,
  doRequests: 0,
  doAlarms: 0,
  doMs: 0,
  rowsRead: 0,
  rowsWritten: 0,
  alarmsSet: 0,
  aePoints: 0,
};

function usageOf(totals: Partial<Totals> | undefined): Usage {
  const { kv, ...rest } = totals ?? {};
  return { ...ZERO, ...rest, kvOps: { ...kv } };
}

/** Parses the counting copy's X-Bench-Usage header (JSON). */
export function parseUsage(headers: Record<string, string | string[] | undefined>): Usage {
  const header = headers["x-bench-usage"];
  return usageOf(typeof header === "string" ? (JSON.parse(header) as Totals) : undefined);
}

function minus(after: Usage, before: Usage): Usage {
  const out: Usage = { ...after, kvOps: {} };
  for (const op of new Set([...Object.keys(after.kvOps), ...Object.keys(before.kvOps)])) out.kvOps[op] = (after.kvOps[op] ?? 0) - (before.kvOps[op] ?? 0);
  for (const key of Object.keys(ZERO) as (keyof Usage)[]) if (key !== "kvOps") out[key] = after[key] - before[key];
  return out;
}

/** The mean of several usages (fractions kept: publishes differ in the chunks they touch). */
function mean<T extends Usage>(list: T[]): T {
  const first = list[0];
  if (!first) throw new Error("nothing to average");
  const out = { ...first, kvOps: {} as Record<string, number> };
  const record = out as unknown as Record<string, number>;
  for (const key of Object.keys(first) as (keyof T)[]) {
    if (key === "kvOps" || typeof first[key] !== "number") continue;
    record[key as string] = list.reduce((n, u) => n + (u[key] as number), 0) / list.length;
  }
  for (const op of new Set(list.flatMap((u) => Object.keys(u.kvOps)))) out.kvOps[op] = list.reduce((n, u) => n + (u.kvOps[op] ?? 0), 0) / list.length;
  return out;
}

const figure = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function formatKvOps(ops: Record<string, number>): string {
  return (
    Object.entries(ops)
      .filter(([, n]) => n > 0)
      .map(([op, n]) => `${op}=${figure(n)}`)
      .join(" ") || "none"
  );
}

/** "DO 2 requests (1 alarm), 14 ms, rows 120 read / 35 written (+1 alarm set)". */
export function formatDo(u: Usage): string {
  if (u.doRequests === 0 && u.rowsRead === 0 && u.rowsWritten === 0) return "none";
  return (
    `${figure(u.doRequests)} requests${u.doAlarms > 0 ? ` (${figure(u.doAlarms)} alarms)` : ""}, ${u.doMs.toFixed(0)} ms active, ` +
    `SQLite rows ${figure(u.rowsRead)} read / ${figure(u.rowsWritten + u.alarmsSet)} written`
  );
}

function countedUrl(mf: MiniflareSetup, cell: Pick<Cell, "worker">): string {
  return mf.urls[cell.worker === "site-nocache" ? WORKERS.siteCountedNoCache : WORKERS.siteCounted] ?? "";
}

async function routeUsage(mf: MiniflareSetup, cell: Cell): Promise<RouteUsage> {
  const url = `${countedUrl(mf, cell)}${cell.path}`;
  const headers = { ...mf.target(cell).headers };
  let steady = parseUsage({});
  for (let i = 0; i < 3; i++) steady = parseUsage((await httpRequest(url, { headers })).headers);
  await sleep(POINTER_MEMO_MS + 300);
  const memoExpired = parseUsage((await httpRequest(url, { headers })).headers);
  return { steady, memoExpired };
}

/** The writer's running totals (its isolate's: the site's counting copy hosts it). */
async function totals(mf: MiniflareSetup): Promise<Usage> {
  const reply = await httpRequest(`${mf.urls[WORKERS.siteCounted]}/__bench/usage`);
  return usageOf(JSON.parse(reply.body) as Totals);
}

interface WriterState {
  health: { blobsPending: number; pointerPending?: number };
  databaseSize: number;
}

async function writerState(mf: MiniflareSetup): Promise<WriterState> {
  return JSON.parse((await httpRequest(`${mf.urls[WORKERS.siteCounted]}/__bench/writer`)).body) as WriterState;
}

/**
 * Waits until the writer has nothing pending and its totals have stopped moving (the alarm that writes a
 * pointer a second after a change, and any alarm with nothing left to do, have run).
 */
async function quiet(mf: MiniflareSetup): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await writerState(mf);
    if (state.health.blobsPending === 0 && state.health.pointerPending === undefined) break;
    if (Date.now() > deadline) throw new Error(`the writer did not settle: ${JSON.stringify(state.health)}`);
    await sleep(100);
  }
  let last = JSON.stringify(await totals(mf));
  for (let still = 0; still < 6 && Date.now() < deadline; ) {
    await sleep(250);
    const now = JSON.stringify(await totals(mf));
    still = now === last ? still + 1 : 0;
    last = now;
  }
}

/** What `action` and the writer's work after it use: the writer's totals and workerd CPU, once quiet again. */
async function measuredAction<T>(mf: MiniflareSetup, action: () => Promise<T>): Promise<{ usage: ActionUsage; result: T }> {
  await quiet(mf);
  const pids = mf.workerd();
  const before = await totals(mf);
  const cpuBefore = cpuSeconds(pids);
  const result = await action();
  await quiet(mf);
  const cpuMs = (cpuSeconds(pids) - cpuBefore) * 1000;
  return { usage: { ...minus(await totals(mf), before), cpuMs }, result };
}

function cronPass(mf: MiniflareSetup): Promise<{ usage: ActionUsage; result: unknown }> {
  return measuredAction(mf, () => httpRequest(`${mf.urls[WORKERS.siteCounted]}/__bench/scheduled`));
}

export async function measureUsage(mf: MiniflareSetup, log: (line: string) => void, logSampleRate: number, cells: Cell[] = SITE_CELLS): Promise<UsageResult> {
  const routes: Record<string, RouteUsage> = {};
  for (const cell of cells) routes[cell.id] = await routeUsage(mf, cell);
  // Passes until one writes nothing, so the idle figures are a quiet minute's: a newly loaded site's
  // first passes build what it lacks (each pass the editions of two closed days that have none yet).
  let catchUp = 0;
  for (; catchUp < 100; catchUp++) {
    const { usage } = await cronPass(mf);
    if ((usage.kvOps.put ?? 0) === 0) break;
  }
  log(`  ${catchUp} cron passes built what the loaded site lacked (daily editions); then quiet passes`);
  const idle: ActionUsage[] = [];
  for (let i = 0; i < 5; i++) idle.push((await cronPass(mf)).usage);
  const source = await readFile(join(ROOT, "kv-seed/articles/lower-harbour-flood-defence-plan-approved.md"), "utf8");
  const article = articleBody(source);
  if ("error" in article) throw new Error(`seed article unreadable: ${article.error}`);
  const publishes: (ActionUsage & { status: number })[] = [];
  const afterPublish: ActionUsage[] = [];
  // Each publish is followed by the cron pass after it, measured apart.
  for (let i = 0; i < 5; i++) {
    const { updated: _, ...fields } = article.body;
    const body = JSON.stringify({ ...fields, published: new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z") });
    const { usage, result } = await measuredAction(mf, () =>
      httpRequest(`${mf.urls[WORKERS.siteCounted]}/api/articles/bench-publish-${Date.now().toString(36)}-${i}`, {
        method: "PUT",
        headers: { Host: SITE_HOST, Authorization: `Bearer ${BENCH_TOKEN}`, "Content-Type": "application/json" },
        body,
      }),
    );
    if (result.status >= 300) throw new Error(`bench publish answered ${result.status}: ${result.body.slice(0, 300)}`);
    publishes.push({ ...usage, status: result.status });
    afterPublish.push((await cronPass(mf)).usage);
  }
  const publish = mean(publishes);
  const cronAfterPublish = mean(afterPublish);
  const cronIdle = mean(idle);
  const { databaseSize } = await writerState(mf);
  log(
    `  publish: KV ${formatKvOps(publish.kvOps)}, DO ${formatDo(publish)}; next cron pass: KV ${formatKvOps(cronAfterPublish.kvOps)}; quiet cron pass: KV ${formatKvOps(cronIdle.kvOps)}, DO ${formatDo(cronIdle)}`,
  );
  return { routes, publish, cronAfterPublish, cronIdle, doDatabaseBytes: databaseSize, logSampleRate };
}

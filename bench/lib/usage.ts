// What a request, a publish and a cron run use besides throughput: KV operations and log lines,
// counted by the site's counting copies (bench/workers/kv-counter.ts), and workerd CPU time for the
// two that wrk does not drive (a publish through the API, the scheduled repair pass). Inputs of the
// cost model (scripts/cost.ts).

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { GENERATION_TTL_MS } from "../../src/store/config.ts";
import { articleBody } from "../../scripts/lib/publish-client.ts";
import { type Cell, SITE_CELLS, SITE_HOST } from "./cells.ts";
import { ROOT } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { WORKERS } from "./mf-host.ts";
import { cpuSeconds } from "./processes.ts";
import { BENCH_TOKEN, type MiniflareSetup } from "./servers.ts";

export interface Usage {
  kvOps: Record<string, number>;
  /** console lines the Worker wrote (Workers Logs adds one invocation log per request). */
  logEvents: number;
  logBytes: number;
}

export interface RouteUsage {
  /** The third identical request in a row: every isolate memo fresh. */
  steady: Usage;
  /** The first request after the isolate's memos expired (GENERATION_TTL_MS): what a request costs
   * where traffic is spread over many isolates, as in production. A brand-new isolate reads more. */
  memoExpired: Usage;
}

export interface UsageResult {
  routes: Record<string, RouteUsage>;
  /** One publish of a new article through the API (PUT /api/articles/<slug>), background work included. */
  publish: Usage & { cpuMs: number; status: number };
  /** The cron trigger's repair pass right after a publish, and on a quiet minute. */
  cronAfterPublish: Usage & { cpuMs: number };
  cronIdle: Usage & { cpuMs: number };
}

/** Parses "get=1 list=0 ..." and "events=1 bytes=230" from the counting copy's headers. */
export function parseUsage(headers: Record<string, string | string[] | undefined>): Usage {
  const pairs = (value: unknown) => Object.fromEntries([...String(value ?? "").matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1] ?? "", Number(m[2])]));
  const log = pairs(headers["x-bench-log"]);
  return { kvOps: pairs(headers["x-bench-kv-ops"]), logEvents: log.events ?? 0, logBytes: log.bytes ?? 0 };
}

export function formatKvOps(ops: Record<string, number>): string {
  return (
    Object.entries(ops)
      .filter(([, n]) => n > 0)
      .map(([op, n]) => `${op}=${n}`)
      .join(" ") || "none"
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
  await sleep(GENERATION_TTL_MS + 300);
  const memoExpired = parseUsage((await httpRequest(url, { headers })).headers);
  return { steady, memoExpired };
}

/** CPU milliseconds workerd spends on `action`, averaged over `times` (/proc counts in 10 ms ticks). */
async function cpuOf<T>(mf: MiniflareSetup, times: number, action: (i: number) => Promise<T>): Promise<{ cpuMs: number; last: T }> {
  const pids = mf.workerd();
  const before = cpuSeconds(pids);
  let last: T | undefined;
  for (let i = 0; i < times; i++) last = await action(i);
  return { cpuMs: ((cpuSeconds(pids) - before) * 1000) / times, last: last as T };
}

async function cronUsage(mf: MiniflareSetup, times: number): Promise<Usage & { cpuMs: number }> {
  const { cpuMs, last } = await cpuOf(mf, times, async () => parseUsage((await httpRequest(`${mf.urls[WORKERS.siteCounted]}/__bench/scheduled`)).headers));
  return { ...last, cpuMs };
}

export async function measureUsage(mf: MiniflareSetup, log: (line: string) => void, cells: Cell[] = SITE_CELLS): Promise<UsageResult> {
  const routes: Record<string, RouteUsage> = {};
  for (const cell of cells) routes[cell.id] = await routeUsage(mf, cell);
  // Settle anything pending first, so the idle figure is a quiet minute's.
  await cronUsage(mf, 1);
  const cronIdle = await cronUsage(mf, 5);
  const source = await readFile(join(ROOT, "kv-seed/articles/lower-harbour-flood-defence-plan-approved.md"), "utf8");
  const article = articleBody(source);
  if ("error" in article) throw new Error(`seed article unreadable: ${article.error}`);
  const publishes = 5;
  let publish = { ...parseUsage({}), status: 0 };
  let cronAfterPublish = { ...parseUsage({}), cpuMs: 0 };
  let publishCpu = 0;
  let cronCpu = 0;
  // Each publish is followed by the cron pass it leaves work for (feed rebuilds), measured apart.
  for (let i = 0; i < publishes; i++) {
    const { updated: _, ...fields } = article.body;
    const body = JSON.stringify({ ...fields, published: new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z") });
    const put = await cpuOf(mf, 1, () =>
      httpRequest(`${mf.urls[WORKERS.siteCounted]}/api/articles/bench-publish-${Date.now().toString(36)}-${i}`, {
        method: "PUT",
        headers: { Host: SITE_HOST, Authorization: `Bearer ${BENCH_TOKEN}`, "Content-Type": "application/json" },
        body,
      }),
    );
    publishCpu += put.cpuMs / publishes;
    publish = { ...parseUsage(put.last.headers), status: put.last.status };
    if (put.last.status >= 300) throw new Error(`bench publish answered ${put.last.status}: ${put.last.body.slice(0, 300)}`);
    cronAfterPublish = await cronUsage(mf, 1);
    cronCpu += cronAfterPublish.cpuMs / publishes;
  }
  log(
    `  publish: KV ${formatKvOps(publish.kvOps)}; next cron pass: KV ${formatKvOps(cronAfterPublish.kvOps)}; quiet cron pass: KV ${formatKvOps(cronIdle.kvOps)}`,
  );
  return { routes, publish: { ...publish, cpuMs: publishCpu }, cronAfterPublish: { ...cronAfterPublish, cpuMs: cronCpu }, cronIdle };
}

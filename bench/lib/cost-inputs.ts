// The measured per-request figures the cost model (scripts/cost.ts) prices, taken from one bench run
// and written to bench/results/cost-inputs.json.

import type { BenchResults } from "./report.ts";
import type { Usage } from "./usage.ts";

export interface RouteCost {
  label: string;
  /** workerd CPU ms per request above hello world's: the Worker's own work, plus the local KV and
   * Cache API simulators where the route reads them (so an upper bound for billed CPU time). */
  cpuMs: number;
  /** workerd CPU ms per request as measured (hello world's included). */
  workerdCpuMs: number;
  /** KV operations of a request whose isolate memos have expired (production-like; steady state reads fewer). */
  kvOps: Record<string, number>;
  kvOpsSteady: Record<string, number>;
  /** console lines written; Workers Logs also records one invocation log per request. */
  logLines: number;
  logBytes: number;
}

export interface CostInputs {
  measuredAt: string;
  command: string;
  machine: string;
  helloCpuMs: number;
  routes: Record<string, RouteCost>;
  publish: { cpuMs: number; kvOps: Record<string, number>; logLines: number };
  cron: { idle: { cpuMs: number; kvOps: Record<string, number>; logLines: number }; afterPublish: { kvOps: Record<string, number>; logLines: number } };
}

const lines = (u: Usage) => u.logEvents;

export function costInputsOf(results: BenchResults, command: string): CostInputs | undefined {
  const rows = results.throughput.miniflare;
  const usage = results.usage;
  const hello = rows?.find((r) => r.id === "hello");
  if (!rows || !usage || !hello) return undefined;
  const routes: Record<string, RouteCost> = {};
  for (const row of rows) {
    const u = usage.routes[row.id];
    if (!u) continue;
    routes[row.id] = {
      label: row.label,
      cpuMs: Math.max(0, row.cpuMsPerRequest - hello.cpuMsPerRequest),
      workerdCpuMs: row.cpuMsPerRequest,
      kvOps: u.memoExpired.kvOps,
      kvOpsSteady: u.steady.kvOps,
      logLines: lines(u.steady),
      logBytes: u.steady.logBytes,
    };
  }
  return {
    measuredAt: results.startedAt,
    command,
    machine: `${results.machine.cpus} × ${results.machine.model}, Node ${results.machine.node}`,
    helloCpuMs: hello.cpuMsPerRequest,
    routes,
    publish: { cpuMs: usage.publish.cpuMs, kvOps: usage.publish.kvOps, logLines: lines(usage.publish) },
    cron: {
      idle: { cpuMs: usage.cronIdle.cpuMs, kvOps: usage.cronIdle.kvOps, logLines: lines(usage.cronIdle) },
      afterPublish: { kvOps: usage.cronAfterPublish.kvOps, logLines: lines(usage.cronAfterPublish) },
    },
  };
}

// The measured per-request figures the cost model (scripts/cost.ts) prices, taken from one bench run
// and written to bench/results/cost-inputs.json.

import type { BenchResults } from "./report.ts";
import type { Usage } from "./usage.ts";

/** What one request, publish or cron pass costs the Newsroom Durable Object. */
export interface DurableObjectUse {
  /** Billed requests: RPC calls on its stub, and alarms. */
  requests: number;
  /** Active wall time, ms (billed as duration at 128 MB). */
  ms: number;
  rowsRead: number;
  /** Rows written, each alarm set included (billed as one row). */
  rowsWritten: number;
}

export interface RouteCost {
  label: string;
  /** workerd CPU ms per request above hello world's: the Worker's own work, plus the local KV and
   * Cache API simulators where the route reads them (so an upper bound for billed CPU time). */
  cpuMs: number;
  /** workerd CPU ms per request as measured (hello world's included). */
  workerdCpuMs: number;
  /** KV operations of a request whose isolate's pointer copy has expired (production-like; steady state reads fewer). */
  kvOps: Record<string, number>;
  kvOpsSteady: Record<string, number>;
  /** console lines per request in production: the sampled request line × LOG_SAMPLE_RATE, plus any other line. */
  logLines: number;
  /** Of a logged request's lines, those LOG_SAMPLE_RATE samples (the request line): for pricing another rate. */
  requestLogLines?: number;
  /** Bytes of the lines of a logged request. */
  logBytes: number;
  /** Analytics Engine data points written per request (absent in inputs measured before it was counted). */
  aePoints?: number;
  /** Absent in inputs measured before the writer was a Durable Object. */
  durableObject?: DurableObjectUse;
}

export interface ActionCost {
  cpuMs: number;
  kvOps: Record<string, number>;
  logLines: number;
  /** Absent in inputs measured before the writer was a Durable Object. */
  durableObject?: DurableObjectUse;
}

export interface CostInputs {
  measuredAt: string;
  command: string;
  machine: string;
  helloCpuMs: number;
  /** LOG_SAMPLE_RATE the route figures assume (production's, wrangler.toml [vars]). */
  logSampleRate?: number;
  routes: Record<string, RouteCost>;
  publish: ActionCost;
  cron: { idle: ActionCost; afterPublish: Omit<ActionCost, "cpuMs"> };
  /** The writer's SQLite database with the seed loaded, bytes. */
  doDatabaseBytes?: number;
}

const NO_DO: DurableObjectUse = { requests: 0, ms: 0, rowsRead: 0, rowsWritten: 0 };

export function durableObjectOf(u: Usage): DurableObjectUse {
  return { requests: u.doRequests, ms: u.doMs, rowsRead: u.rowsRead, rowsWritten: u.rowsWritten + u.alarmsSet };
}

/** Console lines in production: the request line only as often as LOG_SAMPLE_RATE says, every other line always. */
export function productionLogLines(u: Usage, sampleRate: number): number {
  return u.logEvents - u.requestLogEvents + u.requestLogEvents * sampleRate;
}

export function costInputsOf(results: BenchResults, command: string): CostInputs | undefined {
  const rows = results.throughput.miniflare;
  const usage = results.usage;
  const hello = rows?.find((r) => r.id === "hello");
  if (!rows || !usage || !hello) return undefined;
  const rate = usage.logSampleRate;
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
      logLines: productionLogLines(u.steady, rate),
      requestLogLines: u.steady.requestLogEvents,
      logBytes: u.steady.logBytes,
      aePoints: u.steady.aePoints,
      durableObject: durableObjectOf(u.memoExpired),
    };
  }
  const action = (u: UsageResultAction): ActionCost => ({
    cpuMs: u.cpuMs,
    kvOps: u.kvOps,
    logLines: productionLogLines(u, rate),
    durableObject: durableObjectOf(u),
  });
  const { cpuMs: _, ...afterPublish } = action(usage.cronAfterPublish);
  return {
    measuredAt: results.startedAt,
    command,
    machine: `${results.machine.cpus} × ${results.machine.model}, Node ${results.machine.node}`,
    helloCpuMs: hello.cpuMsPerRequest,
    logSampleRate: rate,
    routes,
    publish: action(usage.publish),
    cron: { idle: action(usage.cronIdle), afterPublish },
    doDatabaseBytes: usage.doDatabaseBytes,
  };
}

type UsageResultAction = Usage & { cpuMs: number };

/** Inputs written before the Durable Object was measured (bench/cost-inputs-before.json) read as using none. */
export function durableObjectOrNone(value: DurableObjectUse | undefined): DurableObjectUse {
  return value ?? NO_DO;
}

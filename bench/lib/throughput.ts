// Throughput and latency of every cell against both baselines in one setup: warm every cell, then
// rounds in which every site cell is followed by a baseline run (hello world and one-KV-value in
// turn). Ratios are taken within each round, so drift on a shared machine hits both sides of a
// ratio alike; the report gives the median of the rounds. workerd's CPU time per request comes from
// /proc over the same runs.

import { BASELINE_CELLS, type Cell, SITE_CELLS } from "./cells.ts";
import { cpuSeconds } from "./processes.ts";
import type { Setup } from "./servers.ts";
import { type WrkResult, runWrk } from "./wrk.ts";

export interface LoadOptions {
  runs: number;
  seconds: number;
  connections: number;
  warmupSeconds: number;
}

export interface Run extends WrkResult {
  /** workerd CPU milliseconds (user + system) per request over this run. */
  cpuMsPerRequest: number;
}

export interface RoundResult {
  rps: number;
  vsHello?: number;
  vsKv?: number;
}

export interface CellResult {
  id: string;
  label: string;
  /** Medians over the rounds. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  vsHello?: number;
  vsKv?: number;
  rounds: RoundResult[];
  /** Responses with another status than expected, or socket errors, over all runs. */
  unexpected: number;
  socketErrors: number;
  runs: Run[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function unexpectedOf(run: WrkResult, expect: number): number {
  return Object.entries(run.statuses)
    .filter(([status]) => Number(status) !== expect)
    .reduce((n, [, count]) => n + count, 0);
}

async function measuredRun(setup: Setup, cell: Cell, load: { connections: number; seconds: number }): Promise<Run> {
  const pids = setup.workerd();
  const before = cpuSeconds(pids);
  const result = await runWrk(setup.target(cell), load);
  const cpu = cpuSeconds(pids) - before;
  return { ...result, cpuMsPerRequest: result.requests > 0 ? (cpu * 1000) / result.requests : 0 };
}

/** Per-round req/s of each cell and the ratios to the same round's baselines. */
export function roundRatios(roundRuns: Map<string, Run[]>, ids: string[]): Map<string, RoundResult> {
  const rpsOf = (id: string) => median((roundRuns.get(id) ?? []).map((r) => r.rps));
  const hello = roundRuns.get("hello")?.length ? rpsOf("hello") : undefined;
  const kv = roundRuns.get("kv")?.length ? rpsOf("kv") : undefined;
  return new Map(
    ids.map((id) => {
      const rps = rpsOf(id);
      return [id, { rps, ...(hello ? { vsHello: rps / hello } : {}), ...(kv ? { vsKv: rps / kv } : {}) }];
    }),
  );
}

function summarise(cell: Cell, runs: Run[], rounds: RoundResult[]): CellResult {
  const ratio = (key: "vsHello" | "vsKv") => {
    const values = rounds.flatMap((r) => (r[key] === undefined ? [] : [r[key]]));
    return values.length > 0 ? { [key]: median(values) } : {};
  };
  return {
    id: cell.id,
    label: cell.label,
    rps: median(rounds.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
    ...ratio("vsHello"),
    ...ratio("vsKv"),
    rounds,
    unexpected: runs.reduce((n, r) => n + unexpectedOf(r, cell.expect), 0),
    socketErrors: runs.reduce((n, r) => n + r.socketErrors, 0),
    runs,
  };
}

export async function measureThroughput(setup: Setup, options: LoadOptions, log: (line: string) => void, cells: Cell[] = SITE_CELLS): Promise<CellResult[]> {
  const all = [...BASELINE_CELLS, ...cells];
  const load = { connections: options.connections, seconds: options.seconds };
  log(`  warming up ${all.length} cells (${options.warmupSeconds} s each)`);
  for (const cell of all) {
    const warm = await runWrk(setup.target(cell), { connections: options.connections, seconds: options.warmupSeconds });
    if (unexpectedOf(warm, cell.expect) > 0) throw new Error(`${setup.name} ${cell.label}: expected ${cell.expect}, got ${JSON.stringify(warm.statuses)}`);
  }
  const runs = new Map<string, Run[]>(all.map((c) => [c.id, []]));
  const rounds = new Map<string, RoundResult[]>(all.map((c) => [c.id, []]));
  for (let round = 1; round <= options.runs; round++) {
    const roundRuns = new Map<string, Run[]>(all.map((c) => [c.id, []]));
    for (const [i, cell] of cells.entries()) {
      const baseline = BASELINE_CELLS[i % BASELINE_CELLS.length] as Cell;
      for (const c of [cell, baseline]) roundRuns.get(c.id)?.push(await measuredRun(setup, c, load));
    }
    for (const [id, result] of roundRatios(
      roundRuns,
      all.map((c) => c.id),
    ))
      rounds.get(id)?.push(result);
    for (const [id, list] of roundRuns) runs.get(id)?.push(...list);
    const hello = rounds.get("hello")?.at(-1)?.rps ?? 0;
    log(`  round ${round}/${options.runs} done (hello world ${hello.toFixed(0)} req/s)`);
  }
  return all.map((c) => summarise(c, runs.get(c.id) ?? [], rounds.get(c.id) ?? []));
}

// Throughput and latency of every cell against both baselines in one setup: warm every cell, then
// rounds of site cell / baseline / site cell / baseline (A/B/A/B) so drift cancels; medians of the runs.

import { BASELINE_CELLS, type Cell, SITE_CELLS } from "./cells.ts";
import type { Setup } from "./servers.ts";
import { type WrkResult, runWrk } from "./wrk.ts";

export interface LoadOptions {
  runs: number;
  seconds: number;
  connections: number;
  warmupSeconds: number;
}

export interface CellResult {
  id: string;
  label: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Median-run req/s over the median of each baseline's runs in the same setup. */
  vsHello?: number;
  vsKv?: number;
  /** Responses with another status than expected, or socket errors, over all runs. */
  unexpected: number;
  socketErrors: number;
  runs: WrkResult[];
  kvOps?: string;
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

function summarise(cell: Cell, runs: WrkResult[]): CellResult {
  return {
    id: cell.id,
    label: cell.label,
    rps: median(runs.map((r) => r.rps)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
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
  const runs = new Map<string, WrkResult[]>(all.map((c) => [c.id, []]));
  for (let round = 1; round <= options.runs; round++) {
    for (const [i, cell] of cells.entries()) {
      // A/B/A/B: every site cell is followed by a baseline, alternating between the two.
      const baseline = BASELINE_CELLS[i % BASELINE_CELLS.length] as Cell;
      for (const c of [cell, baseline]) {
        const result = await runWrk(setup.target(c), load);
        runs.get(c.id)?.push(result);
      }
    }
    log(`  round ${round}/${options.runs} done`);
  }
  const baselines = BASELINE_CELLS.map((c) => summarise(c, runs.get(c.id) ?? []));
  const [hello, kv] = baselines;
  return [
    ...baselines,
    ...cells.map((c) => {
      const r = summarise(c, runs.get(c.id) ?? []);
      return { ...r, ...(hello ? { vsHello: r.rps / hello.rps } : {}), ...(kv ? { vsKv: r.rps / kv.rps } : {}) };
    }),
  ];
}

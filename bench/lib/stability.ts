// Stability: every route under 64 connections for a long run each (60 s in the full bench), one after
// another on the same workerd: socket errors, unexpected statuses, p99 against p50, and workerd's
// resident memory 10 s into the phase against its size at the end.

import { type Cell, SITE_CELLS } from "./cells.ts";
import { rssMiB } from "./processes.ts";
import type { Setup } from "./servers.ts";
import { unexpectedOf } from "./throughput.ts";
import { runWrk } from "./wrk.ts";

export interface StabilityRoute {
  id: string;
  label: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  socketErrors: number;
  unexpected: number;
  rssEndMiB: number;
}

export interface StabilityResult {
  connections: number;
  secondsPerRoute: number;
  rssAfterFirstMiB: number;
  rssEndMiB: number;
  /** Seconds into the phase when the first memory sample was taken. */
  firstSampleSeconds: number;
  routes: StabilityRoute[];
}

function workerdRss(setup: Setup): number {
  return setup.workerd().reduce((sum, pid) => sum + rssMiB(pid), 0);
}

export async function measureStability(
  setup: Setup,
  options: { seconds: number; connections: number },
  log: (line: string) => void,
  cells: Cell[] = SITE_CELLS,
): Promise<StabilityResult> {
  const firstSampleSeconds = Math.min(10, Math.max(1, Math.floor(options.seconds / 2)));
  let rssAfterFirstMiB = 0;
  const routes: StabilityRoute[] = [];
  for (const [i, cell] of cells.entries()) {
    const sample = i === 0 ? setTimeout(() => (rssAfterFirstMiB = workerdRss(setup)), firstSampleSeconds * 1000) : undefined;
    const run = await runWrk(setup.target(cell), { connections: options.connections, seconds: options.seconds, timeoutSeconds: 5 });
    if (sample) clearTimeout(sample);
    const route = {
      id: cell.id,
      label: cell.label,
      rps: run.rps,
      p50Ms: run.p50Ms,
      p99Ms: run.p99Ms,
      socketErrors: run.socketErrors,
      unexpected: unexpectedOf(run, cell.expect),
      rssEndMiB: workerdRss(setup),
    };
    routes.push(route);
    log(
      `  ${cell.label}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms, ${route.socketErrors} socket errors, ${route.unexpected} unexpected, workerd ${route.rssEndMiB.toFixed(0)} MiB`,
    );
  }
  return { connections: options.connections, secondsPerRoute: options.seconds, rssAfterFirstMiB, rssEndMiB: workerdRss(setup), firstSampleSeconds, routes };
}

// What Miniflare's entry worker adds to a request: hello world on its direct socket against hello
// world reached through the entry worker, in interleaved rounds. The reason the bench measures
// through direct sockets (docs/performance.md).

import { cpuSeconds } from "./processes.ts";
import type { MiniflareSetup } from "./servers.ts";
import { median } from "./throughput.ts";
import { type Target, runWrk } from "./wrk.ts";

export interface EntryCost {
  rounds: number;
  directRps: number;
  entryRps: number;
  directCpuMs: number;
  entryCpuMs: number;
  /** Extra workerd CPU per request through the entry worker, in hello worlds (median of the rounds). */
  helloWorldsAdded: number;
}

async function run(mf: MiniflareSetup, target: Target, load: { connections: number; seconds: number }) {
  const pids = mf.workerd();
  const before = cpuSeconds(pids);
  const result = await runWrk(target, load);
  return { rps: result.rps, cpuMs: ((cpuSeconds(pids) - before) * 1000) / Math.max(1, result.requests) };
}

export async function measureEntryCost(
  mf: MiniflareSetup,
  options: { runs: number; seconds: number; connections: number },
  log: (line: string) => void,
): Promise<EntryCost> {
  const direct = mf.target({ worker: "hello", path: "/" });
  const load = { connections: options.connections, seconds: options.seconds };
  await runWrk(direct, { ...load, seconds: 1 });
  await runWrk(mf.entryHello, { ...load, seconds: 1 });
  const rounds: { direct: Awaited<ReturnType<typeof run>>; entry: Awaited<ReturnType<typeof run>> }[] = [];
  for (let i = 1; i <= options.runs; i++) {
    rounds.push({ direct: await run(mf, direct, load), entry: await run(mf, mf.entryHello, load) });
    log(`  round ${i}/${options.runs} done`);
  }
  return {
    rounds: rounds.length,
    directRps: median(rounds.map((r) => r.direct.rps)),
    entryRps: median(rounds.map((r) => r.entry.rps)),
    directCpuMs: median(rounds.map((r) => r.direct.cpuMs)),
    entryCpuMs: median(rounds.map((r) => r.entry.cpuMs)),
    helloWorldsAdded: median(rounds.map((r) => r.entry.cpuMs / r.direct.cpuMs - 1)),
  };
}

export function printEntryCost(e: EntryCost): string {
  return (
    `Miniflare's entry worker (${e.rounds} interleaved rounds): hello world ${e.directRps.toFixed(0)} req/s on its direct socket, ${e.entryRps.toFixed(0)} req/s through the entry worker ` +
    `(${(e.directRps / e.entryRps).toFixed(2)}× fewer); workerd CPU ${e.directCpuMs.toFixed(3)} → ${e.entryCpuMs.toFixed(3)} ms per request: the entry worker adds ${e.helloWorldsAdded.toFixed(1)} hello worlds of CPU to every request`
  );
}

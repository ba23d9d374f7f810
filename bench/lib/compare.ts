// A/B: the site built from another commit (A, `--against <git ref>`) against the working tree (B), both
// in the same workerd on their own direct sockets, reading the same projection. Each round runs every
// route on A and on B back to back (the order alternating between rounds), so drift on a shared machine
// hits both alike; the report gives per route the medians of B ÷ A over the rounds, for req/s and for
// workerd CPU per request (the steadier of the two on a busy machine). What each optimisation of the
// request path measurably changed (docs/performance.md).

import { spawn, spawnSync } from "node:child_process";
import { mkdir, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { type Cell, SITE_CELLS } from "./cells.ts";
import { ROOT } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { cpuSeconds } from "./processes.ts";
import type { MiniflareSetup } from "./servers.ts";
import { table } from "./table.ts";
import { median, unexpectedOf } from "./throughput.ts";
import { type Target, runWrk } from "./wrk.ts";

export interface CompareRow {
  id: string;
  label: string;
  rpsA: number;
  rpsB: number;
  cpuA: number;
  cpuB: number;
  /** Medians of the per-round ratios B ÷ A. */
  rpsRatio: number;
  cpuRatio: number;
  rounds: { rpsA: number; rpsB: number; cpuA: number; cpuB: number }[];
  /** In-isolate loop (bench/workers/request-loop.ts): workerd CPU µs per request, medians, and of B ÷ A per round. */
  loopA: number;
  loopB: number;
  loopRatio: number;
  /** The fastest round of each side, and their ratio: other work on the machine only ever adds time. */
  loopMinA: number;
  loopMinB: number;
  loopRounds: { a: number; b: number }[];
}

export interface CompareResult {
  against: string;
  commit: string;
  /** B's commit when built from one (--with); otherwise the working tree. */
  with?: string;
  rounds: number;
  seconds: number;
  rows: CompareRow[];
}

/** The deploy bundle of the site at `ref`: the tree exported by git archive, built by wrangler as `npm run build` would. */
export async function buildAt(ref: string, outDir: string): Promise<{ dir: string; commit: string }> {
  const commit = spawnSync("git", ["rev-parse", "--short", ref], { cwd: ROOT, encoding: "utf8" });
  if (commit.status !== 0) throw new Error(`--against ${ref}: not a commit (${commit.stderr.trim()})`);
  const tree = join(outDir, "tree");
  await rm(outDir, { recursive: true, force: true });
  await mkdir(tree, { recursive: true });
  const exported = spawnSync("sh", ["-c", 'git archive --format=tar "$0" | tar -x -C "$1"', ref, tree], { cwd: ROOT, encoding: "utf8" });
  if (exported.status !== 0) throw new Error(`git archive ${ref} failed: ${exported.stderr}`);
  await symlink(join(ROOT, "node_modules"), join(tree, "node_modules"));
  const dir = join(outDir, "build");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", dir], {
      cwd: tree,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`building ${ref} failed (exit ${code}):\n${output.slice(-3000)}`))));
  });
  return { dir, commit: commit.stdout.trim() };
}

/** Requests per call of the in-isolate loop: about half a second of work, far above /proc's 10 ms ticks. */
const LOOP_COUNT = 2000;

/** workerd CPU µs per request of one loop call of LOOP_COUNT requests. */
async function loopRun(mf: MiniflareSetup, side: "A" | "B", cell: Cell): Promise<number> {
  const pids = mf.workerd();
  const before = cpuSeconds(pids);
  const reply = await httpRequest(mf.loopUrl(side, cell, LOOP_COUNT));
  const cpu = cpuSeconds(pids) - before;
  const statuses = JSON.parse(reply.body) as Record<string, number>;
  if (reply.status !== 200 || statuses[cell.expect] !== LOOP_COUNT)
    throw new Error(`${cell.label} (${side}, in-isolate loop): ${reply.status} ${reply.body.slice(0, 200)}`);
  return (cpu * 1e6) / LOOP_COUNT;
}

async function run(mf: MiniflareSetup, target: Target, cell: Cell, load: { connections: number; seconds: number }) {
  const pids = mf.workerd();
  const before = cpuSeconds(pids);
  const result = await runWrk(target, load);
  const cpu = cpuSeconds(pids) - before;
  const bad = unexpectedOf(result, cell.expect) + result.socketErrors;
  if (bad > 0) throw new Error(`${cell.label}: ${bad} unexpected answers (${JSON.stringify(result.statuses)})`);
  return { rps: result.rps, cpu: result.requests > 0 ? (cpu * 1000) / result.requests : 0 };
}

export async function measureCompare(
  mf: MiniflareSetup,
  against: { ref: string; commit: string },
  options: { runs: number; seconds: number; connections: number; warmupSeconds: number; loopOnly?: boolean; with?: string },
  log: (line: string) => void,
  cells: Cell[] = SITE_CELLS,
): Promise<CompareResult> {
  const load = { connections: options.connections, seconds: options.seconds };
  const rows: CompareRow[] = [];
  for (const cell of cells) {
    const b = mf.target(cell);
    // (B is the build this run serves: the working tree's, or --with's.)
    const a = mf.compareTarget(cell);
    const rounds: CompareRow["rounds"] = [];
    if (!options.loopOnly) for (const target of [a, b]) await runWrk(target, { ...load, seconds: options.warmupSeconds });
    for (let round = 0; round < (options.loopOnly ? 0 : options.runs); round++) {
      // A then B, then B then A: neither side always runs first.
      const [first, second] = round % 2 === 0 ? [a, b] : [b, a];
      const one = await run(mf, first, cell, load);
      const two = await run(mf, second, cell, load);
      const [resultA, resultB] = round % 2 === 0 ? [one, two] : [two, one];
      rounds.push({ rpsA: resultA.rps, rpsB: resultB.rps, cpuA: resultA.cpu, cpuB: resultB.cpu });
    }
    // The same route in the in-isolate loop, A and B alternating, one warm-up call each first.
    for (const side of ["A", "B"] as const) await loopRun(mf, side, cell);
    const loopRounds: CompareRow["loopRounds"] = [];
    for (let round = 0; round < options.runs * 2; round++) {
      const order = round % 2 === 0 ? (["A", "B"] as const) : (["B", "A"] as const);
      const times: Record<string, number> = {};
      for (const side of order) times[side] = await loopRun(mf, side, cell);
      loopRounds.push({ a: times.A ?? 0, b: times.B ?? 0 });
    }
    const row: CompareRow = {
      id: cell.id,
      label: cell.label,
      rpsA: median(rounds.map((r) => r.rpsA)),
      rpsB: median(rounds.map((r) => r.rpsB)),
      cpuA: median(rounds.map((r) => r.cpuA)),
      cpuB: median(rounds.map((r) => r.cpuB)),
      rpsRatio: median(rounds.map((r) => r.rpsB / r.rpsA)),
      cpuRatio: median(rounds.map((r) => r.cpuB / r.cpuA)),
      rounds,
      loopA: median(loopRounds.map((r) => r.a)),
      loopB: median(loopRounds.map((r) => r.b)),
      loopRatio: median(loopRounds.map((r) => r.b / r.a)),
      loopMinA: Math.min(...loopRounds.map((r) => r.a)),
      loopMinB: Math.min(...loopRounds.map((r) => r.b)),
      loopRounds,
    };
    rows.push(row);
    const wrk = options.loopOnly
      ? ""
      : `req/s ${row.rpsA.toFixed(0)} → ${row.rpsB.toFixed(0)} (×${row.rpsRatio.toFixed(2)}), CPU ms/req ${row.cpuA.toFixed(3)} → ${row.cpuB.toFixed(3)} (×${row.cpuRatio.toFixed(2)}); `;
    log(`  ${cell.label}: ${wrk}in-isolate µs/req ${row.loopA.toFixed(1)} → ${row.loopB.toFixed(1)} (×${row.loopRatio.toFixed(2)})`);
  }
  return {
    against: against.ref,
    commit: against.commit,
    ...(options.with ? { with: options.with } : {}),
    rounds: options.runs,
    seconds: options.loopOnly ? 0 : options.seconds,
    rows,
  };
}

export function printCompare(result: CompareResult): string {
  return [
    `A/B: ${result.against} (${result.commit}) as A, ${result.with ? `${result.with} (--with)` : "the working tree"} as B; the deploy bundle of each in one workerd, ` +
      `${result.seconds > 0 ? `${result.rounds} rounds × ${result.seconds} s per side and route under wrk, order alternating, then ` : ""}${result.rounds * 2} rounds of the in-isolate loop (${LOOP_COUNT} requests through the fetch handler per call, no HTTP server or socket); B ÷ A is the median of the per-round ratios`,
    table(
      [
        "route",
        "A req/s",
        "B req/s",
        "B ÷ A req/s",
        "A CPU ms/req",
        "B CPU ms/req",
        "B ÷ A CPU",
        "A loop µs/req",
        "B loop µs/req",
        "B ÷ A loop",
        "fastest A → B",
      ],
      result.rows.map((r) => [
        r.label,
        ...(result.seconds > 0
          ? [r.rpsA.toFixed(0), r.rpsB.toFixed(0), `${r.rpsRatio.toFixed(2)}×`, r.cpuA.toFixed(3), r.cpuB.toFixed(3), `${r.cpuRatio.toFixed(2)}×`]
          : ["-", "-", "-", "-", "-", "-"]),
        r.loopA.toFixed(1),
        r.loopB.toFixed(1),
        `${r.loopRatio.toFixed(2)}×`,
        `${r.loopMinA.toFixed(0)} → ${r.loopMinB.toFixed(0)} (${(r.loopMinB / r.loopMinA).toFixed(2)}×)`,
      ]),
    ),
  ].join("\n");
}

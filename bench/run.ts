// npm run bench [-- options]: the whole benchmark suite in one command. Prints the tables and the
// target checklist; writes bench/results/results.json, results.txt and chart.svg.

import { execFileSync, spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CpuResult } from "./lib/cpu-result.ts";
import { SITE_CELLS } from "./lib/cells.ts";
import { ROOT, loadSeed } from "./lib/fixtures.ts";
import { type BenchResults, chartSvg, checkTargets, printReport } from "./lib/report.ts";
import { measureScale } from "./lib/scale.ts";
import { RESULTS, buildBundle, devConfig, startMiniflare, startWranglerDev } from "./lib/servers.ts";
import { measureSize } from "./lib/size.ts";
import { measureStability } from "./lib/stability.ts";
import { measureThroughput } from "./lib/throughput.ts";
import { LOAD_CORE, wrkMissingMessage } from "./lib/wrk.ts";

const PARTS = ["cpu", "size", "workerd", "wrangler", "stability", "scale"] as const;
type Part = (typeof PARTS)[number];

const HELP = `Usage: npm run bench [-- options]

Runs the benchmark suite (README "Performance and benchmarks"): CPU micro-benchmarks, sizes,
throughput and latency of every route against two baseline Workers under plain workerd (Miniflare)
and under wrangler dev, a stability run and the scaling run (100 to 100,000 stories). Needs wrk
(sudo apt-get install -y wrk). workerd is pinned to core 0, wrk and everything else to core 1.

Options:
  --quick                 a short run to check the harness (2 s cells, 5 s stability, 1,000 stories under workerd)
  --only <parts>          comma-separated: ${PARTS.join(",")} (default: all)
  --skip <parts>          comma-separated parts to leave out
  --runs <n>              interleaved runs per cell, median reported (default 3)
  --seconds <n>           seconds per throughput run (default 8; quick 2)
  --connections <n>       wrk connections for throughput runs (default 16)
  --stability-seconds <n> seconds per route in the stability run (default 60; quick 5)
  --scale-sizes <list>    archive sizes for the site's own cost, in Node (default 100,10000,100000)
  --workerd-scale-sizes <list>
                          archive sizes also loaded into local KV and measured under workerd
                          (default 100,10000; quick 100,1000; the local KV simulator takes
                          about 300-1,000 writes/s here, so 100,000 stories take 12-40 minutes)
  --port <n>              first local port to use (default 8801; wrangler dev uses the next four)
  -h, --help              show this help`;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    only: { type: "string" },
    skip: { type: "string" },
    runs: { type: "string" },
    seconds: { type: "string" },
    connections: { type: "string" },
    "stability-seconds": { type: "string" },
    "scale-sizes": { type: "string" },
    "workerd-scale-sizes": { type: "string" },
    port: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function partList(text: string | undefined): Part[] | undefined {
  if (!text) return undefined;
  const list = text.split(",").map((p) => p.trim());
  const unknown = list.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    console.error(`Unknown part(s): ${unknown.join(", ")}. Parts: ${PARTS.join(", ")}`);
    process.exit(2);
  }
  return list as Part[];
}

const quick = values.quick === true;
const skip = new Set(partList(values.skip) ?? []);
const parts = new Set((partList(values.only) ?? [...PARTS]).filter((p) => !skip.has(p)));
const number = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));
const options = {
  runs: Math.max(1, number(values.runs, 3)),
  seconds: number(values.seconds, quick ? 2 : 8),
  connections: number(values.connections, 16),
  warmupSeconds: quick ? 1 : 2,
  stabilitySeconds: number(values["stability-seconds"], quick ? 5 : 60),
  stabilityConnections: 64,
  scaleSizes: (values["scale-sizes"] ?? "100,10000,100000").split(",").map(Number),
  workerdScaleSizes: (values["workerd-scale-sizes"] ?? (quick ? "100,1000" : "100,10000")).split(",").filter(Boolean).map(Number),
  scaleIterations: quick ? 210 : 1050,
  scaleSeconds: quick ? 1 : 3,
  port: number(values.port, 8801),
};

const log = (line: string) => console.log(line);
const needsServer = ["size", "workerd", "wrangler", "stability", "scale"].some((p) => parts.has(p as Part));
if (needsServer) {
  const missing = wrkMissingMessage();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
}
// The bench itself (and every process it starts) stays off the server core.
execFileSync("taskset", ["-a", "-p", "-c", String(LOAD_CORE), String(process.pid)], { stdio: "ignore" });

const results: BenchResults = {
  startedAt: new Date().toISOString(),
  quick,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
  options: { ...options, parts: [...parts] },
  throughput: {},
  targets: [],
  notes: [],
};
await mkdir(RESULTS, { recursive: true });

/** Servers to stop if the bench is interrupted (they run in their own process groups). */
const running = new Set<{ stop: () => Promise<void> }>();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void Promise.all([...running].map((s) => s.stop())).finally(() => process.exit(130));
  });
}

function runCpuBench(): Promise<CpuResult[]> {
  return new Promise((resolve, reject) => {
    const vitest = join(ROOT, "node_modules/vitest/vitest.mjs");
    const child = spawn(process.execPath, [vitest, "bench", "--run", "--config", "bench/vitest.config.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, BENCH_QUICK: quick ? "1" : "0", FORCE_COLOR: "0" },
    });
    child.stdout.resume();
    child.on("close", async (code) => {
      if (code !== 0) return reject(new Error(`vitest bench failed (exit ${code})`));
      resolve((JSON.parse(await readFile(join(RESULTS, "cpu.json"), "utf8")) as { results: CpuResult[] }).results);
    });
  });
}

try {
  if (parts.has("cpu")) {
    log("CPU micro-benchmarks (vitest bench) ...");
    results.cpu = await runCpuBench();
  }
  if (needsServer) {
    log("Building the Worker (wrangler deploy --dry-run) ...");
    const build = await buildBundle();
    const seed = await loadSeed();
    const scaleSizes = parts.has("scale") ? options.workerdScaleSizes : [];
    log(`Starting plain workerd (Miniflare) on port ${options.port} ...`);
    const mf = await startMiniflare({ port: options.port, bundle: join(build.dir, "index.js"), seed: seed.entries, scaleSizes });
    running.add(mf);
    try {
      if (parts.has("size")) results.size = await measureSize(build.dir, build.log, mf.articleHtml);
      if (parts.has("workerd")) {
        log(`Throughput under plain workerd: ${options.runs} runs × ${options.seconds} s per cell, ${options.connections} connections ...`);
        const rows = await measureThroughput(mf, options, log);
        for (const row of rows) {
          const cell = SITE_CELLS.find((c) => c.id === row.id);
          if (cell) row.kvOps = await mf.kvOps(cell);
        }
        results.throughput.miniflare = rows;
      }
      if (parts.has("stability")) {
        log(`Stability: ${options.stabilityConnections} connections × ${options.stabilitySeconds} s per route ...`);
        results.stability = await measureStability(mf, { seconds: options.stabilitySeconds, connections: options.stabilityConnections }, log);
      }
      if (parts.has("scale")) {
        const sizes = [...new Set([...options.scaleSizes, ...options.workerdScaleSizes])].sort((a, b) => a - b);
        log(
          `Scaling: archives of ${sizes.map((n) => n.toLocaleString("en")).join(", ")} stories (${options.workerdScaleSizes.map((n) => n.toLocaleString("en")).join(", ")} also under workerd) ...`,
        );
        results.scale = await measureScale(
          seed.site,
          join(build.dir, "index.js"),
          devConfig().bindings,
          sizes,
          { mf, sizes: options.workerdScaleSizes, seconds: options.scaleSeconds, runs: options.runs, connections: options.connections },
          { iterations: options.scaleIterations },
          log,
        );
      }
    } finally {
      await mf.stop();
      running.delete(mf);
    }
    if (parts.has("wrangler")) {
      log(`Starting wrangler dev (site, site with PAGE_CACHE=off, two baselines) on ports ${options.port + 1}-${options.port + 4} ...`);
      const dev = await startWranglerDev({ port: options.port + 1, seed: seed.entries, articleHtml: mf.articleHtml });
      running.add(dev);
      try {
        log(`Throughput under wrangler dev: ${options.runs} runs × ${options.seconds} s per cell ...`);
        results.throughput.wranglerDev = await measureThroughput(dev, options, log);
      } finally {
        await dev.stop();
        running.delete(dev);
      }
    }
    await rm(join(RESULTS, "tmp"), { recursive: true, force: true });
  }
} finally {
  results.finishedAt = new Date().toISOString();
  results.targets = checkTargets(results);
  const text = printReport(results);
  console.log(`\n${text}\n`);
  await writeFile(join(RESULTS, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(RESULTS, "results.txt"), `${text}\n`);
  if (results.throughput.miniflare || results.throughput.wranglerDev) await writeFile(join(RESULTS, "chart.svg"), chartSvg(results));
  console.log(`Written: bench/results/results.json, results.txt${results.throughput.miniflare || results.throughput.wranglerDev ? ", chart.svg" : ""}`);
}

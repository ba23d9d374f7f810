// npm run bench [-- options]: the whole benchmark suite in one command. Prints the tables and the
// target checklist; writes bench/results/results.json, results.txt, chart.svg and cost-inputs.json.

import { execFileSync, spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SITE_CELLS } from "./lib/cells.ts";
import { buildAt, measureCompare } from "./lib/compare.ts";
import { costInputsOf } from "./lib/cost-inputs.ts";
import type { CpuResult } from "./lib/cpu-result.ts";
import { ROOT, loadSeed } from "./lib/fixtures.ts";
import { PROFILE_ROUTES, printProfile, profileRoute } from "./lib/profile.ts";
import { type BenchResults, chartSvg, checkTargets, printReport } from "./lib/report.ts";
import { measureScale } from "./lib/scale.ts";
import { RESULTS, buildBundle, devEnv, startMiniflare, startWranglerDev } from "./lib/servers.ts";
import { measureEntryCost } from "./lib/entry-cost.ts";
import { measureSize } from "./lib/size.ts";
import { measureStability } from "./lib/stability.ts";
import { measureFineStartup, measureStartup, printStartup } from "./lib/startup.ts";
import { measureThroughput } from "./lib/throughput.ts";
import { measureUsage } from "./lib/usage.ts";
import { TASKSET, freePort } from "./lib/processes.ts";
import { LOAD_CORE, wrkMissingMessage } from "./lib/wrk.ts";

const PARTS = ["cpu", "size", "entry", "workerd", "profile", "startup", "wrangler", "stability", "scale", "compare"] as const;
type Part = (typeof PARTS)[number];

const HELP = `Usage: npm run bench [-- options]

Runs the benchmark suite (docs/performance.md): CPU micro-benchmarks, sizes, throughput and latency
of every route against two baseline Workers (hello world, one KV value) under plain workerd with a
direct socket into each Worker, the KV operations and log lines per request, per publish and per
cron run, CPU profiles of the site under load, the Worker's startup time, the same routes under
wrangler dev, a stability run and the scaling run (100 to 100,000 stories). Needs wrk
(sudo apt-get install -y wrk). workerd is pinned to core 0, wrk and everything else to core 1.

Parts:
  cpu        render paths, region decision and Markdown in Node (vitest bench)
  size       bundle, article HTML and the requests a browser makes for it
  entry      what Miniflare's entry worker adds to a request (why the bench uses direct sockets)
  workerd    throughput of every route vs both baselines, interleaved rounds; usage per request
             (KV operations, log lines), per publish and per cron run; writes cost-inputs.json
  profile    CPU profile of the site under wrk: top 15 functions by self time, .cpuprofile saved
  startup    the Worker's startup CPU time (wrangler check startup, and the same sampled every
             50 µs) and the top entries of its profiles
  wrangler   the same routes under wrangler dev (ratios within wrangler dev)
  stability  every route under 64 connections for a long run: errors, p99/p50, memory
  scale      archives of 100 to 100,000 stories: the site's cost per response and KV operations
  compare    A/B against another commit (--against): every route on both builds in one workerd,
             interleaved; req/s and workerd CPU per request, B ÷ A (only with --against)

Options:
  --quick                 a short run to check the harness (2 s cells, 5 s stability, archives of 100 and 1,000 stories)
  --only <parts>          comma-separated: ${PARTS.join(",")} (default: all)
  --skip <parts>          comma-separated parts to leave out
  --runs <n>              interleaved rounds per cell, median reported (default 3)
  --seconds <n>           seconds per throughput run (default 8; quick 2)
  --connections <n>       wrk connections for throughput runs (default 16)
  --route <list>          routes to profile: ${Object.keys(PROFILE_ROUTES).join(",")} (default: all)
  --profile-seconds <n>   seconds of wrk per profiled route (default 10; quick 3)
  --startup-runs <n>      runs of wrangler check startup, median reported (default 7; quick 3)
  --stability-seconds <n> seconds per route in the stability run (default 60; quick 5)
  --scale-sizes <list>    archive sizes for the site's own cost, in Node (default 100,10000,100000);
                          every archive is loaded through the import API of its own copy of the site
  --workerd-scale-sizes <list>
                          archive sizes also measured under workerd (default 100,10000; quick 100,1000)
  --against <git ref>     the commit the compare part measures the working tree against (e.g. HEAD~1)
  --with <git ref>        the compare part's B side built at this commit instead of the working tree
                          (every server part of the run then measures that build)
  --loop-only             the compare part without wrk: only its in-isolate loops (finer, and quicker)
  --port <n>              first port of the four wrangler dev sessions (default 8802); workerd's
                          direct sockets and inspector use free ports
  -h, --help              show this help`;

const { values } = parseArgs({
  options: {
    quick: { type: "boolean" },
    only: { type: "string" },
    skip: { type: "string" },
    runs: { type: "string" },
    seconds: { type: "string" },
    connections: { type: "string" },
    route: { type: "string" },
    "profile-seconds": { type: "string" },
    "startup-runs": { type: "string" },
    "stability-seconds": { type: "string" },
    "scale-sizes": { type: "string" },
    "workerd-scale-sizes": { type: "string" },
    port: { type: "string" },
    against: { type: "string" },
    "loop-only": { type: "boolean" },
    with: { type: "string" },
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
const parts = new Set((partList(values.only) ?? PARTS.filter((p) => p !== "compare" || values.against !== undefined)).filter((p) => !skip.has(p)));
if (parts.has("compare") && values.against === undefined) {
  console.error("The compare part needs --against <git ref> (the commit to measure the working tree against).");
  process.exit(2);
}
const number = (text: string | undefined, fallback: number) => (text === undefined ? fallback : Number(text));
const profileRoutes = (values.route ?? Object.keys(PROFILE_ROUTES).join(",")).split(",").map((r) => r.trim());
const unknownRoutes = profileRoutes.filter((r) => !PROFILE_ROUTES[r]);
if (unknownRoutes.length > 0) {
  console.error(`Unknown route(s) to profile: ${unknownRoutes.join(", ")}. Routes: ${Object.keys(PROFILE_ROUTES).join(", ")}`);
  process.exit(2);
}
const options = {
  runs: Math.max(1, number(values.runs, 3)),
  seconds: number(values.seconds, quick ? 2 : 8),
  connections: number(values.connections, 16),
  warmupSeconds: quick ? 1 : 2,
  profileSeconds: number(values["profile-seconds"], quick ? 3 : 10),
  startupRuns: Math.max(1, number(values["startup-runs"], quick ? 3 : 7)),
  stabilitySeconds: number(values["stability-seconds"], quick ? 5 : 60),
  stabilityConnections: 64,
  scaleSizes: (values["scale-sizes"] ?? (quick ? "100,1000" : "100,10000,100000")).split(",").map(Number),
  workerdScaleSizes: (values["workerd-scale-sizes"] ?? (quick ? "100,1000" : "100,10000")).split(",").filter(Boolean).map(Number),
  scaleIterations: quick ? 210 : 1050,
  scaleSeconds: quick ? 1 : 3,
  port: number(values.port, 8802),
};

const log = (line: string) => console.log(line);
const needsServer = ["size", "entry", "workerd", "profile", "wrangler", "stability", "scale", "compare"].some((p) => parts.has(p as Part));
if (needsServer) {
  const missing = wrkMissingMessage();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
}
// The bench itself (and every process it starts) stays off the server core.
execFileSync(TASKSET, ["-a", "-p", "-c", String(LOAD_CORE), String(process.pid)], { stdio: "ignore" });

const results: BenchResults = {
  startedAt: new Date().toISOString(),
  quick,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version, loadAverage: loadavg() },
  options: { ...options, parts: [...parts], profileRoutes },
  throughput: {},
  targets: [],
  notes: [],
};
await mkdir(RESULTS, { recursive: true });

/** The machine is shared: every part's figures come with the load average when it started. */
function noteLoad(part: string): void {
  const line = `load average when the ${part} part started: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`;
  results.notes.push(line);
  log(`  (${line})`);
}

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
  if (needsServer || parts.has("startup")) log("Building the Worker (wrangler deploy --dry-run) ...");
  const withRef = values.with;
  const build =
    needsServer || parts.has("startup")
      ? withRef === undefined
        ? await buildBundle()
        : { ...(await buildAt(withRef, join(tmpdir(), "edge-news-bench-with"))), log: "" }
      : undefined;
  const bundle = join(build?.dir ?? "", "index.js");
  if (build && needsServer) {
    const seed = await loadSeed();
    const siteEnv = await devEnv();
    let articleHtml = "";
    // The wrangler part needs the article page the one-KV-value baseline serves, rendered here.
    if (["size", "entry", "workerd", "stability", "scale", "wrangler", "compare"].some((p) => parts.has(p as Part))) {
      const scaleSizes = parts.has("scale") ? [...new Set([...options.scaleSizes, ...options.workerdScaleSizes])].sort((a, b) => a - b) : [];
      let against: { ref: string; commit: string; dir: string } | undefined;
      if (parts.has("compare") && values.against !== undefined) {
        log(`Building the Worker at ${values.against} (git archive, wrangler deploy --dry-run) for the compare part ...`);
        // Outside the repository: the exported tree's tests and sources must not join this one's.
        const built = await buildAt(values.against, join(tmpdir(), "edge-news-bench-compare"));
        against = { ref: values.against, ...built };
      }
      log("Starting plain workerd (Miniflare, a direct socket per Worker) and loading the seed through the site's import API ...");
      const mf = await startMiniflare({ bundle, seed, scaleSizes, ...(against ? { compareBundle: join(against.dir, "index.js") } : {}) });
      running.add(mf);
      articleHtml = mf.articleHtml;
      results.notes.push(
        `the seed (${seed.articles.length} stories, ${seed.media.length} media files) went through the import API in ${mf.seedLoad.requests} requests, ` +
          `${mf.seedLoad.sendSeconds.toFixed(1)} s, and was projected ${mf.seedLoad.settleSeconds.toFixed(1)} s later`,
      );
      try {
        if (parts.has("size")) results.size = await measureSize(build.dir, build.log, mf.articleHtml);
        if (parts.has("entry")) {
          noteLoad("entry");
          log(`Miniflare's entry worker: hello world direct vs through it, ${options.runs} rounds × ${options.seconds} s ...`);
          results.entry = await measureEntryCost(mf, options, log);
        }
        if (parts.has("workerd")) {
          noteLoad("workerd");
          log(`Throughput under plain workerd: ${options.runs} rounds × ${options.seconds} s per cell, ${options.connections} connections ...`);
          results.throughput.miniflare = await measureThroughput(mf, options, log);
          log("Usage per request, per publish and per cron run (counting copies of the site) ...");
          results.usage = await measureUsage(mf, log, Number(siteEnv.vars.LOG_SAMPLE_RATE));
        }
        if (against) {
          noteLoad("compare");
          log(`A/B against ${against.ref} (${against.commit}): ${options.runs} rounds × ${options.seconds} s per side and route ...`);
          results.compare = await measureCompare(
            mf,
            against,
            { ...options, loopOnly: values["loop-only"] === true, ...(withRef ? { with: withRef } : {}) },
            log,
          );
        }
        if (parts.has("stability")) {
          noteLoad("stability");
          log(`Stability: ${options.stabilityConnections} connections × ${options.stabilitySeconds} s per route ...`);
          results.stability = await measureStability(mf, { seconds: options.stabilitySeconds, connections: options.stabilityConnections }, log);
        }
        if (parts.has("scale")) {
          noteLoad("scale");
          log(
            `Scaling: archives of ${scaleSizes.map((n) => n.toLocaleString("en")).join(", ")} stories through the import API (${options.workerdScaleSizes.map((n) => n.toLocaleString("en")).join(", ")} also under workerd) ...`,
          );
          results.scale = await measureScale(
            seed,
            bundle,
            siteEnv.vars,
            mf,
            scaleSizes,
            { sizes: options.workerdScaleSizes, seconds: options.scaleSeconds, runs: options.runs, connections: options.connections },
            { iterations: options.scaleIterations },
            log,
          );
        }
      } finally {
        await mf.stop();
        running.delete(mf);
      }
    }
    if (parts.has("profile")) {
      noteLoad("profile");
      // Its own workerd: an attached inspector must not touch the throughput figures.
      const inspectorPort = await freePort();
      log(`CPU profiles (${profileRoutes.join(", ")}; ${options.profileSeconds} s each, inspector on port ${inspectorPort}) ...`);
      const mf = await startMiniflare({ bundle, seed, scaleSizes: [], inspectorPort });
      running.add(mf);
      try {
        results.profiles = [];
        for (const route of profileRoutes) {
          const cell = SITE_CELLS.find((c) => c.id === PROFILE_ROUTES[route]);
          if (!cell) continue;
          const profile = await profileRoute(mf, inspectorPort, route, cell, {
            seconds: options.profileSeconds,
            connections: options.connections,
            bundle,
            outDir: RESULTS,
          });
          results.profiles.push(profile);
          log(`\n${printProfile(profile)}\n`);
        }
      } finally {
        await mf.stop();
        running.delete(mf);
      }
    }
    if (parts.has("wrangler")) {
      noteLoad("wrangler");
      log(`Starting wrangler dev (site, site with PAGE_CACHE=off, two baselines) on ports ${options.port}-${options.port + 3} ...`);
      const dev = await startWranglerDev({ port: options.port, seed, articleHtml });
      running.add(dev);
      try {
        log(`Throughput under wrangler dev: ${options.runs} rounds × ${options.seconds} s per cell ...`);
        results.throughput.wranglerDev = await measureThroughput(dev, options, log);
      } finally {
        await dev.stop();
        running.delete(dev);
      }
    }
    await rm(join(RESULTS, "tmp"), { recursive: true, force: true });
  }
  if (build && parts.has("startup")) {
    noteLoad("startup");
    log(`Worker startup: wrangler check startup × ${options.startupRuns}, then the same sampled every 50 µs ...`);
    results.startup = await measureStartup(RESULTS, options.startupRuns, log);
    results.startup.fine = await measureFineStartup(build.dir, options.startupRuns, log);
    log(`\n${printStartup(results.startup)}\n`);
  }
} finally {
  results.finishedAt = new Date().toISOString();
  results.targets = checkTargets(results);
  results.notes.push(
    `load average at start ${results.machine.loadAverage?.map((n) => n.toFixed(2)).join(" ")}, at end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
  const text = printReport(results);
  console.log(`\n${text}\n`);
  const written = ["results.json", "results.txt"];
  await writeFile(join(RESULTS, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(RESULTS, "results.txt"), `${text}\n`);
  if (results.throughput.miniflare || results.throughput.wranglerDev) {
    await writeFile(join(RESULTS, "chart.svg"), chartSvg(results));
    written.push("chart.svg");
  }
  const costInputs = costInputsOf(results, `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim());
  if (costInputs) {
    await writeFile(join(RESULTS, "cost-inputs.json"), `${JSON.stringify(costInputs, null, 2)}\n`);
    written.push("cost-inputs.json (npm run cost reads it)");
  }
  console.log(`Written: bench/results/${written.join(", ")}`);
}

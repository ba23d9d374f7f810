// Worker startup time: `wrangler check startup` on the deploy bundle, several times (each figure is a
// handful of profiler samples, so one run is noisy), reporting the median run's active CPU time and
// the top entries of the runs' startup profiles, mapped back to src/ through the bundle's source map.

import { readFileSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { runWrangler } from "../../scripts/lib/wrangler.ts";
import { type CpuProfile, type ProfileSummary, bundleLocator, summarise } from "./cpuprofile.ts";
import { ROOT } from "./fixtures.ts";
import { connectInspector } from "./inspector.ts";
import { SERVER_CORE, freePort, pin, workerdPids } from "./processes.ts";
import { profileTable } from "./profile.ts";
import { devEnv } from "./servers.ts";
import { median } from "./throughput.ts";

export interface StartupRun {
  windowMs: number;
  activeMs: number;
  idleMs: number;
  samples: number;
}

export interface StartupResult {
  tool: string;
  runs: StartupRun[];
  medianActiveMs: number;
  bundleKiB: number;
  bundleGzipKiB: number;
  profile: string;
  summary: ProfileSummary;
  /** The same measurement with the sampling interval at 50 µs (wrangler leaves V8's default). */
  fine?: { runs: StartupRun[]; medianActiveMs: number; summary: ProfileSummary };
}

/** The figures `wrangler check startup` prints ("Active: 20.7 ms (including ...)"). */
export function parseCheckStartup(output: string): StartupRun & { bundleKiB: number; bundleGzipKiB: number } {
  const ms = (label: string) => Number(new RegExp(`${label}: ([\\d.]+) ms`).exec(output)?.[1] ?? Number.NaN);
  const bundle = /Bundle: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  return {
    windowMs: ms("Profile window"),
    activeMs: ms("Active"),
    idleMs: ms("Idle"),
    samples: Number(/Samples: (\d+)/.exec(output)?.[1] ?? Number.NaN),
    bundleKiB: Number(bundle?.[1] ?? Number.NaN),
    bundleGzipKiB: Number(bundle?.[2] ?? Number.NaN),
  };
}

/** Writes the bundle's own modules out of wrangler's upload form (index.js and its source map). */
async function unpackBundle(file: string, dir: string): Promise<string> {
  const bytes = await readFile(file);
  const boundary = bytes.subarray(2, bytes.indexOf(10)).toString().trim();
  const form = await new Response(bytes, { headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` } }).formData();
  for (const name of ["index.js", "index.js.map"]) {
    const part = form.get(name);
    if (part && typeof part !== "string") await writeFile(join(dir, name), Buffer.from(await part.arrayBuffer()));
  }
  return join(dir, "index.js");
}

export async function measureStartup(outDir: string, runs: number, log: (line: string) => void): Promise<StartupResult> {
  const dir = join(outDir, "startup");
  await mkdir(dir, { recursive: true });
  const bundleFile = join(dir, "worker.bundle");
  await runWrangler(["deploy", "--dry-run", "--outfile", bundleFile], { quiet: true });
  const results: (StartupRun & { profile: string; bundleKiB: number; bundleGzipKiB: number })[] = [];
  for (let i = 1; i <= runs; i++) {
    const profile = join(dir, `startup-${i}.cpuprofile`);
    const output = await runWrangler(["check", "startup", "--worker", bundleFile, "--outfile", profile], { quiet: true });
    const run = parseCheckStartup(output);
    if (Number.isNaN(run.activeMs)) throw new Error(`wrangler check startup printed no startup figures:\n${output}`);
    results.push({ ...run, profile });
    log(`  run ${i}/${runs}: active ${run.activeMs.toFixed(1)} ms (${run.samples} samples over ${run.windowMs.toFixed(1)} ms)`);
  }
  const medianActiveMs = median(results.map((r) => r.activeMs));
  const middle = [...results].sort((a, b) => Math.abs(a.activeMs - medianActiveMs) - Math.abs(b.activeMs - medianActiveMs))[0] ?? results[0];
  if (!middle) throw new Error("no startup runs");
  // A run holds a handful of samples: the top entries come from all runs together.
  const profiles = await Promise.all(results.map(async (r) => JSON.parse(await readFile(r.profile, "utf8")) as CpuProfile));
  const summary = summarise(profiles, await bundleLocator(await unpackBundle(bundleFile, dir), ROOT, ROOT), 10);
  return {
    tool: "wrangler check startup",
    runs: results.map(({ windowMs, activeMs, idleMs, samples }) => ({ windowMs, activeMs, idleMs, samples })),
    medianActiveMs,
    bundleKiB: middle.bundleKiB,
    bundleGzipKiB: middle.bundleGzipKiB,
    profile: middle.profile.slice(ROOT.length + 1),
    summary,
  };
}

/**
 * Startup as `wrangler check startup` measures it (a fresh workerd whose only request imports the
 * bundle, under the V8 profiler), sampling every 50 µs: one fresh isolate per run.
 */
async function fineStartupRun(buildDir: string): Promise<CpuProfile> {
  const modules = [
    { type: "ESModule" as const, path: join(buildDir, "startup-entry.js"), contents: STARTUP_ENTRY },
    { type: "ESModule" as const, path: join(buildDir, "index.js"), contents: await readFile(join(buildDir, "index.js"), "utf8") },
    ...(await readdir(join(buildDir, "generated")).catch(() => [] as string[]))
      .filter((n) => n.endsWith(".js"))
      .map((n) => ({ type: "ESModule" as const, path: join(buildDir, "generated", n), contents: readFileSync(join(buildDir, "generated", n), "utf8") })),
  ];
  const inspectorPort = await freePort();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      name: "startup",
      modulesRoot: buildDir,
      modules,
      compatibilityDate: (await devEnv()).compatibilityDate,
      inspectorPort,
      handleStructuredLogs: () => {},
    }),
  );
  try {
    await mf.ready;
    pin(workerdPids(process.pid), SERVER_CORE);
    const inspector = await connectInspector(`ws://127.0.0.1:${inspectorPort}/core:user:startup`);
    try {
      await inspector.send("Profiler.enable");
      await inspector.send("Profiler.setSamplingInterval", { interval: 50 });
      await inspector.send("Profiler.start");
      const response = await mf.dispatchFetch("http://startup.localhost/");
      await response.text();
      const { profile } = await inspector.send<{ profile: CpuProfile }>("Profiler.stop");
      return profile;
    } finally {
      inspector.close();
    }
  } finally {
    await mf.dispose();
  }
}

const STARTUP_ENTRY = `export default { async fetch() { await import("./index.js"); return new Response("ok"); } };\n`;

export async function measureFineStartup(buildDir: string, runs: number, log: (line: string) => void): Promise<NonNullable<StartupResult["fine"]>> {
  const profiles: CpuProfile[] = [];
  const measured: StartupRun[] = [];
  const locate = await bundleLocator(join(buildDir, "index.js"), ROOT);
  for (let i = 1; i <= runs; i++) {
    const profile = await fineStartupRun(buildDir);
    const s = summarise(profile, locate, 0);
    profiles.push(profile);
    measured.push({ windowMs: s.windowMs, activeMs: s.activeMs, idleMs: s.idleMs, samples: s.samples });
    log(`  fine run ${i}/${runs}: active ${s.activeMs.toFixed(1)} ms (${s.samples} samples over ${s.windowMs.toFixed(1)} ms)`);
  }
  return { runs: measured, medianActiveMs: median(measured.map((r) => r.activeMs)), summary: summarise(profiles, locate, 10) };
}

export function printStartup(result: StartupResult): string {
  const fine = result.fine;
  return [
    ...(fine
      ? [
          `Worker startup, sampled every 50 µs (a fresh workerd isolate importing the deploy bundle, ${fine.runs.length} runs): median active CPU ${fine.medianActiveMs.toFixed(1)} ms ` +
            `(runs: ${fine.runs.map((r) => r.activeMs.toFixed(1)).join(", ")} ms)`,
          `Top entries, all runs together (${fine.summary.samples} samples; ms per run)`,
          profileTable(fine.summary),
          "",
        ]
      : []),
    `Worker startup (${result.tool}, ${result.runs.length} runs; bundle ${result.bundleKiB.toFixed(1)} KiB, gzip ${result.bundleGzipKiB.toFixed(1)} KiB): ` +
      `median active CPU ${result.medianActiveMs.toFixed(1)} ms (runs: ${result.runs.map((r) => r.activeMs.toFixed(1)).join(", ")} ms)`,
    `Top entries of the startup profiles, all runs together (${result.summary.samples} samples; ms per run) — ${result.profile} and the others beside it`,
    profileTable(result.summary),
  ].join("\n");
}

// CPU profile of the site under load: V8's sampling profiler in workerd, driven over the inspector
// while wrk runs one route; the .cpuprofile is saved (open it in Chrome DevTools or VS Code) and the
// top functions by self time are printed, mapped back to src/ through the bundle's source map.

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Cell } from "./cells.ts";
import { type CpuProfile, type ProfileSummary, bundleLocator, summarise } from "./cpuprofile.ts";
import { ROOT } from "./fixtures.ts";
import { connectInspector } from "./inspector.ts";
import { WORKERS } from "./mf-host.ts";
import { table } from "./table.ts";
import type { MiniflareSetup } from "./servers.ts";
import { runWrk } from "./wrk.ts";

/** --route names for the profile part, and the cell each one loads. */
export const PROFILE_ROUTES: Record<string, string> = { redirect: "redirect", article: "article-hit", miss: "article-miss", home: "home", rss: "rss" };

export interface ProfileResult {
  route: string;
  label: string;
  file: string;
  seconds: number;
  /** Throughput while the profiler samples every 100 µs (slower than an unprofiled run). */
  rpsWhileProfiling: number;
  summary: ProfileSummary;
}

export async function profileRoute(
  mf: MiniflareSetup,
  inspectorPort: number,
  route: string,
  cell: Cell,
  options: { seconds: number; connections: number; bundle: string; outDir: string },
): Promise<ProfileResult> {
  const worker = cell.worker === "site-nocache" ? WORKERS.siteNoCache : WORKERS.site;
  await runWrk(mf.target(cell), { connections: options.connections, seconds: 1 });
  const inspector = await connectInspector(`ws://127.0.0.1:${inspectorPort}/core:user:${worker}`);
  try {
    await inspector.send("Profiler.enable");
    await inspector.send("Profiler.setSamplingInterval", { interval: 100 });
    await inspector.send("Profiler.start");
    const run = await runWrk(mf.target(cell), { connections: options.connections, seconds: options.seconds });
    const { profile } = await inspector.send<{ profile: CpuProfile }>("Profiler.stop");
    const file = join(options.outDir, `profile-${route}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    const summary = summarise(profile, await bundleLocator(options.bundle, ROOT));
    return { route, label: cell.label, file: file.slice(ROOT.length + 1), seconds: options.seconds, rpsWhileProfiling: run.rps, summary };
  } finally {
    inspector.close();
  }
}

export function profileTable(summary: ProfileSummary): string {
  return table(
    ["self ms", "% active", "function", "where"],
    summary.top.map((t) => [t.selfMs.toFixed(1), `${(t.share * 100).toFixed(1)}%`, t.name, t.location]),
    ["r", "r", "l", "l"],
  );
}

export function printProfile(result: ProfileResult): string {
  const s = result.summary;
  return [
    `CPU profile: ${result.label} (${result.seconds} s under wrk, ${result.rpsWhileProfiling.toFixed(0)} req/s while sampling every 100 µs; ${s.samples} samples, ` +
      `active ${s.activeMs.toFixed(0)} ms of ${s.windowMs.toFixed(0)} ms) — ${result.file}`,
    profileTable(s),
  ].join("\n");
}

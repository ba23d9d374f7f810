// Reads a V8 .cpuprofile: self time per function, with positions in the minified bundle mapped back
// to src/ through the bundle's source map (wrangler writes index.js.map beside index.js).

import { readFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  location: string;
  selfMs: number;
  /** Share of the active (non-idle) time. */
  share: number;
}

/** Times are per profile (averaged when several runs are summarised together). */
export interface ProfileSummary {
  windowMs: number;
  activeMs: number;
  idleMs: number;
  samples: number;
  top: SelfTime[];
}

export type Locate = (frame: CallFrame) => { name: string; location: string };

/**
 * Self time by function over one or more profiles (runs of the same work): each sample's time runs
 * to the next sample (as Chrome DevTools counts it) and goes to the function on top of the stack.
 * Native code without a name of its own (console output, body streaming) is charged to the
 * JavaScript function that called it, as "<caller> → native"; with no caller it is the runtime's own.
 */
export function summarise(profiles: CpuProfile | CpuProfile[], locate: Locate, count = 15): ProfileSummary {
  const list = Array.isArray(profiles) ? profiles : [profiles];
  const byFunction = new Map<string, { name: string; location: string; us: number }>();
  let idleUs = 0;
  let totalUs = 0;
  let sampleCount = 0;
  for (const profile of list) {
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const parents = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((child) => [child, n.id] as const)));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    let time = profile.startTime;
    const times = deltas.map((d) => (time += d));
    sampleCount += samples.length;
    for (const [i, id] of samples.entries()) {
      const us = Math.max(0, (times[i + 1] ?? profile.endTime) - (times[i] ?? profile.endTime));
      totalUs += us;
      const frame = frames.get(id);
      if (!frame || frame.functionName === "(idle)") {
        idleUs += us;
        continue;
      }
      const where = unnamedNative(frame) ? callerOf(id, frames, parents, locate) : locate(frame);
      const key = `${where.name}@${where.location}`;
      const entry = byFunction.get(key) ?? { ...where, us: 0 };
      entry.us += us;
      byFunction.set(key, entry);
    }
  }
  const activeUs = totalUs - idleUs;
  const runs = list.length;
  const top = [...byFunction.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((e) => ({ name: e.name, location: e.location, selfMs: e.us / 1000 / runs, share: activeUs > 0 ? e.us / activeUs : 0 }));
  const windowUs = list.reduce((n, p) => n + (p.endTime - p.startTime), 0);
  return { windowMs: windowUs / 1000 / runs, activeMs: activeUs / 1000 / runs, idleMs: idleUs / 1000 / runs, samples: sampleCount, top };
}

function unnamedNative(frame: CallFrame): boolean {
  return frame.functionName === "" && frame.url === "";
}

function callerOf(id: number, frames: Map<number, CallFrame>, parents: Map<number, number>, locate: Locate): { name: string; location: string } {
  for (let p = parents.get(id); p !== undefined; p = parents.get(p)) {
    const frame = frames.get(p);
    if (!frame || unnamedNative(frame)) continue;
    if (frame.functionName === "(root)") break;
    const caller = locate(frame);
    return { name: `${caller.name} → native`, location: caller.location };
  }
  return { name: "(runtime, outside JavaScript)", location: "(native)" };
}

/**
 * Names frames of the bundle by their place in src/ (source map); other frames keep their own name.
 * The map's sources are relative to the bundle's folder, or to `sourcesBase` when given (wrangler's
 * upload form names them from the project root).
 */
export async function bundleLocator(bundle: string, root: string, sourcesBase = dirname(bundle)): Promise<Locate> {
  const map = new SourceMap(JSON.parse(await readFile(`${bundle}.map`, "utf8")));
  const bundleName = bundle.split("/").pop() ?? "index.js";
  const resolved = new Map<string, { name: string; location: string }>();
  const locate: Locate = (frame) => {
    const label = frame.functionName || "(anonymous)";
    // A module's own code, outside any function: V8 gives it no position.
    if (frame.lineNumber < 0 && frame.url) return { name: "(module top level)", location: frame.url.endsWith(bundleName) ? "bundle" : shortUrl(frame.url) };
    if (!frame.url.endsWith(bundleName)) return { name: label, location: frame.url ? shortUrl(frame.url) : "(native)" };
    const key = `${frame.lineNumber}:${frame.columnNumber}`;
    const known = resolved.get(key);
    if (known) return known;
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
      name?: string;
    };
    // Code esbuild adds (its __name helper for keepNames) has no place in src/.
    if (!entry.originalSource) return { name: label, location: `bundle ${frame.lineNumber + 1}:${frame.columnNumber + 1} (esbuild)` };
    const file = shortUrl(relative(root, resolve(sourcesBase, entry.originalSource)));
    // Dependencies ship minified, on one line: the column tells their functions apart.
    const column = file.startsWith("node_modules/") ? `:${(entry.originalColumn ?? 0) + 1}` : "";
    const where = { name: entry.name ?? label, location: `${file}:${(entry.originalLine ?? 0) + 1}${column}` };
    resolved.set(key, where);
    return where;
  };
  return locate;
}

function shortUrl(url: string): string {
  return url.replace(/^.*?node_modules\//, "node_modules/");
}

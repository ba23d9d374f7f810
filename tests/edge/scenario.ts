// Running a scenario many times, each run a fresh world from its own seed. `npm test` runs each
// scenario's default count from a fixed base seed; `npm run fuzz` many more from a fresh one; a failing
// run prints its seed, and EDGE_SEED=<seed> replays exactly that run.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { ancientDatesOf } from "./checks.ts";
import { Random, runSeed } from "./random.ts";
import { World, type WorldOptions } from "./world.ts";

export interface EdgeRuns {
  /** Runs per scenario; 0: each scenario's default. */
  runs: number;
  seed: number;
  /** One seed to replay (EDGE_SEED). */
  replay?: number;
}

/** What a scenario measured in one run: the worst delay it saw for each guarantee, in milliseconds. */
export type Measured = Record<string, number>;

const results = new Map<string, { runs: number; worst: number; bound?: number; seed: number }>();

export function seedsOf(name: string, defaultRuns: number): number[] {
  const { runs, seed, replay } = inject("edgeRuns");
  if (replay !== undefined) return [replay];
  return Array.from({ length: runs > 0 ? runs : defaultRuns }, (_, i) => runSeed(seed, name, i));
}

/** Records one run's measurements; the worst of all runs is what the docs report. */
function record(measured: Measured, seed: number, bounds: Record<string, number>): void {
  for (const [guarantee, ms] of Object.entries(measured)) {
    const r = results.get(guarantee) ?? { runs: 0, worst: Number.NEGATIVE_INFINITY, seed };
    r.runs++;
    if (ms > r.worst) {
      r.worst = ms;
      r.seed = seed;
    }
    const bound = bounds[guarantee];
    if (bound !== undefined) r.bound = bound;
    results.set(guarantee, r);
  }
}

/**
 * Runs `body` in a fresh world for each seed. Every response of every run is also checked for dates
 * before 2000 (a time read while a module loaded). On failure: the seed and the command replaying it.
 */
export async function runScenario(
  name: string,
  defaultRuns: number,
  body: (world: World, random: Random) => Promise<Measured | undefined>,
  options: { bounds?: Record<string, number>; world?: Partial<Omit<WorldOptions, "seed" | "bundle">> } = {},
): Promise<void> {
  const bundle = inject("edgeBundle");
  for (const seed of seedsOf(name, defaultRuns)) {
    const world = new World({ seed, bundle, ...options.world });
    const ancient: string[] = [];
    world.onExchange((e) => {
      for (const d of ancientDatesOf(e)) ancient.push(`${d} in ${e.method} ${e.url} (HTTP ${e.status}, ${e.isolate})`);
    });
    try {
      const measured = await body(world, new Random(seed).fork("scenario"));
      if (ancient.length > 0) throw new Error(`dates before 2000 (read while a module loaded?): ${[...new Set(ancient)].slice(0, 5).join("; ")}`);
      if (world.kv.refused.has("pointer"))
        throw new Error(`the writer wrote the pointer within a second of the last write (${world.kv.refused.get("pointer")} refused)`);
      if (world.backgroundErrors.length > 0) throw new Error(`background work failed: ${world.backgroundErrors.map(String).slice(0, 3).join("; ")}`);
      if (measured) record(measured, seed, options.bounds ?? {});
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${name}, seed ${seed}: ${message}\n\nreplay: EDGE_SEED=${seed} npx vitest run --config tests/vitest.config.ts --project edge -t "${name}"\n` +
          `last warnings in the run:\n${world.recentTrouble()}`,
        { cause: error },
      );
    }
  }
}

/** Writes what the scenarios of one file measured to bench/results/edge/<file>.json and prints it. */
export function reportMeasurements(file: string): void {
  if (results.size === 0) return;
  const rows = [...results].map(([guarantee, r]) => ({
    guarantee,
    runs: r.runs,
    worstSeconds: Math.round(r.worst / 100) / 10,
    boundSeconds: r.bound,
    worstSeed: r.seed,
  }));
  const dir = join(import.meta.dirname, "../../bench/results/edge");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${file}.json`), `${JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2)}\n`);
  console.log(
    rows
      .map((r) => `${r.guarantee}: worst ${r.worstSeconds} s over ${r.runs} runs${r.boundSeconds !== undefined ? ` (bound ${r.boundSeconds} s)` : ""}`)
      .join("\n"),
  );
}

declare module "vitest" {
  export interface ProvidedContext {
    edgeRuns: EdgeRuns;
  }
}

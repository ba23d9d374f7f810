// Property-test settings: a fixed seed and each property's own run count in `npm test`; `npm run fuzz`
// sets FUZZ_RUNS (and a fresh seed, printed, unless FUZZ_SEED is given). Read through vitest's inject,
// which works in Node and inside workerd alike (tests/vitest.config.ts provides the values).

import { inject } from "vitest";

export interface FuzzSettings {
  /** 0: each property's default count. */
  runs: number;
  seed: number;
}

/** fast-check parameters for a property that runs `defaultRuns` times in `npm test`. */
export function fuzzParams(defaultRuns: number): { seed: number; numRuns: number } {
  const { runs, seed } = inject("fuzz");
  return { seed, numRuns: runs > 0 ? runs : defaultRuns };
}

/** A test timeout that grows with the run count: generous for `npm test`, enough for `npm run fuzz`. */
export function fuzzTimeout(params: { numRuns: number }): number {
  return Math.max(60_000, params.numRuns * 200);
}

declare module "vitest" {
  export interface ProvidedContext {
    fuzz: FuzzSettings;
  }
}

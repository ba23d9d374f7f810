// Vitest config for mutation testing (stryker.config.mjs): the "unit" project of tests/vitest.config.ts on its own.
// The Stryker vitest runner takes a config file but cannot pick one project out of it, and the other projects
// start workerd or a browser, so this file repeats the unit project: Node, tests/unit, and `provide`.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Property tests (tests/support/fuzz.ts) with the fixed seed of `npm test` but 25 runs each instead of their
 * 200 to 500: every mutant a property reaches runs it again, and at full length the properties alone made a
 * mutation run take hours. The example tests are what kill mutants; FUZZ_RUNS=N still overrides.
 */
const fuzz = { runs: Number(process.env.FUZZ_RUNS ?? 25) || 25, seed: Number(process.env.FUZZ_SEED ?? 20261125) || 20261125 };

export default defineConfig({
  test: {
    root,
    include: ["tests/unit/**/*.test.ts"],
    exclude: [
      // These fail at this commit on their own (`npm test -- --project unit`): four import modules that are gone
      // (src/store/index-entry.ts, config.ts, entries.ts, src/content/references.ts) and one expects an older
      // re-read interval. A failing test stops Stryker's initial run, so they wait here until they are repaired.
      "tests/unit/index-entry.test.ts",
      "tests/unit/memory-cache.test.ts",
      "tests/unit/recent-stories.test.ts",
      "tests/unit/references.test.ts",
      "tests/unit/sitemaps.test.ts",
      "tests/unit/visibility.test.ts",
    ],
    environment: "node",
    // One worker for all the test files of a run instead of one each: a mutant's run starts a few to
    // thirty files, and a fresh worker per file made runs three times slower. Every run still gets a
    // fresh worker (static mutants are loaded anew), and the unit suite passes this way (--no-isolate).
    isolate: false,
    provide: { fuzz },
  },
});

// Mutation testing of the pure modules (issue 12): `npm run mutate`, or one folder with
// `npm run mutate -- --folder policy|content|render` (scripts/mutate.ts sets MUTATE_FOLDER).
// Reports: a score table per folder and file on the console, HTML in reports/mutation/ (git-ignored).

const FOLDERS = ["policy", "content", "render"];
const folder = process.env.MUTATE_FOLDER || "";
if (folder && !FOLDERS.includes(folder)) throw new Error(`MUTATE_FOLDER must be one of ${FOLDERS.join(", ")}, not ${folder}`);
const chosen = folder ? [folder] : FOLDERS;
const name = folder || "all";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  mutate: [
    ...chosen.map((f) => `src/${f}/**/*.ts`),
    // Types only: nothing in them runs, so there is nothing to mutate.
    "!src/policy/types.ts",
    // Data: the stylesheet text. A changed CSS rule is visible only to the eye (tests/e2e and Lighthouse).
    "!src/render/styles.ts",
    // Also data, but in a file with logic: the country table of src/policy/countries.ts is left out by a
    // `Stryker disable` comment around it (its lookups are mutated). A mutant there changes one country's
    // continent; a test per entry would only restate the table.
  ],
  testRunner: "vitest",
  vitest: { configFile: "tests/vitest.stryker.config.ts" },
  // Each mutant runs only the tests that reached it in the initial run.
  coverageAnalysis: "perTest",
  // A static mutant (in code run when a module loads: tables, regular expressions and constants at the top
  // of a file) needs a fresh module graph and every related test file; there are about 570 of them and they
  // alone took hours. They are reported as "Ignored" and left out of the score. A mutant reached both at
  // load time and by a test ("hybrid": test files that build pages when imported) still runs its tests.
  ignoreStatic: true,
  // Two cores shared with other work: one test runner at a time.
  concurrency: 1,
  // Keep results between runs; only changed code and tests run again (--force runs everything).
  incremental: true,
  incrementalFile: `reports/mutation/incremental-${name}.json`,
  reporters: ["clear-text", "html", "progress"],
  // The score table per folder and file, and each mutant no test killed (survived or not covered).
  clearTextReporter: { reportMutants: true, reportTests: false, logTests: false, reportScoreTable: true },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: ".stryker-tmp",
  // Stryker rewrites tsconfig.json in its sandbox copy through the TypeScript JS API, which TypeScript 7
  // no longer has (ts.parseConfigFileTextToJson is not a function). Vitest does not need the rewrite (the
  // sandbox holds the whole project, so relative paths still hold): point the option at no file.
  tsconfigFile: "no-tsconfig-rewrite.json",
};

// Test projects: unit (pure modules in Node), integration (the Worker inside workerd), edge (the
// production bundle in a simulated network of data centres, tests/edge) and e2e (the site started as
// `npm start` starts it, driven in Debian's Chromium; see docs/testing.md "Browser tests and Lighthouse").

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { localUrl, outsidePorts } from "./support/outside.ts";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
// Free ports for the outside fakes of this run (the integration global setup starts them on the same).
const outside = await outsidePorts();

/** The demonstration signing key of .dev.vars.example (public, for local use and tests only). */
const DEMO_SIGNING_KEY = /^MIRRORS_SIGNING_KEY=(.*)$/m.exec(readFileSync(`${root}/.dev.vars.example`, "utf8"))?.[1] ?? "";

/** Request log lines are useful in production and noise in test output. */
const quiet = (log: string) => !log.includes('"message":"request"');

/**
 * Property tests (tests/support/fuzz.ts): a fixed seed and each property's own run count in `npm test`;
 * `npm run fuzz` (scripts/fuzz.ts) sets FUZZ_RUNS and FUZZ_SEED, and gives each test the time it needs.
 */
const fuzz = { runs: Number(process.env.FUZZ_RUNS ?? 0) || 0, seed: Number(process.env.FUZZ_SEED ?? 20261125) || 20261125 };
const fuzzTimeout = fuzz.runs > 0 ? { testTimeout: 30 * 60_000 } : {};

/**
 * The edge simulation (tests/edge): each scenario's own run count in `npm test`; under `npm run fuzz`,
 * FUZZ_EDGE_RUNS runs per scenario (default: FUZZ_RUNS / 100, a run being a whole simulated site);
 * EDGE_SEED replays one run exactly.
 */
const edgeRuns = {
  runs: Number(process.env.FUZZ_EDGE_RUNS ?? 0) || (fuzz.runs > 0 ? Math.max(20, Math.ceil(fuzz.runs / 100)) : 0),
  seed: fuzz.seed,
  ...(process.env.EDGE_SEED ? { replay: Number(process.env.EDGE_SEED) } : {}),
};

export default defineConfig({
  test: {
    root,
    onConsoleLog: quiet,
    projects: [
      {
        test: { name: "unit", root, include: ["tests/unit/**/*.test.ts"], environment: "node", provide: { fuzz }, ...fuzzTimeout },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: `${root}/wrangler.toml`, environment: "dev" },
            miniflare: {
              bindings: {
                ADMIN_TOKEN: "integration-test-token-0123456789abcdef",
                MIRRORS_SIGNING_KEY: DEMO_SIGNING_KEY,
                OONI_API_URL: localUrl(outside.ooni),
                REACH_WEBHOOK_URL: localUrl(outside.webhook),
              },
            },
          }),
        ],
        test: {
          name: "integration",
          root,
          provide: { fuzz },
          ...fuzzTimeout,
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts", "tests/integration/outside-setup.ts"],
          setupFiles: ["tests/integration/setup.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: `${root}/wrangler.toml` },
            miniflare: { bindings: { ADMIN_TOKEN: "production-test-token-0123456789abcdef", MIRRORS_SIGNING_KEY: DEMO_SIGNING_KEY } },
          }),
        ],
        test: {
          name: "production",
          root,
          provide: { fuzz },
          ...fuzzTimeout,
          include: ["tests/production/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup.ts"],
        },
      },
      {
        test: {
          name: "edge",
          root,
          include: ["tests/edge/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/edge/global-setup.ts"],
          provide: { fuzz, edgeRuns },
          // A test runs one scenario many times, each a whole simulated site over minutes of virtual time.
          testTimeout: edgeRuns.runs > 0 ? 6 * 3600_000 : 10 * 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          root,
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          // A real browser against a dev server: page loads take hundreds of milliseconds, not a few.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

// npm run fuzz: the property tests (every test file named *properties*) and the edge simulation
// (tests/edge) with many more runs than `npm test` gives them, and a fresh seed each time, printed so a
// failure can be replayed exactly.

import { spawn } from "node:child_process";
import { join } from "node:path";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`Usage: npm run fuzz [-- vitest options]

Runs the property tests (tests/**/*properties*.test.ts: router, region policy and HTTPS upgrade,
renderers, API validator) with FUZZ_RUNS runs per property (default 10000), and every edge-simulation
scenario (tests/edge) with FUZZ_EDGE_RUNS runs (default FUZZ_RUNS / 100), from a fresh random seed.
  FUZZ_RUNS=50000 npm run fuzz          more runs
  FUZZ_EDGE_RUNS=500 npm run fuzz       more simulated interleavings per edge scenario
  FUZZ_SEED=123456 npm run fuzz         replay the seed a failing run printed
  EDGE_SEED=<seed> npx vitest run --config tests/vitest.config.ts --project edge -t "<scenario>"
                                        replay one edge run exactly (a failing run prints this line)
npm test runs the same properties with a fixed seed and a few hundred runs each, and about 190 edge
runs in all.`);
  process.exit(0);
}

const root = join(import.meta.dirname, "..");
const runs = process.env.FUZZ_RUNS ?? "10000";
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${runs} runs per property, seed ${seed} (replay with FUZZ_SEED=${seed} npm run fuzz)`);
if (process.env.FUZZ_EDGE_RUNS) console.log(`fuzz: ${process.env.FUZZ_EDGE_RUNS} runs per edge-simulation scenario`);

const args = [
  join(root, "node_modules/vitest/vitest.mjs"),
  "run",
  "--config",
  "tests/vitest.config.ts",
  "--project",
  "unit",
  "--project",
  "integration",
  "--project",
  "production",
  "--project",
  "edge",
  "properties",
  "tests/edge/",
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed } });
child.on("close", (code) => {
  if (code !== 0) console.log(`\nfuzz: failed with seed ${seed}; replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`);
  process.exit(code ?? 1);
});

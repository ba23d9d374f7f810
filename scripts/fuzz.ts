// npm run fuzz: the property tests (every test file named *properties*) with many more runs than
// `npm test` gives them, and a fresh seed each time, printed so a failure can be replayed exactly.

import { spawn } from "node:child_process";
import { join } from "node:path";

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`Usage: npm run fuzz [-- vitest options]

Runs the property tests (tests/**/*properties*.test.ts: router, region policy and HTTPS upgrade,
renderers, API validator) with FUZZ_RUNS runs per property (default 10000) and a fresh random seed.
  FUZZ_RUNS=50000 npm run fuzz      more runs
  FUZZ_SEED=123456 npm run fuzz     replay the seed a failing run printed
npm test runs the same properties with a fixed seed and a few hundred runs each.`);
  process.exit(0);
}

const root = join(import.meta.dirname, "..");
const runs = process.env.FUZZ_RUNS ?? "10000";
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz: ${runs} runs per property, seed ${seed} (replay with FUZZ_SEED=${seed} npm run fuzz)`);

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
  "properties",
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed } });
child.on("close", (code) => {
  if (code !== 0) console.log(`\nfuzz: failed with seed ${seed}; replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`);
  process.exit(code ?? 1);
});

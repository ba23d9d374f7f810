// CPU micro-benchmarks (vitest bench): the pure render paths, the region decision and Markdown, in Node.
// Run by `npm run bench` (bench/run.ts); on their own: `npx vitest bench --run --config bench/vitest.config.ts`.
// Also the bench's own unit tests (the cost arithmetic): `npm run test:bench`.

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  test: {
    root,
    include: ["bench/**/*.test.ts"],
    benchmark: { include: ["bench/cpu/**/*.bench.ts"] },
    // One file at a time: two benchmark files sharing this 2-core machine would measure each other.
    fileParallelism: false,
  },
});

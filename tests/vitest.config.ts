// Test projects: unit (pure modules in Node) and integration (the Worker inside workerd).

import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Request log lines are useful in production and noise in test output. */
const quiet = (log: string) => !log.includes('"message":"request"');

export default defineConfig({
  test: {
    root,
    onConsoleLog: quiet,
    projects: [
      {
        test: { name: "unit", root, include: ["tests/unit/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: `${root}/wrangler.toml`, environment: "dev" },
            miniflare: { bindings: { ADMIN_TOKEN: "integration-test-token-0123456789abcdef" } },
          }),
        ],
        test: {
          name: "integration",
          root,
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: `${root}/wrangler.toml` },
            miniflare: { bindings: { ADMIN_TOKEN: "production-test-token-0123456789abcdef" } },
          }),
        ],
        test: {
          name: "production",
          root,
          include: ["tests/production/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup.ts"],
        },
      },
    ],
  },
});

// Runs once in Node before the e2e project: starts the site as `npm start` does, on state of its own
// seeded from kv-seed/ (so the tests neither depend on nor change the developer's local site; the
// raw-socket tests need it whether or not a browser exists), checks for Chromium (only the browser
// tests skip without it), and stops the site (its whole process group) and removes its state after.

import type { TestProject } from "vitest/node";
import { chromiumOrSkip } from "../../scripts/lib/chromium.ts";
import { startIsolatedSite } from "../../scripts/lib/dev-server.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide("e2eEnabled", chromiumOrSkip("the browser tests (npm run test:e2e)"));
  const site = await startIsolatedSite({ verbose: process.env.E2E_VERBOSE === "1" });
  return () => site.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    e2eEnabled: boolean;
  }
}

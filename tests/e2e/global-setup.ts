// Runs once in Node before the browser tests: checks for Chromium, starts the site as `npm start`
// does, and stops it (its whole process group) after the last test.

import type { TestProject } from "vitest/node";
import { chromiumOrSkip } from "../../scripts/lib/chromium.ts";
import { startSite } from "../../scripts/lib/dev-server.ts";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const enabled = chromiumOrSkip("the browser tests (npm run test:e2e)");
  project.provide("e2eEnabled", enabled);
  if (!enabled) return undefined;
  const site = await startSite({ verbose: process.env.E2E_VERBOSE === "1" });
  return () => site.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    e2eEnabled: boolean;
  }
}

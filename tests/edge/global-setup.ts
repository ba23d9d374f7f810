// Runs once in Node before the edge project: bundles the production Worker and reads wrangler.toml's
// vars, so every test file evaluates the same text in its isolates.

import type { TestProject } from "vitest/node";
import { type WorkerBundle, workerBundle } from "./bundle.ts";

export default async function setup(project: TestProject): Promise<void> {
  project.provide("edgeBundle", await workerBundle());
}

declare module "vitest" {
  export interface ProvidedContext {
    edgeBundle: WorkerBundle;
  }
}

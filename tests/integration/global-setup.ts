// Runs once in Node: validates kv-seed/ exactly as `npm run seed` does and hands the KV entries to
// the tests inside workerd, which write them into their isolated storage (tests/integration/setup.ts).

import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { loadContentFolder } from "../../scripts/lib/content-folder.ts";
import { planSeed } from "../../scripts/lib/seed-entries.ts";

export default async function setup(project: TestProject): Promise<void> {
  const content = await loadContentFolder(join(import.meta.dirname, "../../kv-seed"));
  if (content.problems.length > 0) throw new Error(`kv-seed/ is invalid:\n${content.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join("\n")}`);
  project.provide("seedEntries", planSeed(content, "test-seed").puts);
}

declare module "vitest" {
  export interface ProvidedContext {
    seedEntries: { key: string; value: string; metadata?: unknown; base64?: boolean }[];
  }
}

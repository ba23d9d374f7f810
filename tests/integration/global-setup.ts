// Runs once in Node: validates kv-seed/ exactly as `npm run seed` does and hands the folder to the tests
// inside workerd, which load it through the single writer like the seed does (tests/support/worker.ts).

import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { loadContentFolder } from "../../scripts/lib/content-folder.ts";
import type { SeedContent } from "../support/seed-content.ts";

export default async function setup(project: TestProject): Promise<void> {
  const content = await loadContentFolder(join(import.meta.dirname, "../../kv-seed"));
  if (content.problems.length > 0) throw new Error(`kv-seed/ is invalid:\n${content.problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join("\n")}`);
  const seed: SeedContent = {
    site: content.siteInput,
    articles: content.articles.map(({ slug, input, record }) => ({ slug, input, record })),
    media: content.media.map((m) => ({ name: m.name, type: m.contentType, base64: m.bytes.toString("base64") })),
  };
  project.provide("seed", seed);
}

declare module "vitest" {
  export interface ProvidedContext {
    seed: SeedContent;
  }
}

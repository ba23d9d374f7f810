// Bundles the Markdown renderer (src/content/markdown.ts with markdown-it) into its own module,
// src/generated/markdown-renderer.js. The Worker loads it with import() only when an article is
// published through the API, so page requests never load or parse markdown-it. wrangler.toml runs
// this as its [build] command; npm test runs it first (pretest). Plain JavaScript, so whichever
// node is on PATH when wrangler runs it can run it.

import { build } from "esbuild";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
await build({
  entryPoints: [join(root, "src/content/markdown.ts")],
  outfile: join(root, "src/generated/markdown-renderer.js"),
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2023",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});

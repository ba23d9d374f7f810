// Bundles the Markdown renderer (src/content/markdown.ts with markdown-it) into its own module,
// src/generated/markdown-renderer.js. The Worker loads it with import() only when an article is
// published through the API, so page requests never load or parse markdown-it. wrangler.toml runs
// this as its [build] command; npm test runs it first (pretest). Plain JavaScript, so whichever
// node is on PATH when wrangler runs it can run it. It then runs build-openapi.mjs, so every build
// also writes src/generated/openapi.json.

import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const outfile = join(root, "src/generated/markdown-renderer.js");
const result = await build({
  entryPoints: [join(root, "src/content/markdown.ts")],
  outfile,
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2023",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  write: false,
});
// Written only when it changed: wrangler dev watches src/ and runs this on every change, so an
// unconditional write would restart every running dev session (two sessions would restart each other
// for ever, as two benchmark sessions in one checkout did).
const built = result.outputFiles[0].text;
const current = await readFile(outfile, "utf8").catch(() => undefined);
if (built !== current) {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, built);
}

await import("./build-openapi.mjs");

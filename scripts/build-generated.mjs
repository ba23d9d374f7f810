// Bundles the write road (src/write-road.ts: the publishing API, the single writer, reach passes, the
// email answerer, the Markdown renderer) into its own module, src/generated/write-road.js. The Worker
// loads it with import() only when something is written, so page requests never load or parse it.
// wrangler.toml runs this as its [build] command; npm test and npm run typecheck run it first. Plain
// JavaScript, so whichever node is on PATH when wrangler runs it can run it. It first writes
// src/generated/openapi.json (build-openapi.mjs), which the write road serves.

import { build } from "esbuild";

// The OpenAPI document first: the write road serves it, bundled in.
await import("./build-openapi.mjs");
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const outfile = join(root, "src/generated/write-road.js");
const result = await build({
  entryPoints: [join(root, "src/write-road.ts")],
  outfile,
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  conditions: ["workerd", "worker", "browser"],
  external: ["cloudflare:*"],
  target: "es2023",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  write: false,
});
// Written only when it changed: wrangler dev watches src/ and runs this on every change, so an
// unconditional write would restart every running dev session (two sessions would restart each other).
const built = result.outputFiles[0].text;
const current = await readFile(outfile, "utf8").catch(() => undefined);
if (built !== current) {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, built);
}

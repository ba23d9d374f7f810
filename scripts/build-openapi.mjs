// Writes the publishing API's OpenAPI document to src/generated/openapi.json, for the Worker to serve as
// a file bundled into the write road: the document (src/api/openapi-spec.ts) around the Article schema converted from the
// valibot schema the API validates with. Built here, not in the Worker, so the page bundle carries
// neither the document builder nor the JSON Schema converter. build-generated.mjs runs this, so wrangler's
// [build] command, npm test and npm run typecheck all do. Plain JavaScript, like build-generated.mjs:
// esbuild bundles the TypeScript in memory and this node imports the result.

import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const outfile = join(root, "src/generated/openapi.json");
const result = await build({
  entryPoints: [join(root, "src/api/openapi-spec.ts")],
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  write: false,
});
const { articleJsonSchema, openApiDocument } = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
const built = `${JSON.stringify(openApiDocument(articleJsonSchema()), null, 2)}\n`;
// Written only when it changed, as build-generated.mjs does: wrangler dev would otherwise restart.
const current = await readFile(outfile, "utf8").catch(() => undefined);
if (built !== current) {
  await mkdir(dirname(outfile), { recursive: true });
  await writeFile(outfile, built);
}

// The code under test is the production Worker: src/index.ts bundled as wrangler bundles it (esbuild,
// ES2023, the workerd export conditions, the lazily imported write road bundled in), with
// "cloudflare:workers" and "cloudflare:email" answered by small shims, as one CommonJS text that each simulated isolate
// evaluates afresh. The vars are the top level (production) ones of wrangler.toml.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "../..");

export type WorkerVars = Record<string, unknown>;

export interface WorkerBundle {
  code: string;
  vars: WorkerVars;
}

export async function buildWorker(): Promise<string> {
  if (!existsSync(join(root, "src/generated/write-road.js"))) {
    // The write road's module is generated (npm test's pretest builds it); building it here keeps a direct run working.
    await import(join(root, "scripts/build-generated.mjs"));
  }
  const result = await build({
    entryPoints: [join(root, "src/index.ts")],
    bundle: true,
    format: "cjs",
    platform: "neutral",
    target: "es2023",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    alias: {
      "cloudflare:workers": join(import.meta.dirname, "shim/cloudflare-workers.ts"),
      "cloudflare:email": join(import.meta.dirname, "shim/cloudflare-email.ts"),
    },
    write: false,
    logLevel: "warning",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no bundle");
  return file.text;
}

/** The production vars of wrangler.toml, read by wrangler's own parser. */
export async function readWorkerVars(): Promise<WorkerVars> {
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: join(root, "wrangler.toml") }, { hideWarnings: true });
  return { ...(config.vars as WorkerVars) };
}

export async function workerBundle(): Promise<WorkerBundle> {
  const [code, vars] = await Promise.all([buildWorker(), readWorkerVars()]);
  return { code, vars };
}

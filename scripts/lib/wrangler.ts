// Runs wrangler (the project's own copy) for KV operations, locally or against the deployed namespace.

import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Target {
  /** "local": the dev server's KV (wrangler dev --env dev). "remote": the deployed namespace. */
  where: "local" | "remote";
}

function targetArgs(target: Target): string[] {
  return target.where === "local" ? ["--binding", "CONTENT", "--env", "dev", "--local"] : ["--binding", "CONTENT", "--remote"];
}

export function runWrangler(args: string[], options: { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "../../node_modules/wrangler/bin/wrangler.js"), ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      if (!options.quiet) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} failed (exit ${code}):\n${err || out}`)),
    );
  });
}

/** Every key under a prefix. */
export async function listKeys(target: Target, prefix: string): Promise<string[]> {
  const out = await runWrangler(["kv", "key", "list", "--prefix", prefix, ...targetArgs(target)], { quiet: true });
  const parsed: unknown = JSON.parse(out.slice(out.indexOf("[")));
  return Array.isArray(parsed) ? parsed.map((k: { name: string }) => k.name) : [];
}

async function withJsonFile<T>(data: unknown, run: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "edge-news-"));
  const file = join(dir, "bulk.json");
  try {
    await writeFile(file, JSON.stringify(data));
    return await run(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes entries in batches of at most 5,000 (wrangler's bulk limit is 10,000 keys / 100 MB). */
export async function bulkPut(target: Target, entries: unknown[], onBatch: (done: number) => void = () => {}): Promise<void> {
  for (let i = 0; i < entries.length; i += 5000) {
    const batch = entries.slice(i, i + 5000);
    await withJsonFile(batch, (file) => runWrangler(["kv", "bulk", "put", file, ...targetArgs(target)], { quiet: true }));
    onBatch(Math.min(entries.length, i + batch.length));
  }
}

export async function bulkDelete(target: Target, keyList: string[]): Promise<void> {
  for (let i = 0; i < keyList.length; i += 5000) {
    await withJsonFile(keyList.slice(i, i + 5000), (file) => runWrangler(["kv", "bulk", "delete", file, "--force", ...targetArgs(target)], { quiet: true }));
  }
}

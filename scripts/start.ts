// npm start: prepares local secrets, seeds local KV when kv-seed/ changed, then runs wrangler dev.

import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const node = process.execPath;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  console.log(`Usage: npm start [-- wrangler dev options]

Runs the site locally at http://localhost:8787 and on every *.localhost host of the dev domain
policy (http://news.localhost:8787, http://mirror-one.localhost:8787, ...):
  1. creates .dev.vars from .dev.vars.example with a random ADMIN_TOKEN, if it does not exist;
  2. loads kv-seed/ into local KV (npm run seed) when kv-seed/ changed since the last start;
  3. runs wrangler dev --env dev on port 8787.`);
  process.exit(0);
}

const devVars = join(root, ".dev.vars");
if (!existsSync(devVars)) {
  const example = await readFile(join(root, ".dev.vars.example"), "utf8");
  const token = randomBytes(24).toString("hex");
  await writeFile(devVars, example.replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${token}`), { mode: 0o600 });
  console.log(`Created .dev.vars with a random ADMIN_TOKEN for the local publishing API (see README "Publishing").`);
}

/** A fingerprint of kv-seed/ and the code that turns it into KV entries. */
async function fingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const folders = ["kv-seed", "kv-seed/articles", "kv-seed/media", "src/content", "src/store", "scripts/lib"];
  for (const folder of folders) {
    for (const name of (await readdir(join(root, folder), { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort()) {
      hash.update(`${folder}/${name}\0`).update(await readFile(join(root, folder, name)));
    }
  }
  return hash.digest("hex");
}

const stamp = join(root, ".wrangler", "seeded-fingerprint");
const current = await fingerprint();
const previous = existsSync(stamp) ? await readFile(stamp, "utf8") : "";
if (current !== previous || !existsSync(join(root, ".wrangler/state/v3/kv"))) {
  const code = await new Promise<number | null>((resolve) => spawn(node, [join(root, "scripts/seed.ts")], { stdio: "inherit" }).on("close", resolve));
  if (code !== 0) process.exit(code ?? 1);
  await mkdir(join(root, ".wrangler"), { recursive: true });
  await writeFile(stamp, current);
} else {
  console.log("kv-seed/ unchanged since the last start: local KV is up to date.");
}

const args = [join(root, "node_modules/wrangler/bin/wrangler.js"), "dev", "--env", "dev", "--port", "8787", "--ip", "127.0.0.1", ...process.argv.slice(2)];
const dev = spawn(node, args, { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
dev.on("close", (code) => process.exit(code ?? 0));

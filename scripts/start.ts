// npm start: prepares local secrets, runs wrangler dev, and seeds the local site when kv-seed/ changed
// since the last seed (or nothing was ever seeded there).

import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEV_PORT, ROOT, startDevServer } from "./lib/dev-server.ts";
import { localToken, seedLocal, validContent } from "./lib/seed-local.ts";

const { values } = parseArgs({ options: { "persist-to": { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(`Usage: npm start [-- --persist-to <dir>]

Runs the site locally at http://localhost:8787 and on every *.localhost host of the dev domain
policy (http://news.localhost:8787, http://mirror-one.localhost:8787, ...):
  1. creates .dev.vars from .dev.vars.example with a random ADMIN_TOKEN, if it does not exist;
  2. runs wrangler dev --env dev on port 8787 (state in .wrangler/state, or --persist-to <dir>);
  3. loads kv-seed/ through the site's import API when kv-seed/ changed since the last seed.`);
  process.exit(0);
}

const devVars = join(ROOT, ".dev.vars");
const example = await readFile(join(ROOT, ".dev.vars.example"), "utf8");
if (!existsSync(devVars)) {
  await writeFile(devVars, example.replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${randomBytes(24).toString("hex")}`), { mode: 0o600 });
  console.log(`Created .dev.vars with a random ADMIN_TOKEN for the local publishing API (see docs/publishing.md).`);
} else {
  // A .dev.vars from an older checkout gets the settings added since (it keeps its own token).
  const current = await readFile(devVars, "utf8");
  const missing = example.split("\n").filter((line) => /^[A-Z_]+=/.test(line) && !new RegExp(`^${line.split("=")[0]}=`, "m").test(current));
  if (missing.length > 0) await writeFile(devVars, `${current.trimEnd()}\n${missing.join("\n")}\n`, { mode: 0o600 });
}

/** A fingerprint of kv-seed/ and of the code that validates it. */
async function fingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const folder of ["kv-seed", "kv-seed/articles", "kv-seed/media", "src/content", "src/publish"]) {
    const names = (await readdir(join(ROOT, folder), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    for (const name of names.sort()) hash.update(`${folder}/${name}\0`).update(await readFile(join(ROOT, folder, name)));
  }
  return hash.digest("hex");
}

const persistTo = values["persist-to"];
const stateDir = persistTo ?? join(ROOT, ".wrangler/state");
const site = await startDevServer({ port: DEV_PORT, ...(persistTo ? { persistTo } : {}), inheritOutput: true });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void site.stop().then(() => process.exit(0)));

const stamp = join(stateDir, "seeded-fingerprint");
const current = await fingerprint();
const seeded = await fetch(`http://127.0.0.1:${DEV_PORT}/healthz`)
  .then(async (r) => ((await r.json()) as { seeded?: boolean }).seeded === true)
  .catch(() => false);
if (!seeded || !existsSync(stamp) || (await readFile(stamp, "utf8")) !== current) {
  try {
    const report = await seedLocal(DEV_PORT, await validContent(), { token: await localToken() });
    await mkdir(stateDir, { recursive: true });
    await writeFile(stamp, current);
    console.log(
      `Seeded kv-seed/: ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged stories; ${report.kept.length} kept as changed through the API.`,
    );
  } catch (error) {
    console.error(`The local site runs, but kv-seed/ was not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
} else {
  console.log("kv-seed/ unchanged since the last seed: local content is up to date.");
}
console.log(`\nThe site: http://news.localhost:${DEV_PORT} (and every host in docs/domains.md). Ctrl-C stops it.`);

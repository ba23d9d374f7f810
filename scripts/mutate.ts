// npm run mutate [-- --folder policy|content|render] [-- stryker options]: mutation testing of the pure
// modules with Stryker (configuration and exclusions in stryker.config.mjs).

import { spawn } from "node:child_process";
import { join } from "node:path";

const FOLDERS = ["policy", "content", "render"];
const args = process.argv.slice(2);
const at = args.indexOf("--folder");
const folder = at === -1 ? "" : (args.splice(at, 2)[1] ?? "");

if (args.includes("--help") || args.includes("-h") || (at !== -1 && !FOLDERS.includes(folder))) {
  console.log(`Usage: npm run mutate [-- --folder ${FOLDERS.join("|")}] [-- other stryker run options]

Mutates src/policy, src/content and src/render (or one of them) and runs tests/unit against each mutant.
Results are kept in reports/mutation/ (incremental: the next run tests only what changed; --force runs all).
The score table prints per folder and file; the HTML report is reports/mutation/<folder|all>.html.`);
  process.exit(at !== -1 && !FOLDERS.includes(folder) ? 2 : 0);
}

// Everything but --folder goes to `stryker run` as given (e.g. --force, --logLevel debug).
const root = join(import.meta.dirname, "..");
const stryker = join(root, "node_modules/@stryker-mutator/core/bin/stryker.js");
const child = spawn(process.execPath, [stryker, "run", ...args], { cwd: root, stdio: "inherit", env: { ...process.env, MUTATE_FOLDER: folder } });
child.on("close", (code) => process.exit(code ?? 1));

// npm run seed [-- --remote | --check]: validates kv-seed/ and loads it into KV.

import { parseArgs } from "node:util";
import { join } from "node:path";
import { keys } from "../src/store/keys.ts";
import { loadContentFolder } from "./lib/content-folder.ts";
import { planSeed, staleIndexKeys } from "./lib/seed-entries.ts";
import { type Target, bulkDelete, bulkPut, listKeys } from "./lib/wrangler.ts";

const HELP = `Usage: npm run seed [-- options]

Validates every file in kv-seed/ (site.json, media/, articles/*.md) and, only if all are valid,
loads them into Workers KV. Nothing is written when any file has a problem.

Options:
  --remote        load into the deployed namespace (wrangler.toml's CONTENT binding) instead of
                  the local one that \`npm start\` uses
  --check         validate only; write nothing
  --dir <folder>  content folder (default: kv-seed)
  -h, --help      show this help

Re-seeding replaces the seeded articles (a draft leaves the listings; a moved or re-dated story leaves
its old place) and leaves articles published through the API alone.`;

const { values } = parseArgs({
  options: { remote: { type: "boolean" }, check: { type: "boolean" }, dir: { type: "string" }, help: { type: "boolean", short: "h" } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const dir = values.dir ?? join(import.meta.dirname, "../kv-seed");
const target: Target = { where: values.remote ? "remote" : "local" };
const started = Date.now();

console.log(`Validating ${dir} ...`);
const content = await loadContentFolder(dir, (done, total) => {
  if (total >= 250) console.log(`  articles checked: ${done}/${total}`);
});
const drafts = content.records.filter((r) => r.article.status === "draft").length;
const scheduled = content.records.filter((r) => r.article.status === "published" && Date.parse(r.article.published) > Date.now()).length;

if (content.problems.length > 0) {
  for (const p of content.problems) console.error(`${p.file}: ${p.field}: ${p.message}`);
  console.error(`\n${content.problems.length} problem(s); nothing was written.`);
  process.exit(1);
}
if (values.check) {
  console.log(
    `OK: ${content.records.length} articles (${drafts} draft, ${scheduled} scheduled), ${content.media.length} media files. Nothing written (--check).`,
  );
  process.exit(0);
}

const plan = planSeed(content, `seed-${Date.now().toString(36)}`);
console.log(`Writing ${plan.puts.length} keys to ${target.where === "local" ? "local KV (npm start)" : "the deployed namespace"} ...`);
await bulkPut(target, plan.puts, (done) => console.log(`  written: ${done}/${plan.puts.length}`));

const stale = staleIndexKeys(await listKeys(target, "idx:"), plan);
const staleFeeds = stale
  .map((key) => key.slice(4, key.lastIndexOf(":", key.lastIndexOf(":") - 1)))
  .filter((l) => l === "latest" || l.startsWith("section:") || l.startsWith("tag:"))
  .map((l) => `feed:${l}`);
const drop = [...new Set([...stale, ...plan.feedKeys, ...staleFeeds])];
if (drop.length > 0) await bulkDelete(target, drop);

console.log(`
Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s:
  articles:         ${content.records.length - drafts} published (${scheduled} scheduled for later), ${drafts} draft (stored, not shown)
  media files:      ${content.media.length}
  stale index keys: ${stale.length} removed
  feeds:            ${plan.feedKeys.length} rebuilt on their next read
  errors:           0
  site config:      ${keys.site()}`);

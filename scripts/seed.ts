// npm run seed [-- --remote <site> | --check | --force]: validates kv-seed/ and loads it into a site
// through its import API: the same single writer, validation and audit as every other change.

import { parseArgs } from "node:util";
import { ApiClient, apiBase, findToken } from "./lib/api-client.ts";
import { DEV_PORT, answers, freePort, startDevServer } from "./lib/dev-server.ts";
import { KV_SEED, localToken, seedLocal, validContent } from "./lib/seed-local.ts";
import { type SeedReport, sendSeed } from "./lib/seed-client.ts";

const HELP = `Usage: npm run seed [-- options]

Validates every file in kv-seed/ (site.json, media/, articles/*.md) and, only if all are valid,
loads them into a site through its publishing API (POST /api/import): by default the local site
(the one \`npm start\` runs; started for the seed and stopped again when it is not running).

Options:
  --remote <url>  load into a deployed site, e.g. https://www.meridian-courier.example; the token comes
                  from --token or $EDGE_NEWS_TOKEN (the ADMIN_TOKEN secret); https only
  --token <t>     the API token (default: $EDGE_NEWS_TOKEN; locally ADMIN_TOKEN from .dev.vars)
  --force         also overwrite stories an editor changed or removed through the API since they were
                  seeded (by default those are kept, and listed)
  --persist-to <dir>
                  the local state folder (default: wrangler's, the one \`npm start\` uses)
  --check         validate only; write nothing
  --dir <folder>  content folder (default: kv-seed)
  -h, --help      show this help`;

const { values } = parseArgs({
  options: {
    remote: { type: "string" },
    token: { type: "string" },
    force: { type: "boolean" },
    "persist-to": { type: "string" },
    check: { type: "boolean" },
    dir: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const started = Date.now();
const dir = values.dir ?? KV_SEED;
console.log(`Validating ${dir} ...`);
let content: Awaited<ReturnType<typeof validContent>>;
try {
  content = await validContent(dir, (done, total) => {
    if (total >= 250) console.log(`  articles checked: ${done}/${total}`);
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const drafts = content.articles.filter((a) => a.record.article.status === "draft").length;
const scheduled = content.articles.filter((a) => a.record.article.status === "published" && Date.parse(a.record.article.published) > Date.now()).length;
if (values.check) {
  console.log(
    `OK: ${content.articles.length} articles (${drafts} draft, ${scheduled} scheduled), ${content.media.length} media files. Nothing written (--check).`,
  );
  process.exit(0);
}

const progress = (line: string) => console.log(line);
let report: SeedReport;
let where: string;
try {
  if (values.remote) {
    const base = apiBase(values.remote);
    const token = await findToken(base, values.token);
    if (!token) throw new Error("No API token for a remote site: pass --token or set EDGE_NEWS_TOKEN (never read from .dev.vars for a remote site).");
    where = base.origin;
    console.log(`Sending to ${where} ...`);
    report = await sendSeed(new ApiClient(base, token, progress), content, { force: values.force === true, progress });
  } else {
    const token = await localToken();
    const running = values["persist-to"] === undefined && (await answers(DEV_PORT));
    const site = running ? undefined : await startDevServer({ port: await freePort(), ...(values["persist-to"] ? { persistTo: values["persist-to"] } : {}) });
    where = running ? "the local site (npm start)" : "local storage";
    console.log(`Sending to ${where} ...`);
    try {
      report = await seedLocal(site?.port ?? DEV_PORT, content, { token, force: values.force === true, progress });
    } finally {
      await site?.stop();
    }
  }
} catch (error) {
  console.error(`Seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`
Seeded ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s (${report.requests} requests):
  stories:  ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged (${drafts} draft, ${scheduled} scheduled in the folder)
  media:    ${report.media.stored} stored, ${report.media.unchanged} unchanged
  kept:     ${report.kept.length === 0 ? "none" : `${report.kept.length} changed through the API since the last seed, left as they are (--force overwrites): ${report.kept.join(", ")}`}`);

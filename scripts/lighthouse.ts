// npm run lighthouse: audits the home page and an article, mobile and desktop, with Debian's Chromium,
// prints the four category scores and writes the reports to tests/e2e/artifacts/lighthouse/.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import lighthouse, { desktopConfig } from "lighthouse";
import { CHROMIUM_ARGS, CHROMIUM_INSTALL, CHROMIUM_PATH, chromiumInstalled } from "./lib/chromium.ts";
import { DEV_HOSTS, DEV_PORT, type RunningSite, startIsolatedSite } from "./lib/dev-server.ts";

const HELP = `Usage: npm run lighthouse [-- options]

Starts the site as \`npm start\` does (seeded local KV, wrangler dev on port 8787), runs Lighthouse
with ${CHROMIUM_PATH} against the home page and an article page, mobile and desktop, prints the
performance, accessibility, best-practices and SEO scores, and stops the site again.
Reports (JSON and HTML) go to tests/e2e/artifacts/lighthouse/.

Targets: 100 in accessibility, best practices and SEO; at least 95 in performance. The command
exits with status 1 when a score misses its target, and lists the audits that cost points.

Options:
  --reuse     audit the site already running on port 8787 (\`npm start\` in another terminal)
  -h, --help  show this help

Needs Debian's Chromium: ${CHROMIUM_INSTALL}`;

const { values } = parseArgs({ options: { reuse: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (!chromiumInstalled()) {
  console.error(`${CHROMIUM_PATH} is missing. Install Debian's Chromium first: ${CHROMIUM_INSTALL}`);
  process.exit(1);
}

const root = join(import.meta.dirname, "..");
const reports = join(root, "tests/e2e/artifacts/lighthouse");
const origin = `http://${DEV_HOSTS.primary}`;
const TARGETS = [
  { name: "home", url: `${origin}/` },
  { name: "article", url: `${origin}/articles/lower-harbour-flood-defence-plan-approved` },
];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const MINIMUM: Record<(typeof CATEGORIES)[number], number> = { performance: 95, accessibility: 100, "best-practices": 100, seo: 100 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chromium with a fresh profile and a DevTools port of its own choosing, which Lighthouse drives. */
async function launchChromium(): Promise<{ port: number; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), "edge-news-lighthouse-"));
  const browser = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  browser.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const close = async () => {
    browser.kill("SIGTERM");
    await sleep(300);
    await rm(profile, { recursive: true, force: true });
  };
  const portFile = join(profile, "DevToolsActivePort");
  for (let i = 0; i < 100; i++) {
    if (existsSync(portFile)) {
      const port = Number((await readFile(portFile, "utf8")).split("\n")[0]);
      if (port > 0) return { port, close };
    }
    if (browser.exitCode !== null) break;
    await sleep(100);
  }
  await close();
  throw new Error(`Chromium did not open its DevTools port:\n${stderr}`);
}

interface Row {
  page: string;
  formFactor: "mobile" | "desktop";
  scores: Record<(typeof CATEGORIES)[number], number>;
  lost: string[];
}

let site: RunningSite | undefined;
let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
const rows: Row[] = [];
try {
  if (values.reuse) {
    const up = await fetch(`http://127.0.0.1:${DEV_PORT}/healthz`, { redirect: "manual" }).then(
      () => true,
      () => false,
    );
    if (!up) throw new Error(`--reuse: nothing answers on port ${DEV_PORT}. Run \`npm start\` first, or drop --reuse.`);
  } else {
    console.log("Starting the site (npm start) ...");
    site = await startIsolatedSite();
  }
  chromium = await launchChromium();
  await mkdir(reports, { recursive: true });
  for (const target of TARGETS) {
    for (const formFactor of ["mobile", "desktop"] as const) {
      process.stdout.write(`Auditing ${target.name} (${formFactor}) ...\n`);
      const result = await lighthouse(
        target.url,
        { port: chromium.port, output: ["json", "html"], logLevel: "error", onlyCategories: [...CATEGORIES] },
        formFactor === "desktop" ? desktopConfig : undefined,
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${target.url}`);
      const [json, page] = Array.isArray(result.report) ? result.report : [result.report, ""];
      await writeFile(join(reports, `${target.name}-${formFactor}.json`), json ?? "");
      if (page) await writeFile(join(reports, `${target.name}-${formFactor}.html`), page);
      const { lhr } = result;
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Row["scores"];
      // The audits that cost points, so a missed target says what to fix.
      const lost = CATEGORIES.flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => `${c}: ${ref.id} (${lhr.audits[ref.id]?.displayValue || lhr.audits[ref.id]?.title || ""})`),
      );
      rows.push({ page: target.name, formFactor, scores, lost });
    }
  }
} finally {
  await chromium?.close();
  await site?.stop();
}

const header = ["page", "form factor", ...CATEGORIES];
const table = [header, ...rows.map((r) => [r.page, r.formFactor, ...CATEGORIES.map((c) => String(r.scores[c]))])];
const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
console.log(
  `\n${table
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`,
);
console.log(`Reports: ${reports}/`);

const missed = rows.flatMap((r) =>
  CATEGORIES.filter((c) => r.scores[c] < MINIMUM[c]).map((c) => `${r.page} ${r.formFactor}: ${c} ${r.scores[c]} < ${MINIMUM[c]}`),
);
const lost = rows.flatMap((r) => r.lost.map((l) => `${r.page} ${r.formFactor}: ${l}`));
if (lost.length > 0) console.log(`\nAudits that cost points:\n  ${lost.join("\n  ")}`);
if (missed.length > 0) {
  console.error(`\nTargets missed:\n  ${missed.join("\n  ")}`);
  process.exit(1);
}
console.log("\nEvery target met (performance >= 95; accessibility, best practices and SEO 100).");

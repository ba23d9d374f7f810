// npm run cost [-- options]: what a month of traffic costs on Workers Paid, and whether it fits
// Workers Free, from the per-request figures `npm run bench` measured (docs/performance.md).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { CostInputs } from "../bench/lib/cost-inputs.ts";
import {
  type Assumptions,
  DEFAULT_ASSUMPTIONS,
  DEFAULT_MIX,
  MIX_ROUTES,
  type MixRoute,
  checkMix,
  freeChecks,
  monthlyUsage,
  paidBill,
  usesObservabilityPricing,
} from "../bench/lib/cost-model.ts";
import { OBSERVABILITY_PRICING_FROM, PRICES_READ_ON, SOURCES } from "../bench/lib/prices.ts";
import { table } from "../bench/lib/table.ts";
import { unstable_readConfig } from "wrangler";

const ROOT = join(import.meta.dirname, "..");
const MEASURED = join(ROOT, "bench/results/cost-inputs.json");
const BEFORE = join(ROOT, "bench/cost-inputs-before.json");
const d = DEFAULT_ASSUMPTIONS;
/** Whether Workers Logs records an invocation log per request, as the deployed configuration says. */
const configured = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
const INVOCATION_LOGS = configured.observability?.logs?.invocation_logs ?? configured.observability?.enabled ?? false;

const HELP = `Usage: npm run cost [-- options]

Prints what a month costs on Workers Paid (usage and price per item) and whether it fits the
Workers Free per-day limits, from measured per-request figures: CPU time, KV operations and log
lines per route, per publish and per cron run (written by \`npm run bench\`, part workerd).

Options (defaults in brackets):
  --views <n>             Worker requests per month from readers and crawlers [${d.views.toLocaleString("en")}]
  --publishes <n>         articles published per month [${d.publishes}]
  --mix <route=share,...> share of requests per route, adding up to 1; routes not named keep their default
                          [${MIX_ROUTES.map((r) => `${r}=${DEFAULT_MIX[r]}`).join(",")}]
  --hit-rate <0-1>        share of article requests answered from the page cache [${d.hitRate}]
  --cron-per-day <n>      cron trigger runs per day (wrangler.toml: every minute) [${d.cronRunsPerDay}]
  --ae-points-per-view <n>
                          Analytics Engine data points written per request [as measured per route]
  --invocation-logs <on|off>
                          one Workers Logs invocation event per request besides console lines
                          [wrangler.toml [observability.logs] invocation_logs: ${INVOCATION_LOGS ? "on" : "off"}]
  --log-sample-rate <0-1> LOG_SAMPLE_RATE: the share of requests that log their request line [as measured]
  --log-event-kb <n>      average size of a Workers log event, for per-GB log pricing [${d.logEventKb}]
  --kv-stored-gb <n>      data stored in Workers KV [${d.kvStoredGb}]
  --do-stored-gb <n>      data stored in the Newsroom Durable Object's SQLite [${d.durableObjects.storedGb}]
  --do-requests-per-publish <n>, --do-ms-per-publish <n>, --do-rows-read-per-publish <n>,
  --do-rows-written-per-publish <n>
                          the Newsroom Durable Object per publish (active wall ms), in place of the
                          measured figures [as measured]
  --date <YYYY-MM-DD>     prices in force that day (Workers Logs moves to per-GB pricing on ${OBSERVABILITY_PRICING_FROM}) [today]
  --inputs <file>         measured figures [bench/results/cost-inputs.json if present, else bench/cost-inputs-before.json]
  --table                 also print 1 M, 10 M and 100 M requests a month side by side
  -h, --help              show this help

Prices: Cloudflare's developer documentation, read on ${PRICES_READ_ON} (bench/lib/prices.ts).`;

const { values } = parseArgs({
  options: {
    views: { type: "string" },
    publishes: { type: "string" },
    mix: { type: "string" },
    "hit-rate": { type: "string" },
    "cron-per-day": { type: "string" },
    "ae-points-per-view": { type: "string" },
    "log-event-kb": { type: "string" },
    "invocation-logs": { type: "string" },
    "log-sample-rate": { type: "string" },
    "kv-stored-gb": { type: "string" },
    "do-requests-per-publish": { type: "string" },
    "do-ms-per-publish": { type: "string" },
    "do-rows-read-per-publish": { type: "string" },
    "do-rows-written-per-publish": { type: "string" },
    "do-stored-gb": { type: "string" },
    date: { type: "string" },
    inputs: { type: "string" },
    table: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function fail(message: string): never {
  console.error(`${message}\n(npm run cost -- --help lists the options)`);
  process.exit(2);
}

function number(name: keyof typeof values, fallback: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = Number(String(text).replace(/_/g, ""));
  if (!Number.isFinite(value) || value < 0) fail(`--${name} must be a number ≥ 0, not "${text}"`);
  return value;
}

function mixOf(text: string | undefined): Record<MixRoute, number> {
  const mix = { ...DEFAULT_MIX };
  for (const part of (text ?? "").split(",").filter(Boolean)) {
    const [route, share] = part.split("=");
    if (!MIX_ROUTES.includes(route as MixRoute)) fail(`--mix: unknown route "${route}"; routes: ${MIX_ROUTES.join(", ")}`);
    const value = Number(share);
    if (!Number.isFinite(value)) fail(`--mix: "${part}" needs a number, as in ${route}=0.5`);
    mix[route as MixRoute] = value;
  }
  const problem = checkMix(mix);
  if (problem) fail(`--mix: ${problem}`);
  return mix;
}

/** A number flag, or undefined when not given (the measured figure applies). */
function optional(name: keyof typeof values): number | undefined {
  return values[name] === undefined ? undefined : number(name, 0);
}

const invocationLogs = values["invocation-logs"] ?? (INVOCATION_LOGS ? "on" : "off");
if (invocationLogs !== "on" && invocationLogs !== "off") fail(`--invocation-logs must be on or off, not "${invocationLogs}"`);
const aePoints = optional("ae-points-per-view");
const logSampleRate = optional("log-sample-rate");
if (logSampleRate !== undefined && logSampleRate > 1) fail(`--log-sample-rate must be between 0 and 1, not "${logSampleRate}"`);
const perPublish = {
  requestsPerPublish: optional("do-requests-per-publish"),
  msPerPublish: optional("do-ms-per-publish"),
  rowsReadPerPublish: optional("do-rows-read-per-publish"),
  rowsWrittenPerPublish: optional("do-rows-written-per-publish"),
};
const assumptions: Assumptions = {
  views: number("views", d.views),
  publishes: number("publishes", d.publishes),
  mix: mixOf(values.mix),
  hitRate: Math.min(1, number("hit-rate", d.hitRate)),
  cronRunsPerDay: number("cron-per-day", d.cronRunsPerDay),
  ...(aePoints === undefined ? {} : { analyticsPointsPerView: aePoints }),
  invocationLogs: invocationLogs === "on",
  ...(logSampleRate === undefined ? {} : { logSampleRate }),
  logEventKb: number("log-event-kb", d.logEventKb),
  kvStoredGb: number("kv-stored-gb", d.kvStoredGb),
  durableObjects: {
    storedGb: number("do-stored-gb", d.durableObjects.storedGb),
    ...Object.fromEntries(Object.entries(perPublish).filter(([, v]) => v !== undefined)),
  },
  date: values.date ?? d.date,
};
if (!/^\d{4}-\d{2}-\d{2}$/.test(assumptions.date)) fail(`--date must be YYYY-MM-DD, not "${assumptions.date}"`);

const inputsFile = values.inputs ?? (existsSync(MEASURED) ? MEASURED : BEFORE);
const inputs = JSON.parse(readFileSync(inputsFile, "utf8")) as CostInputs;

const int = (n: number) => Math.round(n).toLocaleString("en");
const amount = (n: number, unit: string) => (unit.startsWith("GB") && n < 1000 ? n.toFixed(n < 10 ? 3 : 1) : int(n));
const dollars = (n: number) => `$${n.toFixed(2)}`;
const pct = (n: number) => `${Math.round(n * 100)}%`;

const usage = monthlyUsage(inputs, assumptions);
const bill = paidBill(usage, assumptions.date);
const free = freeChecks(inputs, usage, assumptions);
const misses = free.filter((c) => !c.fits);
const a = assumptions;

const out: string[] = [
  `What a month costs: ${int(a.views)} requests (${MIX_ROUTES.map((r) => `${r} ${pct(a.mix[r])}`).join(", ")}; ${pct(a.hitRate)} of article requests from the page cache), ` +
    `${int(a.publishes)} publishes, cron ${int(a.cronRunsPerDay)} runs/day; invocation logs ${a.invocationLogs ? "on" : "off"}, ` +
    `request lines logged at ${a.logSampleRate ?? inputs.logSampleRate ?? "the measured rate"}; prices in force on ${a.date}`,
  `Measured per request: ${inputsFile.startsWith(ROOT) ? inputsFile.slice(ROOT.length + 1) : inputsFile} (${inputs.command}, ${inputs.measuredAt}; ${inputs.machine})`,
  "",
  "Workers Paid, per month",
  table(
    ["item", "usage", "unit", "included", "cost"],
    [
      ["base (Workers Paid)", "", "", "", dollars(5)],
      ...bill.lines.map((l) => [l.item, amount(l.amount, l.unit), l.unit, amount(l.included, l.unit), dollars(l.cost)]),
      ["total", "", "", "", dollars(bill.total)],
    ],
    ["l", "r", "l", "r", "r"],
  ),
  "",
  "Workers Free, an average day",
  table(
    ["limit", "allowed", "used", "unit", "fits"],
    free.map((c) => [c.limit, amount(c.allowed, c.unit), amount(c.used, c.unit), c.unit, c.fits ? "yes" : "NO"]),
    ["l", "r", "r", "l", "l"],
  ),
  misses.length === 0 ? "Fits Workers Free: yes" : `Fits Workers Free: no (${misses.map((c) => c.limit.replace(/ \(.*\)$/, "")).join("; ")})`,
];

if (!usesObservabilityPricing(a.date)) {
  const later = paidBill(usage, OBSERVABILITY_PRICING_FROM);
  out.push(
    `Note: from ${OBSERVABILITY_PRICING_FROM} Workers Logs is priced per GB (${usage.logIngestGb.toFixed(1)} GB ingested at ${a.logEventKb} KB an event): total ${dollars(later.total)} (--date ${OBSERVABILITY_PRICING_FROM}).`,
  );
}

if (values.table) {
  const sizes = [1_000_000, 10_000_000, 100_000_000];
  const rows = sizes.map((views) => {
    const s = { ...a, views };
    const u = monthlyUsage(inputs, s);
    const f = freeChecks(inputs, u, s).filter((c) => !c.fits);
    return [
      int(views),
      int(u.requests),
      int(u.cpuMs),
      int(u.kvReads),
      int(u.kvWrites + u.kvDeletes + u.kvLists),
      int(u.logEvents),
      u.logIngestGb.toFixed(1),
      int(u.analyticsPoints),
      int(u.doRequests),
      dollars(paidBill(u, a.date).total),
      f.length === 0 ? "yes" : `no: ${f.map((c) => c.limit.replace(/ per (day|invocation).*$/, "")).join(", ")}`,
    ];
  });
  out.push(
    "",
    `Per month at three sizes (same mix, ${int(a.publishes)} publishes, prices on ${a.date})`,
    table(
      [
        "requests/month",
        "Worker requests",
        "CPU ms",
        "KV reads",
        "KV writes+deletes+lists",
        "log events",
        "log GB",
        "AE points",
        "DO requests",
        "Workers Paid",
        "fits Workers Free",
      ],
      rows,
      ["r", "r", "r", "r", "r", "r", "r", "r", "r", "r", "l"],
    ),
  );
}

out.push("", `Prices read ${PRICES_READ_ON} from: ${Object.values(SOURCES).join("; ")}`);
console.log(out.join("\n"));

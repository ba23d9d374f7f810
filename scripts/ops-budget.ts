// npm run ops-budget [-- options]: the KV operations the site makes, measured on the edge simulation
// (the production bundle in simulated data centres, tests/edge): per 1,000 page views at a realistic
// hit rate, per publish and per correction, per seed of kv-seed/, and per day of cron with nothing to
// do; and what fits in Workers Free. Writes the figures to bench/results/ops-budget.json.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { SiteConfig } from "../src/content/site.ts";
import { workerBundle } from "../tests/edge/bundle.ts";
import type { Cause } from "../tests/edge/counters.ts";
import { Random } from "../tests/edge/random.ts";
import { seed, seedFolder } from "../tests/edge/seed.ts";
import { type AddressKind, VIEW_MIX, pageViews, siteAddresses } from "../tests/edge/traffic.ts";
import { type DataCentre, World } from "../tests/edge/world.ts";

const HELP = `Usage: npm run ops-budget [-- options]

Measures KV operations on the edge simulation (tests/edge: the production Worker bundle, simulated
data centres, isolates, KV and Cache API) and prints them per 1,000 page views, per publish, per
correction, per seed of kv-seed/ and per day of idle cron, with what fits in Workers Free.

Options (defaults in brackets):
  --views-per-second <n>  page views per second over the whole site [2]
  --hours <n>             hours of traffic measured, after 10 minutes of warm-up [1]
  --stories <n>           stories published besides kv-seed's (distinct pages grow with them) [200]
  --data-centres <n>      data centres [5]
  --isolates <n>          isolates per data centre [3]
  --cold-starts <p>       chance that a view meets a freshly started isolate [0.005]
  --zipf <s>              popularity exponent: page of rank i is viewed in proportion to 1/i^s [1]
  --publishes <n>         new stories, then as many corrections, 5 minutes apart, during traffic [10]
  --seed <n>              the simulation's seed [20261125]
  -h, --help              show this help`;

const { values } = parseArgs({
  options: {
    "views-per-second": { type: "string" },
    hours: { type: "string" },
    stories: { type: "string" },
    "data-centres": { type: "string" },
    isolates: { type: "string" },
    "cold-starts": { type: "string" },
    zipf: { type: "string" },
    publishes: { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const num = (name: keyof typeof values, fallback: number) => {
  const v = values[name] === undefined ? fallback : Number(values[name]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return v;
};
const model = {
  viewsPerSecond: num("views-per-second", 2),
  hours: num("hours", 1),
  stories: Math.floor(num("stories", 200)),
  dataCentres: Math.floor(num("data-centres", 5)),
  isolates: Math.floor(num("isolates", 3)),
  coldStarts: num("cold-starts", 0.005),
  zipf: num("zipf", 1),
  publishes: Math.max(1, Math.floor(num("publishes", 10))),
  seed: Math.floor(num("seed", 20261125)),
};

const FREE = { reads: 100_000, writes: 1_000, deletes: 1_000, lists: 1_000, requests: 100_000 };

interface Ops {
  reads: number;
  writes: number;
  deletes: number;
  lists: number;
}

function opsOf(world: World, causes: readonly Cause[]): Ops {
  const c = world.kv.counter;
  const sum = (op: "get" | "put" | "delete" | "list") => causes.reduce((n, cause) => n + c.count({ op, cause }), 0);
  return { reads: sum("get"), writes: sum("put"), deletes: sum("delete"), lists: sum("list") };
}

const per = (ops: Ops, n: number, scale = 1): Ops => ({
  reads: (ops.reads / n) * scale,
  writes: (ops.writes / n) * scale,
  deletes: (ops.deletes / n) * scale,
  lists: (ops.lists / n) * scale,
});

const WRITING: Cause[] = ["editor", "writer", "cron"];
const bundle = await workerBundle();
const folder = await seedFolder();
const site = folder.site as SiteConfig;

/** Stories like the seed's, spread over the last 30 days, in every section, with a pool of tags. */
function generatedStories(random: Random, count: number, now: number) {
  const tags = Array.from({ length: 30 }, (_, i) => `topic-${i + 1}`);
  return Array.from({ length: count }, (_, i) => ({
    slug: `budget-story-${i + 1}`,
    input: {
      headline: `Budget story ${i + 1}: council reviews the harbour plan`,
      standfirst: "A generated story for the operations budget: a few paragraphs, a section, two tags.",
      section: random.pick(site.sections).slug,
      authors: [random.pick(site.authors).slug],
      tags: random.shuffle(tags).slice(0, 2),
      language: "en",
      published: new Date(Math.floor((now - random.between(3600_000, 30 * 86_400_000)) / 1000) * 1000).toISOString().replace(".000Z", "Z"),
      status: "published",
      body: Array.from({ length: 6 }, (_, p) => `Paragraph ${p + 1} of the story, long enough to look like news in a feed and on a page.`).join("\n\n"),
    },
  }));
}

/** Page views at `rate` per second, spread evenly over the data centres, until `until`. */
function startTraffic(world: World, draw: ReturnType<typeof pageViews>, rate: number, until: number, counts: Map<AddressKind | "redirect", number>): void {
  const random = world.random.fork("traffic");
  const next = () => {
    if (world.clock.now >= until) return;
    const dc = random.pick(world.dataCentres) as DataCentre;
    const probe = draw(random);
    counts.set(probe.meta, (counts.get(probe.meta) ?? 0) + 1);
    world.track(world.fetch(dc, probe.spec));
    world.clock.setTimeout(next, -Math.log(1 - random.next()) * (1000 / rate));
  };
  next();
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

// ---- Seed of kv-seed/ ---------------------------------------------------------------------------
console.log("Measuring: a seed of kv-seed/ ...");
const seeding = new World({ seed: model.seed, bundle, dataCentres: model.dataCentres, isolates: model.isolates });
seeding.startCron();
await seed(seeding, seeding.writerDc);
await seeding.advance(10_000);
const perSeed = opsOf(seeding, WRITING);

// ---- Idle cron ----------------------------------------------------------------------------------
console.log("Measuring: a day of cron with nothing to do ...");
const idle = new World({ seed: model.seed + 1, bundle, dataCentres: model.dataCentres, isolates: model.isolates });
idle.startCron();
await seed(idle, idle.writerDc);
// The seed's own work first: the daily editions of its closed days (built in the first minutes) and the
// sweep of what they replaced (an hour's grace, the sweep hourly): counted with the seed, not the idle day.
await idle.advance(3.5 * 3600_000);
idle.kv.counter.reset();
const idleCalls = idle.writer.calls.get("cron") ?? 0;
await idle.advance(86_400_000);
const perIdleDay = opsOf(idle, ["editor", "writer", "cron", "reader"]);
const cronCallsPerDay = (idle.writer.calls.get("cron") ?? 0) - idleCalls;

// ---- Traffic --------------------------------------------------------------------------------------
console.log(`Measuring: ${model.hours} h of page views at ${model.viewsPerSecond}/s over ${model.dataCentres} data centres ...`);
const world = new World({ seed: model.seed + 2, bundle, dataCentres: model.dataCentres, isolates: model.isolates, coldStarts: model.coldStarts });
world.startCron();
await seed(world, world.writerDc);
const random = new Random(model.seed).fork("budget");
const extra = generatedStories(random, model.stories, world.clock.now);
if (extra.length > 0) {
  const answer = await world.api(world.writerDc, "POST", "/api/import", { articles: extra });
  if (answer.status !== 200) throw new Error(`import refused: ${answer.body.slice(0, 300)}`);
}
// Long enough for the sweep to delete what the import replaced: the deletes counted later are the changes'.
await world.advance(3.5 * 3600_000);
const addresses = siteAddresses({
  site,
  articles: [
    ...folder.articles
      .filter((a) => a.record.article.status === "published")
      .map((a) => ({ slug: a.slug, tags: a.record.article.tags, published: Date.parse(a.record.article.published) })),
    ...extra.map((a) => ({ slug: a.slug, tags: a.input.tags, published: Date.parse(a.input.published) })),
  ],
  media: folder.media.map((m) => m.name),
});
const draw = pageViews(addresses, random, model.zipf);
const warmUp = 10 * 60_000;
const steady = model.hours * 3600_000;
const counts = new Map<AddressKind | "redirect", number>();
startTraffic(world, draw, model.viewsPerSecond, world.clock.now + warmUp + steady, counts);
await world.advance(warmUp);
world.kv.counter.reset();
counts.clear();
await world.advance(steady);
const views = total(counts);
const perThousandViews = per(opsOf(world, ["reader"]), views, 1000);

// ---- Publishes and corrections, with traffic going on ---------------------------------------------
console.log(`Measuring: ${model.publishes} new stories and ${model.publishes} corrections, 5 minutes apart ...`);
const gap = 5 * 60_000;
const changes = 2 * model.publishes;
world.kv.counter.reset();
counts.clear();
const callsBefore = world.writer.calls.get("editor") ?? 0;
startTraffic(world, draw, model.viewsPerSecond, world.clock.now + changes * gap, counts);
const publishOps: Ops[] = [];
const publishedAt = new Map<string, string>();
for (let i = 0; i < changes; i++) {
  const before = opsOf(world, WRITING);
  const slug = `budget-news-${i % model.publishes}`;
  const story = {
    headline: `Budget news ${i % model.publishes}${i >= model.publishes ? " (corrected)" : ""}`,
    standfirst: "A story published during the operations budget's traffic.",
    section: "news",
    authors: [site.authors[0]?.slug ?? ""],
    tags: ["water", "topic-1"],
    language: "en",
    published: publishedAt.get(slug) ?? new Date(Math.floor(world.clock.now / 1000) * 1000).toISOString().replace(".000Z", "Z"),
    status: "published",
    body: "The story, as published.",
  };
  publishedAt.set(slug, story.published);
  const answer = await world.api(world.writerDc, "PUT", `/api/articles/${slug}`, story);
  if (answer.status !== 201 && answer.status !== 200) throw new Error(`publish refused: ${answer.body.slice(0, 300)}`);
  await world.advance(gap);
  const after = opsOf(world, WRITING);
  publishOps.push({
    reads: after.reads - before.reads,
    writes: after.writes - before.writes,
    deletes: after.deletes - before.deletes,
    lists: after.lists - before.lists,
  });
}
const sum = (list: Ops[]): Ops =>
  list.reduce((a, b) => ({ reads: a.reads + b.reads, writes: a.writes + b.writes, deletes: a.deletes + b.deletes, lists: a.lists + b.lists }), {
    reads: 0,
    writes: 0,
    deletes: 0,
    lists: 0,
  });
const perPublish = per(sum(publishOps.slice(0, model.publishes)), model.publishes);
const perCorrection = per(sum(publishOps.slice(model.publishes)), model.publishes);
const viewsDuring = total(counts);
const readerReadsDuring = opsOf(world, ["reader"]).reads;
const readsCausedPerChange = Math.max(0, (readerReadsDuring - (viewsDuring * perThousandViews.reads) / 1000) / changes);
const writerCallsPerChange = ((world.writer.calls.get("editor") ?? 0) - callsBefore) / changes;

// The sweep deletes what the changes replaced, an hour after it was released: every delete from the
// first change until the sweep is done is one of theirs, shared out evenly.
const deletesDuring = sum(publishOps).deletes;
world.kv.counter.reset();
await world.advance(3.5 * 3600_000);
const deletesPerChange = (deletesDuring + opsOf(world, ["cron", "writer"]).deletes) / changes;

// ---- The table --------------------------------------------------------------------------------------
const round = (n: number) => (n >= 100 ? Math.round(n).toLocaleString("en") : n >= 10 ? n.toFixed(1) : n.toFixed(2).replace(/\.?0+$/, "") || "0");
const rows: [string, Ops][] = [
  ["per 1,000 page views", perThousandViews],
  ["per publish (new story)", { ...perPublish, deletes: deletesPerChange }],
  ["per correction", { ...perCorrection, deletes: deletesPerChange }],
  [`per seed of kv-seed (${folder.articles.length} stories, ${folder.media.length} media)`, perSeed],
  ["per day of cron, nothing to do", perIdleDay],
];
const width = Math.max(...rows.map(([label]) => label.length));
const col = (s: string) => s.padStart(9);
const lines = [
  `${"".padEnd(width)}${col("reads")}${col("writes")}${col("deletes")}${col("lists")}`,
  ...rows.map(([label, o]) => `${label.padEnd(width)}${col(round(o.reads))}${col(round(o.writes))}${col(round(o.deletes))}${col(round(o.lists))}`),
];
const viewsForReads = Math.floor(FREE.reads / Math.max(perThousandViews.reads / 1000, 1e-9));
const publishWrites = Math.max(perPublish.writes, perCorrection.writes);
const publishesPerDay = Math.floor(FREE.writes / Math.max(publishWrites, 1e-9));
const publishesForDeletes = Math.floor(FREE.deletes / Math.max(deletesPerChange, 1e-9));
const hitMix = Object.entries(VIEW_MIX)
  .map(([k, v]) => `${k} ${Math.round(v * 100)}%`)
  .join(", ");

console.log(`
KV operations, measured on the edge simulation (npm run ops-budget, seed ${model.seed}):
${model.dataCentres} data centres × ${model.isolates} isolates, ${model.viewsPerSecond} page views/s for ${model.hours} h after a 10 min warm-up (${views.toLocaleString("en")} views),
${addresses.length} distinct addresses (${folder.articles.length + extra.length} stories), popularity Zipf s=${model.zipf}, mix: ${hitMix};
publishes and corrections 5 min apart during the traffic; deletes are the sweep's, an hour or two later, shared out evenly.

${lines.join("\n")}

  reads a publish or correction causes at readers (pages made again everywhere): ${round(readsCausedPerChange)}
  writer (Durable Object) calls per publish: ${round(writerCallsPerChange)}; cron calls to it per day: ${cronCallsPerDay.toLocaleString("en")}

Workers Free (a day: ${FREE.reads.toLocaleString("en")} reads, ${FREE.writes.toLocaleString("en")} writes, ${FREE.deletes.toLocaleString("en")} deletes, ${FREE.lists.toLocaleString("en")} lists):
  page views a day:  ${viewsForReads.toLocaleString("en")} by KV reads (Workers Free also caps Worker requests at ${FREE.requests.toLocaleString("en")} a day)
  publishes a day:   ${Math.min(publishesPerDay, publishesForDeletes).toLocaleString("en")} (${publishesPerDay.toLocaleString("en")} by writes, ${publishesForDeletes.toLocaleString("en")} by deletes), each also costing ${round(readsCausedPerChange)} reads at readers
  idle cron:         ${perIdleDay.reads + perIdleDay.writes + perIdleDay.deletes + perIdleDay.lists} KV operations a day`);

const out = {
  measuredAt: new Date().toISOString(),
  command: "npm run ops-budget",
  model: { ...model, addresses: addresses.length, storiesTotal: folder.articles.length + extra.length, mix: VIEW_MIX, views },
  perThousandViews,
  perPublish: { ...perPublish, deletes: deletesPerChange },
  perCorrection: { ...perCorrection, deletes: deletesPerChange },
  deletesPerChange,
  readsCausedPerChange,
  perSeed,
  perIdleCronDay: perIdleDay,
  durableObject: { callsPerPublish: writerCallsPerChange, cronCallsPerDay },
  freePlan: { limits: FREE, pageViewsPerDay: viewsForReads, publishesPerDay: Math.min(publishesPerDay, publishesForDeletes) },
};
const dir = join(import.meta.dirname, "../bench/results");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "ops-budget.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log("\nWritten to bench/results/ops-budget.json.");
process.exit(0);

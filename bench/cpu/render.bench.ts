// CPU cost of the pure request-path work, per call: page renders (article at three lengths, home,
// section), each feed format, the region decision; and, apart, Markdown (publish time only).
// Results go to bench/results/cpu.json for bench/run.ts to tabulate.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, test } from "vitest";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { type ArticleRecord, type ArticleSummary, summaryOf } from "../../src/content/record.ts";
import { feedItemOf } from "../../src/content/feed-item.ts";
import { urls } from "../../src/content/urls.ts";
import { canonicalHost, decide, originOf } from "../../src/policy/decide.ts";
import { publicMirrors } from "../../src/policy/mirrors.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { renderAtom } from "../../src/render/feeds/atom.ts";
import { renderJsonFeed } from "../../src/render/feeds/json-feed.ts";
import { feedDocument } from "../../src/render/feeds/model.ts";
import { renderRss } from "../../src/render/feeds/rss.ts";
import type { Chrome } from "../../src/render/layout.ts";
import { listingFeeds, siteFeeds } from "../../src/render/layout.ts";
import { renderArticlePage } from "../../src/render/pages/article.ts";
import { renderHomePage } from "../../src/render/pages/home.ts";
import { renderListingPage } from "../../src/render/pages/listing.ts";
import { readPolicy } from "../../scripts/lib/wrangler-config.ts";
import type { CpuResult } from "../lib/cpu-result.ts";
import { ROOT, loadSeed, storyMarkdown, storyRecord } from "../lib/fixtures.ts";

const QUICK = process.env.BENCH_QUICK === "1";
const OPTIONS = QUICK ? { time: 300, warmupTime: 100 } : { time: 2000, warmupTime: 500 };
const results: CpuResult[] = [];

const seed = await loadSeed();
const { site } = seed;
const checked = checkPolicy(readPolicy("dev").policy);
if (!checked.policy) throw new Error("the dev domain policy in wrangler.toml is invalid");
const policy: DomainPolicy = checked.policy;
const chrome: Chrome = { site, mirrors: publicMirrors(policy), canonicalOrigin: originOf(canonicalHost(policy)) };
const origin = originOf(canonicalHost(policy));

const stories: Record<number, ArticleRecord> = {
  300: await storyRecord(site, 300, 1),
  1500: await storyRecord(site, 1500, 2),
  5000: await storyRecord(site, 5000, 3),
};
/** Twenty listing entries, the size of a listing page (seed stories, repeated with new slugs). */
const summaries: ArticleSummary[] = Array.from({ length: 20 }, (_, i) => {
  const record = seed.articles[i % seed.articles.length]?.record as ArticleRecord;
  return { ...summaryOf(record.article), slug: `${record.article.slug}-${i}` };
});
/** Twenty feed items of about 600 words each: a feed carries full content. */
const feedRecord = await storyRecord(site, 600, 4);
const feedItems = Array.from({ length: 20 }, (_, i) => ({ ...feedItemOf(feedRecord), slug: `feed-story-${i}` }));
const feedSource = { listingPath: urls.home(), title: site.name, description: site.description };

type Bench = (
  name: string,
  options: typeof OPTIONS,
  fn: () => unknown,
) => { run: () => Promise<{ period: number; latency: { p50?: number; p99?: number; samplesCount?: number } }> };

async function measure(bench: Bench, group: CpuResult["group"], name: string, fn: () => unknown): Promise<void> {
  let sink = 0;
  const result = await bench(name, OPTIONS, () => {
    const out = fn();
    // Keep the result alive so the engine cannot drop the call.
    sink += typeof out === "string" ? out.length : 1;
  }).run();
  if (sink < 0) throw new Error("unreachable");
  results.push({
    name,
    group,
    meanUs: result.period * 1000,
    p50Us: (result.latency.p50 ?? result.period) * 1000,
    p99Us: (result.latency.p99 ?? result.period) * 1000,
    samples: result.latency.samplesCount ?? 0,
  });
}

test("article page render", async ({ bench }) => {
  for (const words of [300, 1500, 5000]) {
    const record = stories[words] as ArticleRecord;
    await measure(bench as unknown as Bench, "render", `article page, ${words.toLocaleString("en")} words`, () =>
      renderArticlePage(chrome, { record, related: summaries.slice(0, 4) }),
    );
  }
});

test("listing page render", async ({ bench }) => {
  const sections = site.sections.filter((s) => !s.slug.includes("/"));
  await measure(bench as unknown as Bench, "render", "home page", () =>
    renderHomePage(chrome, { latest: summaries.slice(0, 10), blocks: sections.map((section, i) => ({ section, stories: summaries.slice(i, i + 4) })) }),
  );
  await measure(bench as unknown as Bench, "render", "section page (20 stories)", () =>
    renderListingPage(chrome, {
      kind: "Section",
      title: "News",
      feeds: [...listingFeeds(`News | ${site.name}`, urls.section("news")), ...siteFeeds(site)],
      description: "The latest News stories.",
      path: urls.section("news"),
      stories: summaries,
      page: 1,
      pages: 3,
      section: "news",
      subsections: [],
    }),
  );
});

test("feed render", async ({ bench }) => {
  for (const [name, render] of [
    ["RSS", renderRss],
    ["Atom", renderAtom],
    ["JSON Feed", renderJsonFeed],
  ] as const) {
    await measure(bench as unknown as Bench, "feed", `${name} feed (20 items)`, () =>
      render(feedDocument(site, origin, feedSource, feedItems, "2026-11-25T09:30:00Z")),
    );
  }
});

test("region decision", async ({ bench }) => {
  const gb = { host: "news.localhost:8787", country: "GB", method: "GET", exempt: false, override: false };
  const nl = { host: "news.localhost:8787", country: "NL", continent: "EU", method: "GET", exempt: false, override: false };
  await measure(bench as unknown as Bench, "policy", "region decision (redirect, GB)", () => decide(policy, gb));
  await measure(bench as unknown as Bench, "policy", "region decision (serve, NL)", () => decide(policy, nl));
});

test("markdown render (publish time only)", async ({ bench }) => {
  for (const words of [300, 1500, 5000]) {
    const source = storyMarkdown(words, words);
    await measure(bench as unknown as Bench, "markdown", `Markdown → HTML, ${words.toLocaleString("en")} words`, () => renderMarkdown(source).html);
  }
});

afterAll(() => {
  const dir = join(ROOT, "bench/results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "cpu.json");
  writeFileSync(file, `${JSON.stringify({ quick: QUICK, results }, null, 2)}\n`);
});

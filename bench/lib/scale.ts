// Scaling: archives of 100, 10,000 and 100,000 stories, each loaded through the import API of its own
// copy of the site (its own KV namespace and writer, as a real site gets them), then listing pages, feeds
// and sitemaps measured at each size with the page cache off (every response does its full work), two ways:
// - the site's own cost: the built Worker in Node against the archive's projection held in memory
//   (bench/lib/node-worker.ts), CPU µs per response, and the KV reads a new isolate makes for it;
// - under workerd: req/s of the archive's copy of the site, on its direct socket, for the sizes asked
//   (--workerd-scale-sizes). This includes the local KV simulator.

import { dayOf } from "../../src/store/format.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { SITE_HOST } from "./cells.ts";
import { type SiteContent, loadContent } from "./content.ts";
import { archiveArticles } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { MemoryKv, type NodeCost, nodeWorker } from "./node-worker.ts";
import { SCALE_BINDING, WORKERS } from "./mf-host.ts";
import type { MiniflareSetup } from "./servers.ts";
import { median } from "./throughput.ts";
import { runWrk } from "./wrk.ts";

export interface ScaleRoute {
  id: string;
  label: string;
  path: string;
}

export function scaleRoutes(now: number): ScaleRoute[] {
  const yesterday = dayOf(now - 86_400_000);
  return [
    { id: "home", label: "home page", path: "/" },
    { id: "section", label: "section page", path: "/section/news" },
    { id: "tag", label: "tag page", path: "/tag/water" },
    { id: "rss", label: "RSS feed", path: "/feed.xml" },
    { id: "section-feed", label: "section Atom feed", path: "/section/news/atom.xml" },
    { id: "sitemap-index", label: "sitemap index", path: "/sitemap.xml" },
    { id: "sitemap-day", label: "day sitemap (yesterday)", path: `/sitemaps/articles-${yesterday}.xml` },
    { id: "sitemap-news", label: "news sitemap (48 h)", path: "/sitemaps/news.xml" },
    { id: "sitemap-pages", label: "pages sitemap", path: "/sitemaps/pages.xml" },
  ];
}

export interface ScaleCell {
  route: string;
  size: number;
  /** The site's own time per response (Node, in-memory KV), µs. */
  nodeUs: number;
  /** KV operations of the response on a new isolate (nothing remembered): the pointer and every blob it needs. */
  kvOps: Record<string, number>;
  kvReads: number;
  bytes: number;
  status: number;
  /** Under workerd with the local KV simulator: req/s and ms of server time per response. */
  workerdRps?: number;
  workerdMs?: number;
}

export interface ScaleSize {
  size: number;
  generateSeconds: number;
  /** Sending the batches to the import API, and then waiting until the writer had projected them. */
  sendSeconds: number;
  settleSeconds: number;
  requests: number;
  /** The writer's SQLite database once loaded, bytes. */
  databaseBytes: number;
}

export interface ScaleResult {
  sizes: ScaleSize[];
  cells: ScaleCell[];
}

const READS = ["get", "getWithMetadata", "list"];

export async function measureScale(
  seed: SiteContent & { site: SiteConfig },
  bundle: string,
  bindings: Record<string, unknown>,
  mf: MiniflareSetup,
  sizes: number[],
  workerd: { sizes: number[]; seconds: number; runs: number; connections: number },
  options: { iterations: number },
  log: (line: string) => void,
): Promise<ScaleResult> {
  const now = Date.now();
  const routes = scaleRoutes(now);
  const result: ScaleResult = { sizes: [], cells: [] };
  const workers = new Map<number, Awaited<ReturnType<typeof nodeWorker>>>();
  const stores = new Map<number, MemoryKv>();
  for (const size of sizes) {
    const started = Date.now();
    const archive: SiteContent = { siteInput: seed.siteInput, media: seed.media, articles: archiveArticles(seed.site, size, now) };
    const generateSeconds = (Date.now() - started) / 1000;
    const worker = WORKERS.scale(size);
    const load = await loadContent(mf.contentTarget(worker), archive, (line) => {
      const sent = Number(/stories: (\d+)\//.exec(line)?.[1] ?? 1);
      if (sent % 10_000 === 0) log(`  ${size.toLocaleString("en")} stories:${line}`);
    });
    const writer = JSON.parse((await httpRequest(`${mf.urls[worker]}/__bench/writer`)).body) as { databaseSize: number };
    result.sizes.push({
      size,
      generateSeconds,
      sendSeconds: load.sendSeconds,
      settleSeconds: load.settleSeconds,
      requests: load.requests,
      databaseBytes: writer.databaseSize,
    });
    log(
      `  ${size.toLocaleString("en")} stories: sent to the import API in ${load.requests} requests, ${load.sendSeconds.toFixed(1)} s, projected ${load.settleSeconds.toFixed(1)} s later; ` +
        `writer's SQLite ${(writer.databaseSize / 1048576).toFixed(1)} MiB`,
    );
    const kv = new MemoryKv({ loaderUrl: mf.urls[WORKERS.loader] ?? "", binding: SCALE_BINDING(size) });
    stores.set(size, kv);
    workers.set(size, await nodeWorker(bundle, bindings, kv, `scale-${size}`));
  }
  // The site's own cost: rounds over the sizes (drift hits every size alike); the fastest round per size,
  // since on a shared machine other work only ever adds time.
  const ROUNDS = 7;
  for (const route of routes) {
    const url = `http://${SITE_HOST}${route.path}`;
    const samples = new Map<number, NodeCost[]>(sizes.map((s) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const size of sizes) {
        const worker = workers.get(size);
        if (worker) samples.get(size)?.push(await worker.measure(url, {}, Math.ceil(options.iterations / ROUNDS)));
      }
    }
    for (const size of sizes) {
      const runs = samples.get(size) ?? [];
      const last = runs[runs.length - 1];
      const kv = stores.get(size);
      if (!last || !kv) continue;
      // A new isolate: a fresh instance of the bundle (nothing remembered), on the same archive.
      const cold = await (await nodeWorker(bundle, bindings, kv, `scale-${size}-${route.id}-cold`)).cold(url, {});
      result.cells.push({
        route: route.id,
        size,
        nodeUs: Math.min(...runs.map((r) => r.us)),
        kvOps: cold.kvOps,
        kvReads: READS.reduce((n, op) => n + (cold.kvOps[op] ?? 0), 0),
        bytes: last.bytes,
        status: last.status,
      });
    }
  }
  if (workerd.sizes.length > 0) {
    for (const route of routes) {
      const rps = new Map<number, number[]>(workerd.sizes.map((s) => [s, []]));
      for (const size of workerd.sizes) {
        const target = mf.scaleTarget(size, route.path);
        await httpRequest(target.url, { headers: target.headers });
        await runWrk(target, { connections: workerd.connections, seconds: 1 });
      }
      // Sizes interleaved within each round, so drift hits them alike.
      for (let round = 0; round < workerd.runs; round++) {
        for (const size of workerd.sizes) rps.get(size)?.push((await runWrk(mf.scaleTarget(size, route.path), workerd)).rps);
      }
      for (const size of workerd.sizes) {
        const cell = result.cells.find((c) => c.route === route.id && c.size === size);
        const value = median(rps.get(size) ?? []);
        if (cell) Object.assign(cell, { workerdRps: value, workerdMs: 1000 / value });
      }
    }
  }
  for (const route of routes) {
    const row = result.cells.filter((c) => c.route === route.id);
    log(
      `  ${route.label}: ${row.map((c) => `${c.size.toLocaleString("en")} → ${c.nodeUs.toFixed(0)} µs, ${c.kvReads} KV reads cold${c.workerdRps ? ` (${c.workerdRps.toFixed(0)} req/s in workerd)` : ""}`).join(", ")}`,
    );
  }
  return result;
}

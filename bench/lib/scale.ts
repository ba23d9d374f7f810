// Scaling: archives of 100, 10,000 and 100,000 stories generated with the same recordEntries the seed
// loader and the API use, then listing pages, feeds and sitemaps measured at each size with the page
// cache off (every response does its full work), two ways:
// - the site's own cost: the built Worker in Node against an in-memory KV (bench/lib/node-worker.ts),
//   CPU µs per response and KV operations per response;
// - under workerd: the archives loaded into local KV (bench/lib/content.ts), req/s of a copy of the
//   site, on its direct socket, that counts its KV operations. This includes the local KV simulator,
//   whose list cost grows with the namespace (the pages sitemap, identical at every size, shows how much).

import { dayOf } from "../../src/store/keys.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { SITE_HOST } from "./cells.ts";
import { type SiteContent, contentEntries, loadContent } from "./content.ts";
import { archiveRecords } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { MemoryKv, type NodeCost, nodeWorker } from "./node-worker.ts";
import { WORKERS } from "./mf-host.ts";
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
  /** KV operations of one response in steady state. */
  kvOps: Record<string, number>;
  kvReads: number;
  bytes: number;
  status: number;
  /** Under workerd with the local KV simulator: req/s and ms of server time per response. */
  workerdRps?: number;
  workerdMs?: number;
}

export interface ScaleResult {
  sizes: { size: number; kvEntries: number; generateSeconds: number; loadSeconds?: number }[];
  cells: ScaleCell[];
}

const READS = ["get", "getWithMetadata", "list"];

export async function measureScale(
  site: SiteConfig,
  bundle: string,
  bindings: Record<string, unknown>,
  sizes: number[],
  workerd: { mf: MiniflareSetup; sizes: number[]; seconds: number; runs: number; connections: number } | undefined,
  options: { iterations: number },
  log: (line: string) => void,
): Promise<ScaleResult> {
  const now = Date.now();
  const routes = scaleRoutes(now);
  const result: ScaleResult = { sizes: [], cells: [] };
  const workers = new Map<number, Awaited<ReturnType<typeof nodeWorker>>>();
  for (const size of sizes) {
    let started = Date.now();
    const archive: SiteContent = { site, records: await archiveRecords(site, size, now), media: [] };
    const entries = contentEntries(archive, `scale-${size}`);
    const generateSeconds = (Date.now() - started) / 1000;
    workers.set(size, await nodeWorker(bundle, bindings, new MemoryKv(entries), `scale-${size}`));
    let loadSeconds: number | undefined;
    if (workerd?.sizes.includes(size)) {
      started = Date.now();
      await loadContent(workerd.mf.contentTarget(WORKERS.scale(size)), archive);
      loadSeconds = (Date.now() - started) / 1000;
    }
    result.sizes.push({ size, kvEntries: entries.length, generateSeconds, ...(loadSeconds === undefined ? {} : { loadSeconds }) });
    log(
      `  ${size.toLocaleString("en")} stories: ${entries.length.toLocaleString("en")} KV entries, generated in ${generateSeconds.toFixed(1)} s${loadSeconds === undefined ? "" : `, loaded into local KV in ${loadSeconds.toFixed(1)} s`}`,
    );
  }
  // The site's own cost: rounds over the sizes (drift hits every size alike); the fastest round per size,
  // since on a shared machine other work only ever adds time.
  const ROUNDS = 7;
  for (const route of routes) {
    const samples = new Map<number, NodeCost[]>(sizes.map((s) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const size of sizes) {
        const worker = workers.get(size);
        if (worker) samples.get(size)?.push(await worker.measure(`http://${SITE_HOST}${route.path}`, {}, Math.ceil(options.iterations / ROUNDS)));
      }
    }
    for (const size of sizes) {
      const runs = samples.get(size) ?? [];
      const last = runs[runs.length - 1];
      if (!last) continue;
      result.cells.push({
        route: route.id,
        size,
        nodeUs: Math.min(...runs.map((r) => r.us)),
        kvOps: last.kvOps,
        kvReads: READS.reduce((n, op) => n + (last.kvOps[op] ?? 0), 0),
        bytes: last.bytes,
        status: last.status,
      });
    }
  }
  if (workerd && workerd.sizes.length > 0) {
    for (const route of routes) {
      const rps = new Map<number, number[]>(workerd.sizes.map((s) => [s, []]));
      for (const size of workerd.sizes) {
        const target = workerd.mf.scaleTarget(size, route.path);
        await httpRequest(target.url, { headers: target.headers });
        await runWrk(target, { connections: workerd.connections, seconds: 1 });
      }
      // Sizes interleaved within each round, so drift hits them alike.
      for (let round = 0; round < workerd.runs; round++) {
        for (const size of workerd.sizes) rps.get(size)?.push((await runWrk(workerd.mf.scaleTarget(size, route.path), workerd)).rps);
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
      `  ${route.label}: ${row.map((c) => `${c.size.toLocaleString("en")} → ${c.nodeUs.toFixed(0)} µs${c.workerdRps ? ` (${c.workerdRps.toFixed(0)} req/s in workerd)` : ""}`).join(", ")}`,
    );
  }
  return result;
}

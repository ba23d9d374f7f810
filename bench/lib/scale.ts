// Scaling: archives of 100, 10,000 and 100,000 stories generated into their own KV namespaces (with the
// same recordEntries the seed loader and API use), then listing pages, feeds and sitemaps measured on a
// copy of the site with the page cache off (every request does its full work) and its KV operations
// counted. A page whose cost or reads grow with the archive shows up here.

import { dayOf, keys } from "../../src/store/keys.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { archiveEntries } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { type MiniflareSetup, SCALE_BINDING } from "./servers.ts";
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
  rps: number;
  /** Milliseconds of server time per response at saturation (1 / req/s on the one server core). */
  msPerResponse: number;
  p50Ms: number;
  bytes: number;
  kvOps: string;
  kvReads: number;
  status: number;
}

export interface ScaleResult {
  sizes: { size: number; kvEntries: number; generateSeconds: number; loadSeconds: number }[];
  cells: ScaleCell[];
}

function readsOf(ops: string): number {
  return [...ops.matchAll(/(get|getWithMetadata|list)=(\d+)/g)].reduce((n, m) => n + Number(m[2]), 0);
}

/** Generates and loads every archive; returns how long each took. */
export async function loadArchives(mf: MiniflareSetup, site: SiteConfig, sizes: number[], now: number, log: (line: string) => void): Promise<ScaleResult["sizes"]> {
  const out: ScaleResult["sizes"] = [];
  for (const size of sizes) {
    let started = Date.now();
    const entries = await archiveEntries(site, size, now, (done) => log(`    generated ${done.toLocaleString("en")}/${size.toLocaleString("en")}`));
    entries.push({ key: keys.site(), value: JSON.stringify(site) }, { key: keys.generation(), value: `scale-${size}` });
    const generateSeconds = (Date.now() - started) / 1000;
    started = Date.now();
    await mf.load(SCALE_BINDING(size), entries);
    const loadSeconds = (Date.now() - started) / 1000;
    log(`  ${size.toLocaleString("en")} stories: ${entries.length.toLocaleString("en")} KV entries, generated in ${generateSeconds.toFixed(1)} s, loaded in ${loadSeconds.toFixed(1)} s`);
    out.push({ size, kvEntries: entries.length, generateSeconds, loadSeconds });
  }
  return out;
}

export async function measureScale(mf: MiniflareSetup, sizes: number[], now: number, options: { seconds: number; runs: number; connections: number }, log: (line: string) => void): Promise<ScaleCell[]> {
  const cells: ScaleCell[] = [];
  for (const route of scaleRoutes(now)) {
    const perSize = new Map<number, number[]>(sizes.map((s) => [s, []]));
    const first = new Map<number, { bytes: number; kvOps: string; status: number; p50: number[] }>();
    for (const size of sizes) {
      const target = mf.scaleTarget(size, route.path);
      // Two requests first: the second shows the steady state (a missing feed snapshot is built by the first).
      await httpRequest(target.url, { headers: target.headers });
      const reply = await httpRequest(target.url, { headers: target.headers });
      first.set(size, { bytes: Buffer.byteLength(reply.body), kvOps: String(reply.headers["x-bench-kv-ops"] ?? ""), status: reply.status, p50: [] });
      await runWrk(target, { connections: options.connections, seconds: 1 });
    }
    // Sizes interleaved within each round, so drift hits them alike.
    for (let round = 0; round < options.runs; round++) {
      for (const size of sizes) {
        const result = await runWrk(mf.scaleTarget(size, route.path), { connections: options.connections, seconds: options.seconds });
        perSize.get(size)?.push(result.rps);
        first.get(size)?.p50.push(result.p50Ms);
      }
    }
    for (const size of sizes) {
      const rps = median(perSize.get(size) ?? []);
      const info = first.get(size);
      cells.push({
        route: route.id,
        size,
        rps,
        msPerResponse: 1000 / rps,
        p50Ms: median(info?.p50 ?? []),
        bytes: info?.bytes ?? 0,
        kvOps: info?.kvOps ?? "",
        kvReads: readsOf(info?.kvOps ?? ""),
        status: info?.status ?? 0,
      });
    }
    log(`  ${route.label}: ${sizes.map((s) => `${s.toLocaleString("en")} → ${(cells.find((c) => c.route === route.id && c.size === s)?.rps ?? 0).toFixed(0)} req/s`).join(", ")}`);
  }
  return cells;
}

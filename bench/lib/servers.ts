// The two ways the bench runs the Workers: plain workerd through Miniflare (site, variants and both
// baselines in one workerd) and `wrangler dev` (the site as `npm start` runs it; wrangler dev serves
// only its first Worker over HTTP, so each baseline runs in its own wrangler dev session, configured
// the same way). Either way workerd is pinned to core 0 and everything else stays on core 1.

import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Json } from "miniflare";
import { unstable_readConfig } from "wrangler";
import type { KvEntry } from "../../src/store/entries.ts";
import { runWrangler } from "../../scripts/lib/wrangler.ts";
import { ARTICLE_SLUG, type Cell, SITE_HOST } from "./cells.ts";
import { ROOT } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { BASELINE_HOSTS, type HostOptions, SCALE_BINDING, WORKERS } from "./mf-host.ts";
import { SERVER_CORE, type Server, pin, startServer, workerdPids } from "./processes.ts";
import type { Target } from "./wrk.ts";

export const RESULTS = join(ROOT, "bench/results");
const NODE = process.execPath;
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
/** The key the kv-value baseline reads (bench/workers/kv-value.ts). */
const PAGE_KEY = "prerendered-article";
const BENCH_TOKEN = "bench-admin-token-0123456789abcdef0123456789";

export interface Setup {
  name: "miniflare" | "wrangler-dev";
  target: (cell: Pick<Cell, "worker" | "path" | "headers">) => Target;
  workerd: () => number[];
  stop: () => Promise<void>;
}

/** The dev environment as wrangler reads it: what `npm start` and the tests run. */
export function devConfig() {
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml"), env: "dev" }, { hideWarnings: true });
  const vars = (config.vars ?? {}) as Record<string, unknown>;
  const policy = vars.DOMAIN_POLICY as { hosts: { host: string }[] };
  return {
    compatibilityDate: config.compatibility_date ?? "2026-11-01",
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: { ...vars, ADMIN_TOKEN: BENCH_TOKEN } as Record<string, Json>,
    hostnames: [...new Set(policy.hosts.map((h) => h.host.replace(/:\d+$/, "")))],
  };
}

/** Builds the Worker as `wrangler deploy` would (production config, minified) and returns the output folder. */
export async function buildBundle(): Promise<{ dir: string; log: string }> {
  const dir = join(RESULTS, "build");
  await rm(dir, { recursive: true, force: true });
  const log = await runWrangler(["deploy", "--dry-run", "--outdir", dir], { quiet: true });
  return { dir, log };
}

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const reply = await httpRequest(url, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (reply.status !== 200) throw new Error(`POST ${url} failed: ${reply.status} ${reply.body.slice(0, 300)}`);
}

export interface MiniflareSetup extends Setup {
  url: string;
  /** Writes entries into a namespace of the running workerd (CONTENT, PAGES or SCALE_<n>). */
  load: (binding: string, entries: KvEntry[]) => Promise<void>;
  /** KV operations of one response, through the site's counting copy (steady state: after two warm-up requests). */
  kvOps: (cell: Pick<Cell, "worker" | "path" | "headers">) => Promise<string>;
  scaleTarget: (size: number, path: string) => Target;
}

export async function startMiniflare(options: {
  port: number;
  bundle: string;
  seed: KvEntry[];
  scaleSizes: number[];
}): Promise<MiniflareSetup & { articleHtml: string }> {
  const dev = devConfig();
  const hostOptions: HostOptions = {
    port: options.port,
    bundle: options.bundle,
    compatibilityDate: dev.compatibilityDate,
    compatibilityFlags: dev.compatibilityFlags,
    bindings: dev.bindings,
    siteHosts: dev.hostnames,
    scaleSizes: options.scaleSizes,
  };
  const file = join(RESULTS, "tmp/miniflare-host.json");
  await mkdir(join(RESULTS, "tmp"), { recursive: true });
  await writeFile(file, JSON.stringify(hostOptions));
  const server = await startServer("taskset", ["-c", "1", NODE, "--no-warnings", join(import.meta.dirname, "mf-host.ts"), file], { ready: /READY (\{.*\})/ });
  const pids = workerdPids(server.pid);
  pin(pids, SERVER_CORE);
  const url = `http://127.0.0.1:${options.port}`;
  const load = async (binding: string, entries: KvEntry[]) => {
    for (let i = 0; i < entries.length; i += 5000) await post(`${url}/load/${binding}`, { "MF-Route-Override": WORKERS.loader }, entries.slice(i, i + 5000));
  };
  const target = (cell: Pick<Cell, "worker" | "path" | "headers">): Target => {
    const headers: Record<string, string> = { ...cell.headers };
    if (cell.worker === "site" || cell.worker === "site-nocache") headers.Host = SITE_HOST;
    if (cell.worker === "site-nocache") headers["MF-Route-Override"] = WORKERS.siteNoCache;
    if (cell.worker === "hello") headers.Host = BASELINE_HOSTS.hello;
    if (cell.worker === "kv") headers.Host = BASELINE_HOSTS.kvValue;
    return { url: `${url}${cell.path}`, headers };
  };
  await load("CONTENT", options.seed);
  const article = await httpRequest(`${url}/articles/${ARTICLE_SLUG}`, { headers: { Host: SITE_HOST } });
  if (article.status !== 200) throw new Error(`the seeded article page answered ${article.status}`);
  await load("PAGES", [{ key: PAGE_KEY, value: article.body }]);
  const kvOps = async (cell: Pick<Cell, "worker" | "path" | "headers">) => {
    const t = target(cell);
    const headers = { ...t.headers, "MF-Route-Override": cell.worker === "site-nocache" ? WORKERS.siteCountedNoCache : WORKERS.siteCounted };
    let ops = "";
    for (let i = 0; i < 3; i++) ops = String((await httpRequest(t.url, { headers })).headers["x-bench-kv-ops"] ?? "");
    return ops;
  };
  return {
    name: "miniflare",
    url,
    articleHtml: article.body,
    target,
    load,
    kvOps,
    scaleTarget: (size, path) => ({ url: `${url}${path}`, headers: { Host: SITE_HOST, "MF-Route-Override": WORKERS.scale(size) } }),
    workerd: () => workerdPids(server.pid),
    stop: () => server.stop(),
  };
}

export { SCALE_BINDING };

/** Four wrangler dev sessions on consecutive ports: site, site with PAGE_CACHE=off, hello world, KV value. */
export async function startWranglerDev(options: { port: number; seed: KvEntry[]; articleHtml: string }): Promise<Setup> {
  const state = join(RESULTS, "tmp/wrangler");
  await rm(state, { recursive: true, force: true });
  await mkdir(state, { recursive: true });
  const seedFile = join(state, "seed.json");
  const pageFile = join(state, "article.html");
  await writeFile(seedFile, JSON.stringify(options.seed));
  await writeFile(pageFile, options.articleHtml);
  const env = { ...process.env, ADMIN_TOKEN: BENCH_TOKEN, WRANGLER_SEND_METRICS: "false" };
  const siteArgs = (dir: string) => ["--env", "dev", "--persist-to", join(state, dir)];
  const helloConfig = join(ROOT, "bench/workers/hello-world.wrangler.json");
  const kvConfig = join(ROOT, "bench/workers/kv-value.wrangler.json");
  // Seed exactly as `npm run seed` does (wrangler kv bulk put --local), into each session's own state.
  for (const dir of ["site", "nocache"])
    await runWrangler(["kv", "bulk", "put", seedFile, "--binding", "CONTENT", "--local", ...siteArgs(dir)], { quiet: true });
  await runWrangler(["kv", "key", "put", PAGE_KEY, "--path", pageFile, "--binding", "PAGES", "--local", "-c", kvConfig, "--persist-to", join(state, "kv")], {
    quiet: true,
  });

  const sessions: { kind: Cell["worker"]; port: number; args: string[] }[] = [
    { kind: "site", port: options.port, args: siteArgs("site") },
    { kind: "site-nocache", port: options.port + 1, args: [...siteArgs("nocache"), "--var", "PAGE_CACHE:off"] },
    { kind: "hello", port: options.port + 2, args: ["-c", helloConfig, "--persist-to", join(state, "hello")] },
    { kind: "kv", port: options.port + 3, args: ["-c", kvConfig, "--persist-to", join(state, "kv")] },
  ];
  const servers: Server[] = [];
  try {
    for (const s of sessions) {
      const server = await startServer("taskset", ["-c", "1", NODE, WRANGLER, "dev", ...s.args, "--port", String(s.port), "--ip", "127.0.0.1"], {
        ready: /Ready on http/,
        env,
        cwd: ROOT,
        timeoutMs: 90_000,
      });
      servers.push(server);
      pin(workerdPids(server.pid), SERVER_CORE);
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  const portOf = (kind: Cell["worker"]) => sessions.find((s) => s.kind === kind)?.port ?? options.port;
  return {
    name: "wrangler-dev",
    target: (cell) => ({
      url: `http://127.0.0.1:${portOf(cell.worker)}${cell.path}`,
      headers: { ...cell.headers, ...(cell.worker === "site" || cell.worker === "site-nocache" ? { Host: SITE_HOST } : {}) },
    }),
    workerd: () => servers.flatMap((s) => workerdPids(s.pid)),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

// The two ways the bench runs the Workers: plain workerd through Miniflare (site, its copies and both
// baselines in one workerd, each on its own direct socket) and `wrangler dev` (the site as `npm start`
// runs it; wrangler dev serves only its first Worker over HTTP, so each baseline runs in its own
// wrangler dev session, configured the same way). Either way workerd is pinned to core 0 and
// everything else stays on core 1.

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Json } from "miniflare";
import { unstable_readConfig } from "wrangler";
import { runWrangler } from "../../scripts/lib/wrangler.ts";
import { ARTICLE_SLUG, type Cell, SITE_HOST, type WorkerKind, cfBlob } from "./cells.ts";
import { type ContentTarget, type LoadReport, type SiteContent, loadContent } from "./content.ts";
import { ROOT } from "./fixtures.ts";
import { httpRequest } from "./http.ts";
import { CONTENT_NAMESPACE, ENTRY_HELLO_HOST, type HostOptions, SCALE_BINDING, WORKERS } from "./mf-host.ts";
import { SERVER_CORE, type Server, TASKSET, pin, startServer, workerdPids } from "./processes.ts";
import type { SiteBindings, SiteEnv } from "./site-worker.ts";
import { LOAD_CORE, type Target } from "./wrk.ts";

export const RESULTS = join(ROOT, "bench/results");
const NODE = process.execPath;
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");
/** The key the kv-value baseline reads (bench/workers/kv-value.ts). */
const PAGE_KEY = "prerendered-article";
export const BENCH_TOKEN = "bench-admin-token-0123456789abcdef0123456789";
/**
 * request.cf on every request, as production always has one (a visitor no region rule matches; the
 * redirect cell sends its own, from the UK). Miniflare's direct sockets read it from this header.
 */
const CF_BLOB = { "MF-CF-Blob": cfBlob() };

export interface Setup {
  name: "miniflare" | "wrangler-dev";
  target: (cell: Pick<Cell, "worker" | "path" | "headers">) => Target;
  workerd: () => number[];
  stop: () => Promise<void>;
}

/** Binding kinds siteWorker does not map: the dev environment must have none of them. */
const UNMAPPED = [
  "r2_buckets",
  "d1_databases",
  "services",
  "vectorize",
  "hyperdrive",
  "send_email",
  "workflows",
  "dispatch_namespaces",
  "mtls_certificates",
  "pipelines",
  "secrets_store_secrets",
] as const;

/** The secret values the bench runs with: its own API token, the demonstration signing key (.dev.vars.example). */
async function benchSecrets(required: string[]): Promise<Record<string, string>> {
  const example = await readFile(join(ROOT, ".dev.vars.example"), "utf8");
  const fromExample = (name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(example)?.[1]?.trim();
  const secrets: Record<string, string> = {};
  for (const name of required) {
    const value = name === "ADMIN_TOKEN" ? BENCH_TOKEN : fromExample(name);
    if (!value) throw new Error(`the bench has no value for the secret ${name} (wrangler.toml [env.dev.secrets]); add one to .dev.vars.example`);
    secrets[name] = value;
  }
  return secrets;
}

/**
 * The dev environment as wrangler reads it (what `npm start` and the tests run): its bindings, vars and
 * secrets (the dev domain policy on *.localhost hosts), with two vars as production sets them
 * (wrangler.toml [vars]), since the dev values add work no deployed site does: LOG_SAMPLE_RATE (dev logs
 * every request) and ALLOW_GEO_OVERRIDE (dev reads X-Geo-* headers on every page request; the bench's
 * requests carry the visitor's country in request.cf, as production's do).
 */
export async function devEnv(): Promise<SiteEnv> {
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml"), env: "dev" }, { hideWarnings: true });
  const production = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
  for (const kind of UNMAPPED) {
    const value = (config as unknown as Record<string, unknown>)[kind];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null && Object.keys(value).length > 0)
      throw new Error(`wrangler.toml [env.dev] has ${kind}, which bench/lib/site-worker.ts does not map yet`);
  }
  if ((config.queues?.producers ?? []).length > 0 || (config.queues?.consumers ?? []).length > 0)
    throw new Error("wrangler.toml [env.dev] has queues, which bench/lib/site-worker.ts does not map yet");
  const migrations = (config.migrations ?? []) as { new_sqlite_classes?: string[] }[];
  const sqlite = new Set(migrations.flatMap((m) => m.new_sqlite_classes ?? []));
  const kv = (config.kv_namespaces ?? []) as { binding: string }[];
  const objects = (config.durable_objects?.bindings ?? []) as { name: string; class_name: string }[];
  const datasets = (config.analytics_engine_datasets ?? []) as { binding: string; dataset?: string }[];
  const limits = (config.ratelimits ?? []) as { name: string; namespace_id: string; simple: { limit: number; period?: number } }[];
  const bindings: SiteBindings = {
    kvNamespaces: kv.map((k) => k.binding),
    durableObjects: objects.map((d) => ({ name: d.name, className: d.class_name, sqlite: sqlite.has(d.class_name) })),
    analyticsEngineDatasets: datasets.map((d) => ({ binding: d.binding, dataset: d.dataset ?? d.binding })),
    ratelimits: limits.map((r) => ({
      name: r.name,
      namespace_id: r.namespace_id,
      simple: { limit: r.simple.limit, period: r.simple.period === 10 ? 10 : 60 },
    })),
  };
  const required = (config as unknown as { secrets?: { required?: string[] } }).secrets?.required ?? [];
  return {
    compatibilityDate: config.compatibility_date ?? "2026-11-01",
    compatibilityFlags: config.compatibility_flags ?? [],
    vars: {
      ...((config.vars ?? {}) as Record<string, Json>),
      LOG_SAMPLE_RATE: String(production.vars?.LOG_SAMPLE_RATE ?? "0"),
      ALLOW_GEO_OVERRIDE: String(production.vars?.ALLOW_GEO_OVERRIDE ?? "false"),
      ...(await benchSecrets(required)),
    },
    bindings,
  };
}

/** Builds the Worker as `wrangler deploy` would (production config, minified) and returns the output folder. */
export async function buildBundle(): Promise<{ dir: string; log: string }> {
  const dir = join(RESULTS, "build");
  await rm(dir, { recursive: true, force: true });
  const log = await runWrangler(["deploy", "--dry-run", "--outdir", dir], { quiet: true });
  return { dir, log };
}

export interface MiniflareSetup extends Setup {
  /** Every Worker's direct URL, by Worker name (mf-host.ts WORKERS). */
  urls: Record<string, string>;
  /** Hello world behind Miniflare's entry worker (what the bench used to measure through). */
  entryHello: Target;
  articleHtml: string;
  /** How loading the seed went (sent through the site's import API). */
  seedLoad: LoadReport;
  /** Where the site's API answers, for a copy of the site (the site itself, or an archive's scale-<n>). */
  contentTarget: (worker: string) => ContentTarget;
  scaleTarget: (size: number, path: string) => Target;
  /** A site cell on the other build (the compare part's A side). */
  compareTarget: (cell: Pick<Cell, "worker" | "path" | "headers">) => Target;
  /** The in-isolate loop of a site cell on the working tree's build (B) or the other one (A): its URL for `count` requests. */
  loopUrl: (side: "A" | "B", cell: Pick<Cell, "worker" | "path" | "headers">, count: number) => string;
}

const SITE_WORKERS: Record<WorkerKind, string> = { site: WORKERS.site, "site-nocache": WORKERS.siteNoCache, hello: WORKERS.hello, kv: WORKERS.kvValue };

export async function startMiniflare(options: {
  bundle: string;
  seed: SiteContent;
  scaleSizes: number[];
  inspectorPort?: number;
  compareBundle?: string;
}): Promise<MiniflareSetup> {
  const hostOptions: HostOptions = {
    bundle: options.bundle,
    env: await devEnv(),
    scaleSizes: options.scaleSizes,
    ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
    ...(options.compareBundle === undefined ? {} : { compareBundle: options.compareBundle }),
  };
  const file = join(RESULTS, "tmp/miniflare-host.json");
  await mkdir(join(RESULTS, "tmp"), { recursive: true });
  await writeFile(file, JSON.stringify(hostOptions));
  const server = await startServer(TASKSET, ["-c", String(LOAD_CORE), NODE, "--no-warnings", join(import.meta.dirname, "mf-host.ts"), file], {
    ready: /READY (\{.*\})/,
  });
  pin(workerdPids(server.pid), SERVER_CORE);
  const { urls, entry } = JSON.parse(server.match[1] ?? "{}") as { urls: Record<string, string>; entry: string };
  const url = (worker: string) => urls[worker] ?? "";
  const target = (cell: Pick<Cell, "worker" | "path" | "headers">): Target => {
    const isSite = cell.worker === "site" || cell.worker === "site-nocache";
    return { url: `${url(SITE_WORKERS[cell.worker])}${cell.path}`, headers: { ...CF_BLOB, ...(isSite ? { Host: SITE_HOST } : {}), ...cell.headers } };
  };
  const contentTarget = (worker: string): ContentTarget => ({ siteUrl: url(worker), adminToken: BENCH_TOKEN });
  try {
    const seedLoad = await loadContent(contentTarget(WORKERS.site), options.seed);
    const article = await httpRequest(`${url(WORKERS.site)}/articles/${ARTICLE_SLUG}`, { headers: { Host: SITE_HOST } });
    if (article.status !== 200) throw new Error(`the seeded article page answered ${article.status}`);
    const loaded = await httpRequest(`${url(WORKERS.loader)}/load/PAGES`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([{ key: PAGE_KEY, value: article.body }]),
    });
    if (loaded.status !== 200) throw new Error(`loading the one-KV-value page failed: ${loaded.status} ${loaded.body.slice(0, 300)}`);
    return {
      name: "miniflare",
      urls,
      entryHello: { url: `${entry}/`, headers: { ...CF_BLOB, Host: ENTRY_HELLO_HOST } },
      articleHtml: article.body,
      seedLoad,
      target,
      contentTarget,
      scaleTarget: (size, path) => ({ url: `${url(WORKERS.scale(size))}${path}`, headers: { ...CF_BLOB, Host: SITE_HOST } }),
      loopUrl: (side, cell, count) => {
        const nocache = cell.worker === "site-nocache";
        const worker = side === "A" ? (nocache ? WORKERS.compareLoopNoCache : WORKERS.compareLoop) : nocache ? WORKERS.loopNoCache : WORKERS.loop;
        const { "MF-CF-Blob": cf, ...headers } = target(cell).headers;
        const query = new URLSearchParams({ url: `http://${SITE_HOST}${cell.path}`, n: String(count), headers: JSON.stringify(headers), cf: cf ?? "{}" });
        return `${url(worker)}/__bench/loop?${query}`;
      },
      compareTarget: (cell) => {
        const own = target(cell);
        const worker = cell.worker === "site-nocache" ? WORKERS.compareNoCache : WORKERS.compare;
        return { ...own, url: `${url(worker)}${cell.path}` };
      },
      workerd: () => workerdPids(server.pid),
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export { CONTENT_NAMESPACE, SCALE_BINDING };

/** Four wrangler dev sessions on consecutive ports: site, site with PAGE_CACHE=off, hello world, KV value. */
export async function startWranglerDev(options: { port: number; seed: SiteContent; articleHtml: string }): Promise<Setup> {
  const state = join(RESULTS, "tmp/wrangler");
  await rm(state, { recursive: true, force: true });
  await mkdir(state, { recursive: true });
  const pageFile = join(state, "article.html");
  await writeFile(pageFile, options.articleHtml);
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
  // The same secrets and log sampling as the plain-workerd copies (devEnv).
  const siteEnv = await devEnv();
  const secrets = join(state, "site.env");
  const secretNames = Object.keys(siteEnv.vars).filter((name) => name === "ADMIN_TOKEN" || name === "MIRRORS_SIGNING_KEY");
  await writeFile(secrets, secretNames.map((name) => `${name}=${String(siteEnv.vars[name])}\n`).join(""), { mode: 0o600 });
  const siteArgs = (dir: string) => [
    "--env",
    "dev",
    "--persist-to",
    join(state, dir),
    "--env-file",
    secrets,
    "--var",
    `LOG_SAMPLE_RATE:${String(siteEnv.vars.LOG_SAMPLE_RATE)}`,
  ];
  const helloConfig = join(ROOT, "bench/workers/hello-world.wrangler.json");
  const kvConfig = join(ROOT, "bench/workers/kv-value.wrangler.json");
  await runWrangler(["kv", "key", "put", PAGE_KEY, "--path", pageFile, "--binding", "PAGES", "--local", "-c", kvConfig, "--persist-to", join(state, "kv")], {
    quiet: true,
  });

  const sessions: { kind: WorkerKind; port: number; site: boolean; args: string[] }[] = [
    { kind: "site", port: options.port, site: true, args: siteArgs("site") },
    { kind: "site-nocache", port: options.port + 1, site: true, args: [...siteArgs("nocache"), "--var", "PAGE_CACHE:off"] },
    { kind: "hello", port: options.port + 2, site: false, args: ["-c", helloConfig, "--persist-to", join(state, "hello")] },
    { kind: "kv", port: options.port + 3, site: false, args: ["-c", kvConfig, "--persist-to", join(state, "kv")] },
  ];
  const servers: Server[] = [];
  try {
    for (const s of sessions) {
      const server = await startServer(TASKSET, ["-c", String(LOAD_CORE), NODE, WRANGLER, "dev", ...s.args, "--port", String(s.port), "--ip", "127.0.0.1"], {
        ready: /Ready on http/,
        env,
        cwd: ROOT,
        timeoutMs: 90_000,
      });
      servers.push(server);
      pin(workerdPids(server.pid), SERVER_CORE);
      if (s.site) await loadContent({ siteUrl: `http://127.0.0.1:${s.port}`, adminToken: BENCH_TOKEN }, options.seed);
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  const portOf = (kind: WorkerKind) => sessions.find((s) => s.kind === kind)?.port ?? options.port;
  return {
    name: "wrangler-dev",
    target: (cell) => ({
      url: `http://127.0.0.1:${portOf(cell.worker)}${cell.path}`,
      headers: { ...(cell.worker === "site" || cell.worker === "site-nocache" ? { Host: SITE_HOST } : {}), ...cell.headers },
    }),
    workerd: () => servers.flatMap((s) => workerdPids(s.pid)),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

// The bench's plain-workerd server: one Miniflare (one workerd process) running the site, its bench
// variants and the two baseline Workers side by side, dispatching by Host (routes) or by the
// MF-Route-Override header. Started by bench/run.ts under `taskset -c 0`; prints READY, then serves
// until SIGTERM. Usage: node bench/lib/mf-host.ts <options.json>

import { readFile } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { dirname, join } from "node:path";
import { type Json, Miniflare, type V4ModuleDefinition, type V4WorkerOptions, convertV4MiniflareOptions } from "miniflare";

export interface HostOptions {
  port: number;
  /** The site bundle from `wrangler deploy --dry-run --outdir` (index.js). */
  bundle: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** The dev environment's vars and secrets, as wrangler.toml [env.dev] defines them. */
  bindings: Record<string, Json>;
  /** Host names the site answers on (the dev domain policy's hosts, without ports). */
  siteHosts: string[];
  /** Archive sizes to host a counting, cache-off copy of the site for (scale-<n> workers). */
  scaleSizes: number[];
}

/** Worker names, for MF-Route-Override. */
export const WORKERS = {
  site: "site",
  siteNoCache: "site-nocache",
  siteCounted: "site-counted",
  siteCountedNoCache: "site-counted-nocache",
  hello: "hello-world",
  kvValue: "kv-value",
  loader: "kv-loader",
  scale: (n: number) => `scale-${n}`,
};
export const BASELINE_HOSTS = { hello: "hello.bench.localhost", kvValue: "kv.bench.localhost" };
export const SCALE_BINDING = (n: number) => `SCALE_${n}`;

const WORKERS_DIR = join(import.meta.dirname, "../workers");

async function workerSource(name: string): Promise<string> {
  return stripTypeScriptTypes(await readFile(join(WORKERS_DIR, `${name}.ts`), "utf8"), { mode: "strip" });
}

/** The site bundle wrapped so its KV operations are counted (bench/workers/kv-counter.ts). */
async function countedModules(bundle: string): Promise<{ modules: V4ModuleDefinition[]; modulesRoot: string }> {
  const root = dirname(bundle);
  return {
    modulesRoot: root,
    modules: [
      {
        type: "ESModule",
        path: join(root, "counted-entry.js"),
        contents: `import site from "./index.js";\nimport { countKvOps } from "./kv-counter.js";\nexport default countKvOps(site);\n`,
      },
      { type: "ESModule", path: join(root, "kv-counter.js"), contents: await workerSource("kv-counter") },
      { type: "ESModule", path: join(root, "index.js"), contents: await readFile(bundle, "utf8") },
    ],
  };
}

export async function startHost(options: HostOptions): Promise<Miniflare> {
  const runtime = { compatibilityDate: options.compatibilityDate, compatibilityFlags: options.compatibilityFlags };
  const site = {
    ...runtime,
    bindings: options.bindings,
    kvNamespaces: { CONTENT: "content" },
    ratelimits: { API_LIMITER: { namespace_id: "1001", simple: { limit: 60, period: 60 as const } } },
  };
  const counted = await countedModules(options.bundle);
  const workers: V4WorkerOptions[] = [
    {
      name: WORKERS.site,
      ...site,
      modules: true,
      scriptPath: options.bundle,
      modulesRoot: dirname(options.bundle),
      routes: options.siteHosts.map((h) => `${h}/*`),
    },
    {
      name: WORKERS.siteNoCache,
      ...site,
      modules: true,
      scriptPath: options.bundle,
      modulesRoot: dirname(options.bundle),
      bindings: { ...options.bindings, PAGE_CACHE: "off" },
    },
    { name: WORKERS.siteCounted, ...site, ...counted },
    { name: WORKERS.siteCountedNoCache, ...site, ...counted, bindings: { ...options.bindings, PAGE_CACHE: "off" } },
    { name: WORKERS.hello, ...runtime, modules: true, script: await workerSource("hello-world"), routes: [`${BASELINE_HOSTS.hello}/*`] },
    {
      name: WORKERS.kvValue,
      ...runtime,
      modules: true,
      script: await workerSource("kv-value"),
      kvNamespaces: { PAGES: "bench-pages" },
      routes: [`${BASELINE_HOSTS.kvValue}/*`],
    },
    {
      name: WORKERS.loader,
      ...runtime,
      modules: true,
      script: await workerSource("kv-loader"),
      kvNamespaces: { CONTENT: "content", PAGES: "bench-pages", ...Object.fromEntries(options.scaleSizes.map((n) => [SCALE_BINDING(n), `scale-${n}`])) },
    },
    ...options.scaleSizes.map((n) => ({
      name: WORKERS.scale(n),
      ...site,
      ...counted,
      bindings: { ...options.bindings, PAGE_CACHE: "off" },
      kvNamespaces: { CONTENT: `scale-${n}` },
    })),
  ];
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: options.port,
      ...(process.env.BENCH_INSPECTOR_PORT ? { inspectorPort: Number(process.env.BENCH_INSPECTOR_PORT) } : {}),
      // A visitor no region rule matches; the redirect cell names its country with X-Geo-Country.
      cf: { country: "NL", continent: "EU", colo: "AMS", city: "Amsterdam", timezone: "Europe/Amsterdam" },
      // Miniflare's own per-request log line would be bench overhead that production does not have.
      logRequests: false,
      // The site's request log still leaves workerd (as it does in production); it is read and dropped
      // here, except errors.
      handleStructuredLogs(log) {
        if (log.level === "error") process.stderr.write(`${log.message}\n`);
      },
      workers,
    }),
  );
  await mf.ready;
  return mf;
}

if (import.meta.main) {
  const options = JSON.parse(await readFile(process.argv[2] ?? "", "utf8")) as HostOptions;
  const mf = await startHost(options);
  console.log(`READY ${JSON.stringify({ url: (await mf.ready).href, pid: process.pid })}`);
  const stop = async () => {
    await mf.dispose();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

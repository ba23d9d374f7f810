// The bench's plain-workerd server: one Miniflare (one workerd process) running the site, its bench
// copies and the two baseline Workers side by side, each on its own direct socket (no Miniflare
// entry worker in the path). Started by bench/lib/servers.ts; prints READY with every Worker's URL,
// then serves until SIGTERM. Usage: node bench/lib/mf-host.ts <options.json>

import { readFile, readdir } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { dirname, join } from "node:path";
import { Miniflare, type V4ModuleDefinition, type V4WorkerOptions, convertV4MiniflareOptions } from "miniflare";
import { DIRECT_SOCKET, type SiteEnv, siteWorker } from "./site-worker.ts";

export interface HostOptions {
  /** The site bundle from `wrangler deploy --dry-run --outdir` (index.js). */
  bundle: string;
  env: SiteEnv;
  /** Archive sizes to host a counting, cache-off copy of the site for (scale-<n> workers). */
  scaleSizes: number[];
  /** Exposes workerd's V8 inspector (for CPU profiles) on this port. */
  inspectorPort?: number;
  /** Another build of the site (the compare part's A side), hosted beside it on the same content. */
  compareBundle?: string;
}

export const WORKERS = {
  site: "site",
  siteNoCache: "site-nocache",
  siteCounted: "site-counted",
  siteCountedNoCache: "site-counted-nocache",
  hello: "hello-world",
  kvValue: "kv-value",
  loader: "kv-loader",
  compare: "site-a",
  compareNoCache: "site-a-nocache",
  /** The compare part's in-isolate loops (bench/workers/request-loop.ts): B (the working tree) and A. */
  loop: "site-loop",
  loopNoCache: "site-loop-nocache",
  compareLoop: "site-a-loop",
  compareLoopNoCache: "site-a-loop-nocache",
  scale: (n: number) => `scale-${n}`,
};
export const CONTENT_NAMESPACE = "content";
export const ENTRY_HELLO_HOST = "hello.bench.localhost";
export const SCALE_BINDING = (n: number) => `SCALE_${n}`;
const SCALE_NAMESPACE = (n: number) => `scale-${n}`;
/**
 * The one writer of the site's namespace: the counting copy, so the KV writes, Durable Object work and
 * SQLite rows of a publish or a cron pass are counted where they happen. Every other copy of the site
 * reads the same namespace and reaches this writer through its NEWSROOM binding.
 */
export const SITE_WRITER = WORKERS.siteCounted;

const WORKERS_DIR = join(import.meta.dirname, "../workers");

async function workerSource(name: string): Promise<string> {
  return stripTypeScriptTypes(await readFile(join(WORKERS_DIR, `${name}.ts`), "utf8"), { mode: "strip" });
}

/** The modules wrangler uploads beside the bundle (the write road, loaded on first use). */
async function additionalModules(root: string): Promise<V4ModuleDefinition[]> {
  const names = (await readdir(join(root, "generated")).catch(() => [] as string[])).filter((n) => n.endsWith(".js"));
  return Promise.all(
    names.map(async (n) => ({ type: "ESModule" as const, path: join(root, "generated", n), contents: await readFile(join(root, "generated", n), "utf8") })),
  );
}

/** The deploy bundle as wrangler uploads it: index.js and the modules beside it. */
async function builtModules(bundle: string): Promise<{ modules: V4ModuleDefinition[]; modulesRoot: string }> {
  const root = dirname(bundle);
  return {
    modulesRoot: root,
    modules: [{ type: "ESModule", path: join(root, "index.js"), contents: await readFile(bundle, "utf8") }, ...(await additionalModules(root))],
  };
}

/** The site bundle wrapped so GET /__bench/loop calls it in a loop inside its isolate (bench/workers/request-loop.ts). */
async function loopModules(bundle: string): Promise<{ modules: V4ModuleDefinition[]; modulesRoot: string }> {
  const root = dirname(bundle);
  const built = await builtModules(bundle);
  return {
    modulesRoot: root,
    modules: [
      {
        type: "ESModule",
        path: join(root, "loop-entry.js"),
        contents: [
          'import site from "./index.js";',
          'import { requestLoop } from "./request-loop.js";',
          "export default requestLoop(site);",
          'export { Newsroom } from "./index.js";',
          "",
        ].join("\n"),
      },
      { type: "ESModule", path: join(root, "request-loop.js"), contents: await workerSource("request-loop") },
      ...built.modules,
    ],
  };
}

/** The site bundle wrapped so what it uses is counted (bench/workers/kv-counter.ts), its writer included. */
async function countedModules(bundle: string): Promise<{ modules: V4ModuleDefinition[]; modulesRoot: string }> {
  const root = dirname(bundle);
  const built = await builtModules(bundle);
  return {
    modulesRoot: root,
    modules: [
      {
        type: "ESModule",
        path: join(root, "counted-entry.js"),
        contents: [
          'import site, { Newsroom as SiteNewsroom } from "./index.js";',
          'import { countUsage, countedNewsroom } from "./kv-counter.js";',
          "export default countUsage(site);",
          "export const Newsroom = countedNewsroom(SiteNewsroom);",
          "",
        ].join("\n"),
      },
      { type: "ESModule", path: join(root, "kv-counter.js"), contents: await workerSource("kv-counter") },
      ...built.modules,
    ],
  };
}

export async function startHost(options: HostOptions): Promise<Miniflare> {
  const { env } = options;
  const runtime = { compatibilityDate: env.compatibilityDate, compatibilityFlags: env.compatibilityFlags };
  const built = await builtModules(options.bundle);
  const counted = await countedModules(options.bundle);
  // The counting copies log every request, so the line a sampled request writes is counted and sized.
  const countedVars = { LOG_SAMPLE_RATE: "1" };
  const workers: V4WorkerOptions[] = [
    siteWorker(env, { name: WORKERS.site, code: built, pageCache: "on", contentNamespace: CONTENT_NAMESPACE, writer: SITE_WRITER }),
    siteWorker(env, { name: WORKERS.siteNoCache, code: built, pageCache: "off", contentNamespace: CONTENT_NAMESPACE, writer: SITE_WRITER }),
    siteWorker(env, { name: WORKERS.siteCounted, code: counted, pageCache: "on", contentNamespace: CONTENT_NAMESPACE, vars: countedVars }),
    siteWorker(env, {
      name: WORKERS.siteCountedNoCache,
      code: counted,
      pageCache: "off",
      contentNamespace: CONTENT_NAMESPACE,
      writer: SITE_WRITER,
      vars: countedVars,
    }),
    ...(options.compareBundle
      ? await (async () => {
          const other = await builtModules(options.compareBundle as string);
          const otherLoop = await loopModules(options.compareBundle as string);
          const ownLoop = await loopModules(options.bundle);
          const copy = (name: string, code: typeof other, pageCache: "on" | "off") =>
            siteWorker(env, { name, code, pageCache, contentNamespace: CONTENT_NAMESPACE, writer: SITE_WRITER });
          return [
            copy(WORKERS.compare, other, "on"),
            copy(WORKERS.compareNoCache, other, "off"),
            copy(WORKERS.loop, ownLoop, "on"),
            copy(WORKERS.loopNoCache, ownLoop, "off"),
            copy(WORKERS.compareLoop, otherLoop, "on"),
            copy(WORKERS.compareLoopNoCache, otherLoop, "off"),
          ];
        })()
      : []),
    // Each archive has its own namespace, so its own writer.
    ...options.scaleSizes.map((n) =>
      siteWorker(env, { name: WORKERS.scale(n), code: counted, pageCache: "off", contentNamespace: SCALE_NAMESPACE(n), vars: countedVars }),
    ),
    // Also routed through Miniflare's entry worker, only to measure what that path costs (the entry part).
    { name: WORKERS.hello, ...runtime, ...DIRECT_SOCKET, modules: true, script: await workerSource("hello-world"), routes: [`${ENTRY_HELLO_HOST}/*`] },
    { name: WORKERS.kvValue, ...runtime, ...DIRECT_SOCKET, modules: true, script: await workerSource("kv-value"), kvNamespaces: { PAGES: "bench-pages" } },
    {
      name: WORKERS.loader,
      ...runtime,
      ...DIRECT_SOCKET,
      modules: true,
      script: await workerSource("kv-loader"),
      kvNamespaces: {
        PAGES: "bench-pages",
        ...Object.fromEntries(options.scaleSizes.map((n) => [SCALE_BINDING(n), SCALE_NAMESPACE(n)])),
      },
    },
  ];
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      ...(options.inspectorPort === undefined ? {} : { inspectorPort: options.inspectorPort }),
      // Miniflare's own per-request log line would be bench overhead that production does not have.
      logRequests: false,
      // The site's log lines still leave workerd (as they do in production); they are read and dropped
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

/** Every Worker's direct URL, by name. */
export async function directUrls(mf: Miniflare, names: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(names.map(async (name) => [name, (await mf.unsafeGetDirectURL(name)).href.replace(/\/$/, "")] as const));
  return Object.fromEntries(entries);
}

if (import.meta.main) {
  const options = JSON.parse(await readFile(process.argv[2] ?? "", "utf8")) as HostOptions;
  const mf = await startHost(options);
  const names = [
    ...Object.values(WORKERS).filter(
      (w): w is string => typeof w === "string" && (options.compareBundle !== undefined || !(w.startsWith("site-a") || w.startsWith("site-loop"))),
    ),
    ...options.scaleSizes.map(WORKERS.scale),
  ];
  const entry = (await mf.ready).href.replace(/\/$/, "");
  console.log(`READY ${JSON.stringify({ urls: await directUrls(mf, names), entry, pid: process.pid })}`);
  const stop = async () => {
    await mf.dispose();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

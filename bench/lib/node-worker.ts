// The built Worker run in Node against a KV namespace held in memory that behaves like Workers KV and
// counts every operation. It measures the site's own CPU per response and its KV operations without the
// local KV simulator's costs. The namespace is an archive's projection as the site's writer wrote it into
// workerd's local KV (loaded through the import API): read through the bench's loader Worker on first
// use and kept, so timed requests never leave Node. The Cache API is absent here, so every request renders.

import { registerHooks } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * The bundle imports the Durable Object base class from the runtime ("cloudflare:workers"); Node has no
 * such module, so it gets a stand-in (readers never construct the writer).
 */
const RUNTIME_STUB = `data:text/javascript,${encodeURIComponent(
  "export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }\nexport class WorkerEntrypoint {}\nexport class RpcTarget {}\nexport const env = {};\n",
)}`;
registerHooks({
  resolve(specifier, context, next) {
    return specifier === "cloudflare:workers" ? { url: RUNTIME_STUB, shortCircuit: true } : next(specifier, context);
  },
});

type Value = { value: Uint8Array; metadata: unknown };

/** The projection of one archive, as env.CONTENT, read through from workerd's local KV on first use. */
export class MemoryKv {
  readonly counts: Record<string, number> = {};
  readonly #values = new Map<string, Value | null>();
  readonly #source: { loaderUrl: string; binding: string };

  constructor(source: { loaderUrl: string; binding: string }) {
    this.#source = source;
  }

  private count(op: string): void {
    this.counts[op] = (this.counts[op] ?? 0) + 1;
  }

  resetCounts(): void {
    for (const key of Object.keys(this.counts)) delete this.counts[key];
  }

  /** Keys read so far (what the measured routes need of the archive). */
  get size(): number {
    return this.#values.size;
  }

  async #fetch(key: string): Promise<Value | null> {
    if (this.#values.has(key)) return this.#values.get(key) ?? null;
    const url = `${this.#source.loaderUrl}/get/${this.#source.binding}?key=${encodeURIComponent(key)}`;
    const found = await readStored(url);
    this.#values.set(key, found);
    return found;
  }

  private read(value: Value | null, type: unknown): unknown {
    if (!value) return null;
    const kind = typeof type === "string" ? type : ((type as { type?: string } | undefined)?.type ?? "text");
    if (kind === "arrayBuffer") return value.value.slice().buffer;
    const text = Buffer.from(value.value).toString("utf8");
    return kind === "json" ? JSON.parse(text) : text;
  }

  async get(key: string, type?: unknown): Promise<unknown> {
    this.count("get");
    return this.read(await this.#fetch(key), type);
  }

  async getWithMetadata(key: string, type?: unknown): Promise<{ value: unknown; metadata: unknown }> {
    this.count("getWithMetadata");
    const value = await this.#fetch(key);
    return { value: this.read(value, type), metadata: value?.metadata ?? null };
  }

  async list(): Promise<unknown> {
    // Readers never list the projection (docs/architecture.md); a list here would be a regression.
    this.count("list");
    return { keys: [], list_complete: true };
  }

  async put(): Promise<void> {
    throw new Error("readers never write to KV");
  }

  async delete(): Promise<void> {
    throw new Error("readers never write to KV");
  }
}

async function readStored(url: string): Promise<Value | null> {
  const reply = await fetch(url);
  if (reply.status === 404) return null;
  if (reply.status !== 200) throw new Error(`reading ${url} failed: ${reply.status}`);
  return { value: new Uint8Array(await reply.arrayBuffer()), metadata: JSON.parse(reply.headers.get("X-Metadata") ?? "null") };
}

type WorkerModule = { default: { fetch: (request: Request, env: unknown, ctx: unknown) => Promise<Response> } };

export interface NodeCost {
  /** Mean microseconds of Worker time per response (Node, no page cache). */
  us: number;
  status: number;
  bytes: number;
  kvOps: Record<string, number>;
}

/** Loads the built Worker (a fresh module instance per archive, so memoised config never leaks between them). */
export async function nodeWorker(bundle: string, bindings: Record<string, unknown>, kv: MemoryKv, instance: string) {
  const mod = (await import(`${pathToFileURL(bundle).href}?instance=${instance}`)) as WorkerModule;
  const env = { ...bindings, CONTENT: kv, PAGE_CACHE: "off" };
  const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };
  const call = async (url: string, headers: Record<string, string>) => {
    const response = await mod.default.fetch(new Request(url, { headers }), env, ctx);
    return { status: response.status, body: await response.text() };
  };
  return {
    /** Times `iterations` requests after two warm-up requests; KV operations are those of the last request. */
    async measure(url: string, headers: Record<string, string>, iterations: number): Promise<NodeCost> {
      // The request log line is the platform's job in production; printing it here would time the terminal.
      const { log, warn } = console;
      console.log = () => {};
      console.warn = () => {};
      try {
        return await this.run(url, headers, iterations);
      } finally {
        console.log = log;
        console.warn = warn;
      }
    },
    /** One request on this (fresh) instance: what a new isolate reads for the route (pointer and every blob). */
    async cold(url: string, headers: Record<string, string>): Promise<NodeCost> {
      const { log, warn } = console;
      console.log = () => {};
      console.warn = () => {};
      try {
        kv.resetCounts();
        const started = performance.now();
        const reply = await call(url, headers);
        return { us: (performance.now() - started) * 1000, status: reply.status, bytes: Buffer.byteLength(reply.body), kvOps: { ...kv.counts } };
      } finally {
        console.log = log;
        console.warn = warn;
      }
    },
    async run(url: string, headers: Record<string, string>, iterations: number): Promise<NodeCost> {
      await call(url, headers);
      await call(url, headers);
      const started = performance.now();
      for (let i = 0; i < iterations; i++) await call(url, headers);
      const us = ((performance.now() - started) / iterations) * 1000;
      kv.resetCounts();
      const last = await call(url, headers);
      return { us, status: last.status, bytes: Buffer.byteLength(last.body), kvOps: { ...kv.counts } };
    },
  };
}

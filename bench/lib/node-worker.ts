// The built Worker run in Node against an in-memory KV that behaves like Workers KV (sorted keys,
// prefix lists with limit and cursor, metadata) and counts every operation. It measures the site's own
// CPU per response and its KV operations without the local KV simulator's costs, which grow with the
// namespace (bench/lib/scale.ts shows both). The Cache API is absent here, so every request renders.

import { pathToFileURL } from "node:url";
import type { KvEntry } from "../../src/store/entries.ts";

type Value = { value: string | Uint8Array; metadata: unknown };

/** An in-memory KV namespace: what the Worker sees as env.CONTENT. */
export class MemoryKv {
  readonly counts: Record<string, number> = {};
  private readonly values = new Map<string, Value>();
  private sorted: string[] = [];

  constructor(entries: KvEntry[]) {
    for (const e of entries) this.values.set(e.key, { value: e.base64 ? Buffer.from(e.value, "base64") : e.value, metadata: e.metadata ?? null });
    this.sorted = [...this.values.keys()].sort();
  }

  private count(op: string): void {
    this.counts[op] = (this.counts[op] ?? 0) + 1;
  }

  resetCounts(): void {
    for (const key of Object.keys(this.counts)) delete this.counts[key];
  }

  private read(value: Value | undefined, type: unknown): unknown {
    if (!value) return null;
    const kind = typeof type === "string" ? type : ((type as { type?: string } | undefined)?.type ?? "text");
    const text = typeof value.value === "string" ? value.value : Buffer.from(value.value).toString("utf8");
    if (kind === "json") return JSON.parse(text);
    if (kind === "arrayBuffer") return typeof value.value === "string" ? new TextEncoder().encode(value.value).buffer : value.value.buffer;
    return text;
  }

  async get(key: string | string[], type?: unknown): Promise<unknown> {
    this.count("get");
    if (Array.isArray(key)) return new Map(key.map((k) => [k, this.read(this.values.get(k), type)]));
    return this.read(this.values.get(key), type);
  }

  async getWithMetadata(key: string, type?: unknown): Promise<{ value: unknown; metadata: unknown }> {
    this.count("getWithMetadata");
    const value = this.values.get(key);
    return { value: this.read(value, type), metadata: value?.metadata ?? null };
  }

  async list(options: { prefix?: string; limit?: number; cursor?: string } = {}): Promise<unknown> {
    this.count("list");
    const prefix = options.prefix ?? "";
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] ?? "") < prefix) lo = mid + 1;
      else hi = mid;
    }
    const start = options.cursor ? Number(options.cursor) : lo;
    const limit = options.limit ?? 1000;
    const keys: { name: string; metadata: unknown }[] = [];
    let i = start;
    for (; i < this.sorted.length && keys.length < limit; i++) {
      const name = this.sorted[i] ?? "";
      if (!name.startsWith(prefix)) break;
      keys.push({ name, metadata: this.values.get(name)?.metadata ?? undefined });
    }
    const more = i < this.sorted.length && (this.sorted[i] ?? "").startsWith(prefix);
    return more ? { keys, list_complete: false, cursor: String(i) } : { keys, list_complete: true };
  }

  async put(key: string, value: string, options?: { metadata?: unknown }): Promise<void> {
    this.count("put");
    if (!this.values.has(key)) this.sorted = [...this.sorted, key].sort();
    this.values.set(key, { value, metadata: options?.metadata ?? null });
  }

  async delete(key: string): Promise<void> {
    this.count("delete");
    this.values.delete(key);
    this.sorted = this.sorted.filter((k) => k !== key);
  }
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

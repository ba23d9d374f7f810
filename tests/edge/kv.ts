// Workers KV as the issue describes it, no kinder: a write reaches each other location after its own
// random delay (up to 60 s; at once where it was made), a location sees the newest write that has
// reached it, each location keeps what it read for max(cacheTtl, 30 s) (60 s without cacheTtl; misses
// too), one write per second per key (the next one within the second gets a 429), and list() lags like
// get(). Reads are taken when asked and delivered after a latency; writes land when they complete.

import type { VirtualClock } from "./clock.ts";
import { type Cause, OpCounter } from "./counters.ts";
import type { Random } from "./random.ts";

export const MAX_PROPAGATION_MS = 60_000;
const MIN_CACHE_TTL_S = 30;
const DEFAULT_CACHE_TTL_S = 60;
const SAME_KEY_INTERVAL_MS = 1_000;

type Stored = string | Uint8Array;

interface Write {
  id: number;
  landed: number;
  value: Stored | null;
  metadata: unknown;
  /** When it reaches each location. */
  arrivals: Map<string, number>;
}

interface CachedRead {
  value: Stored | null;
  metadata: unknown;
  expires: number;
}

export interface Latency {
  read(random: Random): number;
  write(random: Random): number;
}

/** Mostly a few milliseconds, sometimes a slow read; writes go to the central store and back. */
export const EDGE_LATENCY: Latency = {
  read: (r) => (r.chance(0.7) ? r.between(1, 10) : r.chance(0.85) ? r.between(10, 60) : r.between(60, 400)),
  write: (r) => r.between(30, 250),
};

type GetType = "text" | "json" | "arrayBuffer" | "stream";

function optionsOf(options: unknown): { type: GetType; cacheTtl: number | undefined } {
  if (typeof options === "string") return { type: options as GetType, cacheTtl: undefined };
  const o = (options ?? {}) as { type?: GetType; cacheTtl?: number };
  return { type: o.type ?? "text", cacheTtl: o.cacheTtl };
}

function bytesOf(value: Stored): Uint8Array {
  return typeof value === "string" ? new TextEncoder().encode(value) : value;
}

function convert(value: Stored | null, type: GetType): unknown {
  if (value === null) return null;
  switch (type) {
    case "text":
      return typeof value === "string" ? value : new TextDecoder().decode(value);
    case "json":
      return JSON.parse(typeof value === "string" ? value : new TextDecoder().decode(value));
    case "arrayBuffer":
      return bytesOf(value).slice().buffer;
    case "stream":
      return new Response(bytesOf(value).slice()).body;
  }
}

async function storedOf(value: unknown): Promise<Stored> {
  if (typeof value === "string") return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  if (value instanceof ReadableStream) return new Uint8Array(await new Response(value).arrayBuffer());
  throw new TypeError("KV put: unsupported value type");
}

export class KvStore {
  readonly counter = new OpCounter();
  readonly #clock: VirtualClock;
  readonly #random: Random;
  readonly #latency: Latency;
  readonly #locations: readonly string[];
  readonly #writes = new Map<string, Write[]>();
  readonly #lastWrite = new Map<string, number>();
  readonly #caches = new Map<string, Map<string, CachedRead>>();
  readonly #failingReads = new Set<string>();
  #nextId = 1;
  /** A scenario's own delay for a write of `key` to reach `location` (undefined: drawn at random). */
  delayOverride: ((key: string, location: string) => number | undefined) | undefined;
  /** A scenario's own latency for the next reads (undefined: drawn at random). */
  readLatencyOverride: ((key: string, location: string) => number | undefined) | undefined;
  /** Writes KV refused with 429, by key (the writer must never need many). */
  readonly refused = new Map<string, number>();

  constructor(clock: VirtualClock, random: Random, locations: readonly string[], latency: Latency = EDGE_LATENCY) {
    this.#clock = clock;
    this.#random = random;
    this.#latency = latency;
    this.#locations = locations;
    for (const l of locations) this.#caches.set(l, new Map());
  }

  /** A location's reads throw (an outage there) until `failReads(location, false)`. */
  failReads(location: string, failing = true): void {
    if (failing) this.#failingReads.add(location);
    else this.#failingReads.delete(location);
  }

  /** The KV binding as a Worker at `location` sees it. */
  binding(location: string): KVNamespace {
    if (!this.#caches.has(location)) throw new Error(`unknown location ${location}`);
    const ns = {
      get: (key: string, options?: unknown) => this.#get(location, key, options).then((r) => r.value),
      getWithMetadata: (key: string, options?: unknown) => this.#get(location, key, options).then((r) => ({ ...r, cacheStatus: null })),
      put: (key: string, value: unknown, options?: { metadata?: unknown }) => this.#write(location, key, value, options?.metadata),
      delete: (key: string) => this.#write(location, key, null, undefined),
      list: (options?: { prefix?: string; limit?: number; cursor?: string }) => this.#list(location, options ?? {}),
    };
    return ns as unknown as KVNamespace;
  }

  /** The newest write of `key` that has reached `location` by now (null: none, or a delete). */
  view(location: string, key: string): { value: Stored | null; metadata: unknown } {
    const writes = this.#writes.get(key) ?? [];
    const now = this.#clock.now;
    for (let i = writes.length - 1; i >= 0; i--) {
      const w = writes[i] as Write;
      if ((w.arrivals.get(location) ?? Number.POSITIVE_INFINITY) <= now) return { value: w.value, metadata: w.metadata };
    }
    return { value: null, metadata: null };
  }

  /** Until when `location` keeps what it last read of `key` (undefined: nothing kept now). */
  cachedUntil(location: string, key: string): number | undefined {
    const cached = this.#caches.get(location)?.get(key);
    return cached && cached.expires > this.#clock.now ? cached.expires : undefined;
  }

  /** The newest value written, wherever it has got to (what the central store holds). */
  latest(key: string): Stored | null {
    return this.#writes.get(key)?.at(-1)?.value ?? null;
  }

  /** When each write of `key` landed and reached each location (for explaining a failure). */
  history(key: string): { at: number; value: Stored | null; arrivals: Map<string, number> }[] {
    return (this.#writes.get(key) ?? []).map((w) => ({ at: w.landed, value: w.value, arrivals: w.arrivals }));
  }

  /** Every key that holds a value centrally, for the budget's size figures. */
  keys(): string[] {
    return [...this.#writes.keys()].filter((k) => this.latest(k) !== null);
  }

  #propagation(): number {
    // The bound itself comes up often: the tails are where guarantees break.
    const r = this.#random.next();
    if (r < 0.25) return MAX_PROPAGATION_MS;
    if (r < 0.35) return this.#random.between(0, 1_000);
    return this.#random.between(0, MAX_PROPAGATION_MS);
  }

  async #get(location: string, key: string, options: unknown): Promise<{ value: unknown; metadata: unknown }> {
    this.counter.record("get", location);
    const { type, cacheTtl } = optionsOf(options);
    const failing = this.#failingReads.has(location);
    let read: { value: Stored | null; metadata: unknown } | undefined;
    if (!failing) {
      const cache = this.#caches.get(location) as Map<string, CachedRead>;
      const cached = cache.get(key);
      if (cached && cached.expires > this.#clock.now) read = cached;
      else {
        read = this.view(location, key);
        const ttl = cacheTtl === undefined ? DEFAULT_CACHE_TTL_S : Math.max(MIN_CACHE_TTL_S, cacheTtl);
        cache.set(key, { ...read, expires: this.#clock.now + ttl * 1000 });
      }
    }
    await this.#clock.sleep(this.readLatencyOverride?.(key, location) ?? this.#latency.read(this.#random));
    if (!read) throw new Error(`KV GET failed: 503 Service Unavailable (simulated outage at ${location})`);
    return { value: convert(read.value, type), metadata: read.value === null ? null : (read.metadata ?? null) };
  }

  async #write(location: string, key: string, value: unknown, metadata: unknown): Promise<void> {
    this.counter.record(value === null ? "delete" : "put", location);
    const stored = value === null ? null : await storedOf(value);
    await this.#clock.sleep(this.#latency.write(this.#random));
    const now = this.#clock.now;
    const last = this.#lastWrite.get(key);
    if (last !== undefined && now - last < SAME_KEY_INTERVAL_MS) {
      this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
      throw new Error(`KV ${value === null ? "DELETE" : "PUT"} failed: 429 Too Many Requests (one write per second per key: ${key})`);
    }
    this.#lastWrite.set(key, now);
    const arrivals = new Map(this.#locations.map((l) => [l, l === location ? now : now + (this.delayOverride?.(key, l) ?? this.#propagation())]));
    const writes = this.#writes.get(key) ?? [];
    writes.push({ id: this.#nextId++, landed: now, value: stored, metadata: metadata ?? null, arrivals });
    this.#writes.set(key, writes);
  }

  async #list(location: string, options: { prefix?: string; limit?: number; cursor?: string }) {
    this.counter.record("list", location);
    const failing = this.#failingReads.has(location);
    const names = failing
      ? []
      : [...this.#writes.keys()]
          .filter((k) => k.startsWith(options.prefix ?? "") && this.view(location, k).value !== null)
          .sort()
          .map((name) => ({ name, metadata: this.view(location, name).metadata ?? undefined }));
    await this.#clock.sleep(this.#latency.read(this.#random));
    if (failing) throw new Error(`KV LIST failed: 503 Service Unavailable (simulated outage at ${location})`);
    const start = Number(options.cursor ?? 0) || 0;
    const limit = Math.min(1000, options.limit ?? 1000);
    const page = names.slice(start, start + limit);
    const complete = start + limit >= names.length;
    return complete
      ? { keys: page, list_complete: true, cacheStatus: null }
      : { keys: page, list_complete: false, cursor: String(start + limit), cacheStatus: null };
  }

  /** Operations so far by `cause`, summed over locations. */
  operations(cause?: Cause): { get: number; put: number; delete: number; list: number } {
    const c = cause === undefined ? {} : { cause };
    return {
      get: this.counter.count({ op: "get", ...c }),
      put: this.counter.count({ op: "put", ...c }),
      delete: this.counter.count({ op: "delete", ...c }),
      list: this.counter.count({ op: "list", ...c }),
    };
  }
}

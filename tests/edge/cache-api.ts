// The Cache API of one data centre (caches.default and named caches), shared by its isolates: a Map
// keyed by URL that keeps a response for its Cache-Control max-age on the virtual clock, and refuses
// what the runtime refuses to store (no-store, private, Set-Cookie, 206).

import type { VirtualClock } from "./clock.ts";
import type { Random } from "./random.ts";

interface Entry {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: Uint8Array;
  expires: number;
}

/** Cloudflare's edge keeps a 200 without Cache-Control this long. */
const DEFAULT_TTL_S = 7_200;

function keyOf(request: RequestInfo | URL): string {
  if (typeof request === "string") return new URL(request).href;
  if (request instanceof URL) return request.href;
  return request.url;
}

/** Seconds to keep a response, or undefined when it must not be stored. */
function ttlOf(headers: Headers): number | undefined {
  const control = (headers.get("Cache-Control") ?? "").toLowerCase();
  if (/(^|,)\s*(no-store|private|no-cache)\s*(,|$)/.test(control)) return undefined;
  if (headers.has("Set-Cookie")) return undefined;
  const shared = /s-maxage\s*=\s*(\d+)/.exec(control) ?? /max-age\s*=\s*(\d+)/.exec(control);
  if (shared) return Number(shared[1]);
  return DEFAULT_TTL_S;
}

export class SimCache {
  readonly #clock: VirtualClock;
  readonly #random: Random;
  readonly #entries = new Map<string, Entry>();
  matches = 0;
  puts = 0;

  constructor(clock: VirtualClock, random: Random) {
    this.#clock = clock;
    this.#random = random;
  }

  #latency(): Promise<void> {
    return this.#clock.sleep(this.#random.between(0.2, 3));
  }

  async match(request: RequestInfo | URL): Promise<Response | undefined> {
    this.matches++;
    const key = keyOf(request);
    const entry = this.#entries.get(key);
    const live = entry && entry.expires > this.#clock.now ? entry : undefined;
    if (entry && !live) this.#entries.delete(key);
    await this.#latency();
    if (!live) return undefined;
    return new Response(live.body.slice(), { status: live.status, statusText: live.statusText, headers: live.headers });
  }

  async put(request: RequestInfo | URL, response: Response): Promise<void> {
    this.puts++;
    if (response.status === 206) throw new TypeError("Cache.put: partial responses cannot be cached");
    if (response.headers.get("Vary")?.includes("*")) throw new TypeError("Cache.put: Vary: * cannot be cached");
    const key = keyOf(request);
    const body = new Uint8Array(await response.arrayBuffer());
    const ttl = ttlOf(response.headers);
    await this.#latency();
    if (ttl === undefined || ttl <= 0) return;
    this.#entries.set(key, {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers],
      body,
      expires: this.#clock.now + ttl * 1000,
    });
  }

  async delete(request: RequestInfo | URL): Promise<boolean> {
    const existed = this.#entries.delete(keyOf(request));
    await this.#latency();
    return existed;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** `caches` as the isolates of one data centre see it. */
export class DataCentreCaches {
  readonly default: SimCache;
  readonly #named = new Map<string, SimCache>();
  readonly #clock: VirtualClock;
  readonly #random: Random;

  constructor(clock: VirtualClock, random: Random) {
    this.#clock = clock;
    this.#random = random;
    this.default = new SimCache(clock, random);
  }

  async open(name: string): Promise<SimCache> {
    let cache = this.#named.get(name);
    if (!cache) {
      cache = new SimCache(this.#clock, this.#random);
      this.#named.set(name, cache);
    }
    return cache;
  }
}

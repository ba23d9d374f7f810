// The simulated world a scenario runs in: a few data centres, each with its isolates (each its own
// evaluation of the production bundle), its Cache API and its KV location; one Durable Object writer at
// one of them; the cron; one virtual clock and one seeded generator for every delay and choice.

import { continentOf } from "../../src/policy/countries.ts";
import { DataCentreCaches } from "./cache-api.ts";
import { VirtualClock } from "./clock.ts";
import { type Cause, withCause } from "./counters.ts";
import { DurableObjectHost } from "./durable-object.ts";
import type { WorkerBundle } from "./bundle.ts";
import { type LogLevel, type WorkerModule, loadWorker } from "./isolate.ts";
import { KvStore } from "./kv.ts";
import { Random } from "./random.ts";

export const TOKEN = "edge-simulation-token-0123456789abcdef";
export const PRIMARY = "www.meridian-courier.example";
export const ORIGIN = `https://${PRIMARY}`;

const DATA_CENTRES = ["AMS", "SIN", "IAD", "FRA", "NRT", "GRU", "JNB"];

export interface WorldOptions {
  seed: number;
  bundle: WorkerBundle;
  /** How many data centres (default: 3 to 5, drawn). */
  dataCentres?: number;
  /** Isolates per data centre (default: 2 or 3, drawn per data centre). */
  isolates?: number;
  /** The chance that a request meets a freshly started isolate (the one it lands on is replaced). */
  coldStarts?: number;
}

export interface Isolate {
  id: string;
  dc: DataCentre;
  worker: WorkerModule;
  env: object;
}

export interface DataCentre {
  name: string;
  caches: DataCentreCaches;
  isolates: Isolate[];
  started: number;
}

export interface RequestSpec {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** request.cf.country (and its continent). */
  country?: string;
}

/** One request and its answer, as the simulation saw it. */
export interface Exchange {
  dc: string;
  isolate: string;
  cause: Cause;
  method: string;
  url: string;
  country: string | undefined;
  sent: number;
  done: number;
  status: number;
  headers: Headers;
  body: string;
}

export interface LogLine {
  at: number;
  where: string;
  level: LogLevel;
  text: string;
}

const allowAll = { limit: async () => ({ success: true }) };

export class World {
  readonly seed: number;
  readonly random: Random;
  readonly clock: VirtualClock;
  readonly kv: KvStore;
  readonly dataCentres: DataCentre[];
  readonly writer: DurableObjectHost;
  readonly writerDc: DataCentre;
  readonly logs: LogLine[] = [];
  /** Errors of background work (waitUntil, the cron, alarms): a healthy run has none. */
  readonly backgroundErrors: unknown[] = [];
  readonly #bundle: WorkerBundle;
  readonly #coldStarts: number;
  readonly #listeners: ((exchange: Exchange) => void)[] = [];
  readonly #background = new Set<Promise<unknown>>();
  #cron = false;

  constructor(options: WorldOptions) {
    this.seed = options.seed;
    this.random = new Random(options.seed);
    this.#bundle = options.bundle;
    this.#coldStarts = options.coldStarts ?? 0.02;
    // A November 2026 morning, some hours and seconds in: the seed's stories are from the weeks before.
    this.clock = new VirtualClock(Date.UTC(2026, 10, 25, 6, 0, 0) + Math.floor(this.random.between(0, 6 * 3600_000)));
    const count = options.dataCentres ?? this.random.int(3, 5);
    const names = this.random.shuffle(DATA_CENTRES).slice(0, count);
    this.kv = new KvStore(this.clock, this.random.fork("kv"), names);
    this.dataCentres = names.map((name) => ({ name, caches: new DataCentreCaches(this.clock, this.random.fork(`cache ${name}`)), isolates: [], started: 0 }));
    this.writerDc = this.random.pick(this.dataCentres);
    const writerRandom = this.random.fork("writer");
    this.writer = new DurableObjectHost({
      location: this.writerDc.name,
      clock: this.clock,
      random: writerRandom,
      load: () =>
        loadWorker(this.#bundle.code, { clock: this.clock, random: writerRandom, caches: undefined, log: (level, text) => this.#log("writer", level, text) }),
      env: () => this.#env(this.writerDc.name),
    });
    for (const dc of this.dataCentres) {
      const n = options.isolates ?? this.random.int(2, 3);
      for (let i = 0; i < n; i++) dc.isolates.push(this.#startIsolate(dc));
    }
  }

  #env(location: string): object {
    return {
      ...structuredClone(this.#bundle.vars),
      ADMIN_TOKEN: TOKEN,
      CONTENT: this.kv.binding(location),
      NEWSROOM: this.writer.namespace(location),
      API_LIMITER: allowAll,
      API_AUTH_LIMITER: allowAll,
    };
  }

  #log(where: string, level: LogLevel, text: string): void {
    this.logs.push({ at: this.clock.now, where, level, text });
    if (this.logs.length > 4000) this.logs.splice(0, 1000);
  }

  #startIsolate(dc: DataCentre): Isolate {
    const id = `${dc.name}#${++dc.started}`;
    const random = this.random.fork(id);
    const worker = loadWorker(this.#bundle.code, { clock: this.clock, random, caches: dc.caches, log: (level, text) => this.#log(id, level, text) });
    return { id, dc, worker, env: this.#env(dc.name) };
  }

  /** The Worker's vars (wrangler.toml, top level). */
  get vars(): Record<string, unknown> {
    return this.#bundle.vars;
  }

  dataCentre(name: string): DataCentre {
    const dc = this.dataCentres.find((d) => d.name === name);
    if (!dc) throw new Error(`no data centre ${name}`);
    return dc;
  }

  /** Replaces one isolate of a data centre with a fresh one (eviction, then a cold start). */
  coldStart(dc: DataCentre, index = this.random.int(0, dc.isolates.length - 1)): Isolate {
    const isolate = this.#startIsolate(dc);
    dc.isolates[index] = isolate;
    return isolate;
  }

  #pickIsolate(dc: DataCentre): Isolate {
    const index = this.random.int(0, dc.isolates.length - 1);
    if (this.random.chance(this.#coldStarts)) return this.coldStart(dc, index);
    return dc.isolates[index] as Isolate;
  }

  #exec(): ExecutionContext {
    return { waitUntil: (p: Promise<unknown>) => this.track(p), passThroughOnException: () => undefined, props: {} } as unknown as ExecutionContext;
  }

  /** Keeps background work (waitUntil, the cron, alarms) running and its errors recorded. */
  track(promise: Promise<unknown>): void {
    const tracked = promise
      .catch((error: unknown) => {
        this.backgroundErrors.push(error);
      })
      .finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  onExchange(listener: (exchange: Exchange) => void): void {
    this.#listeners.push(listener);
  }

  /** A request through one isolate of `dc` (chosen at random unless given); resolves as virtual time passes. */
  async fetch(dc: DataCentre, spec: RequestSpec, cause: Cause = "reader", through?: Isolate): Promise<Exchange> {
    const isolate = through ?? this.#pickIsolate(dc);
    const sent = this.clock.now;
    const method = spec.method ?? "GET";
    const request = new Request(spec.url, {
      method,
      headers: spec.headers ?? {},
      redirect: "manual",
      ...(spec.body !== undefined ? { body: spec.body } : {}),
    });
    const continent = spec.country ? continentOf(spec.country) : undefined;
    Object.defineProperty(request, "cf", { value: { colo: dc.name, ...(spec.country ? { country: spec.country } : {}), ...(continent ? { continent } : {}) } });
    const { response, body } = await withCause(cause, async () => {
      const response = await isolate.worker.default.fetch(request, isolate.env, this.#exec());
      return { response, body: await response.text() };
    });
    const exchange: Exchange = {
      dc: dc.name,
      isolate: isolate.id,
      cause,
      method,
      url: spec.url,
      country: spec.country,
      sent,
      done: this.clock.now,
      status: response.status,
      headers: response.headers,
      body,
    };
    for (const listener of this.#listeners) listener(exchange);
    return exchange;
  }

  /** Runs `promise` to completion, moving virtual time on as it needs. */
  settle<T>(promise: Promise<T>): Promise<T> {
    return this.clock.settle(promise);
  }

  request(dc: DataCentre, spec: RequestSpec, cause: Cause = "reader"): Promise<Exchange> {
    return this.settle(this.fetch(dc, spec, cause));
  }

  /** An editor's API request (the site's token) at `dc` (through `through` if given), not waited for. */
  sendApi(dc: DataCentre, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, through?: Isolate): Promise<Exchange> {
    const json = body !== undefined && !(body instanceof Uint8Array);
    return this.fetch(
      dc,
      {
        url: `${ORIGIN}${path}`,
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, ...(json ? { "Content-Type": "application/json" } : {}), ...headers },
        ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as Uint8Array) }),
      },
      "editor",
      through,
    );
  }

  api(dc: DataCentre, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Exchange> {
    return this.settle(this.sendApi(dc, method, path, body, headers));
  }

  advance(ms: number): Promise<void> {
    return this.clock.advance(ms);
  }

  advanceTo(at: number): Promise<void> {
    return this.clock.advanceTo(at);
  }

  /** The cron trigger, every minute at :00 (plus up to 2 s), handled by an isolate of a random data centre. */
  startCron(): void {
    if (this.#cron) return;
    this.#cron = true;
    const next = () => {
      const minute = (Math.floor(this.clock.now / 60_000) + 1) * 60_000;
      this.clock.setTimeout(
        () => {
          const dc = this.random.pick(this.dataCentres);
          const isolate = this.#pickIsolate(dc);
          const controller = { cron: "* * * * *", scheduledTime: minute, noRetry: () => undefined } as unknown as ScheduledController;
          this.track(withCause("cron", () => isolate.worker.default.scheduled(controller, isolate.env, this.#exec())));
          next();
        },
        minute + this.random.between(0, 2_000) - this.clock.now,
      );
    };
    withCause("cron", next);
  }

  /** Waits (in virtual time) until no background work is left but the cron's next pass. */
  async idle(): Promise<void> {
    while (this.#background.size > 0) await this.settle(Promise.all([...this.#background]));
  }

  /** The last warnings and errors the isolates logged, for a failure message. */
  recentTrouble(n = 15): string {
    return this.logs
      .filter((l) => l.level === "warn" || l.level === "error")
      .slice(-n)
      .map((l) => `${new Date(l.at).toISOString()} ${l.where} ${l.level}: ${l.text.slice(0, 300)}`)
      .join("\n");
  }
}

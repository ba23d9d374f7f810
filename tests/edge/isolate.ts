// One simulated isolate: the production bundle evaluated afresh, with the globals it uses shadowed by
// the simulation's (virtual Date and timers, the data centre's caches, a seeded Math.random and
// crypto), so module-level memos (the pointer, blobs, pages) belong to this isolate alone. As in
// workerd, Date.now() is 0 while the module loads.

import { createHash, timingSafeEqual, webcrypto } from "node:crypto";
import type { DataCentreCaches } from "./cache-api.ts";
import type { VirtualClock } from "./clock.ts";
import type { Random } from "./random.ts";

export interface WorkerModule {
  default: {
    fetch(request: Request, env: object, ctx: ExecutionContext): Promise<Response>;
    scheduled(controller: ScheduledController, env: object, ctx: ExecutionContext): Promise<void>;
  };
  Newsroom: new (ctx: object, env: object) => object;
}

export type LogLevel = "log" | "info" | "debug" | "warn" | "error";

export interface IsolateRuntime {
  clock: VirtualClock;
  random: Random;
  /** The data centre's caches (undefined: no Cache API, as in a Durable Object that does not use it). */
  caches: DataCentreCaches | undefined;
  log: (level: LogLevel, text: string) => void;
}

const SHADOWED = ["Date", "caches", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "console", "crypto", "Math", "performance"] as const;

type Factory = (module: { exports: Record<string, unknown> }, exports: Record<string, unknown>, ...globals: unknown[]) => void;
const factories = new Map<string, Factory>();

/** Compiled once per bundle text; each call of the factory is a fresh module instance. */
function factoryOf(code: string): Factory {
  let factory = factories.get(code);
  if (!factory) {
    factory = new Function("module", "exports", ...SHADOWED, code) as Factory;
    factories.set(code, factory);
  }
  return factory;
}

function dateClass(now: () => number): DateConstructor {
  const Real = Date;
  function SimDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new Real(now()).toString();
    return args.length === 0 ? new Real(now()) : new Real(...(args as [number]));
  }
  SimDate.now = now;
  SimDate.parse = Real.parse;
  SimDate.UTC = Real.UTC;
  SimDate.prototype = Real.prototype;
  return SimDate as unknown as DateConstructor;
}

function bytesOf(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError("expected an ArrayBuffer or a view of one");
}

/**
 * Web Crypto as the Worker uses it, answered at once (Node's digest runs on its thread pool, which
 * would let real time into a virtual-time run), plus workerd's timingSafeEqual, which Node lacks.
 */
function cryptoOf(random: Random): Crypto {
  const subtle = {
    digest: async (algorithm: string | { name: string }, data: unknown) => {
      const name = (typeof algorithm === "string" ? algorithm : algorithm.name).replace("-", "").toLowerCase();
      const digest = createHash(name).update(bytesOf(data)).digest();
      return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength);
    },
    timingSafeEqual: (a: unknown, b: unknown) => {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.byteLength !== y.byteLength) throw new TypeError("timingSafeEqual: inputs differ in length");
      return timingSafeEqual(x, y);
    },
  };
  const delegated = new Proxy(subtle, {
    get(target, prop) {
      if (prop in target) return target[prop as keyof typeof target];
      const real = webcrypto.subtle as unknown as Record<string | symbol, unknown>;
      const value = real[prop];
      return typeof value === "function" ? value.bind(webcrypto.subtle) : value;
    },
  });
  return {
    subtle: delegated,
    randomUUID: () => random.uuid(),
    getRandomValues: <T extends ArrayBufferView | null>(array: T): T => {
      if (array) random.fill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      return array;
    },
  } as unknown as Crypto;
}

function consoleOf(log: IsolateRuntime["log"]): Console {
  const line =
    (level: LogLevel) =>
    (...args: unknown[]) =>
      log(level, args.map((a) => (typeof a === "string" ? a : String(a))).join(" "));
  return { log: line("log"), info: line("info"), debug: line("debug"), warn: line("warn"), error: line("error") } as unknown as Console;
}

/** Evaluates the bundle as a new isolate would: its own module state, its own globals. */
export function loadWorker(code: string, runtime: IsolateRuntime): WorkerModule {
  const { clock, random } = runtime;
  let loading = true;
  const now = () => (loading ? 0 : clock.now);
  const intervals = new Map<object, boolean>();
  const setIntervalSim = (callback: () => void, ms: number) => {
    const handle = {};
    intervals.set(handle, true);
    const tick = () => {
      if (!intervals.get(handle)) return;
      callback();
      clock.setTimeout(tick, ms);
    };
    clock.setTimeout(tick, ms);
    return handle;
  };
  const globals: Record<(typeof SHADOWED)[number], unknown> = {
    Date: dateClass(now),
    caches: runtime.caches,
    setTimeout: (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => clock.setTimeout(callback, ms, ...args),
    clearTimeout: (timer: unknown) => clock.clearTimeout(timer),
    setInterval: setIntervalSim,
    clearInterval: (handle: object) => intervals.set(handle, false),
    console: consoleOf(runtime.log),
    crypto: cryptoOf(random),
    Math: Object.create(Math, { random: { value: () => random.next() } }),
    performance: { now: () => now(), timeOrigin: 0 },
  };
  const module: { exports: Record<string, unknown> } = { exports: {} };
  try {
    factoryOf(code)(module, module.exports, ...SHADOWED.map((name) => globals[name]));
  } finally {
    loading = false;
  }
  return module.exports as unknown as WorkerModule;
}

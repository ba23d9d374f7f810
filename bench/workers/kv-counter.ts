// Wraps the site so what its work costs besides CPU is counted: KV operations, Durable Object requests
// (every RPC call on a stub, and every alarm), the writer's active wall time, its SQLite rows read and
// written (and alarms set, billed as one row each), Analytics Engine data points and console lines.
// The writer (the Newsroom Durable Object) runs in this Worker's isolate, so one set of running totals
// covers the Worker and its writer; each response carries what its request added (X-Bench-Usage, JSON,
// background work included), and the bench reads the totals before and after anything else it does
// (a publish, then the alarm that writes its pointer). Bench paths, never routed to the site:
//   GET /__bench/usage      the running totals
//   GET /__bench/scheduled  runs the scheduled handler (?cron=..., default the minute pass), counted
//   GET /__bench/writer     the writer's health and SQLite database size, not counted
// Used only by the bench's counting copies of the site, never for throughput figures.

export interface Totals {
  kv: Record<string, number>;
  doRequests: number;
  doAlarms: number;
  doMs: number;
  rowsRead: number;
  rowsWritten: number;
  alarmsSet: number;
  aePoints: number;
  logEvents: number;
  logBytes: number;
  /** Of logEvents: sampled per-request info lines ("message":"request"), which LOG_SAMPLE_RATE thins out. */
  requestLogEvents: number;
}

type Env = Record<string, unknown>;
type Handler = {
  fetch?: (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;
  scheduled?: (controller: ScheduledController, env: Env, ctx: ExecutionContext) => void | Promise<void>;
};
type NewsroomClass = new (ctx: DurableObjectState, env: Env) => object;

const KV_COUNTED = ["get", "getWithMetadata", "list", "put", "delete"];
const LOG_METHODS = ["log", "info", "warn", "error", "debug"] as const;
/** The writer's name (src/publish/stub.ts WRITER): the bench asks it for its health without counting. */
const WRITER = "newsroom";
const PREFIX = "/__bench/";

const totals: Totals = {
  kv: {},
  doRequests: 0,
  doAlarms: 0,
  doMs: 0,
  rowsRead: 0,
  rowsWritten: 0,
  alarmsSet: 0,
  aePoints: 0,
  logEvents: 0,
  logBytes: 0,
  requestLogEvents: 0,
};
/** While above zero, the writer's SQL is the bench's own (its health question) and not counted. */
let uncounted = 0;
/** Cursors whose rows are not in the totals yet (a cursor's counts grow as it is read). */
let openCursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];

function settleCursors(): void {
  for (const cursor of openCursors) {
    totals.rowsRead += cursor.rowsRead;
    totals.rowsWritten += cursor.rowsWritten;
  }
  openCursors = [];
}

function snapshot(): Totals {
  settleCursors();
  return { ...totals, kv: { ...totals.kv } };
}

function difference(after: Totals, before: Totals): Totals {
  const kv: Record<string, number> = {};
  for (const op of KV_COUNTED) kv[op] = (after.kv[op] ?? 0) - (before.kv[op] ?? 0);
  const out = { ...after, kv };
  for (const key of Object.keys(after) as (keyof Totals)[]) {
    if (key !== "kv") out[key] = after[key] - before[key];
  }
  return out;
}

// Console lines are counted for the whole isolate, the writer's included.
for (const method of LOG_METHODS) {
  const original = console[method];
  console[method] = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    totals.logEvents++;
    totals.logBytes += new TextEncoder().encode(text).byteLength;
    if (text.includes('"message":"request"')) totals.requestLogEvents++;
    original.apply(console, args);
  };
}

function countingKv(namespace: KVNamespace): KVNamespace {
  return new Proxy(namespace, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function" || typeof property !== "string" || !KV_COUNTED.includes(property)) return value;
      return (...args: unknown[]) => {
        totals.kv[property] = (totals.kv[property] ?? 0) + 1;
        return Reflect.apply(value, target, args);
      };
    },
  });
}

/** A stub whose every method call is one billed Durable Object request (an RPC session). */
function countingStub(stub: DurableObjectStub): DurableObjectStub {
  return new Proxy(stub, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        totals.doRequests++;
        return Reflect.apply(value, target, args);
      };
    },
  });
}

function countingNamespace(namespace: DurableObjectNamespace): DurableObjectNamespace {
  return new Proxy(namespace, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "get" || property === "getByName") return (...args: unknown[]) => countingStub(Reflect.apply(value, target, args) as DurableObjectStub);
      return (...args: unknown[]) => Reflect.apply(value, target, args);
    },
  });
}

function countingDataset(dataset: AnalyticsEngineDataset): AnalyticsEngineDataset {
  return {
    writeDataPoint(point?: AnalyticsEngineDataPoint) {
      totals.aePoints++;
      dataset.writeDataPoint(point);
    },
  };
}

/** The site's env with every billed binding counted. */
function counted(env: Env): Env {
  const out: Env = { ...env };
  if (env.CONTENT) out.CONTENT = countingKv(env.CONTENT as KVNamespace);
  if (env.NEWSROOM) out.NEWSROOM = countingNamespace(env.NEWSROOM as DurableObjectNamespace);
  if (env.REQUESTS) out.REQUESTS = countingDataset(env.REQUESTS as AnalyticsEngineDataset);
  return out;
}

/** Runs one invocation with counted bindings, waits for its background work, and reports what it added. */
async function measured(env: Env, ctx: ExecutionContext, run: (env: Env, ctx: ExecutionContext) => Promise<Response>): Promise<Response> {
  const before = snapshot();
  const pending: Promise<unknown>[] = [];
  const background = {
    waitUntil: (promise: Promise<unknown>) => {
      pending.push(promise);
      ctx.waitUntil(promise);
    },
    passThroughOnException: () => ctx.passThroughOnException(),
    props: ctx.props,
  } as ExecutionContext;
  const response = await run(counted(env), background);
  const body = await response.arrayBuffer();
  await Promise.allSettled(pending);
  const out = new Response(response.status === 304 || response.status === 204 ? null : body, response);
  out.headers.set("X-Bench-Usage", JSON.stringify(difference(snapshot(), before)));
  return out;
}

type WriterStub = DurableObjectStub & { benchWriter(): Promise<unknown> };

export function countUsage(worker: Handler): ExportedHandler<Env> {
  return {
    async fetch(request, env, ctx) {
      const url = new URL(request.url);
      if (url.pathname.startsWith(PREFIX)) {
        const what = url.pathname.slice(PREFIX.length);
        if (what === "usage") return Response.json(snapshot());
        if (what === "writer") {
          const namespace = env.NEWSROOM as DurableObjectNamespace;
          return Response.json(await (namespace.get(namespace.idFromName(WRITER)) as WriterStub).benchWriter());
        }
        if (what === "scheduled") {
          const controller = { scheduledTime: Date.now(), cron: url.searchParams.get("cron") ?? "* * * * *", noRetry: () => {} } as ScheduledController;
          return measured(env, ctx, async (countedEnv, countedCtx) => {
            await worker.scheduled?.(controller, countedEnv, countedCtx);
            return new Response("scheduled handler ran\n");
          });
        }
        return new Response("unknown bench path\n", { status: 404 });
      }
      return measured(env, ctx, async (countedEnv, countedCtx) => (worker.fetch as NonNullable<Handler["fetch"]>)(request, countedEnv, countedCtx));
    },
    scheduled(controller, env, ctx) {
      return worker.scheduled?.(controller, counted(env), ctx);
    },
  };
}

/** Counts the rows every SQL statement reads and writes, and every alarm set (billed as a row written). */
function countStorage(ctx: DurableObjectState): void {
  const storage = ctx.storage;
  const sql = storage.sql;
  const exec = sql.exec.bind(sql);
  sql.exec = ((query: string, ...bindings: SqlStorageValue[]) => {
    const cursor = exec(query, ...bindings);
    if (uncounted === 0) openCursors.push(cursor);
    return cursor;
  }) as SqlStorage["exec"];
  const setAlarm = storage.setAlarm.bind(storage);
  storage.setAlarm = (...args: Parameters<DurableObjectStorage["setAlarm"]>) => {
    totals.alarmsSet++;
    return setAlarm(...args);
  };
}

/**
 * The site's Newsroom class with counted bindings and storage, its active wall time summed over every
 * call and alarm (Date.now() advances at I/O inside workerd, so time after a call's last I/O is missed:
 * a lower bound), and one bench method: the writer's health and database size, not counted.
 */
export function countedNewsroom(Base: NewsroomClass): NewsroomClass {
  const base = Base.prototype as Record<string, (...args: unknown[]) => unknown>;
  class CountedNewsroom extends Base {
    readonly #sql: SqlStorage;
    constructor(ctx: DurableObjectState, env: Env) {
      countStorage(ctx);
      super(ctx, counted(env));
      this.#sql = ctx.storage.sql;
    }
    async benchWriter(): Promise<unknown> {
      uncounted++;
      try {
        const health = await (base.health as () => unknown).call(this);
        return { health, databaseSize: this.#sql.databaseSize };
      } finally {
        uncounted--;
      }
    }
  }
  const proto = CountedNewsroom.prototype as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Base.prototype)) {
    const method = Object.getOwnPropertyDescriptor(Base.prototype, name)?.value;
    if (name === "constructor" || typeof method !== "function") continue;
    proto[name] = async function (this: object, ...args: unknown[]) {
      if (name === "alarm") {
        totals.doRequests++;
        totals.doAlarms++;
      }
      const started = Date.now();
      try {
        return await method.apply(this, args);
      } finally {
        totals.doMs += Date.now() - started;
      }
    };
  }
  return CountedNewsroom;
}

// The single writer as the runtime hosts it: one Newsroom instance at one location, built from its own
// evaluation of the bundle, with SQLite storage (node:sqlite, in memory), alarms on the virtual clock
// (retried with backoff when they throw), blockConcurrencyWhile, and RPC stubs for the isolates that
// copy arguments and results with structuredClone and take a network latency each way.

import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { Timer, VirtualClock } from "./clock.ts";
import { type Cause, currentCause, withCause } from "./counters.ts";
import type { WorkerModule } from "./isolate.ts";
import type { Random } from "./random.ts";

type SqlValue = string | number | bigint | null | ArrayBuffer | Uint8Array;

/** `ctx.storage.sql` over node:sqlite: exec(query, ...bindings) with a cursor as the runtime gives it. */
class SqlStorage {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  exec(query: string, ...bindings: SqlValue[]) {
    let statement = this.#statements.get(query);
    if (!statement) {
      statement = this.#db.prepare(query);
      this.#statements.set(query, statement);
    }
    const args = bindings.map((b) => (b instanceof ArrayBuffer ? new Uint8Array(b) : b)) as (string | number | bigint | null | Uint8Array)[];
    const rows = statement.all(...args).map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) out[k] = v instanceof Uint8Array ? v.slice().buffer : v;
      return out;
    });
    const columnNames = statement.columns().map((c) => c.name);
    return {
      columnNames,
      rowsRead: rows.length,
      rowsWritten: 0,
      toArray: () => rows,
      one: () => {
        if (rows.length !== 1) throw new Error(`Expected exactly one result from SQL query, but got ${rows.length}.`);
        return rows[0];
      },
      raw: () => rows.map((r) => Object.values(r))[Symbol.iterator](),
      [Symbol.iterator]: () => rows[Symbol.iterator](),
    };
  }

  get databaseSize(): number {
    return 0;
  }
}

export interface DurableObjectHostOptions {
  location: string;
  clock: VirtualClock;
  random: Random;
  /** A fresh evaluation of the bundle for the object's own isolate. */
  load: () => WorkerModule;
  env: () => object;
}

const ALARM_RETRIES = 6;

export class DurableObjectHost {
  readonly location: string;
  /** RPC calls received, by the cause of the caller (readers must make none). */
  readonly calls = new Map<Cause, number>();
  readonly #clock: VirtualClock;
  readonly #random: Random;
  readonly #options: DurableObjectHostOptions;
  readonly #db = new DatabaseSync(":memory:");
  readonly #sql = new SqlStorage(this.#db);
  #depth = 0;
  #instance: Record<string, unknown> | undefined;
  #gate: Promise<void> = Promise.resolve();
  #alarm: { at: number; timer: Timer } | undefined;
  readonly #background = new Set<Promise<unknown>>();
  /** Errors thrown by alarms (after their retries), for the checks. */
  readonly alarmErrors: unknown[] = [];

  constructor(options: DurableObjectHostOptions) {
    this.location = options.location;
    this.#clock = options.clock;
    this.#random = options.random;
    this.#options = options;
  }

  #transactionSync<T>(work: () => T): T {
    const name = `sp${this.#depth}`;
    this.#db.exec(this.#depth === 0 ? "BEGIN" : `SAVEPOINT ${name}`);
    this.#depth++;
    try {
      const result = work();
      this.#depth--;
      this.#db.exec(this.#depth === 0 ? "COMMIT" : `RELEASE ${name}`);
      return result;
    } catch (error) {
      this.#depth--;
      this.#db.exec(this.#depth === 0 ? "ROLLBACK" : `ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  #setAlarm(time: number | Date, retry = 0): Promise<void> {
    const at = Math.max(this.#clock.now, typeof time === "number" ? time : time.getTime());
    if (this.#alarm) this.#clock.clearTimeout(this.#alarm.timer);
    const timer = withCause("writer", () => this.#clock.setTimeout(() => this.#track(this.#runAlarm(retry)), at - this.#clock.now));
    this.#alarm = { at, timer };
    return Promise.resolve();
  }

  async #runAlarm(retry: number): Promise<void> {
    this.#alarm = undefined;
    const instance = this.#ensure();
    await this.#gate;
    try {
      await (instance.alarm as (info: unknown) => Promise<void>).call(instance, { retryCount: retry, isRetry: retry > 0 });
    } catch (error) {
      if (retry + 1 >= ALARM_RETRIES) {
        this.alarmErrors.push(error);
        return;
      }
      if (!this.#alarm) this.#setAlarm(this.#clock.now + 2 ** retry * 1000, retry + 1).catch(() => undefined);
    }
  }

  #track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.alarmErrors.push(error)).finally(() => this.#background.delete(tracked));
    this.#background.add(tracked);
  }

  #state(): object {
    return {
      id: { name: "newsroom", toString: () => "newsroom", equals: (other: { name?: string }) => other?.name === "newsroom" },
      storage: {
        sql: this.#sql,
        transactionSync: <T>(work: () => T) => this.#transactionSync(work),
        setAlarm: (time: number | Date) => this.#setAlarm(time),
        getAlarm: async () => this.#alarm?.at ?? null,
        deleteAlarm: async () => {
          if (this.#alarm) this.#clock.clearTimeout(this.#alarm.timer);
          this.#alarm = undefined;
        },
      },
      blockConcurrencyWhile: <T>(work: () => Promise<T>): Promise<T> => {
        const running = Promise.resolve().then(work);
        this.#gate = running.then(
          () => undefined,
          () => undefined,
        );
        return running;
      },
      waitUntil: (promise: Promise<unknown>) => this.#track(promise),
    };
  }

  #ensure(): Record<string, unknown> {
    if (!this.#instance) {
      const module = this.#options.load();
      this.#instance = new module.Newsroom(this.#state(), this.#options.env()) as Record<string, unknown>;
    }
    return this.#instance;
  }

  #hop(from: string): Promise<void> {
    return this.#clock.sleep(from === this.location ? this.#random.between(0.5, 3) : this.#random.between(15, 150));
  }

  /** One RPC call from an isolate at `from`: arguments and result are copied, as across the network. */
  async call(method: string, args: unknown[], from: string): Promise<unknown> {
    const caller = currentCause();
    this.calls.set(caller, (this.calls.get(caller) ?? 0) + 1);
    const input = structuredClone(args);
    await this.#hop(from);
    let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
    try {
      const value = await withCause(caller === "cron" ? "cron" : "writer", async () => {
        const instance = this.#ensure();
        await this.#gate;
        const fn = instance[method];
        if (typeof fn !== "function") throw new TypeError(`The RPC receiver does not implement the method "${method}".`);
        return fn.apply(instance, input);
      });
      outcome = { ok: true, value: structuredClone(value) };
    } catch (error) {
      outcome = { ok: false, error: structuredClone(error) };
    }
    await this.#hop(from);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** `env.NEWSROOM` for an isolate at `from`. */
  namespace(from: string): DurableObjectNamespace {
    const stub = new Proxy(
      {},
      {
        get: (_target, prop) => {
          // Not a thenable: `await stub` must not call a "then" method on the object.
          if (typeof prop !== "string" || prop === "then") return undefined;
          return (...args: unknown[]) => this.call(prop, args, from);
        },
      },
    );
    const id = { name: "newsroom", toString: () => "newsroom" };
    return {
      idFromName: (name: string) => {
        if (name !== "newsroom") throw new Error(`the simulation hosts one object, "newsroom", not "${name}"`);
        return id;
      },
      get: () => stub,
      getByName: () => stub,
    } as unknown as DurableObjectNamespace;
  }

  /** When the next alarm is due, if one is set. */
  get alarmAt(): number | undefined {
    return this.#alarm?.at;
  }

  /** A read-only query of the object's storage, for checks (never used by the Worker). */
  query<T>(sql: string, ...bindings: SqlValue[]): T[] {
    return this.#sql.exec(sql, ...bindings).toArray() as T[];
  }
}

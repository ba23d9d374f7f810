// Virtual time: one clock for the whole simulated world and one queue of timers (setTimeout in every
// isolate, KV and RPC latencies, Durable Object alarms, the cron). Time moves only when the simulation
// says so, and between two timers every microtask runs, so a run is exact and replayable.

import { AsyncLocalStorage } from "node:async_hooks";

export interface Timer {
  readonly at: number;
  readonly seq: number;
  cancelled: boolean;
  readonly run: () => void;
}

/** Lets every pending microtask (promise reactions, their chains) run: one turn of Node's event loop. */
export function flushMicrotasks(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

export class VirtualClock {
  #now: number;
  #seq = 0;
  /** Sorted by time, then by the order they were set. */
  readonly #timers: Timer[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  get now(): number {
    return this.#now;
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Runs `callback` `ms` from now, in the async context it was scheduled from (the request, the alarm). */
  setTimeout(callback: (...args: unknown[]) => void, ms = 0, ...args: unknown[]): Timer {
    const context = AsyncLocalStorage.snapshot();
    const timer: Timer = {
      at: this.#now + Math.max(0, Number(ms) || 0),
      seq: this.#seq++,
      cancelled: false,
      run: () => context(() => callback(...args)),
    };
    let lo = 0;
    let hi = this.#timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.#timers[mid] as Timer;
      if (other.at < timer.at || (other.at === timer.at && other.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#timers.splice(lo, 0, timer);
    return timer;
  }

  clearTimeout(timer: unknown): void {
    if (timer && typeof timer === "object" && "cancelled" in timer) {
      (timer as Timer).cancelled = true;
      const index = this.#timers.indexOf(timer as Timer);
      if (index >= 0) this.#timers.splice(index, 1);
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => this.setTimeout(() => resolve(), ms));
  }

  #runNext(): void {
    const timer = this.#timers.shift();
    if (!timer) return;
    if (timer.at > this.#now) this.#now = timer.at;
    timer.run();
  }

  /** Runs every timer due until `until` (earliest first, microtasks flushed after each), then sets the clock there. */
  async advanceTo(until: number): Promise<void> {
    await flushMicrotasks();
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.at > until) break;
      this.#runNext();
      await flushMicrotasks();
    }
    if (until > this.#now) this.#now = until;
    await flushMicrotasks();
  }

  advance(ms: number): Promise<void> {
    return this.advanceTo(this.#now + ms);
  }

  /**
   * Drives the world until `promise` settles, moving time on to the next timer whenever nothing else
   * can happen. Fails when nothing is scheduled and the promise still waits (a deadlock in the model
   * or the Worker), or when it takes more than `limitMs` of virtual time.
   */
  async settle<T>(promise: Promise<T>, limitMs = 15 * 60_000): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    promise.then(
      (value) => {
        outcome = { ok: true, value };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    );
    const deadline = this.#now + limitMs;
    for (let idle = 0; ; ) {
      await flushMicrotasks();
      const settled = outcome as typeof outcome;
      if (settled) {
        if (settled.ok) return settled.value;
        throw settled.error;
      }
      if (this.#timers.length === 0) {
        if (++idle > 20) throw new Error(`deadlock at ${new Date(this.#now).toISOString()}: a task waits and nothing is scheduled`);
        continue;
      }
      idle = 0;
      if ((this.#timers[0] as Timer).at > deadline) throw new Error(`a task did not settle within ${limitMs / 1000} s of virtual time`);
      this.#runNext();
    }
  }
}

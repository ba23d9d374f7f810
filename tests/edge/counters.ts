// Who caused each storage operation: a reader's request, an editor's API request, the writer (the
// Durable Object answering the API or its alarm) or the cron. Carried through every await by an
// AsyncLocalStorage, so the count needs no hook in the Worker.

import { AsyncLocalStorage } from "node:async_hooks";

export type Cause = "reader" | "editor" | "writer" | "cron" | "setup";
export type KvOperation = "get" | "put" | "delete" | "list";

const causes = new AsyncLocalStorage<Cause>();

export function withCause<T>(cause: Cause, work: () => T): T {
  return causes.run(cause, work);
}

export function currentCause(): Cause {
  return causes.getStore() ?? "setup";
}

export interface OpFilter {
  op?: KvOperation;
  location?: string;
  cause?: Cause;
}

/** Operations counted by kind, location and cause. */
export class OpCounter {
  readonly #counts = new Map<string, { op: KvOperation; location: string; cause: Cause; n: number }>();

  record(op: KvOperation, location: string, cause: Cause = currentCause()): void {
    const key = `${op}|${location}|${cause}`;
    const entry = this.#counts.get(key);
    if (entry) entry.n++;
    else this.#counts.set(key, { op, location, cause, n: 1 });
  }

  count(filter: OpFilter = {}): number {
    let n = 0;
    for (const e of this.#counts.values()) {
      if (
        (filter.op === undefined || e.op === filter.op) &&
        (filter.location === undefined || e.location === filter.location) &&
        (filter.cause === undefined || e.cause === filter.cause)
      )
        n += e.n;
    }
    return n;
  }

  /** Every count, for a table or a difference between two moments. */
  entries(): { op: KvOperation; location: string; cause: Cause; n: number }[] {
    return [...this.#counts.values()].map((e) => ({ ...e }));
  }

  reset(): void {
    this.#counts.clear();
  }
}

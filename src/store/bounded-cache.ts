// A map with a fixed budget that forgets the least recently used entry first, so the isolate's memos
// (listing pages, page copies) never outgrow it: an isolate has 128 MB in all.

export interface Budget<V> {
  /** At most this many entries. */
  entries: number;
  /** And, when given, at most `maxWeight` of `weight` summed over the entries (bytes, say). */
  weight?: (value: V) => number;
  maxWeight?: number;
}

export class BoundedCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #budget: Budget<V>;
  #weight = 0;

  constructor(budget: Budget<V>) {
    this.#budget = budget;
  }

  /** The entry, now the most recently used. */
  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    this.#entries.set(key, value);
    this.#weight += this.#budget.weight?.(value) ?? 0;
    const maxWeight = this.#budget.maxWeight ?? Number.POSITIVE_INFINITY;
    while (this.#entries.size > this.#budget.entries || this.#weight > maxWeight) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#weight -= this.#budget.weight?.(value) ?? 0;
  }

  clear(): void {
    this.#entries.clear();
    this.#weight = 0;
  }
}

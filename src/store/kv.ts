// The one wrapper around Workers KV, and the one place that knows how KV fails: every operation is
// retried on transient failures with full-jitter backoff inside one timeout budget, and what still
// fails surfaces as a StorageError (a failed read becomes a friendly 503, never a stack trace).

export type StorageFailure = "failed" | "timeout" | "corrupt" | "refused";

export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly operation: string;
  readonly key: string;
  readonly reason: StorageFailure;

  constructor(operation: string, key: string, reason: StorageFailure, options?: { cause?: unknown }) {
    super(`KV ${operation} ${key}: ${reason}`, options);
    this.operation = operation;
    this.key = key;
    this.reason = reason;
  }
}

/** KV answers in milliseconds; an operation (retries included) still unsettled after this long has failed. */
export const KV_TIMEOUT_MS = 5_000;
/** The first retry waits up to this long; each next one up to twice as long (full jitter). */
const BACKOFF_BASE_MS = 50;
/** KV takes one write per second per key: a refused write is retried no sooner. */
const SAME_KEY_BACKOFF_MS = 1_000;
/** The smallest edge cache time KV accepts: reads of missing keys are cached this long too. */
export const MIN_CACHE_TTL = 30;

export interface KvOptions {
  /** Milliseconds before an operation counts as failed (default KV_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Random source for the backoff (tests make it deterministic). */
  random?: () => number;
}

/**
 * The options the KV_TIMEOUT_MS var sets (wrangler.toml): a whole number of milliseconds from 1 to
 * 60000; anything else keeps the default, so a typo cannot switch the timeout off.
 */
export function kvOptionsOf(env: { KV_TIMEOUT_MS?: unknown }): KvOptions {
  const value = typeof env.KV_TIMEOUT_MS === "string" ? Number(env.KV_TIMEOUT_MS) : Number.NaN;
  return Number.isInteger(value) && value >= 1 && value <= 60_000 ? { timeoutMs: value } : {};
}

/**
 * Failures worth another try: everything except requests KV refuses for what they are (a value or key
 * too large, a malformed key), which would fail the same way again.
 */
function isPermanent(error: unknown): boolean {
  return /too (large|long)|exceeds|invalid key|must be/i.test(String(error));
}

/** KV's per-key write limit (429): worth a retry, but not before a second has passed. */
function isSameKeyLimit(error: unknown): boolean {
  return /429|too many requests|rate limit/i.test(String(error));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Kv {
  readonly namespace: KVNamespace;
  readonly timeoutMs: number;
  readonly #random: () => number;

  constructor(namespace: KVNamespace, options: KvOptions = {}) {
    this.namespace = namespace;
    this.timeoutMs = options.timeoutMs ?? KV_TIMEOUT_MS;
    this.#random = options.random ?? Math.random;
  }

  /** A stored text value, or null. `cacheTtl`: how long the edge may keep the answer (at least 30 s). */
  async getText(key: string, cacheTtl = MIN_CACHE_TTL): Promise<string | null> {
    return this.#run("get", key, () => this.namespace.get(key, { type: "text", cacheTtl: Math.max(MIN_CACHE_TTL, cacheTtl) }));
  }

  /** A stored JSON value, or null when the key does not exist. */
  async getJson<T>(key: string, cacheTtl = MIN_CACHE_TTL): Promise<T | null> {
    const text = await this.getText(key, cacheTtl);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new StorageError("get", key, "corrupt", { cause });
    }
  }

  async getBytes<M>(key: string, cacheTtl = MIN_CACHE_TTL): Promise<{ value: ArrayBuffer; metadata: M | null } | null> {
    const result = await this.#run("get", key, () =>
      this.namespace.getWithMetadata<M>(key, { type: "arrayBuffer", cacheTtl: Math.max(MIN_CACHE_TTL, cacheTtl) }),
    );
    return result.value === null ? null : { value: result.value, metadata: result.metadata };
  }

  async put(key: string, value: string | ArrayBuffer, metadata?: unknown): Promise<void> {
    await this.#run("put", key, () => this.namespace.put(key, value, metadata === undefined ? {} : { metadata }));
  }

  async delete(key: string): Promise<void> {
    await this.#run("delete", key, () => this.namespace.delete(key));
  }

  /**
   * Runs one operation until it succeeds, fails for good, or the budget is spent. Each attempt gets
   * what is left of the budget; between attempts it waits a random time up to an exponentially
   * growing cap (full jitter), so many isolates retrying at once do not retry in step.
   */
  async #run<T>(operation: string, key: string, call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StorageError(operation, key, "timeout")), Math.max(0, left));
      });
      try {
        return await Promise.race([call(), timeout]);
      } catch (cause) {
        if (cause instanceof StorageError) throw cause;
        if (isPermanent(cause)) throw new StorageError(operation, key, "refused", { cause });
        const cap = isSameKeyLimit(cause) ? SAME_KEY_BACKOFF_MS * 2 : BACKOFF_BASE_MS * 2 ** attempt;
        const wait = isSameKeyLimit(cause) ? SAME_KEY_BACKOFF_MS + this.#random() * SAME_KEY_BACKOFF_MS : this.#random() * cap;
        // No time for the wait and another attempt: report the failure now rather than at the deadline.
        if (Date.now() + wait >= deadline - 1) throw new StorageError(operation, key, "failed", { cause });
        await sleep(wait);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    }
  }
}

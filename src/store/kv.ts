// The one wrapper around Workers KV: every read and write goes through it, so failures, timeouts and
// corrupt values surface as a StorageError that the router turns into a friendly 503 (never a stack trace).

export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly operation: string;
  readonly key: string;
  readonly reason: "failed" | "timeout" | "corrupt";

  constructor(operation: string, key: string, reason: "failed" | "timeout" | "corrupt", options?: { cause?: unknown }) {
    super(`KV ${operation} ${key}: ${reason}`, options);
    this.operation = operation;
    this.key = key;
    this.reason = reason;
  }
}

/** KV answers in milliseconds; an operation still waiting after this long is treated as failed. */
export const KV_TIMEOUT_MS = 5_000;

export interface KvOptions {
  /** Milliseconds before an operation counts as failed (default KV_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * The options the KV_TIMEOUT_MS var sets (wrangler.toml): a whole number of milliseconds from 1 to
 * 60000; anything else keeps the default, so a typo cannot switch the timeout off.
 */
export function kvOptionsOf(env: { KV_TIMEOUT_MS?: unknown }): KvOptions {
  const value = typeof env.KV_TIMEOUT_MS === "string" ? Number(env.KV_TIMEOUT_MS) : Number.NaN;
  return Number.isInteger(value) && value >= 1 && value <= 60_000 ? { timeoutMs: value } : {};
}

export interface ListEntry<M = unknown> {
  name: string;
  metadata: M | undefined;
}

export interface ListPage<M = unknown> {
  entries: ListEntry<M>[];
  /** Set when there are more entries after this page. */
  cursor?: string;
}

export class Kv {
  readonly namespace: KVNamespace;
  readonly timeoutMs: number;

  constructor(namespace: KVNamespace, options: KvOptions = {}) {
    this.namespace = namespace;
    this.timeoutMs = options.timeoutMs ?? KV_TIMEOUT_MS;
  }

  /** A stored text value, or null. `cacheTtl` lets the edge keep it (seconds, at least 30). */
  async getText(key: string, cacheTtl?: number): Promise<string | null> {
    return this.run("get", key, () => (cacheTtl ? this.namespace.get(key, { type: "text", cacheTtl }) : this.namespace.get(key, "text")));
  }

  /** A stored JSON value, or null when the key does not exist. */
  async getJson<T>(key: string): Promise<T | null> {
    const text = await this.run("get", key, () => this.namespace.get(key, "text"));
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new StorageError("get", key, "corrupt", { cause });
    }
  }

  /**
   * Several JSON values in one KV operation (at most 100 keys). A missing key maps to null; a corrupt
   * value is left out (and reported through `onCorrupt`) so one bad record cannot break a whole list.
   */
  async getManyJson<T>(keyList: string[], onCorrupt: (key: string) => void): Promise<Map<string, T | null>> {
    const out = new Map<string, T | null>();
    for (let i = 0; i < keyList.length; i += 100) {
      const chunk = keyList.slice(i, i + 100);
      const texts = await this.run("get", chunk[0] ?? "", () => this.namespace.get(chunk, "text"));
      for (const [key, text] of texts) {
        if (text === null) out.set(key, null);
        else {
          try {
            out.set(key, JSON.parse(text) as T);
          } catch {
            onCorrupt(key);
          }
        }
      }
    }
    return out;
  }

  async getBytes<M>(key: string): Promise<{ value: ArrayBuffer; metadata: M | null } | null> {
    const result = await this.run("get", key, () => this.namespace.getWithMetadata<M>(key, "arrayBuffer"));
    return result.value === null ? null : { value: result.value, metadata: result.metadata };
  }

  async list<M>(prefix: string, options: { limit?: number; cursor?: string } = {}): Promise<ListPage<M>> {
    const result = await this.run("list", prefix, () =>
      this.namespace.list<M>({ prefix, limit: options.limit ?? 1000, ...(options.cursor ? { cursor: options.cursor } : {}) }),
    );
    const entries = result.keys.map((k) => ({ name: k.name, metadata: k.metadata }));
    return result.list_complete ? { entries } : { entries, cursor: result.cursor };
  }

  /** Every entry under a prefix, page by page (publish-time and repair work only, never a page view). */
  async listAll<M>(prefix: string): Promise<ListEntry<M>[]> {
    const all: ListEntry<M>[] = [];
    let cursor: string | undefined;
    do {
      const page: ListPage<M> = await this.list<M>(prefix, cursor ? { cursor } : {});
      all.push(...page.entries);
      cursor = page.cursor;
    } while (cursor);
    return all;
  }

  async put(key: string, value: string | ArrayBuffer, metadata?: unknown): Promise<void> {
    await this.run("put", key, () => this.namespace.put(key, value, metadata === undefined ? {} : { metadata }));
  }

  async putJson(key: string, value: unknown, metadata?: unknown): Promise<void> {
    await this.put(key, JSON.stringify(value), metadata);
  }

  async delete(key: string): Promise<void> {
    await this.run("delete", key, () => this.namespace.delete(key));
  }

  private async run<T>(operation: string, key: string, call: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StorageError(operation, key, "timeout")), this.timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (cause) {
      if (cause instanceof StorageError) throw cause;
      throw new StorageError(operation, key, "failed", { cause });
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}

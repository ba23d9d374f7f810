// The writer's images: bytes in KV under their name (readers fetch them directly), the record and its
// audit entry in the writer's SQLite. A name never changes meaning: media are cached for a year.

import { checkMedia } from "../content/media.ts";
import { logEvent } from "../log.ts";
import { keys } from "../store/keys.ts";
import { type Kv, StorageError } from "../store/kv.ts";
import { appendAudit } from "./audit.ts";
import type { Db } from "./db.ts";
import { type Actor, type Committed, type Failure, failure } from "./outcomes.ts";

export interface StoredMedia {
  name: string;
  contentType: string;
  size: number;
  etag: string;
  addedAt: string;
}

export class MediaStore {
  readonly #ctx: DurableObjectState;
  readonly #db: Db;
  readonly #kv: Kv;
  readonly #uploading = new Set<string>();

  constructor(ctx: DurableObjectState, db: Db, kv: Kv) {
    this.#ctx = ctx;
    this.#db = db;
    this.#kv = kv;
  }

  list(options: { limit: number; cursor?: string }): { media: StoredMedia[]; cursor?: string } {
    const rows = this.#db.all<{ name: string; content_type: string; size: number; etag: string; added_at: number }>(
      "SELECT name, content_type, size, etag, added_at FROM media WHERE name > ? ORDER BY name LIMIT ?",
      options.cursor ?? "",
      options.limit + 1,
    );
    const media = rows
      .slice(0, options.limit)
      .map((r) => ({ name: r.name, contentType: r.content_type, size: r.size, etag: r.etag, addedAt: new Date(r.added_at).toISOString() }));
    const last = media[media.length - 1];
    return rows.length > options.limit && last ? { media, cursor: last.name } : { media };
  }

  get(name: string): StoredMedia | null {
    const r = this.#db.first<{ name: string; content_type: string; size: number; etag: string; added_at: number }>(
      "SELECT name, content_type, size, etag, added_at FROM media WHERE name = ?",
      name,
    );
    return r ? { name: r.name, contentType: r.content_type, size: r.size, etag: r.etag, addedAt: new Date(r.added_at).toISOString() } : null;
  }

  /**
   * Stores an image under its name. Names never change meaning (media are cached for a year), so other
   * bytes under a taken name are refused; the same bytes again are a no-op.
   */
  async put(
    name: string,
    bytes: ArrayBuffer,
    contentType: string,
    actor: Actor,
  ): Promise<({ ok: true; unchanged: boolean } & StoredMedia & Partial<Committed>) | Failure> {
    const data = new Uint8Array(bytes);
    const problems = checkMedia(name, data, contentType);
    if (problems.length > 0) return failure("invalid", { problems });
    const etag = await mediaEtag(data);
    const existing = this.get(name);
    if (existing) return existing.etag === etag ? { ok: true, unchanged: true, ...existing } : failure("conflict", { detail: "taken" });
    if (this.#uploading.has(name)) return failure("conflict", { detail: "uploading" });
    this.#uploading.add(name);
    try {
      // The bytes go to KV before the writer records them: a recorded file is always there to serve.
      const refusedByKv = await untilStored(() => this.#kv.put(keys.media(name), bytes, { contentType, size: data.byteLength, etag }));
      if (refusedByKv) return refusedByKv;
      const now = Date.now();
      const audit = this.#ctx.storage.transactionSync(() => {
        this.#db.run(
          "INSERT INTO media (name, content_type, size, etag, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)",
          name,
          contentType,
          data.byteLength,
          etag,
          now,
          actor.id,
        );
        return appendAudit(this.#db, now, actor, { action: "media.put", target: name, previous: null, result: { contentType, size: data.byteLength, etag } });
      });
      const stored = this.get(name);
      if (!stored) throw new Error(`media ${name} vanished while being stored`);
      return { ok: true, unchanged: false, ...stored, audit, at: now };
    } finally {
      this.#uploading.delete(name);
    }
  }

  /** Removes an image from KV, then from the record; articles that show it show a missing image. */
  async delete(name: string, actor: Actor): Promise<({ ok: true } & Pick<Committed, "audit" | "at">) | Failure> {
    const existing = this.get(name);
    if (!existing) return failure("not_found");
    const refusedByKv = await untilStored(() => this.#kv.delete(keys.media(name)));
    if (refusedByKv) return refusedByKv;
    const now = Date.now();
    const audit = this.#ctx.storage.transactionSync(() => {
      this.#db.run("DELETE FROM media WHERE name = ?", name);
      return appendAudit(this.#db, now, actor, { action: "media.delete", target: name, previous: existing, result: { removed: true } });
    });
    return { ok: true, audit, at: now };
  }
}
/**
 * Runs a KV write a change needs before it is recorded; KV failing refuses the change (a StorageError
 * would reach the API over RPC as a plain Error, and so as a 500).
 */
async function untilStored(write: () => Promise<void>): Promise<Failure | undefined> {
  try {
    await write();
    return undefined;
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    logEvent("warn", "KV refused a write a change needs first; nothing recorded", { key: error.key, reason: error.reason });
    return failure("storage_unavailable", { detail: error.reason });
  }
}

/** The first 32 hex digits of SHA-256: a media file's ETag. */
async function mediaEtag(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

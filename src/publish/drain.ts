// Writing the projection to KV: every queued blob first, then the pointer that names them, at most
// once a second (KV takes one write per second per key). Interrupted work stays queued in SQLite and
// the next call (an alarm, the cron, the next change) carries on.

import { logEvent } from "../log.ts";
import { type ContentDiff, type ContentRefs, type Pointer, diffOf } from "../store/format.ts";
import { keys } from "../store/keys.ts";
import type { Kv } from "../store/kv.ts";
import { SETTLE_MS } from "../store/visibility.ts";
import type { Db } from "./db.ts";
import type { PendingPointer } from "./projection.ts";

/** KV allows 1,000 operations per invocation; the rest of a large import continues in the next one. */
export const KV_OPS_PER_INVOCATION = 900;
/** Blob writes in flight at once. */
const PARALLEL_WRITES = 16;
/** The pointer is written at most once per this many milliseconds. */
export const POINTER_INTERVAL_MS = 1_000;

export interface WrittenPointer {
  seq: number;
  at: number;
  refs: ContentRefs | null;
}

/** A content version as written: its refs and when the pointer naming it was written. */
interface WrittenVersion {
  at: number;
  refs: ContentRefs;
}

/**
 * The versions a pointer written at `now` must offer a lagging reader, newest first: every one written in
 * the last SETTLE_MS, then the newest one before those, whose blobs are everywhere by now. Whichever
 * moment a reader lags at, the newest version it has in full is among them.
 */
export function versionsToKeep(versions: readonly WrittenVersion[], now: number): WrittenVersion[] {
  const settled = versions.findIndex((v) => v.at <= now - SETTLE_MS);
  return settled < 0 ? [...versions] : versions.slice(0, settled + 1);
}

export interface DrainReport {
  blobsWritten: number;
  pointerWritten?: number;
  /** Blobs still queued (more work for the next invocation). */
  blobsPending: number;
  /** The pointer waiting to be written, if any. */
  pointerPending?: number;
  error?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function refsOf(pointer: PendingPointer): ContentRefs {
  const { seq, articles, listings, days, tags, scheduled } = pointer;
  return { seq, articles, listings, days, tags, scheduled };
}

export class Drain {
  readonly #db: Db;
  readonly #kv: Kv;
  #running: Promise<DrainReport> | undefined;

  constructor(db: Db, kv: Kv) {
    this.#db = db;
    this.#kv = kv;
  }

  /**
   * Writes what is queued; concurrent callers share one run. Without `wait`, a pointer that may not be
   * written yet (KV takes one write a second per key) is left for the alarm the caller sets.
   */
  async run(options: { wait?: boolean } = {}): Promise<DrainReport> {
    for (;;) {
      const running = this.#running;
      if (!running) break;
      await running;
    }
    this.#running = this.#drain(options.wait === true).finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Milliseconds until the pointer may be written again (0: now). */
  pointerDelay(): number {
    const written = this.#db.meta<WrittenPointer>("pointerWritten", { seq: 0, at: 0, refs: null });
    return Math.max(0, written.at + POINTER_INTERVAL_MS - Date.now());
  }

  /** Blobs queued and the pointer waiting, without writing anything (health, tests). */
  backlog(): { blobsPending: number; pointerPending?: number } {
    const blobsPending = this.#db.first<{ n: number }>("SELECT count(*) AS n FROM blobs WHERE written = 0")?.n ?? 0;
    const pending = this.#db.meta<PendingPointer | null>("pointer", null);
    const written = this.#db.meta<WrittenPointer>("pointerWritten", { seq: 0, at: 0, refs: null });
    return pending && pending.seq > written.seq ? { blobsPending, pointerPending: pending.seq } : { blobsPending };
  }

  async #drain(wait: boolean): Promise<DrainReport> {
    let ops = 0;
    let blobsWritten = 0;
    let pointerWritten: number | undefined;
    try {
      for (;;) {
        const batch = this.#db.all<{ hash: string }>("SELECT hash FROM blobs WHERE written = 0 LIMIT ?", PARALLEL_WRITES);
        if (batch.length > 0) {
          if (ops + batch.length > KV_OPS_PER_INVOCATION) break;
          ops += batch.length;
          await Promise.all(batch.map(({ hash }) => this.#writeBlob(hash)));
          blobsWritten += batch.length;
          continue;
        }
        const pending = this.#db.meta<PendingPointer | null>("pointer", null);
        const written = this.#db.meta<WrittenPointer>("pointerWritten", { seq: 0, at: 0, refs: null });
        if (!pending || pending.seq <= written.seq || ops >= KV_OPS_PER_INVOCATION) break;
        const delay = written.at + POINTER_INTERVAL_MS - Date.now();
        if (delay > 0) {
          if (!wait) break;
          // Changes arriving meanwhile fold into this write: one pointer for a burst of publishes.
          await sleep(delay);
          continue;
        }
        // versions[0] is the one `previous` names; the older ones go in `earlier`, as differences (none
        // for a version with this one's content, as after a policy change).
        const versions = versionsToKeep(this.#db.meta<WrittenVersion[]>("versions", []), Date.now());
        const refs = refsOf(pending);
        const earlier: ContentDiff[] = versions
          .slice(1)
          .map((v) => diffOf(v.refs, refs))
          .filter((d) => Object.keys(d).length > 1);
        const pointer: Pointer = { ...pending, ...(written.refs ? { previous: written.refs } : {}), ...(earlier.length > 0 ? { earlier } : {}) };
        ops++;
        await this.#kv.put(keys.pointer(), JSON.stringify(pointer));
        const at = Date.now();
        this.#db.setMeta("pointerWritten", { seq: pending.seq, at, refs } satisfies WrittenPointer);
        this.#db.setMeta("versions", versionsToKeep([{ at, refs }, ...versions], at));
        pointerWritten = pending.seq;
      }
    } catch (error) {
      logEvent("error", "projection not written; retried by the next alarm", { error: String(error) });
      return { blobsWritten, ...(pointerWritten ? { pointerWritten } : {}), ...this.backlog(), error: String(error) };
    }
    return { blobsWritten, ...(pointerWritten ? { pointerWritten } : {}), ...this.backlog() };
  }

  async #writeBlob(hash: string): Promise<void> {
    const parts = this.#db.all<{ data: string }>("SELECT data FROM blob_parts WHERE hash = ? ORDER BY part", hash);
    await this.#kv.put(keys.blob(hash), parts.map((p) => p.data).join(""));
    this.#db.run("UPDATE blobs SET written = 1 WHERE hash = ? AND written = 0", hash);
    this.#db.run("DELETE FROM blob_parts WHERE hash = ? AND (SELECT written FROM blobs WHERE hash = ?) = 1", hash, hash);
  }
}

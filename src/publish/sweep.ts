// Removing blobs nothing refers to any more: marked when they fall out of the projection, deleted from
// KV an hour later (long after any reader's pointer can name them), so withdrawn text does not linger.

import { logEvent } from "../log.ts";
import type { EditionIndex, ListingEntry } from "../store/format.ts";
import { keys } from "../store/keys.ts";
import type { Kv } from "../store/kv.ts";
import type { Db } from "./db.ts";

/** A released blob stays this long: readers' pointers are at most about 90 s old. */
export const RELEASE_GRACE_MS = 60 * 60_000;

/** Every blob the current projection names. */
function liveBlobs(db: Db): Set<string> {
  const live = new Set<string>();
  for (const r of db.all<{ reader: string }>("SELECT reader FROM articles WHERE reader IS NOT NULL")) live.add(r.reader);
  for (const r of db.all<{ hash: string }>("SELECT hash FROM chunks")) live.add(r.hash);
  for (const r of db.all<{ entry: string }>("SELECT entry FROM listings")) {
    const feed = (JSON.parse(r.entry) as ListingEntry).f;
    if (feed) live.add(feed);
  }
  for (const key of ["articleShards", "listingShards"]) for (const h of db.meta<string[]>(key, [])) live.add(h);
  for (const key of ["days", "tags"]) live.add(db.meta(key, ""));
  for (const h of Object.values(db.meta<Record<string, string>>("extras", {}))) live.add(h);
  for (const edition of Object.values(db.meta<EditionIndex>("editions", {}))) live.add(edition.h);
  return live;
}

export interface SweepReport {
  released: number;
  deleted: number;
}

/** Marks blobs that fell out of the projection and deletes those released longer ago than the grace. */
export async function sweep(db: Db, kv: Kv, now: number, budget: number): Promise<SweepReport> {
  const live = liveBlobs(db);
  let released = 0;
  const due: string[] = [];
  for (const blob of db.all<{ hash: string; released_at: number | null }>("SELECT hash, released_at FROM blobs WHERE written = 1")) {
    if (live.has(blob.hash)) {
      if (blob.released_at !== null) db.run("UPDATE blobs SET released_at = NULL WHERE hash = ?", blob.hash);
    } else if (blob.released_at === null) {
      db.run("UPDATE blobs SET released_at = ? WHERE hash = ?", now, blob.hash);
      released++;
    } else if (now - blob.released_at > RELEASE_GRACE_MS && due.length < budget) due.push(blob.hash);
  }
  let deleted = 0;
  for (const hash of due) {
    // written = 2 while the delete runs: a change that needs the blob again in the meantime re-queues it.
    db.run("UPDATE blobs SET written = 2 WHERE hash = ? AND written = 1", hash);
    try {
      await kv.delete(keys.blob(hash));
      db.run("DELETE FROM blobs WHERE hash = ? AND written = 2", hash);
      deleted++;
    } catch (error) {
      db.run("UPDATE blobs SET written = 1 WHERE hash = ? AND written = 2", hash);
      logEvent("warn", "sweep: blob not deleted; retried next pass", { hash, error: String(error) });
    }
  }
  return { released, deleted };
}

// The audit log: one entry per change (who by token id, what, when, and what it replaced), newest
// first, kept in the writer's storage for good.

import type { Db } from "./db.ts";
import type { Actor } from "./outcomes.ts";

export interface AuditEntry {
  id: string;
  /** ISO 8601 time of the change. */
  at: string;
  actor: string;
  method: string;
  path: string;
  /** "article.put", "article.delete", "media.put", "policy.put", "seed.import", "reach.act" ... */
  action: string;
  /** The slug, media name, "policy" or "site". */
  target: string;
  /** What the change replaced, enough to restore it (an article's previous record, the previous policy). */
  previous: unknown;
  /** What is in force after the change (a version, a status, counts). */
  result: unknown;
  note?: string;
}

export function appendAudit(
  db: Db,
  at: number,
  actor: Actor,
  fields: Pick<AuditEntry, "action" | "target" | "previous" | "result"> & { note?: string },
): string {
  const id = `${at.toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  const entry: AuditEntry = { id, at: new Date(at).toISOString(), actor: actor.id, method: actor.method, path: actor.path, ...fields };
  db.run("INSERT INTO audit (id, at, entry) VALUES (?, ?, ?)", id, at, JSON.stringify(entry));
  return id;
}

/** A page of the log, newest first; `cursor` continues after the last entry of the previous page. */
export function readAudit(db: Db, options: { limit: number; cursor?: string }): { entries: AuditEntry[]; cursor?: string } {
  const after = options.cursor ? Number(options.cursor) : Number.MAX_SAFE_INTEGER;
  const rows = db.all<{ seq: number; entry: string }>("SELECT seq, entry FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?", after, options.limit + 1);
  const page = rows.slice(0, options.limit);
  const entries = page.map((r) => JSON.parse(r.entry) as AuditEntry);
  const last = page[page.length - 1];
  return rows.length > options.limit && last ? { entries, cursor: String(last.seq) } : { entries };
}

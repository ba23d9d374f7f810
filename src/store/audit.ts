// The audit log: one KV entry per mutation (who by token id, what, when, and the version it replaced),
// newest first, kept for good.

import { logEvent } from "../log.ts";
import { keys } from "./keys.ts";
import type { Kv } from "./kv.ts";

/** Who asked for a change and how: recorded with every mutation. */
export interface Actor {
  /** A short hash of the API token (never the token). */
  id: string;
  method: string;
  path: string;
}

export interface AuditEntry {
  id: string;
  /** ISO 8601 time of the change. */
  at: string;
  actor: string;
  method: string;
  path: string;
  /** "article.put", "article.delete", "media.put", "policy.put", ... */
  action: string;
  /** The slug, media name or "policy". */
  target: string;
  /** What the change replaced, enough to restore it (an article's previous record, the previous policy). */
  previous: unknown;
  /** What is in force after the change (a version, a status). */
  result: unknown;
  /** Set when the change was finished or undone by the repair pass instead of the request. */
  note?: string;
}

/** Listed without reading values: the API's audit list shows these, then reads the entries themselves. */
export interface AuditSummary {
  at: string;
  actor: string;
  action: string;
  target: string;
}

/** A new entry's key and id, chosen before the change so the journal can name it. */
export function newAuditKey(at: number): { key: string; id: string } {
  const key = keys.audit(at, crypto.randomUUID().slice(0, 8));
  return { key, id: key.slice(keys.auditPrefix().length) };
}

export function auditEntry(
  id: string,
  at: number,
  actor: Actor,
  fields: Pick<AuditEntry, "action" | "target" | "previous" | "result"> & { note?: string },
): AuditEntry {
  return { id, at: new Date(at).toISOString(), actor: actor.id, method: actor.method, path: actor.path, ...fields };
}

export async function writeAudit(kv: Kv, key: string, entry: AuditEntry): Promise<void> {
  const summary: AuditSummary = { at: entry.at, actor: entry.actor, action: entry.action, target: entry.target.slice(0, 200) };
  await kv.putJson(key, entry, summary);
}

/** True when the entry exists: how repair tells a committed change from an interrupted one. */
export async function auditExists(kv: Kv, key: string): Promise<boolean> {
  const page = await kv.list(key, { limit: 1 });
  return page.entries.some((e) => e.name === key);
}

/** A page of the log, newest first, with full entries. */
export async function readAudit(kv: Kv, options: { limit: number; cursor?: string }): Promise<{ entries: AuditEntry[]; cursor?: string }> {
  const page = await kv.list<AuditSummary>(keys.auditPrefix(), { limit: options.limit, ...(options.cursor ? { cursor: options.cursor } : {}) });
  const values = await kv.getManyJson<AuditEntry>(
    page.entries.map((e) => e.name),
    (key) => logEvent("warn", "audit: corrupt entry skipped", { key }),
  );
  const entries = page.entries.map((e) => values.get(e.name)).filter((e): e is AuditEntry => typeof e === "object" && e !== null);
  return page.cursor ? { entries, cursor: page.cursor } : { entries };
}

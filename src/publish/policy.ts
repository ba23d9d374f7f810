// The live domain policy's versions inside the writer: save (or return to the deployed policy), list
// and pick a rollback target. Every version is kept with who saved it and why; the one in force goes
// into the pointer, so every reader switches to it with the content it came with.

import type { LivePolicy } from "../store/format.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { appendAudit } from "./audit.ts";
import type { Db } from "./db.ts";
import { type Actor, type Failure, failure } from "./outcomes.ts";

/** One version; `policy` null records a return to the deployed policy. */
export interface PolicyVersion {
  version: string;
  policy: DomainPolicy | null;
  savedAt: string;
  savedBy: string;
  note?: string;
}

export interface LivePolicyState extends LivePolicy {
  savedBy: string;
  note?: string;
}

export function livePolicy(db: Db): LivePolicyState | null {
  return db.meta<LivePolicyState | null>("livePolicyState", null);
}

/** The ETag of the policy in force: its version, or "deployed". */
export function policyTag(db: Db): string {
  return livePolicy(db)?.version ?? "deployed";
}

/** A new version's name: when it was made, and a random part. */
export function newPolicyVersion(now: number): string {
  return `${now.toString(36)}-${crypto.randomUUID().slice(0, 6)}`;
}

/** Puts a policy in force (null: the deployed one) as a new version; the caller writes the pointer. */
export function savePolicy(
  db: Db,
  policy: DomainPolicy | null,
  actor: Actor,
  action: string,
  now: number,
  note?: string,
  version = newPolicyVersion(now),
): { version: string; audit: string; previous: string } {
  const previous = policyTag(db);
  const savedAt = new Date(now).toISOString();
  db.run(
    "INSERT INTO policy_versions (version, at, policy, saved_by, note) VALUES (?, ?, ?, ?, ?)",
    version,
    now,
    policy ? JSON.stringify(policy) : null,
    actor.id,
    note ?? null,
  );
  const state: LivePolicyState | null = policy ? { policy, version, savedAt, savedBy: actor.id, ...(note ? { note } : {}) } : null;
  db.setMeta("livePolicyState", state);
  db.setMeta("livePolicy", policy ? ({ policy, version, savedAt } satisfies LivePolicy) : null);
  const audit = appendAudit(db, now, actor, {
    action,
    target: "policy",
    previous: { version: previous },
    result: { version, source: policy ? "live" : "deployed", ...(note ? { note } : {}) },
  });
  return { version, audit, previous };
}

/** Versions newest first, without their policies; `cursor` continues after the previous page. */
export function policyHistory(
  db: Db,
  options: { limit: number; cursor?: string },
): { versions: (Omit<PolicyVersion, "policy"> & { live: boolean })[]; cursor?: string } {
  const after = options.cursor ? Number(options.cursor) : Number.MAX_SAFE_INTEGER;
  const rows = db.all<{ seq: number; version: string; at: number; live: number; saved_by: string; note: string | null }>(
    "SELECT seq, version, at, policy IS NOT NULL AS live, saved_by, note FROM policy_versions WHERE seq < ? ORDER BY seq DESC LIMIT ?",
    after,
    options.limit + 1,
  );
  const page = rows.slice(0, options.limit);
  const versions = page.map((r) => ({
    version: r.version,
    savedAt: new Date(r.at).toISOString(),
    savedBy: r.saved_by,
    live: r.live === 1,
    ...(r.note ? { note: r.note } : {}),
  }));
  const last = page[page.length - 1];
  return rows.length > options.limit && last ? { versions, cursor: String(last.seq) } : { versions };
}

const DEPLOYED: PolicyVersion = { version: "deployed", policy: null, savedAt: "", savedBy: "" };

/** The version a rollback restores: the one named, or the one in force before the current one. */
export function rollbackTarget(db: Db, to: string | undefined): PolicyVersion | Failure {
  if (to === DEPLOYED.version) return DEPLOYED;
  const read = (row: { version: string; at: number; policy: string | null; saved_by: string; note: string | null }): PolicyVersion => ({
    version: row.version,
    policy: row.policy ? (JSON.parse(row.policy) as DomainPolicy) : null,
    savedAt: new Date(row.at).toISOString(),
    savedBy: row.saved_by,
    ...(row.note ? { note: row.note } : {}),
  });
  type Row = { seq: number; version: string; at: number; policy: string | null; saved_by: string; note: string | null };
  if (to !== undefined) {
    const named = db.first<Row>("SELECT seq, version, at, policy, saved_by, note FROM policy_versions WHERE version = ?", to);
    return named ? read(named) : failure("not_found", { detail: to });
  }
  const current = db.first<Row>("SELECT seq, version, at, policy, saved_by, note FROM policy_versions ORDER BY seq DESC LIMIT 1");
  if (!current) return failure("conflict", { detail: "nothing to roll back" });
  const earlier = db.first<Row>("SELECT seq, version, at, policy, saved_by, note FROM policy_versions WHERE seq < ? ORDER BY seq DESC LIMIT 1", current.seq);
  // Before the first saved version, the deployed policy was in force.
  return earlier ? read(earlier) : DEPLOYED;
}

// The live domain policy's writes: save, remove (back to the deployed policy) and roll back, each kept
// as a version in policy-history: and recorded in the audit log. Reading the policy in force is
// store/config.ts getPolicy.

import { HttpError } from "../http/errors.ts";
import { logEvent } from "../log.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { checkPolicy } from "../policy/validate.ts";
import { type Actor, auditEntry, newAuditKey, writeAudit } from "./audit.ts";
import { type StoredPolicy, bumpGeneration } from "./config.ts";
import { keys } from "./keys.ts";
import type { Kv } from "./kv.ts";

/** One version of the live policy; `policy` null records a return to the deployed policy. */
export interface PolicyVersion {
  version: string;
  policy: DomainPolicy | null;
  savedAt: string;
  savedBy: string;
  note?: string;
}

type VersionSummary = Omit<PolicyVersion, "policy"> & { live: boolean };

/** The ETag of the policy in force: its version, or "deployed". */
export function policyEtag(stored: StoredPolicy | null): string {
  return `"${stored ? (stored.version ?? "live") : "deployed"}"`;
}

export async function readStoredPolicy(kv: Kv): Promise<StoredPolicy | null> {
  return kv.getJson<StoredPolicy>(keys.policy());
}

/** Versions newest first, without their policies (one KV list call per page). */
export async function listPolicyHistory(kv: Kv, options: { limit: number; cursor?: string }): Promise<{ versions: VersionSummary[]; cursor?: string }> {
  const page = await kv.list<VersionSummary>(keys.policyHistoryPrefix(), { limit: options.limit, ...(options.cursor ? { cursor: options.cursor } : {}) });
  const versions = page.entries.flatMap((e) => (e.metadata ? [e.metadata] : []));
  return page.cursor ? { versions, cursor: page.cursor } : { versions };
}

async function allVersions(kv: Kv): Promise<PolicyVersion[]> {
  const names = (await kv.listAll(keys.policyHistoryPrefix())).map((e) => e.name);
  const values = await kv.getManyJson<PolicyVersion>(names, (key) => logEvent("warn", "policy history: corrupt version skipped", { key }));
  return names.map((name) => values.get(name)).filter((v): v is PolicyVersion => typeof v === "object" && v !== null && typeof v.version === "string");
}

export interface PolicyChange {
  version: string;
  auditId: string;
  at: number;
  previous: StoredPolicy | null;
}

/**
 * Puts a policy in force (null: remove the live one, so the deployed one applies). The version is
 * recorded first; if the live key, the audit entry or the new generation cannot be written, the
 * previous state is restored and the failure reported (503): a policy change either happens or not.
 */
export async function setLivePolicy(kv: Kv, policy: DomainPolicy | null, actor: Actor, action: string, note?: string): Promise<PolicyChange> {
  const previous = await readStoredPolicy(kv);
  const at = Date.now();
  const version = `${at.toString(36)}-${crypto.randomUUID().slice(0, 6)}`;
  const savedAt = new Date(at).toISOString();
  const entry: PolicyVersion = { version, policy, savedAt, savedBy: actor.id, ...(note ? { note } : {}) };
  const summary: VersionSummary = { version, savedAt, savedBy: actor.id, live: policy !== null, ...(note ? { note } : {}) };
  const historyKey = keys.policyHistory(at, version);
  const audit = newAuditKey(at);
  try {
    await kv.putJson(historyKey, entry, summary);
  } catch (error) {
    logEvent("error", "policy version not recorded; nothing changed", { error: String(error) });
    throw new HttpError(503, "Storage failed before the policy was saved; the previous policy is still in force. Try again in a moment.", {
      "Retry-After": "30",
    });
  }
  try {
    if (policy) await kv.putJson(keys.policy(), { policy, savedAt, savedBy: actor.id, version } satisfies StoredPolicy);
    else await kv.delete(keys.policy());
    await writeAudit(
      kv,
      audit.key,
      auditEntry(audit.id, at, actor, {
        action,
        target: "policy",
        previous: previous ? { source: "live", ...previous } : { source: "deployed" },
        result: { version, source: policy ? "live" : "deployed", ...(note ? { note } : {}) },
      }),
    );
    await bumpGeneration(kv);
  } catch (error) {
    logEvent("error", "policy change failed; restoring the previous policy", { error: String(error) });
    try {
      if (previous) await kv.putJson(keys.policy(), previous);
      else await kv.delete(keys.policy());
      await Promise.all([kv.delete(historyKey), kv.delete(audit.key)]);
      await bumpGeneration(kv);
    } catch (restoreError) {
      logEvent("error", "policy restore failed", { error: String(restoreError) });
      throw new HttpError(
        503,
        "Storage failed during the policy change and the previous policy could not be restored at once. GET /api/policy to see what is in force, then try again.",
        { "Retry-After": "60" },
      );
    }
    throw new HttpError(503, "Storage failed during the policy change; the previous policy is still in force. Try again in a moment.", { "Retry-After": "30" });
  }
  return { version, auditId: audit.id, at, previous };
}

/** The deployed policy (wrangler.toml) as a rollback target: {"to": "deployed"}. */
const DEPLOYED: PolicyVersion = { version: "deployed", policy: null, savedAt: "", savedBy: "" };

/** The version a rollback restores: the one named, or the one in force before the current one. */
export async function rollbackTarget(kv: Kv, to: string | undefined): Promise<PolicyVersion> {
  if (to === DEPLOYED.version) return DEPLOYED;
  const history = await allVersions(kv);
  if (to !== undefined) {
    const named = history.find((v) => v.version === to);
    if (!named) throw new HttpError(404, `There is no policy version "${to}"; GET /api/policy/history lists them.`);
    return named;
  }
  const live = await readStoredPolicy(kv);
  const current = live ? history.findIndex((v) => v.version === live.version) : history.findIndex((v) => v.policy === null);
  if (current === -1) {
    throw new HttpError(
      409,
      live
        ? 'The policy in force is not in the version history, so "the previous version" is unclear; name one: {"to": "<version>"} (GET /api/policy/history).'
        : "Nothing to roll back to: the deployed policy is in force and no policy has been saved through the API.",
    );
  }
  const earlier = history[current + 1];
  if (earlier) return earlier;
  // Before the first saved version, the deployed policy was in force.
  return DEPLOYED;
}

/** Rolls back to `target`; the rollback is itself a new version, so it can be undone the same way. */
export async function rollbackPolicy(kv: Kv, target: PolicyVersion, actor: Actor): Promise<PolicyChange> {
  if (target.policy) {
    const check = checkPolicy(target.policy);
    if (!check.policy) {
      throw new HttpError(409, `Version ${target.version} no longer passes the policy checks, so it cannot be restored.`, {}, { problems: check.errors });
    }
    return setLivePolicy(kv, check.policy, actor, "policy.rollback", `rollback to ${target.version}`);
  }
  return setLivePolicy(
    kv,
    null,
    actor,
    "policy.rollback",
    target.version === "deployed" ? "rollback to the deployed policy" : `rollback to ${target.version} (the deployed policy)`,
  );
}

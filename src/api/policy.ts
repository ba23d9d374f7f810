// Domain policy endpoints: read the policy in force, replace it (validated exactly like
// `npm run check-config`), remove it (back to the deployed policy), list versions and roll back.

import type { IRequest } from "itty-router";
import { isFields } from "../content/problems.ts";
import type { Context } from "../handlers/context.ts";
import { badRequest, notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import { checkPolicy } from "../policy/validate.ts";
import { getPolicy } from "../store/config.ts";
import { type PolicyChange, listPolicyHistory, policyEtag, readStoredPolicy, rollbackPolicy, rollbackTarget, setLivePolicy } from "../store/policy.ts";
import { BODY_LIMITS, JSON_TYPE, parseJson, readBody, readJson, requireType } from "./body.ts";
import { invalid, preconditionFailed } from "./errors.ts";
import { cursorParam, limitParam } from "./query.ts";
import { actorOf, preconditionOf, writeResponse } from "./shared.ts";

export async function getPolicyRoute(_request: IRequest, ctx: Context): Promise<Response> {
  const [stored, active] = await Promise.all([readStoredPolicy(ctx.kv), getPolicy(ctx.env, ctx.kv)]);
  const live = active.source === "live" && stored;
  return jsonResponse(
    {
      source: active.source,
      ...(live ? { version: stored.version ?? null, savedAt: stored.savedAt, savedBy: stored.savedBy } : {}),
      ...(stored && !live ? { note: "A stored policy exists but does not pass the checks, so the deployed policy is in force." } : {}),
      policy: active.policy,
    },
    200,
    { ETag: policyEtag(live ? stored : null), "Cache-Control": "no-store" },
  );
}

/** If-Match on the policy: the ETag GET /api/policy returned ("deployed" while no live policy is stored). */
async function checkPolicyPrecondition(request: IRequest, ctx: Context): Promise<void> {
  const { ifMatch } = preconditionOf(request);
  if (ifMatch === undefined || ifMatch === "*") return;
  const current = policyEtag(await readStoredPolicy(ctx.kv));
  if (!ifMatch.includes(current.slice(1, -1))) {
    throw preconditionFailed(`The policy changed since you read it (it is now ${current}). GET /api/policy again, redo your change, and retry.`, current);
  }
}

function answer(change: PolicyChange, source: "live" | "deployed", extra: Record<string, unknown> = {}): Response {
  return writeResponse(
    { source, version: change.version, previousVersion: change.previous ? (change.previous.version ?? "live") : "deployed", audit: change.auditId, ...extra },
    change.at,
    200,
    { ETag: `"${source === "live" ? change.version : "deployed"}"` },
  );
}

export async function putPolicy(request: IRequest, ctx: Context): Promise<Response> {
  const input = await readJson(request, BODY_LIMITS.policy, "policy");
  const check = checkPolicy(input);
  if (!check.policy) throw invalid("policy", check.errors, { warnings: check.warnings });
  await checkPolicyPrecondition(request, ctx);
  const change = await setLivePolicy(ctx.kv, check.policy, actorOf(ctx), "policy.put");
  return answer(change, "live", check.warnings.length > 0 ? { warnings: check.warnings } : {});
}

export async function deletePolicy(request: IRequest, ctx: Context): Promise<Response> {
  if (!(await readStoredPolicy(ctx.kv))) throw notFound("No live policy is stored; the deployed policy is already in force.");
  await checkPolicyPrecondition(request, ctx);
  const change = await setLivePolicy(ctx.kv, null, actorOf(ctx), "policy.delete");
  return answer(change, "deployed");
}

export async function policyHistory(_request: IRequest, ctx: Context): Promise<Response> {
  const cursor = cursorParam(ctx.url);
  const page = await listPolicyHistory(ctx.kv, { limit: limitParam(ctx.url, 50, 1000), ...(cursor ? { cursor } : {}) });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

/** Restores the version before the current one, or the one named: {"to": "<version>" | "deployed"}. */
export async function rollback(request: IRequest, ctx: Context): Promise<Response> {
  const bytes = await readBody(request, BODY_LIMITS.command, "rollback request");
  if (bytes.byteLength > 0) requireType(request, [JSON_TYPE]);
  const body = bytes.byteLength > 0 ? parseJson(bytes, "rollback request") : {};
  if (!isFields(body) || (body.to !== undefined && typeof body.to !== "string") || Object.keys(body).some((k) => k !== "to")) {
    throw badRequest('The body must be empty or {"to": "<version>"} (a version from GET /api/policy/history, or "deployed").');
  }
  await checkPolicyPrecondition(request, ctx);
  const target = await rollbackTarget(ctx.kv, typeof body.to === "string" ? body.to : undefined);
  const change = await rollbackPolicy(ctx.kv, target, actorOf(ctx));
  return answer(change, target.policy ? "live" : "deployed", { restored: target.version });
}

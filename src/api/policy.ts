// Domain policy endpoints: read the policy in force, replace it (validated exactly like
// `npm run check-config`, plus: every host routed to this Worker), remove it (back to the deployed
// policy), list versions and roll back. All answered by the single writer.

import type { IRequest } from "itty-router";
import { isFields } from "../content/problems.ts";
import { badRequest, notFound } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import type { PolicyOutcome } from "../publish/newsroom.ts";
import { newsroom } from "../publish/stub.ts";
import type { RequestContext } from "../stages/context.ts";
import { BODY_LIMITS, JSON_TYPE, parseJson, readBody, readJson, requireType } from "./body.ts";
import { refused } from "./errors.ts";
import { limitParam, sequenceCursorParam } from "./query.ts";
import { actorOf, etagOf, preconditionOf, writeResponse } from "./shared.ts";

const POLICY = { noun: "policy", read: "GET /api/policy" };

export async function getPolicyRoute(_request: IRequest, ctx: RequestContext): Promise<Response> {
  const view = await newsroom(ctx.env).getPolicy();
  return jsonResponse(
    {
      source: view.source,
      ...(view.live ? { version: view.live.version, savedAt: view.live.savedAt, savedBy: view.live.savedBy } : {}),
      policy: view.policy,
    },
    200,
    { ETag: etagOf(view.version), "Cache-Control": "no-store" },
  );
}

function answer(outcome: PolicyOutcome & { restored?: string }): Response {
  if (!outcome.ok) throw refused(outcome, POLICY);
  return writeResponse(
    {
      source: outcome.source,
      version: outcome.version,
      previousVersion: outcome.previous,
      audit: outcome.audit,
      ...(outcome.restored ? { restored: outcome.restored } : {}),
      ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
    },
    outcome.visibleFrom,
    200,
    { ETag: etagOf(outcome.source === "live" ? outcome.version : "deployed") },
  );
}

export async function putPolicy(request: IRequest, ctx: RequestContext): Promise<Response> {
  const input = await readJson(request, BODY_LIMITS.policy, "policy");
  return answer(await newsroom(ctx.env).putPolicy(input, preconditionOf(request), actorOf(ctx)));
}

export async function deletePolicy(request: IRequest, ctx: RequestContext): Promise<Response> {
  const outcome = await newsroom(ctx.env).deletePolicy(preconditionOf(request), actorOf(ctx));
  if (!outcome.ok && outcome.code === "not_found") throw notFound("No live policy is stored; the deployed policy is already in force.");
  return answer(outcome);
}

export async function policyHistory(_request: IRequest, ctx: RequestContext): Promise<Response> {
  const cursor = sequenceCursorParam(ctx.url);
  const page = await newsroom(ctx.env).policyHistory({ limit: limitParam(ctx.url, 50, 1000), ...(cursor ? { cursor } : {}) });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

/** Restores the version before the current one, or the one named: {"to": "<version>" | "deployed"}. */
export async function rollback(request: IRequest, ctx: RequestContext): Promise<Response> {
  const bytes = await readBody(request, BODY_LIMITS.command, "rollback request");
  if (bytes.byteLength > 0) requireType(request, [JSON_TYPE]);
  const body = bytes.byteLength > 0 ? parseJson(bytes, "rollback request") : {};
  if (!isFields(body) || (body.to !== undefined && typeof body.to !== "string") || Object.keys(body).some((k) => k !== "to")) {
    throw badRequest('The body must be empty or {"to": "<version>"} (a version from GET /api/policy/history, or "deployed").');
  }
  return answer(await newsroom(ctx.env).rollbackPolicy(typeof body.to === "string" ? body.to : undefined, preconditionOf(request), actorOf(ctx)));
}

// The reach API: what the passes found per host and country, and a pass run now (admin token).

import type { IRequest } from "itty-router";
import { jsonResponse } from "../http/responses.ts";
import { newsroom } from "../publish/stub.ts";
import type { RequestContext } from "../stages/context.ts";
import { refused } from "./errors.ts";
import { actorOf } from "./shared.ts";

export async function reachStatus(_request: IRequest, ctx: RequestContext): Promise<Response> {
  return jsonResponse(await newsroom(ctx.env).reachStatus(), 200, { "Cache-Control": "no-store" });
}

/** POST /api/reach/run: one pass now; the answer is its findings (and, in act mode, the policy version it wrote). */
export async function runReach(_request: IRequest, ctx: RequestContext): Promise<Response> {
  const report = await newsroom(ctx.env).reachPass(actorOf(ctx));
  if (!report.ok) throw refused(report, { noun: "reach pass", read: "GET /api/reach" });
  return jsonResponse(report, 200, { "Cache-Control": "no-store" });
}

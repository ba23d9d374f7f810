// GET /api/audit: the audit log, newest first, a page at a time.

import type { IRequest } from "itty-router";
import { jsonResponse } from "../http/responses.ts";
import { newsroom } from "../publish/stub.ts";
import type { RequestContext } from "../stages/context.ts";
import { limitParam, sequenceCursorParam } from "./query.ts";

export async function auditLog(_request: IRequest, ctx: RequestContext): Promise<Response> {
  const cursor = sequenceCursorParam(ctx.url);
  const page = await newsroom(ctx.env).audit({ limit: limitParam(ctx.url, 20, 100), ...(cursor ? { cursor } : {}) });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

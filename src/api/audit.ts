// GET /api/audit: the audit log, newest first, a page at a time.

import type { IRequest } from "itty-router";
import type { Context } from "../handlers/context.ts";
import { jsonResponse } from "../http/responses.ts";
import { readAudit } from "../store/audit.ts";
import { cursorParam, limitParam } from "./query.ts";

export async function auditLog(_request: IRequest, ctx: Context): Promise<Response> {
  const cursor = cursorParam(ctx.url);
  const page = await readAudit(ctx.kv, { limit: limitParam(ctx.url, 20, 100), ...(cursor ? { cursor } : {}) });
  return jsonResponse(page, 200, { "Cache-Control": "no-store" });
}

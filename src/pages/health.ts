// /healthz: whether the site can serve, for monitors: storage answers, the site is seeded, the cron
// runs and the writer's projection keeps up. 503 with the reasons when any is not so; never cached.

import { CACHE_CONTROL } from "../http/headers.ts";
import { jsonResponse } from "../http/responses.ts";
import { logEvent } from "../log.ts";
import { newsroom } from "../publish/stub.ts";
import type { Pointer } from "../store/format.ts";
import { keys } from "../store/keys.ts";
import type { RequestContext } from "../stages/context.ts";

/** The cron runs every minute; a pass older than this means it stopped. */
export const CRON_STALE_SECONDS = 300;
/** Blobs still queued this long after the last pointer was built mean KV is refusing the writer. */

export async function health(ctx: RequestContext): Promise<Response> {
  const problems: string[] = [];
  const report: Record<string, unknown> = {};
  const now = Date.now();
  try {
    const pointer = await ctx.kv.getJson<Pointer>(keys.pointer());
    report.kv = "ok";
    report.seeded = pointer !== null;
    if (pointer) report.content = { seq: pointer.seq, builtSecondsAgo: Math.round((now - pointer.at) / 1000) };
    else problems.push("the site is not seeded: every page answers 503 until `npm run seed` loads content");
  } catch (error) {
    report.kv = "failing";
    problems.push("KV is not answering");
    logEvent("error", "health check: KV unreachable", { error: String(error) });
  }
  try {
    const writer = await newsroom(ctx.env).health();
    const age = writer.lastTick === null ? null : Math.round((now - writer.lastTick) / 1000);
    report.cron = { lastPassSecondsAgo: age };
    report.writer = { blobsPending: writer.blobsPending, pointerPending: writer.pointerPending ?? null, pointerWritten: writer.pointerWritten };
    if (age === null) problems.push("the cron has never run");
    else if (age > CRON_STALE_SECONDS) problems.push(`the cron last ran ${Math.round(age / 60)} minutes ago`);
    if (writer.lastError && (writer.blobsPending > 0 || writer.pointerPending !== undefined)) {
      problems.push(`KV refuses the writer's projection (${writer.lastError}); changes are not reaching readers`);
    }
  } catch (error) {
    report.writer = "failing";
    problems.push("the writer (Durable Object) is not answering");
    logEvent("error", "health check: writer unreachable", { error: String(error) });
  }
  const headers = { "Cache-Control": CACHE_CONTROL.none };
  if (problems.length === 0) return jsonResponse({ status: "ok", ...report }, 200, headers);
  return jsonResponse({ status: "unhealthy", problems, ...report }, 503, { ...headers, "Retry-After": "30" });
}

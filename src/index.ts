// Worker entry: build the request context and run the router inside one error boundary; the cron
// trigger runs the repair pass.

import { fallbackResponse } from "./handlers/fallback.ts";
import type { Context } from "./handlers/context.ts";
import { logEvent } from "./log.ts";
import { router } from "./router.ts";
import { Kv, kvOptionsOf } from "./store/kv.ts";
import { repairAll } from "./store/repair.ts";

async function fetch(request: Request, env: Env, exec: ExecutionContext): Promise<Response> {
  const requestId = crypto.randomUUID();
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    // The runtime builds request.url from the request line and Host; a malformed one must not become a 500.
    logEvent("warn", "request address is not a URL", { requestId });
    return fallbackResponse(400, "That request did not work", "The address of this request is not a valid URL.", requestId, false);
  }
  const head = request.method === "HEAD";
  const ctx: Context = {
    env,
    exec,
    kv: new Kv(env.CONTENT, kvOptionsOf(env)),
    url,
    requestId,
    started: Date.now(),
    method: request.method,
  };
  try {
    // HEAD is answered exactly as GET, without the body.
    const response = await router.fetch(head ? new Request(request, { method: "GET" }) : request, ctx);
    return head ? new Response(null, response) : response;
  } catch (error) {
    // Only reached if a router stage itself fails; still no internals for the reader.
    logEvent("error", "request failed outside the router", { requestId, path: url.pathname, error: String(error) });
    return fallbackResponse(500, "Something went wrong", "Something went wrong on our side. It has been logged.", requestId, url.protocol === "https:");
  }
}

/** The cron trigger (wrangler.toml): settles interrupted publishes and rebuilds feeds marked dirty. */
async function scheduled(_controller: ScheduledController, env: Env): Promise<void> {
  await repairAll(new Kv(env.CONTENT, kvOptionsOf(env)));
}

export default { fetch, scheduled } satisfies ExportedHandler<Env>;

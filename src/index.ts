// Worker entry: build the request context and run the router inside one error boundary; the cron
// trigger runs the repair pass.

import type { Context } from "./handlers/context.ts";
import { logEvent } from "./log.ts";
import { renderErrorPage } from "./render/pages/error.ts";
import { router } from "./router.ts";
import { Kv } from "./store/kv.ts";
import { repairAll } from "./store/repair.ts";

async function fetch(request: Request, env: Env, exec: ExecutionContext): Promise<Response> {
  const head = request.method === "HEAD";
  const ctx: Context = {
    env,
    exec,
    kv: new Kv(env.CONTENT),
    url: new URL(request.url),
    requestId: crypto.randomUUID(),
    started: Date.now(),
    method: request.method,
  };
  try {
    // HEAD is answered exactly as GET, without the body.
    const response = await router.fetch(head ? new Request(request, { method: "GET" }) : request, ctx);
    return head ? new Response(null, response) : response;
  } catch (error) {
    // Only reached if a router stage itself fails; still no internals for the reader.
    logEvent("error", "request failed outside the router", { requestId: ctx.requestId, error: String(error) });
    return new Response(renderErrorPage(500, "Something went wrong", "Something went wrong on our side. It has been logged."), {
      status: 500,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
}

/** The cron trigger (wrangler.toml): settles interrupted publishes and rebuilds feeds marked dirty. */
async function scheduled(_controller: ScheduledController, env: Env): Promise<void> {
  await repairAll(new Kv(env.CONTENT));
}

export default { fetch, scheduled } satisfies ExportedHandler<Env>;

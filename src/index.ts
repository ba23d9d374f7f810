// Worker entry: the request pipeline (stages around the page router, the API mounted apart), the cron
// and the single writer's class. One error boundary per handler.

import { isApiPath } from "./content/urls.ts";
import { logEvent } from "./log.ts";
import { health } from "./pages/health.ts";
import { notFoundPage } from "./pages/stories.ts";
import { newsroom } from "./publish/stub.ts";
import { routePage } from "./router.ts";
import type { RequestContext } from "./stages/context.ts";
import { fallbackResponse } from "./stages/fallback.ts";
import { type NotFoundPage, countRequest, finish, logRequest, renderError } from "./stages/finish.ts";
import { checkRequestLimits } from "./stages/limits.ts";
import { checkPageMethod } from "./stages/methods.ts";
import { decideRegion } from "./stages/region.ts";
import { Kv, kvOptionsOf } from "./store/kv.ts";
import { expireView, loadView } from "./store/view.ts";
import { writeRoad } from "./write-road-module.ts";

export { Newsroom } from "./newsroom.ts";

/** Everything between the request and its response, before the finishing stages. */
async function respond(request: Request, ctx: RequestContext, on404: { page?: NotFoundPage }): Promise<Response> {
  checkRequestLimits(request);
  const path = ctx.url.pathname;
  if (isApiPath(path)) {
    const response = await (await writeRoad()).api(request, ctx);
    // This isolate reads the pointer again on its next request, rather than when its copy expires (the
    // write road is a module of its own, with its own copy of store/view.ts: the page road's is expired here).
    if (ctx.method !== "GET" && ctx.method !== "HEAD" && response.status < 300) expireView();
    return response;
  }
  if (path === "/healthz") return health(ctx);
  const view = await loadView(ctx.env, ctx.kv, ctx.started, { origin: ctx.url.origin, exec: ctx.exec });
  const page = decideRegion(request, ctx, view);
  if (page instanceof Response) return page;
  on404.page = () => notFoundPage(page);
  const options = checkPageMethod(ctx.method);
  if (options) return options;
  // HEAD is answered exactly as GET (the body is dropped when the response leaves).
  return routePage(path, page);
}

async function fetch(request: Request, env: Env, exec: ExecutionContext): Promise<Response> {
  const started = Date.now();
  const requestId = crypto.randomUUID();
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    // The runtime builds request.url from the request line and Host; a malformed one must not become a 500.
    logEvent("warn", "request address is not a URL", { requestId });
    return fallbackResponse(400, "That request did not work", "The address of this request is not a valid URL.", requestId, false);
  }
  const ctx: RequestContext = { env, exec, kv: new Kv(env.CONTENT, kvOptionsOf(env)), url, requestId, started, method: request.method, notes: {} };
  try {
    const on404: { page?: NotFoundPage } = {};
    let response: Response;
    try {
      response = await respond(request, ctx, on404);
    } catch (error) {
      response = await renderError(error, ctx, on404.page);
    }
    const out = await finish(response, request, ctx);
    countRequest(out, ctx);
    logRequest(out, ctx);
    return request.method === "HEAD" ? new Response(null, out) : out;
  } catch (error) {
    // Only reached if a finishing stage itself fails; still no internals for the reader.
    logEvent("error", "request failed outside the stages", { requestId, path: url.pathname, error: String(error) });
    return fallbackResponse(500, "Something went wrong", "Something went wrong on our side. It has been logged.", requestId, url.protocol === "https:");
  }
}

/** The hourly schedule in wrangler.toml: the reach pass. Every other schedule is the writer's minute pass. */
const REACH_CRON = "7 * * * *";

/** The cron triggers (wrangler.toml), told apart by their schedule. */
async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const writer = newsroom(env);
  if (controller.cron === REACH_CRON) {
    const report = await writer.reachPass({ id: "reach", method: "CRON", path: REACH_CRON });
    const { changes, act } = report as { changes?: unknown[]; act?: unknown };
    if (changes && changes.length > 0) logEvent("warn", "reach pass: statuses changed", { changes, act });
    return;
  }
  const report = await writer.tick();
  if (report.released > 0 || report.drain.error || report.sweep?.deleted) logEvent("info", "cron pass", { ...report });
}

/** Mail to the mirrors address (Email Routing): one plain-text answer with every address and the news. */
async function email(message: ForwardableEmailMessage, env: Env): Promise<void> {
  try {
    await (await writeRoad()).answerEmail(message, env);
  } catch (error) {
    logEvent("error", "email handler failed", { error: String(error) });
  }
}

export default { fetch, scheduled, email } satisfies ExportedHandler<Env>;

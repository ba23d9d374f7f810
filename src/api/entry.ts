// The publishing API's way in: refused over plain HTTP on an HTTPS host (under the policy in force,
// or the deployed one before the site is seeded), then its own router.

import { loadView, ViewUnavailable, deployedPolicy } from "../store/view.ts";
import type { RequestContext } from "../stages/context.ts";
import { insecureApi, routeOf } from "../stages/region.ts";
import { api as router } from "./router.ts";
import { renderError } from "../stages/finish.ts";

/**
 * An API request, answered whole here (errors included): the write road is a module of its own, so its
 * error classes are not the reading road's.
 */
export async function api(request: Request, ctx: RequestContext): Promise<Response> {
  try {
    return await answer(request, ctx);
  } catch (error) {
    return renderError(error, ctx);
  }
}

async function answer(request: Request, ctx: RequestContext): Promise<Response> {
  let policy = deployedPolicy(ctx.env.DOMAIN_POLICY).policy;
  try {
    policy = (await loadView(ctx.env, ctx.kv, ctx.started, { origin: ctx.url.origin, exec: ctx.exec })).policy;
  } catch (error) {
    // The API must work before the site has content (it is how the content gets there).
    if (!(error instanceof ViewUnavailable)) throw error;
  }
  if (policy) {
    const { route } = routeOf(request, ctx, policy);
    if (route.action === "refuse-insecure-api") throw insecureApi(route.location);
    ctx.notes.https = ctx.url.protocol === "https:" || route.host?.scheme === "https";
  }
  // HEAD is answered as GET (the body is dropped on the way out), as Allow says.
  return router.fetch(ctx.method === "HEAD" ? new Request(request, { method: "GET" }) : request, ctx);
}

// Shared handler glue: the page chrome and the cached-page wrapper for HTML routes.

import type { SiteConfig } from "../content/site.ts";
import { etagOf } from "../http/conditional.ts";
import { CACHE_CONTROL, stylesheetHash } from "../http/headers.ts";
import { htmlResponse } from "../http/responses.ts";
import { canonicalHost, originOf } from "../policy/decide.ts";
import { publicMirrors } from "../policy/mirrors.ts";
import type { Chrome } from "../render/layout.ts";
import { getGeneration, getSite } from "../store/config.ts";
import { cachedPage } from "../store/page-cache.ts";
import { type Context, activePolicy } from "./context.ts";

export function chromeFor(ctx: Context, site: SiteConfig): Chrome {
  const { policy } = activePolicy(ctx);
  return { site, mirrors: publicMirrors(policy), canonicalOrigin: originOf(canonicalHost(policy)) };
}

/** Edge cache windows for HTML pages: fresh for 5 minutes, then served stale for 10 while re-rendered. */
export const PAGE_FRESH_SECONDS = 300;
export const PAGE_STALE_SECONDS = 600;

/**
 * An HTML page through the edge cache. The key is the path (and cursor) only: pages use site-relative
 * links, so one cached copy serves every host. `render` gets the site and chrome and returns the HTML.
 */
export async function htmlPage(ctx: Context, key: string, render: (chrome: Chrome) => Promise<string>): Promise<Response> {
  // The stylesheet's hash is part of the generation: a cached page's inline stylesheet must be the one
  // the Content-Security-Policy allows, so a deploy that changes the CSS never serves unstyled pages.
  const generation = `${await getGeneration(ctx.kv)}.${await stylesheetHash()}`;
  const { response, status } = await cachedPage({ key, generation, freshSeconds: PAGE_FRESH_SECONDS, staleSeconds: PAGE_STALE_SECONDS }, ctx.exec, async () => {
    const site = await getSite(ctx.kv);
    const body = await render(chromeFor(ctx, site));
    return htmlResponse(body, 200, { "Cache-Control": CACHE_CONTROL.page, ETag: await etagOf(body) });
  });
  ctx.cache = status;
  return response;
}

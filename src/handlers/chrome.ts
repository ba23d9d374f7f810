// Shared handler glue: the page chrome and the cached-page wrapper for HTML routes.

import type { SiteConfig } from "../content/site.ts";
import { etagOf } from "../http/conditional.ts";
import { CACHE_CONTROL, stylesheetHash } from "../http/headers.ts";
import { htmlResponse, typedResponse } from "../http/responses.ts";
import { canonicalHost, originOf } from "../policy/decide.ts";
import { publicMirrors } from "../policy/mirrors.ts";
import type { Chrome } from "../render/layout.ts";
import { getGeneration, getSite } from "../store/config.ts";
import { type CachePolicy, type CacheStatus, cachedPage } from "../store/page-cache.ts";
import { type Context, activePolicy } from "./context.ts";

export function chromeFor(ctx: Context, site: SiteConfig): Chrome {
  const { policy } = activePolicy(ctx);
  return { site, mirrors: publicMirrors(policy), canonicalOrigin: originOf(canonicalHost(policy)) };
}

/** Edge cache windows for HTML pages: fresh for 5 minutes, then served stale for 10 while re-rendered. */
export const PAGE_FRESH_SECONDS = 300;
export const PAGE_STALE_SECONDS = 600;

/**
 * The edge page cache, unless the deployment turned it off (PAGE_CACHE = "off", set only by the
 * benchmark to measure cache misses): a var, so no request can ask for a render.
 */
async function throughCache(ctx: Context, policy: CachePolicy, render: () => Promise<Response>): Promise<{ response: Response; status: CacheStatus }> {
  if (ctx.env.PAGE_CACHE === "off") return { response: await render(), status: "BYPASS" };
  return cachedPage(policy, ctx.exec, render);
}

/**
 * An HTML page through the edge cache. The key is the path (and cursor) only: pages use site-relative
 * links, so one cached copy serves every host. `render` gets the site and chrome and returns the HTML.
 */
export async function htmlPage(ctx: Context, key: string, render: (chrome: Chrome) => Promise<string>): Promise<Response> {
  // The stylesheet's hash is part of the generation: a cached page's inline stylesheet must be the one
  // the Content-Security-Policy allows, so a deploy that changes the CSS never serves unstyled pages.
  const generation = `${await getGeneration(ctx.kv)}.${await stylesheetHash()}`;
  const { response, status } = await throughCache(ctx, { key, generation, freshSeconds: PAGE_FRESH_SECONDS, staleSeconds: PAGE_STALE_SECONDS }, async () => {
    const site = await getSite(ctx.kv);
    const body = await render(chromeFor(ctx, site));
    return htmlResponse(body, 200, { "Cache-Control": CACHE_CONTROL.page, ETag: await etagOf(body) });
  });
  ctx.cache = status;
  return response;
}

/** What makes a cached machine-readable document (feed, sitemap): its cache key and response headers. */
export interface DocumentOptions {
  /** Everything the document depends on: the path, plus the origin for documents whose links follow the host. */
  key: string;
  contentType: string;
  cacheControl: string;
  headers?: Record<string, string>;
}

/**
 * A feed or sitemap through the same edge cache as pages (generation-keyed, fresh then stale), with a
 * strong ETag so a client polling with If-None-Match gets 304 from the router's finally stage.
 */
export async function cachedDocument(ctx: Context, options: DocumentOptions, render: (site: SiteConfig) => Promise<string>): Promise<Response> {
  const generation = await getGeneration(ctx.kv);
  const policy = { key: options.key, generation, freshSeconds: PAGE_FRESH_SECONDS, staleSeconds: PAGE_STALE_SECONDS };
  const { response, status } = await throughCache(ctx, policy, async () => {
    const body = await render(await getSite(ctx.kv));
    return typedResponse(body, options.contentType, 200, { ...options.headers, "Cache-Control": options.cacheControl, ETag: await etagOf(body) });
  });
  ctx.cache = status;
  return response;
}

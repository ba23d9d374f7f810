// Every page, feed and sitemap is rendered from one snapshot of the content and kept in the edge cache
// under the pointer it came from. A data centre that has a new pointer but not yet every blob it names
// serves the newest earlier version it has in full, uncached, rather than a mix or an error.

import { etagOf } from "../http/conditional.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { htmlResponse, typedResponse } from "../http/responses.ts";
import type { Chrome } from "../render/layout.ts";
import { NotYetHere } from "../store/blobs.ts";
import { type CachePolicy, cachedPage } from "../store/page-cache.ts";
import { Snapshot } from "../store/snapshot.ts";
import type { View } from "../store/view.ts";
import type { PageContext } from "../stages/context.ts";
import { styleSources } from "../stages/styles.ts";

/** Edge cache windows: fresh for 5 minutes, then served stale for 10 while re-rendered. */
export const PAGE_FRESH_SECONDS = 300;
export const PAGE_STALE_SECONDS = 600;

export function chromeOf(view: View, lite: boolean): Chrome {
  return { site: view.site, mirrors: view.mirrors, canonicalOrigin: view.canonicalOrigin, ...(lite ? { lite } : {}) };
}

/**
 * What a cached copy is rendered from: the pointer, how many scheduled stories are out by now (a page
 * changes the moment one's time comes, with no new pointer), and the stylesheets the CSP allows.
 */
async function versionOf(view: View, now: number): Promise<string> {
  let released = 0;
  for (const t of view.refs.scheduled) if (t <= now) released++;
  if (lastVersion?.seq === view.seq && lastVersion.released === released) return lastVersion.version;
  const version = `${view.seq}.${released}.${await styleSources()}`;
  lastVersion = { seq: view.seq, released, version };
  return version;
}

/** The version last computed: one string per pointer, not one per request. */
let lastVersion: { seq: number; released: number; version: string } | undefined;

/** A response through the edge cache (unless PAGE_CACHE = "off", the benchmark's setting to measure misses). */
export async function throughCache(ctx: PageContext, key: string, render: (content: Snapshot) => Promise<Response>): Promise<Response> {
  const { view } = ctx;
  const now = ctx.started;
  const current = () => render(new Snapshot(ctx.kv, view.refs, now));
  try {
    if (ctx.env.PAGE_CACHE === "off") {
      ctx.notes.cache = "BYPASS";
      return await current();
    }
    const policy: CachePolicy = {
      origin: ctx.url.origin,
      key,
      version: await versionOf(view, now),
      seq: view.seq,
      withdrawn: view.withdrawn,
      freshSeconds: PAGE_FRESH_SECONDS,
      staleSeconds: PAGE_STALE_SECONDS,
    };
    const { response, status } = await cachedPage(policy, ctx.exec, current);
    ctx.notes.cache = status;
    return response;
  } catch (error) {
    if (!(error instanceof NotYetHere)) throw error;
    return lagging(ctx, render, error);
  }
}

/**
 * The page from the newest earlier version whose blobs have all arrived here, uncached; when none has
 * (only while the first content ever written spreads), the "not here yet" error: a 503 with Retry-After.
 */
async function lagging(ctx: PageContext, render: (content: Snapshot) => Promise<Response>, notHere: NotYetHere): Promise<Response> {
  let last = notHere;
  for (const refs of ctx.view.fallbacks) {
    try {
      const response = await render(new Snapshot(ctx.kv, refs, ctx.started));
      response.headers.set("Cache-Control", CACHE_CONTROL.none);
      ctx.notes.cache = "LAGGING";
      return response;
    } catch (error) {
      if (!(error instanceof NotYetHere)) throw error;
      last = error;
    }
  }
  throw last;
}

/** An HTML page. Pages use site-relative links, so one copy serves every host: the key is the path. */
export function htmlPage(ctx: PageContext, key: string, render: (chrome: Chrome, content: Snapshot) => Promise<string>): Promise<Response> {
  return throughCache(ctx, ctx.lite ? `${key}\u0000lite` : key, async (content) => {
    const body = await render(chromeOf(ctx.view, ctx.lite), content);
    return htmlResponse(body, 200, { "Cache-Control": CACHE_CONTROL.page, ETag: await etagOf(body) });
  });
}

/** What makes a cached machine-readable document (feed, sitemap): its cache key and response headers. */
export interface DocumentOptions {
  /** Everything the document depends on: the path, plus the origin for documents whose links follow the host. */
  key: string;
  contentType: string;
  cacheControl: string;
  headers?: Record<string, string>;
}

/** A feed or sitemap, with a strong ETag so a client polling with If-None-Match gets 304. */
export function cachedDocument(ctx: PageContext, options: DocumentOptions, render: (content: Snapshot) => Promise<string>): Promise<Response> {
  return throughCache(ctx, options.key, async (content) => {
    const body = await render(content);
    return typedResponse(body, options.contentType, 200, { ...options.headers, "Cache-Control": options.cacheControl, ETag: await etagOf(body) });
  });
}

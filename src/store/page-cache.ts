// The edge page cache (Cache API, with the isolate's memory in front for fresh copies): rendered pages
// keyed by the pointer they were rendered from, served fresh, then stale while one request re-renders in
// the background, and as a last good copy when storage fails, unless a story was withdrawn since.

import { logEvent } from "../log.ts";
import { StorageError } from "./kv.ts";
import { recall, remember } from "./memory-cache.ts";

/**
 * Cache keys live under the request's own origin: the platform warns that a made-up host name in a cache
 * key costs DNS lookups ("always use the hostname that matches the domain associated with your Worker",
 * developers.cloudflare.com/workers/runtime-apis/cache). No page links here, and a request for it
 * reaches the Worker, never the cache.
 */
export const CACHE_PREFIX = "/.edge-cache";
/** How long a last good copy can stand in when storage fails. */
export const LAST_GOOD_SECONDS = 6 * 3600;

export type CacheStatus = "HIT" | "MISS" | "STALE" | "STALE-IF-ERROR" | "BYPASS" | "LAGGING";

export interface CachePolicy {
  /** The request's own origin ("https://www.example.org"): the cache key's host. */
  origin: string;
  /** Everything that makes the page what it is: path and page, plus the host if links depend on it. */
  key: string;
  /** What it is rendered from: the pointer's sequence number, the scheduled stories already out, the stylesheet. */
  version: string;
  /** The pointer sequence number it is rendered from. */
  seq: number;
  /** No copy rendered before this sequence number may stand in for a failing store. */
  withdrawn: number;
  /** Served without re-rendering for this long. */
  freshSeconds: number;
  /** Then served while a background re-render runs, for this long. */
  staleSeconds: number;
}

const STORED_AT = "X-Edge-Stored-At";
const RENDERED_FROM = "X-Edge-Seq";
const CLIENT_CACHE_CONTROL = "X-Edge-Client-Cache-Control";

/** The last version named and its URL-encoded form: the same for every request until the pointer moves. */
let lastVersion: { version: string; encoded: string } | undefined;

function encoded(version: string): string {
  if (lastVersion?.version !== version) lastVersion = { version, encoded: encodeURIComponent(version) };
  return lastVersion.encoded;
}

function cache(): Cache | undefined {
  return typeof caches === "undefined" ? undefined : (caches as unknown as { default: Cache }).default;
}

/**
 * Serves a cacheable page. `render` runs on a miss (and in the background once the copy is stale); a
 * render that fails for storage reasons falls back to the last good copy when one may stand in.
 */
export async function cachedPage(
  policy: CachePolicy,
  exec: ExecutionContext,
  render: () => Promise<Response>,
): Promise<{ response: Response; status: CacheStatus }> {
  const store = cache();
  if (!store) return { response: await render(), status: "BYPASS" };
  const url = `${policy.origin}${CACHE_PREFIX}/v/${encoded(policy.version)}${policy.key}`;

  // The isolate's own copy first: a fresh hit builds no request for the Cache API.
  const remembered = recall(url, policy.freshSeconds);
  if (remembered) return { response: remembered, status: "HIT" };

  const key = new Request(url);
  const lastGoodKey = new Request(`${policy.origin}${CACHE_PREFIX}/last-good${policy.key}`);
  const hit = await store.match(key).catch(() => undefined);
  if (hit) {
    const storedAt = Number(hit.headers.get(STORED_AT));
    const age = (Date.now() - storedAt) / 1000;
    if (age <= policy.freshSeconds) {
      const response = restore(hit);
      const body = await response.arrayBuffer();
      remember(url, response, body, storedAt);
      return { response: new Response(body, response), status: "HIT" };
    }
    if (age <= policy.freshSeconds + policy.staleSeconds) {
      exec.waitUntil(
        renderAndStore(store, url, [key, lastGoodKey], policy, render).catch((error) =>
          logEvent("warn", "background re-render failed", { key: policy.key, error: String(error) }),
        ),
      );
      return { response: restore(hit), status: "STALE" };
    }
  }
  try {
    return { response: await renderAndStore(store, url, [key, lastGoodKey], policy, render, exec), status: "MISS" };
  } catch (error) {
    // Only a storage failure may bring back an old copy; a page that no longer exists stays gone.
    if (!isOutage(error)) throw error;
    const lastGood = hit ?? (await store.match(lastGoodKey).catch(() => undefined));
    if (!lastGood || !mayStandIn(lastGood, policy)) throw error;
    logEvent("warn", "serving the last good copy", { key: policy.key, error: String(error) });
    return { response: restore(lastGood), status: "STALE-IF-ERROR" };
  }
}

/** A copy stands in only if no story was withdrawn or corrected since it was rendered, and it is not too old. */
function mayStandIn(copy: Response, policy: CachePolicy): boolean {
  const renderedFrom = Number(copy.headers.get(RENDERED_FROM));
  const age = (Date.now() - Number(copy.headers.get(STORED_AT))) / 1000;
  return renderedFrom >= policy.withdrawn && age <= LAST_GOOD_SECONDS;
}

function isOutage(error: unknown): boolean {
  return error instanceof StorageError;
}

async function renderAndStore(
  store: Cache,
  memoryKey: string,
  cacheKeys: Request[],
  policy: CachePolicy,
  render: () => Promise<Response>,
  exec?: ExecutionContext,
): Promise<Response> {
  const response = await render();
  if (response.status !== 200) return response;
  const body = await response.arrayBuffer();
  const stored = new Response(body, response);
  stored.headers.set(STORED_AT, String(Date.now()));
  stored.headers.set(RENDERED_FROM, String(policy.seq));
  stored.headers.set(CLIENT_CACHE_CONTROL, response.headers.get("Cache-Control") ?? "");
  stored.headers.set("Cache-Control", `public, max-age=${LAST_GOOD_SECONDS}`);
  const writes = Promise.all(cacheKeys.map((k) => store.put(k, stored.clone()))).catch((error) =>
    logEvent("warn", "page cache write failed", { error: String(error) }),
  );
  if (exec) exec.waitUntil(writes);
  else await writes;
  // The memory copy mirrors the fresh copy (the first key).
  remember(memoryKey, response, body, Date.now());
  return new Response(body, response);
}

function restore(cached: Response): Response {
  const response = new Response(cached.body, cached);
  response.headers.set("Cache-Control", cached.headers.get(CLIENT_CACHE_CONTROL) ?? "public, max-age=60");
  response.headers.delete(CLIENT_CACHE_CONTROL);
  response.headers.delete(STORED_AT);
  response.headers.delete(RENDERED_FROM);
  return response;
}

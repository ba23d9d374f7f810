// The edge page cache (Cache API, with the isolate's memory in front for fresh copies): rendered pages
// keyed by content generation, served fresh, then stale while one request re-renders in the background,
// and as a last good copy when storage fails.

import { HttpError } from "../http/errors.ts";
import { logEvent } from "../log.ts";
import { StorageError } from "./kv.ts";
import { recall, remember } from "./memory-cache.ts";

const ORIGIN = "https://page-cache.edge-news.internal";
/** How long a cached copy is kept at all: the window in which it can stand in when KV fails. */
const RETAIN_SECONDS = 86_400;

export type CacheStatus = "HIT" | "MISS" | "STALE" | "STALE-IF-ERROR" | "BYPASS";

export interface CachePolicy {
  /** Everything that makes the page what it is: path and normalised query, plus the host if links depend on it. */
  key: string;
  generation: string;
  /** Served without re-rendering for this long. */
  freshSeconds: number;
  /** Then served while a background re-render runs, for this long. */
  staleSeconds: number;
}

const STORED_AT = "X-Edge-Stored-At";
const CLIENT_CACHE_CONTROL = "X-Edge-Client-Cache-Control";

function cache(): Cache | undefined {
  return typeof caches === "undefined" ? undefined : (caches as unknown as { default: Cache }).default;
}

/**
 * Serves a cacheable page. `render` runs on a miss (and in the background once the copy is stale); a
 * render that throws falls back to the last good copy when there is one, and rethrows otherwise.
 */
export async function cachedPage(
  policy: CachePolicy,
  exec: ExecutionContext,
  render: () => Promise<Response>,
): Promise<{ response: Response; status: CacheStatus }> {
  const store = cache();
  if (!store) return { response: await render(), status: "BYPASS" };
  const key = new Request(`${ORIGIN}/g/${encodeURIComponent(policy.generation)}${policy.key}`);
  const lastGoodKey = new Request(`${ORIGIN}/last-good${policy.key}`);

  const remembered = recall(key.url, policy.freshSeconds);
  if (remembered) return { response: remembered, status: "HIT" };

  const hit = await store.match(key).catch(() => undefined);
  if (hit) {
    const storedAt = Number(hit.headers.get(STORED_AT));
    const age = (Date.now() - storedAt) / 1000;
    if (age <= policy.freshSeconds) {
      const response = restore(hit);
      const body = await response.arrayBuffer();
      remember(key.url, response, body, storedAt);
      return { response: new Response(body, response), status: "HIT" };
    }
    if (age <= policy.freshSeconds + policy.staleSeconds) {
      exec.waitUntil(
        renderAndStore(store, [key, lastGoodKey], render).catch((error) =>
          logEvent("warn", "background re-render failed", { key: policy.key, error: String(error) }),
        ),
      );
      return { response: restore(hit), status: "STALE" };
    }
  }
  try {
    return { response: await renderAndStore(store, [key, lastGoodKey], render, exec), status: "MISS" };
  } catch (error) {
    // Only a storage failure may bring back an old copy; a page that no longer exists stays gone.
    if (!isOutage(error)) throw error;
    const lastGood = hit ?? (await store.match(lastGoodKey).catch(() => undefined));
    if (!lastGood) throw error;
    logEvent("warn", "serving the last good copy", { key: policy.key, error: String(error) });
    return { response: restore(lastGood), status: "STALE-IF-ERROR" };
  }
}

function isOutage(error: unknown): boolean {
  return error instanceof StorageError || (error instanceof HttpError && error.status >= 500);
}

async function renderAndStore(store: Cache, cacheKeys: Request[], render: () => Promise<Response>, exec?: ExecutionContext): Promise<Response> {
  const response = await render();
  if (response.status !== 200) return response;
  const body = await response.arrayBuffer();
  const stored = new Response(body, response);
  stored.headers.set(STORED_AT, String(Date.now()));
  stored.headers.set(CLIENT_CACHE_CONTROL, response.headers.get("Cache-Control") ?? "");
  stored.headers.set("Cache-Control", `public, max-age=${RETAIN_SECONDS}`);
  const writes = Promise.all(cacheKeys.map((k) => store.put(k, stored.clone()))).catch((error) =>
    logEvent("warn", "page cache write failed", { error: String(error) }),
  );
  if (exec) exec.waitUntil(writes);
  else await writes;
  // The first key is the fresh copy's; the memory copy mirrors it.
  const [freshKey] = cacheKeys;
  if (freshKey) remember(freshKey.url, response, body, Date.now());
  return new Response(body, response);
}

function restore(cached: Response): Response {
  const response = new Response(cached.body, cached);
  response.headers.set("Cache-Control", cached.headers.get(CLIENT_CACHE_CONTROL) ?? "private, max-age=60");
  response.headers.delete(CLIENT_CACHE_CONTROL);
  response.headers.delete(STORED_AT);
  return response;
}

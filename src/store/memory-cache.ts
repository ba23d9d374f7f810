// The isolate's own copy of recently served pages, in front of the Cache API: a fresh hit then costs no
// cache round trip. At most 100 pages and 8 MB, least recently used first.

import { BoundedCache } from "./bounded-cache.ts";

const MAX_BYTES = 8 * 1024 * 1024;

interface Remembered {
  body: ArrayBuffer;
  status: number;
  /**
   * As a plain object: the runtime builds a response's headers from an object in half the time it takes
   * from a list of pairs (a list only when a name repeats, as Set-Cookie can).
   */
  headers: Record<string, string> | [string, string][];
  storedAt: number;
}

const pages = new BoundedCache<Remembered>({ entries: 100, weight: (page) => page.body.byteLength, maxWeight: MAX_BYTES });

/** Forgets every remembered page (tests). */
export function forgetPages(): void {
  pages.clear();
}

/** The remembered response for `key` if it was stored at most `freshSeconds` ago. */
export function recall(key: string, freshSeconds: number): Response | undefined {
  const page = pages.get(key);
  if (!page) return undefined;
  if ((Date.now() - page.storedAt) / 1000 > freshSeconds) {
    pages.delete(key);
    return undefined;
  }
  // The runtime copies an ArrayBuffer body into the response, so one buffer serves every recall.
  return new Response(page.body, { status: page.status, headers: page.headers });
}

/** Remembers a response as readers get it (status, headers, body), stored at `storedAt`. */
export function remember(key: string, response: { status: number; headers: Headers }, body: ArrayBuffer, storedAt: number): void {
  // One very large page would push out many ordinary ones.
  if (body.byteLength > MAX_BYTES / 8) return;
  pages.set(key, { body, status: response.status, headers: headersOf(response.headers), storedAt });
}

function headersOf(headers: Headers): Record<string, string> | [string, string][] {
  const list = [...headers];
  const object = Object.create(null) as Record<string, string>;
  for (const [name, value] of list) {
    if (Object.hasOwn(object, name)) return list;
    object[name] = value;
  }
  return object;
}

// When a change is visible everywhere: the bound the simulation in tests/edge proves, reported by the
// publishing API with every write (docs/architecture.md "When a change is visible").

import { MIN_CACHE_TTL } from "./kv.ts";
import { POINTER_MEMO_MS } from "./view.ts";

/** Workers KV makes a write visible at every location within about this long (Cloudflare's stated bound). */
export const KV_PROPAGATION_SECONDS = 60;

/**
 * Blobs written this long ago have reached every location, and no location still keeps a miss for them:
 * KV's propagation and its edge cache (of a miss too).
 */
export const SETTLE_MS = (KV_PROPAGATION_SECONDS + MIN_CACHE_TTL) * 1000;

/**
 * The worst case from a change to every data centre serving it: the pointer's propagation, KV's edge
 * cache of the pointer (30 s), and an isolate's own copy of it. The blobs it names propagate at the
 * same time and are read with the same 30 s cache, so they never add to it.
 */
export const VISIBLE_WITHIN_SECONDS = KV_PROPAGATION_SECONDS + MIN_CACHE_TTL + POINTER_MEMO_MS / 1000;

export interface Visibility {
  /** When every data centre serves the change. */
  visibleBy: string;
  visibility: string;
}

/** `from`: when the pointer carrying the change reached KV (the writer answers only once it has). */
export function visibilityOf(from: number): Visibility {
  return {
    visibleBy: new Date(from + VISIBLE_WITHIN_SECONDS * 1000).toISOString(),
    visibility:
      `In every data centre and on every host by visibleBy, ${VISIBLE_WITHIN_SECONDS} s after the change reached KV ` +
      `(KV propagates within ${KV_PROPAGATION_SECONDS} s, each data centre keeps a read for ${MIN_CACHE_TTL} s, each Worker instance for ${POINTER_MEMO_MS / 1000} s). ` +
      "Browsers, feed readers and shared caches that fetched a page or feed just before may keep their copy for its max-age (pages 60 s, feeds 300 s).",
  };
}

// When a change is visible everywhere: the bound the simulation in tests/edge proves, reported by the
// publishing API with every write (docs/architecture.md "When a change is visible").

import { MIN_CACHE_TTL } from "./kv.ts";
import { POINTER_MEMO_MS } from "./view.ts";

/** Workers KV makes a write visible at every location within about this long (Cloudflare's stated bound). */
export const KV_PROPAGATION_SECONDS = 60;

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

/**
 * `answeredAt`: when the writer's answer came back (its pointer is in KV by then, unless it waits);
 * `pointerAt`: when a waiting pointer is written.
 */
export function visibilityOf(answeredAt: number, pointerAt?: number): Visibility {
  const wait = pointerAt === undefined ? 0 : Math.max(1, Math.ceil((pointerAt - answeredAt) / 1000));
  const here =
    wait === 0
      ? "Visible at once where this request was handled"
      : `Visible where this request was handled within ${wait} s (the writer writes the pointer readers follow at most once a second, and another change went out just before)`;
  return {
    visibleBy: new Date(Math.max(answeredAt, pointerAt ?? 0) + VISIBLE_WITHIN_SECONDS * 1000).toISOString(),
    visibility:
      `${here}; in every data centre and on every host ${wait === 0 ? "" : "that long plus "}within ${VISIBLE_WITHIN_SECONDS} s ` +
      `(KV propagates within ${KV_PROPAGATION_SECONDS} s, each data centre keeps a read for ${MIN_CACHE_TTL} s, each Worker instance for ${POINTER_MEMO_MS / 1000} s). ` +
      "Browsers, feed readers and shared caches that fetched a page or feed just before may keep their copy for its max-age (pages 60 s, feeds 300 s).",
  };
}

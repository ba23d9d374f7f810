// When a change is visible everywhere: the window the publishing API reports with every write.

import { GENERATION_TTL_MS } from "./config.ts";

/** Workers KV makes a write visible at every edge within about this long (Cloudflare's stated bound). */
export const KV_PROPAGATION_SECONDS = 60;

export interface Visibility {
  /** When every edge serves the change: now + KV propagation + the generation re-read interval. */
  visibleBy: string;
  visibility: string;
}

export function visibilityOf(now: number): Visibility {
  const seconds = KV_PROPAGATION_SECONDS + GENERATION_TTL_MS / 1000;
  return {
    visibleBy: new Date(now + seconds * 1000).toISOString(),
    visibility:
      `Visible now on the edge that took this request; on every edge and every host within ${seconds} s ` +
      `(KV propagates a write within ${KV_PROPAGATION_SECONDS} s and each edge re-reads the content generation every ${GENERATION_TTL_MS / 1000} s). ` +
      "Browsers and feed readers that fetched a page or feed just before may keep their copy for its max-age (pages 60 s, feeds 300 s).",
  };
}

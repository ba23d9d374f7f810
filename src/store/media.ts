// Media files (images) as readers get them: one KV read by name (a name never changes meaning).

import { keys } from "./keys.ts";
import type { Kv } from "./kv.ts";

export interface MediaMetadata {
  contentType: string;
  size: number;
  /** A hash of the bytes, computed when stored. */
  etag?: string;
}

/** Media are immutable per name, so the edge may keep them a day. */
const MEDIA_CACHE_TTL = 86_400;

export async function getMedia(kv: Kv, name: string): Promise<{ body: ArrayBuffer; metadata: MediaMetadata } | null> {
  const found = await kv.getBytes<MediaMetadata>(keys.media(name), MEDIA_CACHE_TTL);
  if (!found) return null;
  return { body: found.value, metadata: found.metadata ?? { contentType: "application/octet-stream", size: found.value.byteLength } };
}

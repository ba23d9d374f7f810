// Media files (images) stored in KV, with their content type as metadata.

import { keys } from "./keys.ts";
import type { Kv } from "./kv.ts";

export interface MediaMetadata {
  contentType: string;
  size: number;
  /** A hash of the bytes, computed when stored. */
  etag?: string;
}

export async function getMedia(kv: Kv, name: string): Promise<{ body: ArrayBuffer; metadata: MediaMetadata } | null> {
  const found = await kv.getBytes<MediaMetadata>(keys.media(name));
  if (!found) return null;
  const metadata = found.metadata ?? { contentType: "application/octet-stream", size: found.value.byteLength };
  return { body: found.value, metadata };
}

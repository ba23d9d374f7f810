// Reading immutable blobs: each is read from KV once per isolate and kept (it never changes). A blob the
// pointer names but this data centre cannot see yet is "not here yet", never "missing".

import { BoundedCache } from "./bounded-cache.ts";
import { keys } from "./keys.ts";
import { type Kv, StorageError } from "./kv.ts";

/** A blob named by the pointer has not reached this data centre yet (KV propagates within about 60 s). */
export class NotYetHere extends Error {
  override readonly name = "NotYetHere";
  readonly hash: string;
  constructor(hash: string) {
    super(`blob ${hash} has not reached this location yet`);
    this.hash = hash;
  }
}

/** Parsed blobs, weighed by their text length: an isolate has 128 MB in all. */
const blobs = new BoundedCache<{ value: unknown; size: number }>({ entries: 2_000, weight: (b) => b.size, maxWeight: 24 * 1024 * 1024 });

export async function readBlob<T>(kv: Kv, hash: string): Promise<T> {
  const remembered = blobs.get(hash);
  if (remembered) return remembered.value as T;
  const text = await kv.getText(keys.blob(hash));
  if (text === null) throw new NotYetHere(hash);
  let value: T;
  try {
    value = JSON.parse(text) as T;
  } catch (cause) {
    throw new StorageError("get", keys.blob(hash), "corrupt", { cause });
  }
  blobs.set(hash, { value, size: text.length });
  return value;
}

/** Forgets every blob (tests). */
export function forgetBlobs(): void {
  blobs.clear();
}

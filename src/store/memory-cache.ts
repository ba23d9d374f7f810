// The isolate's own copy of recently served pages, in front of the Cache API: a fresh hit then costs no
// cache round trip. Bounded by entry count and bytes (an isolate has 128 MB), least recently used first.

import { UNKNOWN_GENERATION, onForgetConfig } from "./config.ts";

const MAX_ENTRIES = 100;
const MAX_BYTES = 8 * 1024 * 1024;

interface Remembered {
  body: ArrayBuffer;
  status: number;
  headers: [string, string][];
  storedAt: number;
}

const entries = new Map<string, Remembered>();
let bytes = 0;

function forget(key: string): void {
  const entry = entries.get(key);
  if (!entry) return;
  entries.delete(key);
  bytes -= entry.body.byteLength;
}

function forgetAll(): void {
  entries.clear();
  bytes = 0;
}

onForgetConfig(forgetAll);

/** A key that names a generation storage could not read is never remembered. */
function rememberable(key: string): boolean {
  return !key.includes(`/g/${UNKNOWN_GENERATION}`);
}

/** The remembered response for `key` if it was stored at most `freshSeconds` ago. */
export function recall(key: string, freshSeconds: number): Response | undefined {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if ((Date.now() - entry.storedAt) / 1000 > freshSeconds) {
    forget(key);
    return undefined;
  }
  entries.delete(key);
  entries.set(key, entry);
  return new Response(entry.body.slice(0), { status: entry.status, headers: entry.headers });
}

/** Remembers a response as readers get it (status, headers, body), stored at `storedAt`. */
export function remember(key: string, response: { status: number; headers: Headers }, body: ArrayBuffer, storedAt: number): void {
  if (!rememberable(key) || body.byteLength > MAX_BYTES / 8) return;
  forget(key);
  entries.set(key, { body, status: response.status, headers: [...response.headers], storedAt });
  bytes += body.byteLength;
  while (entries.size > MAX_ENTRIES || bytes > MAX_BYTES) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    forget(oldest);
  }
}

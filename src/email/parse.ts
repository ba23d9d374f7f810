// Reading an incoming message with postal-mime: only its header block, which is all the answer needs,
// so a large message costs no more than a small one.

import PostalMime, { type Email } from "postal-mime";

/** A reader's request fits in far less; a header block longer than this is not worth reading. */
export const MAX_HEADER_BYTES = 64 * 1024;

export type RawMessage = ReadableStream<Uint8Array> | ArrayBuffer | Uint8Array | string;

/** The index just past the blank line that ends the header block, or -1 when it is not in `bytes`. */
function headerEnd(bytes: Uint8Array): number {
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0a) return i + 2;
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

async function firstBytes(raw: RawMessage, limit: number): Promise<Uint8Array> {
  if (typeof raw === "string") return new TextEncoder().encode(raw.slice(0, limit + 4));
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw, 0, Math.min(raw.byteLength, limit + 4));
  if (raw instanceof Uint8Array) return raw.subarray(0, limit + 4);
  const reader = raw.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (headerEnd(concat(chunks)) >= 0) break;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return concat(chunks);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * The message's headers, parsed by postal-mime (addresses decoded, encoded words decoded, every header
 * line in order). Undefined when the header block is larger than `limit` or does not parse.
 */
export async function parseHeaders(raw: RawMessage, limit = MAX_HEADER_BYTES): Promise<Email | undefined> {
  const bytes = await firstBytes(raw, limit);
  const end = headerEnd(bytes);
  const block = end >= 0 ? bytes.subarray(0, end) : bytes.byteLength <= limit ? bytes : undefined;
  if (!block || block.byteLength > limit) return undefined;
  try {
    return await PostalMime.parse(block, { maxHeadersSize: limit, maxNestingDepth: 4 });
  } catch {
    return undefined;
  }
}

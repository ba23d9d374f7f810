// Request bodies of the publishing API: size limits enforced before and while reading, no compressed
// bodies, and JSON parsed with a specific answer for each way it can be wrong.

import { MEDIA_MAX_BYTES } from "../content/media.ts";
import { badRequest } from "../http/errors.ts";
import { tooLarge, unsupportedType } from "./errors.ts";

/** The largest body each endpoint reads. An article's Markdown is capped lower by its own rule (LIMITS.body). */
export const BODY_LIMITS = {
  article: 1024 * 1024,
  policy: 256 * 1024,
  media: MEDIA_MAX_BYTES,
  /** Small control documents, such as a policy rollback's {"to": ...}. */
  command: 4 * 1024,
} as const;

export const JSON_TYPE = "application/json";
export const MERGE_PATCH_TYPE = "application/merge-patch+json";

/** The media type of a Content-Type header without parameters, lower case: "application/json". */
export function mediaTypeOfHeader(header: string | null): string | undefined {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type ? type : undefined;
}

/**
 * Reads a body of at most `limit` bytes: refused by Content-Length before reading, and counted while
 * reading so a chunked body without a length is cut off as soon as it passes the limit.
 */
export async function readBody(request: Request, limit: number, what: string): Promise<Uint8Array> {
  const encoding = request.headers.get("Content-Encoding");
  if (encoding !== null && encoding.trim().toLowerCase() !== "identity") {
    throw badRequest(`Compressed request bodies are not accepted (Content-Encoding: ${encoding}); send the ${what} uncompressed.`);
  }
  const declared = request.headers.get("Content-Length");
  if (declared !== null) {
    if (!/^\s*\d+\s*$/.test(declared)) throw badRequest("Content-Length is not a number of bytes.");
    if (Number(declared) > limit) throw tooLarge(what, limit);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(what, limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Refuses a body whose Content-Type is not one of `types` (the first is the one to name). */
export function requireType(request: Request, types: readonly string[]): void {
  const header = request.headers.get("Content-Type");
  const type = mediaTypeOfHeader(header);
  if (!type || !types.includes(type)) throw unsupportedType(header, types.join(" or "));
}

/** Deeper than any article, patch or policy needs (they nest 4 levels at most); refused before parsing,
 * so no later step (merge patch, validation, the audit copy) ever recurses without bound. */
export const MAX_JSON_DEPTH = 32;

/** How deeply arrays and objects nest in JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Parses JSON bytes, with a 400 that says what is wrong. */
export function parseJson(bytes: Uint8Array, what: string): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw badRequest(`The ${what} is not valid UTF-8 text.`);
  }
  if (text.trim() === "") throw badRequest(`The request has no body; send the ${what} as JSON.`);
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw badRequest(`The ${what} nests lists and objects more than ${MAX_JSON_DEPTH} levels deep; nothing was saved.`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`The ${what} is not valid JSON (${error instanceof Error ? error.message : "parse error"}); nothing was saved.`);
  }
}

/** Reads and parses a JSON body of an accepted Content-Type. */
export async function readJson(request: Request, limit: number, what: string, types: readonly string[] = [JSON_TYPE]): Promise<unknown> {
  requireType(request, types);
  return parseJson(await readBody(request, limit, what), what);
}

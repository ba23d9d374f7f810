// Media rules shared by the seed loader and the upload API: allowed types, size limit, and content
// checks (the bytes must be what the name says; an SVG must carry no script or external reference).

import type { Problem } from "./problems.ts";
import { MEDIA_RULE, isMediaName } from "./slug.ts";

/** The largest media file accepted (KV allows 25 MiB per value; news images stay far below this). */
export const MEDIA_MAX_BYTES = 5 * 1024 * 1024;

export const MEDIA_TYPES: Record<string, string> = {
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  avif: "image/avif",
};

/** The content type a media name is served as, or undefined when the name is not allowed. */
export function mediaTypeOf(name: string): string | undefined {
  if (!isMediaName(name)) return undefined;
  return MEDIA_TYPES[name.slice(name.lastIndexOf(".") + 1)];
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** True when the bytes look like the type (magic numbers), so a script cannot hide behind ".png". */
function bytesMatch(type: string, bytes: Uint8Array): boolean {
  switch (type) {
    case "image/png":
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case "image/jpeg":
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case "image/webp":
      return startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8);
    case "image/avif":
      return startsWith(bytes, ascii("ftyp"), 4) && (startsWith(bytes, ascii("avif"), 8) || startsWith(bytes, ascii("avis"), 8));
    default:
      return false;
  }
}

// What an SVG may not contain: script, event handlers, embedded documents, links out of the file.
// Element names may carry a namespace prefix (<svg:script> runs like <script>), and an attribute may
// follow a slash instead of a space (<svg/onload=...>): the patterns allow both.
const SVG_FORBIDDEN: [RegExp, string][] = [
  [/<\s*(?:[\w.-]+:)?script/i, "contains a <script> element"],
  [/[\s/"'](?:[\w.-]+:)?on[a-z]+\s*=/i, "contains an event-handler attribute (on...=)"],
  [
    /<\s*(?:[\w.-]+:)?(foreignObject|iframe|embed|object|audio|video|animate\w*|set|handler|listener|discard)\b/i,
    "contains an element that can run or load content",
  ],
  [/(?:href|src)\s*=\s*["']?\s*(?!#)[^"'\s>]/i, "links to another file or address (only #fragment references are allowed)"],
  [/javascript:|data:|url\(\s*["']?(?!#)/i, "refers to a URL outside the file"],
  [/<!ENTITY|<!DOCTYPE/i, "declares a DOCTYPE or entities"],
  [/@import/i, "imports a stylesheet"],
];

/** Checks a media file before it is stored; every problem is named. */
export function checkMedia(name: string, bytes: Uint8Array, declaredType?: string): Problem[] {
  const type = mediaTypeOf(name);
  if (!type) return [{ field: "name", code: "invalid_media_name", message: `"${name}": ${MEDIA_RULE}` }];
  const problems: Problem[] = [];
  if (declaredType !== undefined && declaredType.split(";")[0]?.trim().toLowerCase() !== type) {
    problems.push({ field: "Content-Type", code: "wrong_content_type", message: `is "${declaredType}" but a file named ${name} must be sent as ${type}` });
  }
  if (bytes.byteLength === 0) problems.push({ field: "body", code: "empty", message: "is empty" });
  if (bytes.byteLength > MEDIA_MAX_BYTES)
    problems.push({ field: "body", code: "too_large", message: `is ${bytes.byteLength} bytes; the limit is ${MEDIA_MAX_BYTES} (5 MiB)` });
  if (problems.length > 0) return problems;
  if (type === "image/svg+xml") {
    const text = new TextDecoder().decode(bytes);
    if (!/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(text))
      problems.push({ field: "body", code: "not_svg", message: "is not an SVG document (it must start with <svg>)" });
    for (const [pattern, message] of SVG_FORBIDDEN)
      if (pattern.test(text)) problems.push({ field: "body", code: "unsafe_svg", message: `SVG ${message}; remove it and upload again` });
  } else if (!bytesMatch(type, bytes)) {
    problems.push({ field: "body", code: "wrong_file_type", message: `is not a ${type} file (its first bytes do not match)` });
  }
  return problems;
}

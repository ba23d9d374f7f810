// Conditional GET: strong ETags from the body, and 304 Not Modified when the client already has it.

export async function etagOf(body: string | ArrayBuffer): Promise<string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `"${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}"`;
}

/** If-None-Match matches: "*", or any listed tag equal to ours (weak comparison, as RFC 9110 asks). */
export function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const ours = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === ours);
}

/** Metadata of the body itself, which a 304 has none of. */
const DROPPED_ON_304 = ["Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Range", "Content-Disposition"];

/**
 * The 304 for a full response that already carries its final headers. Browsers replace the headers
 * they stored with the 304's (RFC 9111 §4.3.4), so the 304 repeats every other header, above all the
 * page's Content-Security-Policy: a 304 with a stricter one would leave the cached page unstyled.
 */
export function notModified(response: Response): Response {
  const headers = new Headers(response.headers);
  for (const name of DROPPED_ON_304) headers.delete(name);
  return new Response(null, { status: 304, headers });
}

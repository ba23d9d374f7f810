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

const KEPT_ON_304 = ["Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary", "Last-Modified"];

export function notModified(response: Response): Response {
  const headers = new Headers();
  for (const name of KEPT_ON_304) {
    const value = response.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Response(null, { status: 304, headers });
}

// Response builders: one line per kind of answer, with the right content type.

export const CONTENT_TYPES = {
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
  text: "text/plain; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  jsonFeed: "application/feed+json; charset=utf-8",
} as const;

export function htmlResponse(body: string, status = 200, headers: HeadersInit = {}): Response {
  return withType(body, CONTENT_TYPES.html, status, headers);
}

export function jsonResponse(data: unknown, status = 200, headers: HeadersInit = {}): Response {
  return withType(`${JSON.stringify(data, null, 2)}\n`, CONTENT_TYPES.json, status, headers);
}

export function textResponse(body: string, status = 200, headers: HeadersInit = {}): Response {
  return withType(body, CONTENT_TYPES.text, status, headers);
}

export function typedResponse(body: string | ArrayBuffer, contentType: string, status = 200, headers: HeadersInit = {}): Response {
  return withType(body, contentType, status, headers);
}

/** A region redirect: temporary, never stored by any cache (the answer depends on where the visitor is). */
export function redirectResponse(location: string, status: 302 | 307 | 308 | 301 = 302, cacheControl = "private, no-store"): Response {
  return new Response(null, { status, headers: { Location: location, "Cache-Control": cacheControl } });
}

function withType(body: string | ArrayBuffer, contentType: string, status: number, headers: HeadersInit): Response {
  const response = new Response(body, { status, headers });
  response.headers.set("Content-Type", contentType);
  return response;
}

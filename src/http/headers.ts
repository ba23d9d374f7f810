// Header sets: security headers fitted to each response type, and the cache policies of the site.

/**
 * Cache-Control values. A 200 page is the same for every reader of its host, so shared caches (and the
 * peer-to-peer caches that keep news flowing through shutdowns) may keep it briefly; region redirects
 * and anything carrying a cookie stay private (docs/caching.md).
 */
export const CACHE_CONTROL = {
  page: "public, max-age=60, stale-while-revalidate=60",
  notFound: "public, max-age=60",
  /** A response that sets the visitor's own cookie. */
  personal: "private, no-store",
  /** A page chosen by the visitor's own cookie (their edition): their browser may keep it, no shared cache. */
  private: "private, max-age=60",
  /** Feeds, sitemaps and robots.txt are the same for every region: any cache may keep them briefly. */
  feed: "public, max-age=300, stale-while-revalidate=300",
  sitemap: "public, max-age=900, stale-while-revalidate=900",
  mirrors: "public, max-age=300",
  /** Media names never change meaning: a replaced image gets a new name. */
  media: "public, max-age=31536000, immutable",
  none: "no-store",
  redirect: "private, no-store",
} as const;

const styleHashes = new Map<string, Promise<string>>();

/** The CSP source for an inline stylesheet, computed once per isolate. */
export function stylesheetHash(stylesheet: string): Promise<string> {
  let hash = styleHashes.get(stylesheet);
  if (!hash) {
    hash = crypto.subtle.digest("SHA-256", new TextEncoder().encode(stylesheet)).then((d) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}'`);
    styleHashes.set(stylesheet, hash);
  }
  return hash;
}

const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "camera",
  "display-capture",
  "encrypted-media",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
  "browsing-topics",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

export type ResponseKind = "html" | "download" | "svg" | "media" | "public-data" | "api" | "other";

export function kindOf(response: Response, api: boolean): ResponseKind {
  const type = response.headers.get("Content-Type") ?? "";
  if (type.startsWith("image/svg+xml")) return "svg";
  if (type.startsWith("image/")) return "media";
  if (type.startsWith("text/html")) return response.headers.get("Content-Disposition")?.startsWith("attachment") ? "download" : "html";
  if (api) return "api";
  if (response.headers.has("Access-Control-Allow-Origin")) return "public-data";
  return "other";
}

/** Header name and value pairs, computed once per response kind and scheme (they never change in an isolate). */
type HeaderList = readonly (readonly [string, string])[];
const headerLists = new Map<string, HeaderList>();

function buildSecurityHeaders(kind: ResponseKind, https: boolean, styleSources: string): HeaderList {
  const list: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", PERMISSIONS_POLICY],
    ["X-Frame-Options", "DENY"],
  ];
  if (https) list.push(["Strict-Transport-Security", "max-age=63072000; includeSubDomains"]);
  const locked = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";
  switch (kind) {
    case "html":
      // connect-src 'self': pages run no script, so it opens nothing to an attacker; audit tools
      // (Lighthouse's robots.txt check) fetch in the page's context and are refused without it.
      list.push(
        [
          "Content-Security-Policy",
          `default-src 'none'; img-src 'self'; connect-src 'self'; style-src ${styleSources}; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'${https ? "; upgrade-insecure-requests" : ""}`,
        ],
        ["Cross-Origin-Opener-Policy", "same-origin"],
        ["Cross-Origin-Resource-Policy", "same-origin"],
      );
      break;
    case "download":
      // A page to save and open elsewhere (a daily edition): its own inline styles and data: pictures, nothing else.
      list.push(["Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'"]);
      break;
    case "svg":
      // Opened directly, an SVG is a document: no script, no plugins, sandboxed.
      list.push(
        ["Content-Security-Policy", `${locked}; style-src 'unsafe-inline'; sandbox`],
        ["Cross-Origin-Opener-Policy", "same-origin"],
        ["Cross-Origin-Resource-Policy", "cross-origin"],
      );
      break;
    case "media":
    case "public-data":
      // Feed readers and other sites may embed images and read feeds.
      list.push(["Content-Security-Policy", `${locked}; sandbox`], ["Cross-Origin-Resource-Policy", "cross-origin"]);
      break;
    case "api":
      // The write API serves the newsroom's own tools only (CORS headers are removed per response).
      list.push(["Content-Security-Policy", `${locked}; sandbox`], ["Cross-Origin-Resource-Policy", "same-origin"]);
      break;
    default:
      list.push(["Content-Security-Policy", `${locked}; sandbox`], ["Cross-Origin-Resource-Policy", "same-origin"]);
  }
  return list;
}

/**
 * Sets the security headers for a response of the given kind; `https` adds HSTS and upgrades;
 * `styleSources` are the CSP sources of the page stylesheets ("'sha256-…' 'sha256-…'").
 */
export function applySecurityHeaders(headers: Headers, kind: ResponseKind, https: boolean, styleSources: string): void {
  const key = `${kind}|${https}|${styleSources}`;
  let list = headerLists.get(key);
  if (!list) {
    list = buildSecurityHeaders(kind, https, styleSources);
    headerLists.set(key, list);
  }
  if (kind === "api") {
    // No page on another origin may read the write API.
    headers.delete("Access-Control-Allow-Origin");
    headers.delete("Access-Control-Allow-Credentials");
  }
  for (const [name, value] of list) headers.set(name, value);
}

// Property test over the whole router: arbitrary methods, hosts, paths (real route words, encoded
// separators, dot-segments, bad percent-encoding, any text), queries, headers and bodies never produce a
// 5xx, a redirect off the configured hosts, a response without its security headers, or internals.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";
import { visit, writer } from "../support/worker.ts";

const CONFIGURED = ["news.localhost:8787", "mirror-one.localhost:8787", "mirror-two.localhost:8787", "uk.localhost:8787", "localhost:8787"];
const INTERNALS = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|StorageError|TypeError|RangeError|SyntaxError: /;
const params = fuzzParams(300);

const method = fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "PURGE", "QUERY");
const host = fc.oneof(
  fc.constantFrom(
    ...CONFIGURED,
    "NEWS.LOCALHOST:8787",
    "news.localhost.:8787",
    "evil.example",
    "127.0.0.1:8787",
    "[::1]:8787",
    "news.localhost:9999",
    "xn--nws-8ma.localhost:8787",
  ),
  fc.domain(),
);
const segment = fc.oneof(
  fc.constantFrom(
    "articles",
    "section",
    "tag",
    "author",
    "media",
    "api",
    "sitemaps",
    "feed.xml",
    "atom.xml",
    "feed.json",
    ".well-known",
    "mirrors.json",
    "healthz",
    "favicon.svg",
    "mirrors",
    "news",
    "middle-east",
    "water",
    "amira-haddad",
    "city-marathon-sets-participation-record",
    "harbour-flood-wall.svg",
    "articles-2026-11-24.xml",
    "openapi.json",
    "policy",
    "audit",
    "..",
    ".",
    "%2e%2e",
    "%2F",
    "%5C",
    "%00",
    "%0d%0a",
    "%E0%A4%A",
    "%",
    "",
    "@evil.example",
    "evil.example",
    "%D1%81ity",
  ),
  fc.webSegment(),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const path = fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join("/")}`);
const query = fc.oneof(
  fc.constant(""),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.constantFrom("?stay=1", "?stay=0", "?cursor=%", "?cursor=abc", "?limit=0", "?limit=99999", "?next=//evil.example", "?status=draft", "?section=news"),
  fc.string({ maxLength: 40 }).map((s) => `?q=${encodeURIComponent(s)}`),
);
const headerValue = fc.oneof(
  fc.constantFrom(
    "bytes=0-10",
    "bytes=-1",
    "*",
    '"x"',
    "edge_stay=1",
    "GB",
    "CN",
    "OC",
    "XX",
    "T1",
    "gzip",
    "br",
    "Bearer wrong",
    "application/json",
    "text/html",
    "https://evil.example",
    "host=evil.example",
    "https",
  ),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
);
const headers = fc.dictionary(
  fc.constantFrom(
    "Range",
    "If-None-Match",
    "If-Match",
    "Cookie",
    "Accept",
    "Accept-Encoding",
    "X-Geo-Country",
    "X-Geo-Continent",
    "Content-Type",
    "Content-Encoding",
    "Authorization",
    "Origin",
    "X-Forwarded-Host",
    "X-Forwarded-Proto",
    "Forwarded",
  ),
  headerValue,
  { maxKeys: 5 },
);
const country = fc.option(fc.constantFrom("US", "GB", "CN", "IR", "RU", "AU", "JP", "T1", "XX", "DE"), { nil: undefined });
const body = fc.option(fc.string({ maxLength: 200 }), { nil: undefined });

beforeAll(async () => {
  // One cron pass, as in production: /healthz is healthy, not a 503, when the router reaches it.
  await writer().tick();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterAll(() => vi.restoreAllMocks());

describe("router properties", () => {
  it(
    "any request: no 5xx, no redirect off the configured hosts, every security header, no internals",
    async () => {
      await fc.assert(
        fc.asyncProperty(method, host, path, query, headers, country, body, async (m, h, p, q, hs, c, b) => {
          let url: URL;
          try {
            url = new URL(`http://${h}${p}${q}`);
          } catch {
            fc.pre(false);
            return;
          }
          const sendsBody = b !== undefined && m !== "GET" && m !== "HEAD";
          const res = await visit(url.href, { method: m, headers: hs, ...(c ? { country: c } : {}), ...(sendsBody ? { body: b } : {}) });
          const text = await res.text();
          const label = `${m} ${url.href} ${JSON.stringify(hs)} from ${c} → ${res.status}`;
          expect(res.status, label).toBeLessThan(500);
          expect(res.headers.get("X-Request-Id"), label).not.toBeNull();
          expect(res.headers.get("Content-Security-Policy"), label).toContain("default-src 'none'");
          expect(res.headers.get("X-Content-Type-Options"), label).toBe("nosniff");
          expect(text, label).not.toMatch(INTERNALS);
          // A page served is a whole page of the site (a HEAD has no body).
          if (m === "GET" && res.status === 200 && res.headers.get("Content-Type")?.startsWith("text/html")) expect(text, label).toContain("</html>");
          if (res.status >= 300 && res.status < 400 && res.status !== 304) {
            const target = new URL(res.headers.get("Location") ?? "");
            expect(CONFIGURED, label).toContain(target.host);
            expect(target.username + target.password, label).toBe("");
          }
          if (res.status === 405) expect(res.headers.get("Allow"), label).toMatch(/^[A-Z, ]+$/);
          if (url.pathname.startsWith("/api/")) expect(res.headers.get("Access-Control-Allow-Origin"), label).toBeNull();
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );
});

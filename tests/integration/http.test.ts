// HTTP behaviour readers and caches rely on: conditional GET, HEAD, methods, cache and security headers.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { forgetConfig } from "../../src/store/config.ts";
import { keys } from "../../src/store/keys.ts";
import { visit } from "./helpers.ts";

const ARTICLE = "/articles/city-marathon-sets-participation-record";

describe("conditional requests", () => {
  it("answers If-None-Match with 304 and no body", async () => {
    const first = await visit(ARTICLE);
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await visit(ARTICLE, { headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("ETag")).toBe(etag);
    expect(again.headers.get("Cache-Control")).toBe(first.headers.get("Cache-Control"));
    const other = await visit(ARTICLE, { headers: { "If-None-Match": '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it("revalidates media by ETag", async () => {
    const first = await visit("/media/harbour-flood-wall.svg");
    const again = await visit("/media/harbour-flood-wall.svg", { headers: { "If-None-Match": first.headers.get("ETag") ?? "" } });
    expect(again.status).toBe(304);
  });
});

describe("methods", () => {
  it("answers HEAD like GET without a body", async () => {
    const get = await visit(ARTICLE);
    const head = await visit(ARTICLE, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Type")).toBe(get.headers.get("Content-Type"));
    expect(head.headers.get("ETag")).toBe(get.headers.get("ETag"));
    expect(await head.text()).toBe("");
    expect((await visit("/no-such-page", { method: "HEAD" })).status).toBe(404);
  });

  it("answers other methods on pages with 405 and Allow, and OPTIONS with the list", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await visit(ARTICLE, { method, body: method === "DELETE" ? undefined : "x" });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    }
    const options = await visit("/", { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("headers", () => {
  it("gives pages a short browser lifetime and keeps them out of shared caches", async () => {
    const res = await visit("/");
    expect(res.headers.get("Cache-Control")).toBe("private, max-age=60, stale-while-revalidate=60");
  });

  it("sends a Content-Security-Policy without scripts and with the stylesheet's hash", async () => {
    const res = await visit("/");
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  });
});

describe("errors", () => {
  it("shows a helpful 404 with latest stories and section links", async () => {
    const res = await visit("/no/such/page");
    expect(res.status).toBe(404);
    const page = await res.text();
    expect(page).toContain("We could not find that page");
    expect(page).toContain('href="/section/business"');
    expect(page).toContain('href="/articles/');
    expect(page).toContain('<meta name="robots" content="noindex, follow">');
  });

  it("treats a stored record of the wrong shape as corrupt: a friendly 503 without internals, not a renderer crash", async () => {
    await env.CONTENT.put(
      keys.article("broken-record"),
      JSON.stringify({ article: { headline: "x", status: "published", published: "2020-01-01T00:00:00Z", section: "news", authors: 7 }, bodyHtml: "" }),
    );
    forgetConfig();
    const res = await visit("/articles/broken-record");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("30");
    const page = await res.text();
    expect(page).toContain("Temporarily unavailable");
    expect(page).not.toMatch(/TypeError|at \w+ \(|\.ts:\d+/);
  });

  it("shows a friendly 503 when a record is corrupt JSON", async () => {
    await env.CONTENT.put(keys.article("corrupt-record"), "{not json");
    const res = await visit("/articles/corrupt-record");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("30");
    expect(await res.text()).toContain("Temporarily unavailable");
  });
});

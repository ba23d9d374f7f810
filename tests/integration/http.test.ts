// HTTP behaviour readers and caches rely on: conditional GET, HEAD, methods, cache and security headers.

import { describe, expect, it } from "vitest";
import { visit } from "../support/worker.ts";

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
    expect(await other.text()).toContain("<h1>Meridian Marathon sets participation record");
  });

  it("revalidates media by ETag", async () => {
    const first = await visit("/media/harbour-flood-wall.svg");
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/^<svg/);
    const again = await visit("/media/harbour-flood-wall.svg", { headers: { "If-None-Match": first.headers.get("ETag") ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});

describe("methods", () => {
  it("answers HEAD like GET without a body", async () => {
    const get = await visit(ARTICLE);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain("<h1>Meridian Marathon sets participation record");
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
  it("lets browsers and shared caches keep a page for a minute, and a 404 for a minute without revalidation", async () => {
    const res = await visit("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=60, stale-while-revalidate=60");
    const missing = await visit("/articles/no-such-story");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Cache-Control")).toBe("public, max-age=60");
  });

  it("keeps answers that set a cookie, and region redirects, out of shared caches", async () => {
    const stay = await visit("/?stay=1", { host: "mirror-one.localhost:8787", country: "US" });
    expect(stay.status).toBe(200);
    expect(stay.headers.get("Set-Cookie")).toContain("edge_stay=1");
    expect(stay.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await stay.text()).toContain("<title>The Meridian Courier</title>");
    const redirect = await visit("/", { country: "GB" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe("http://uk.localhost:8787/");
    expect(redirect.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("never marks public an answer that sets a cookie or depends on one: lite and stay choices on every kind of page", async () => {
    const pages = ["/", ARTICLE, "/section/news", "/section/news/page/2", "/tag/water", "/mirrors", "/editions", "/articles/no-such-story"];
    for (const path of pages) {
      for (const choice of ["lite=1", "lite=0", "stay=1"]) {
        const res = await visit(`${path}?${choice}`, { host: "mirror-one.localhost:8787", country: "US" });
        expect([200, 404], `${path}?${choice}`).toContain(res.status);
        expect(res.headers.get("Set-Cookie"), `${path}?${choice}`).toMatch(/^edge_(lite|stay)=/);
        expect(res.headers.get("Cache-Control"), `${path}?${choice}`).toBe("private, no-store");
      }
      // The lite edition chosen by cookie: the page is this visitor's, not the host's.
      const kept = await visit(path, { host: "mirror-one.localhost:8787", country: "US", headers: { Cookie: "edge_lite=1" } });
      expect(kept.headers.get("Set-Cookie"), path).toBeNull();
      if (kept.status === 200) {
        expect(kept.headers.get("Cache-Control"), path).toMatch(/^private/);
        expect(await kept.text(), path).toContain("?lite=0");
      }
    }
    // Data saver: the same URL answers two ways, and says so.
    const saver = await visit("/", { host: "mirror-one.localhost:8787", country: "US", headers: { "Save-Data": "on" } });
    expect(saver.status).toBe(200);
    expect(saver.headers.get("Vary")).toContain("Save-Data");
    expect(saver.headers.get("Set-Cookie")).toBeNull();
    expect(await saver.text()).not.toContain("<img");
  });

  it("sends a Content-Security-Policy without scripts and with the stylesheet's hash", async () => {
    const res = await visit("/");
    expect(res.status).toBe(200);
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
});

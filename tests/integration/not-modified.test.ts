// A revalidated page (304 Not Modified) carries the same security headers as the page itself: browsers
// store the 304's headers over the page's, and a stricter CSP there would leave the page unstyled.

import { describe, expect, it } from "vitest";
import { visit } from "../support/worker.ts";

const PAGE = "/articles/lower-harbour-flood-defence-plan-approved";

describe("304 Not Modified", () => {
  it("repeats the page's Content-Security-Policy and caching headers, without a body", async () => {
    const full = await visit(PAGE, { country: "US" });
    expect(full.status).toBe(200);
    expect(await full.text()).toContain("<h1>Council approves Lower Harbour flood defence plan after nine-hour session</h1>");
    const etag = full.headers.get("ETag");
    expect(etag).toMatch(/^"[^"]+"$/);

    const revalidated = await visit(PAGE, { country: "US", headers: { "If-None-Match": etag ?? "" } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
    for (const name of ["Content-Security-Policy", "Cache-Control", "ETag", "X-Frame-Options", "Cross-Origin-Resource-Policy"]) {
      expect(revalidated.headers.get(name), name).toBe(full.headers.get(name));
    }
    expect(revalidated.headers.get("Cache-Control")).toBe("public, max-age=60, stale-while-revalidate=60");
    expect(revalidated.headers.get("Content-Security-Policy")).toContain("style-src 'sha256-");
    expect(revalidated.headers.has("Content-Type")).toBe(false);
  });

  it("sends the whole page again when the client's copy is another version", async () => {
    const res = await visit(PAGE, { country: "US", headers: { "If-None-Match": '"some-older-version"' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<h1>Council approves Lower Harbour flood defence plan after nine-hour session</h1>");
  });
});

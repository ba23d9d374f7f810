// A revalidated page (304 Not Modified) carries the same security headers as the page itself: browsers
// store the 304's headers over the page's, and a stricter CSP there would leave the page unstyled.

import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const PAGE = "http://news.localhost:8787/articles/lower-harbour-flood-defence-plan-approved";

describe("304 Not Modified", () => {
  it("repeats the page's Content-Security-Policy and caching headers, without a body", async () => {
    const full = await exports.default.fetch(PAGE, { cf: { country: "US" } });
    await full.text();
    const etag = full.headers.get("ETag");
    expect(etag).toBeTruthy();

    const revalidated = await exports.default.fetch(PAGE, { cf: { country: "US" }, headers: { "If-None-Match": etag ?? "" } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");
    for (const name of ["Content-Security-Policy", "Cache-Control", "ETag", "X-Frame-Options", "Cross-Origin-Resource-Policy"]) {
      expect(revalidated.headers.get(name), name).toBe(full.headers.get(name));
    }
    expect(revalidated.headers.get("Content-Security-Policy")).toContain("style-src 'sha256-");
    expect(revalidated.headers.has("Content-Type")).toBe(false);
  });
});

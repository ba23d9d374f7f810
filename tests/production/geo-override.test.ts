// The deployed configuration (wrangler.toml's top level), run in workerd: X-Geo-* headers are ignored.

import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const visit = (path: string, init: RequestInit & { cf?: Record<string, string> } = {}) =>
  exports.default.fetch(`https://www.meridian-courier.example${path}`, { redirect: "manual", ...init });

describe("deployed configuration", () => {
  it("decides by request.cf only: X-Geo-Country and X-Geo-Continent headers change nothing", async () => {
    const spoofed = await visit("/", { headers: { "X-Geo-Country": "GB", "X-Geo-Continent": "EU" }, cf: { country: "US", continent: "NA" } });
    expect(spoofed.status).toBe(200);
    const real = await visit("/", { cf: { country: "GB", continent: "EU" } });
    expect(real.status).toBe(302);
    expect(real.headers.get("Location")).toBe("https://meridian-courier.example.uk/");
  });
});

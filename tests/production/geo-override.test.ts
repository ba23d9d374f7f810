// The deployed configuration (wrangler.toml's top level), run in workerd: X-Geo-* headers are ignored.

import { describe, expect, it } from "vitest";
import { visit } from "../support/worker.ts";

const HOME = "https://www.meridian-courier.example/";

describe("deployed configuration", () => {
  it("decides by request.cf only: X-Geo-Country and X-Geo-Continent headers change nothing", async () => {
    const spoofed = await visit(HOME, { headers: { "X-Geo-Country": "GB", "X-Geo-Continent": "EU" }, country: "US", continent: "NA" });
    expect(spoofed.status).toBe(200);
    expect(await spoofed.text()).toContain("<title>The Meridian Courier</title>");
    const real = await visit(HOME, { country: "GB", continent: "EU" });
    expect(real.status).toBe(302);
    expect(real.headers.get("Location")).toBe("https://meridian-courier.example.uk/");
  });
});

import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("serves the home page", async () => {
    const res = await exports.default.fetch("http://news.localhost:8787/");
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("The Meridian Courier");
  });
});

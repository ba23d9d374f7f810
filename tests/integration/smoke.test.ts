// The seeded site answers its home page.

import { describe, expect, it } from "vitest";
import { visit } from "../support/worker.ts";

describe("smoke", () => {
  it("serves the home page with the seed's newest story", async () => {
    const res = await visit("/");
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("<title>The Meridian Courier</title>");
    expect(body).toContain('href="/articles/small-lenders-report-rise-in-first-time-buyers"');
  });
});

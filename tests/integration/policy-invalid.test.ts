// A Worker deployed with an invalid domain policy refuses to guess: a clear 503, never a redirect.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { forgetReads, visit } from "../support/worker.ts";

describe("invalid deployed policy", () => {
  it("answers 503 with a clear message instead of redirecting", async () => {
    forgetReads();
    const broken = { ...env, DOMAIN_POLICY: { primary: "news.localhost:8787", hosts: [], rules: [], default: { serve: "requested" } } };
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://news.localhost:8787/", { cf: { country: "GB" } } as RequestInit), broken, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(res.headers.get("Location")).toBeNull();
    expect(res.headers.get("Retry-After")).toBe("60");
    const page = await res.text();
    expect(page).toContain("domain configuration is invalid");
    expect(page).not.toMatch(/at \w+ \(|\.ts:\d+/);
  });

  it("serves again once the deployed policy is valid", async () => {
    forgetReads();
    const res = await visit("/", { country: "GB" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("http://uk.localhost:8787/");
    const here = await visit("/", { country: "US" });
    expect(here.status).toBe(200);
    expect(await here.text()).toContain("<title>The Meridian Courier</title>");
  });
});

// A Worker deployed with an invalid domain policy refuses to guess: a clear 503, never a redirect.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";

describe("invalid deployed policy", () => {
  it("answers 503 with a clear message instead of redirecting", async () => {
    const broken = { ...env, DOMAIN_POLICY: { primary: "news.localhost:8787", hosts: [], rules: [], default: { serve: "requested" } } };
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("http://news.localhost:8787/", { cf: { country: "GB" } } as RequestInit), broken, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(503);
    expect(res.headers.get("Location")).toBeNull();
    expect(await res.text()).toContain("domain configuration is invalid");
  });
});

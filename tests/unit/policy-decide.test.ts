import { describe, expect, it } from "vitest";
import { decide, normaliseHost, redirectUrl } from "../../src/policy/decide.ts";
import type { Decision, RequestFacts } from "../../src/policy/types.ts";
import { POLICY } from "./policy-fixture.ts";

const facts = (host: string, country?: string, extra: Partial<RequestFacts> = {}): RequestFacts => ({
  host,
  ...(country ? { country } : {}),
  method: "GET",
  exempt: false,
  override: false,
  ...extra,
});

const target = (d: Decision) => (d.action === "redirect" ? d.to.host : "serve");

describe("decide", () => {
  it("serves visitors no rule matches on the host they asked for", () => {
    for (const host of ["news.example", "mirror-one.example", "uk.example"]) expect(target(decide(POLICY, facts(host, "US")))).toBe("serve");
  });

  it("sends a region to the first host of its rule, and serves it on any host the rule lists", () => {
    expect(target(decide(POLICY, facts("news.example", "CN")))).toBe("mirror-one.example");
    expect(target(decide(POLICY, facts("mirror-two.example", "CN")))).toBe("serve");
    expect(target(decide(POLICY, facts("news.example", "GB")))).toBe("uk.example");
    expect(target(decide(POLICY, facts("mirror-one.example", "GB")))).toBe("uk.example");
  });

  it("matches continents, from request.cf or derived from the country", () => {
    expect(target(decide(POLICY, facts("news.example", "JP")))).toBe("mirror-two.example");
    expect(target(decide(POLICY, facts("news.example", undefined, { continent: "OC" })))).toBe("mirror-two.example");
    const first = decide(POLICY, facts("news.example", "CN"));
    expect(first.action === "redirect" && first.rule).toBe('rule 1 "Blocked"');
  });

  it("lets unknown countries follow the default and never redirects Tor", () => {
    expect(target(decide(POLICY, facts("news.example", "XX")))).toBe("serve");
    expect(target(decide(POLICY, facts("news.example")))).toBe("serve");
    expect(decide(POLICY, facts("news.example", "T1")).reason).toBe("Tor visitors are never redirected");
  });

  it("never redirects exempt paths, other methods, or a visitor who chose the host", () => {
    expect(target(decide(POLICY, facts("news.example", "CN", { exempt: true })))).toBe("serve");
    expect(target(decide(POLICY, facts("news.example", "CN", { method: "POST" })))).toBe("serve");
    expect(target(decide(POLICY, facts("news.example", "CN", { override: true })))).toBe("serve");
  });

  it("sends an unknown host to where the primary would, in one hop, never to the named host", () => {
    expect(target(decide(POLICY, facts("evil.example", "US")))).toBe("news.example");
    expect(target(decide(POLICY, facts("evil.example", "CN")))).toBe("mirror-one.example");
    expect(target(decide(POLICY, facts("evil.example", "T1")))).toBe("news.example");
  });

  it("honours a default that sends everyone else to one host", () => {
    const policy = { ...POLICY, default: { redirect: "mirror-one.example" } };
    expect(target(decide(policy, facts("news.example", "US")))).toBe("mirror-one.example");
    expect(target(decide(policy, facts("mirror-one.example", "US")))).toBe("serve");
  });
});

describe("redirectUrl", () => {
  it("keeps path and query exactly and takes scheme, host and port only from configuration", () => {
    const to = { host: "mirror-one.example", scheme: "https" as const, public: true };
    expect(redirectUrl(new URL("http://news.example:8787/articles/x?a=1&b=%2F#frag"), to)).toBe("https://mirror-one.example/articles/x?a=1&b=%2F");
    expect(redirectUrl(new URL("https://news.example//evil.example/path?q"), to)).toBe("https://mirror-one.example//evil.example/path?q");
    expect(redirectUrl(new URL("https://user:pw@news.example/x"), to)).toBe("https://mirror-one.example/x");
    expect(redirectUrl(new URL("https://news.example/x"), { host: "dev.example:8787", scheme: "http", public: false })).toBe("http://dev.example:8787/x");
  });

  it("compares hosts case-insensitively and without a trailing dot", () => {
    expect(normaliseHost("NEWS.Example.")).toBe("news.example");
    expect(normaliseHost("news.example.:8787")).toBe("news.example:8787");
  });
});

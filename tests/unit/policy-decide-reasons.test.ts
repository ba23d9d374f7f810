// The region decision (src/policy/decide.ts) as `npm run policy` and the request log show it: which host,
// the reason given and the rule named, and a policy edited in place deciding by its new rules.

import { describe, expect, it } from "vitest";
import { canonicalHost, decide, matchRule, normaliseHost, originOf, redirectUrl } from "../../src/policy/decide.ts";
import type { DomainPolicy, RequestFacts } from "../../src/policy/types.ts";
import { POLICY } from "./policy-fixture.ts";

const facts = (host: string, extra: Partial<RequestFacts> = {}): RequestFacts => ({ host, method: "GET", exempt: false, override: false, ...extra });

/** A fresh copy, so a test that edits it in place leaves POLICY alone. */
const copy = (policy: DomainPolicy = POLICY): DomainPolicy => structuredClone(policy);

describe("decide: reasons and rules", () => {
  it("names the rule that serves a region here, by number and name", () => {
    expect(decide(POLICY, facts("uk.example", { country: "GB" }))).toEqual({
      action: "serve",
      host: POLICY.hosts[3],
      reason: 'rule 2 "UK" serves this region here',
      rule: 'rule 2 "UK"',
    });
  });

  it("names the rule that sends a region elsewhere", () => {
    expect(decide(POLICY, facts("news.example", { country: "GB" }))).toEqual({
      action: "redirect",
      to: POLICY.hosts[3],
      reason: 'rule 2 "UK" sends this region elsewhere',
      rule: 'rule 2 "UK"',
    });
  });

  it("numbers a rule without a name by its position", () => {
    const policy = copy();
    delete policy.rules[2]?.name;
    const d = decide(policy, facts("news.example", { country: "JP" }));
    expect(d.rule).toBe("rule 3");
    expect(d.reason).toBe("rule 3 sends this region elsewhere");
  });

  it("explains the default, serving or redirecting", () => {
    expect(decide(POLICY, facts("news.example", { country: "US" }))).toEqual({
      action: "serve",
      host: POLICY.hosts[0],
      reason: "no rule matches; the default serves the requested host",
      rule: "default",
    });
    const policy: DomainPolicy = { ...POLICY, default: { redirect: "mirror-one.example" } };
    expect(decide(policy, facts("news.example", { country: "US" }))).toEqual({
      action: "redirect",
      to: POLICY.hosts[1],
      reason: "no rule matches; the default sends everyone else to one host",
      rule: "default",
    });
  });

  it("serves exempt paths, other methods, Tor and the override on the requested host, each with its reason", () => {
    const host = POLICY.hosts[0];
    expect(decide(POLICY, facts("news.example", { country: "GB", exempt: true }))).toEqual({
      action: "serve",
      host,
      reason: "this path is served on every host",
    });
    expect(decide(POLICY, facts("news.example", { country: "GB", method: "POST" }))).toEqual({
      action: "serve",
      host,
      reason: "only GET and HEAD are redirected",
    });
    expect(decide(POLICY, facts("news.example", { country: "T1" }))).toEqual({ action: "serve", host, reason: "Tor visitors are never redirected" });
    expect(decide(POLICY, facts("news.example", { country: "GB", override: true }))).toEqual({
      action: "serve",
      host,
      reason: "the visitor chose this host (override)",
    });
  });

  it("redirects HEAD as it redirects GET", () => {
    expect(decide(POLICY, facts("news.example", { country: "GB", method: "HEAD" })).action).toBe("redirect");
  });

  it("serves an exempt path on an unknown host without naming a host", () => {
    expect(decide(POLICY, facts("evil.example", { exempt: true }))).toEqual({ action: "serve", host: undefined, reason: "this path is served on every host" });
  });

  it("sends an unknown host where the primary would, naming the rule that decided", () => {
    expect(decide(POLICY, facts("evil.example", { country: "GB" }))).toEqual({
      action: "redirect",
      to: POLICY.hosts[3],
      reason: "unknown host: sent to the host that serves this region",
      rule: 'rule 2 "UK"',
    });
    expect(decide(POLICY, facts("evil.example", { country: "US" }))).toMatchObject({ to: POLICY.hosts[0], rule: "default" });
  });

  it("sends Tor on an unknown host to the primary itself, whatever the default says", () => {
    const policy: DomainPolicy = { ...POLICY, default: { redirect: "mirror-one.example" } };
    expect(decide(policy, facts("evil.example", { country: "T1" }))).toEqual({
      action: "redirect",
      to: POLICY.hosts[0],
      reason: "unknown host: sent to the host that serves this region",
      rule: "unknown host",
    });
    expect(decide(policy, facts("evil.example", { country: "US" }))).toMatchObject({ to: POLICY.hosts[1], rule: "default" });
  });

  it("sends a region whose rule lists no host to the primary", () => {
    const policy: DomainPolicy = { ...POLICY, rules: [{ countries: ["FR"], hosts: [] }] };
    expect(decide(policy, facts("mirror-one.example", { country: "FR" }))).toMatchObject({ action: "redirect", to: POLICY.hosts[0] });
  });

  it("refuses a hand-built policy that sends readers to a host it does not list", () => {
    const policy: DomainPolicy = { ...POLICY, rules: [{ countries: ["FR"], hosts: ["gone.example"] }] };
    expect(() => decide(policy, facts("news.example", { country: "FR" }))).toThrow("domain policy names unconfigured host gone.example");
    expect(() => decide({ ...POLICY, primary: "gone.example" }, facts("evil.example"))).toThrow("unconfigured host gone.example");
  });
});

describe("matchRule", () => {
  const overlapping: DomainPolicy = {
    ...POLICY,
    rules: [
      { name: "Europe", continents: ["EU"], hosts: ["mirror-one.example"] },
      { name: "UK", countries: ["GB"], hosts: ["uk.example"] },
      { name: "UK again", countries: ["GB"], continents: ["EU"], hosts: ["mirror-two.example"] },
    ],
  };

  it("takes the first rule in order, whether it matched by continent or by country", () => {
    expect(matchRule(overlapping, "GB", undefined)).toMatchObject({ index: 0, rule: { name: "Europe" } });
    expect(matchRule(overlapping, "GB", "NA")).toMatchObject({ index: 1, rule: { name: "UK" } });
    const countryFirst: DomainPolicy = { ...overlapping, rules: [overlapping.rules[1], overlapping.rules[0]].filter((r) => r !== undefined) };
    expect(matchRule(countryFirst, "GB", "EU")).toMatchObject({ index: 0, rule: { name: "UK" } });
  });

  it("keeps the first rule naming a country or continent when a later one names it again", () => {
    const twice: DomainPolicy = {
      ...POLICY,
      rules: [
        { name: "first", countries: ["FR"], continents: ["SA"], hosts: ["mirror-one.example"] },
        { name: "second", countries: ["FR"], continents: ["SA"], hosts: ["mirror-two.example"] },
      ],
    };
    expect(matchRule(twice, "FR", "AF")?.rule.name).toBe("first");
    expect(matchRule(twice, undefined, "SA")?.rule.name).toBe("first");
  });

  it("derives the continent from the country, and matches nothing without either", () => {
    expect(matchRule(POLICY, "JP", undefined)?.index).toBe(2);
    expect(matchRule(POLICY, undefined, "AS")?.index).toBe(2);
    expect(matchRule(POLICY, undefined, undefined)).toBeUndefined();
    expect(matchRule(POLICY, "US", undefined)).toBeUndefined();
  });
});

describe("a policy changed in place decides by its new contents", () => {
  const gb = facts("news.example", { country: "GB" });
  const fr = facts("news.example", { country: "FR" });

  it("sees a rule added, removed or replaced", () => {
    const policy = copy();
    expect(decide(policy, fr).action).toBe("serve");
    policy.rules.push({ countries: ["FR"], hosts: ["mirror-one.example"] });
    expect(decide(policy, fr)).toMatchObject({ action: "redirect", rule: "rule 4" });
    policy.rules.pop();
    expect(decide(policy, fr).action).toBe("serve");
    policy.rules[1] = { name: "France", countries: ["FR"], hosts: ["uk.example"] };
    expect(decide(policy, fr)).toMatchObject({ action: "redirect", rule: 'rule 2 "France"' });
    expect(decide(policy, gb).action).toBe("serve");
  });

  it("sees a rule's country or continent list replaced", () => {
    const policy = copy();
    expect(decide(policy, gb).action).toBe("redirect");
    const uk = policy.rules[1];
    if (!uk) throw new Error("fixture changed");
    uk.countries = ["FR"];
    expect(decide(policy, gb).action).toBe("serve");
    expect(decide(policy, fr).action).toBe("redirect");
    const asia = policy.rules[2];
    if (!asia) throw new Error("fixture changed");
    asia.continents = ["EU"];
    expect(decide(policy, facts("news.example", { country: "DE" }))).toMatchObject({ action: "redirect", to: { host: "mirror-two.example" } });
    expect(decide(policy, facts("news.example", { country: "JP" })).action).toBe("serve");
  });

  it("sees hosts added in place or a new host list", () => {
    const policy = copy();
    expect(decide(policy, facts("new.example", { country: "US" })).action).toBe("redirect");
    policy.hosts.push({ host: "new.example", scheme: "https", public: true });
    expect(decide(policy, facts("new.example", { country: "US" })).action).toBe("serve");
    policy.hosts = policy.hosts.filter((h) => h.host !== "new.example");
    expect(decide(policy, facts("new.example", { country: "US" })).action).toBe("redirect");
    policy.hosts = [...policy.hosts, { host: "other.example", scheme: "https", public: true }];
    expect(decide(policy, facts("other.example", { country: "US" })).action).toBe("serve");
    // A new list as long as the old one, one host renamed.
    policy.hosts = policy.hosts.map((h) => (h.host === "other.example" ? { ...h, host: "renamed.example" } : h));
    expect(decide(policy, facts("renamed.example", { country: "US" })).action).toBe("serve");
    expect(decide(policy, facts("other.example", { country: "US" })).action).toBe("redirect");
  });
});

describe("host names and addresses", () => {
  it("normalises case and one trailing dot, before a port or at the end only", () => {
    expect(normaliseHost("News.Example")).toBe("news.example");
    expect(normaliseHost("news.example.")).toBe("news.example");
    expect(normaliseHost("NEWS.example.:8787")).toBe("news.example:8787");
    expect(normaliseHost("news.example:8787")).toBe("news.example:8787");
    expect(normaliseHost("a.b.example")).toBe("a.b.example");
    expect(normaliseHost("news.example.:x")).toBe("news.example.:x");
    expect(normaliseHost("news.example.:80.")).toBe("news.example.:80");
  });

  it("builds an origin from the configured scheme and host", () => {
    expect(originOf({ host: "news.example", scheme: "https", public: true })).toBe("https://news.example");
    expect(originOf({ host: "dev.example:8787", scheme: "http", public: false })).toBe("http://dev.example:8787");
  });

  it("redirects to a configured host without a port by dropping the request's port", () => {
    const to = { host: "news.example", scheme: "https" as const, public: true };
    expect(redirectUrl(new URL("http://dev.example:8787/a?b#c"), to)).toBe("https://news.example/a?b");
  });

  it("uses the canonical host when set, else the primary", () => {
    expect(canonicalHost(POLICY).host).toBe("news.example");
    expect(canonicalHost({ ...POLICY, canonical: "uk.example" }).host).toBe("uk.example");
    const { canonical: _, ...noCanonical } = POLICY;
    expect(canonicalHost({ ...noCanonical, primary: "mirror-one.example" }).host).toBe("mirror-one.example");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_COUNTRIES, CONTINENTS, continentOf } from "../../src/policy/countries.ts";
import { decide, findHost, matchRule, normaliseHost, redirectUrl } from "../../src/policy/decide.ts";
import type { Decision, DomainPolicy, RequestFacts, Rule } from "../../src/policy/types.ts";
import { fuzzParams } from "../support/fuzz.ts";
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

describe("compiled matching (a few map lookups per decision)", () => {
  /** The rule the README describes: the first in order that lists the country or the visitor's continent. */
  function firstRule(policy: DomainPolicy, country: string | undefined, continent: string | undefined): number | undefined {
    const region = continent ?? (country ? continentOf(country) : undefined);
    const index = policy.rules.findIndex(
      (r) => (country !== undefined && (r.countries ?? []).includes(country)) || (region !== undefined && (r.continents ?? []).includes(region)),
    );
    return index < 0 ? undefined : index;
  }

  const RULE_COUNTRIES = ["GB", "FR", "CN", "JP", "AU", "US", "IR"];
  const few = <T>(items: readonly T[]) => fc.uniqueArray(fc.constantFrom(...items), { maxLength: 4 });
  const rule: fc.Arbitrary<Rule> = fc.record({ countries: few(RULE_COUNTRIES), continents: few(CONTINENTS), hosts: fc.constant(["a.example"]) });

  it("finds the same rule as reading the rules in order, for any rules and any visitor", () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 6 }),
        // Mostly countries the rules name, so that country and continent rules meet often.
        fc.option(fc.oneof(fc.constantFrom(...RULE_COUNTRIES), fc.constantFrom(...ALL_COUNTRIES, "XX")), { nil: undefined }),
        fc.option(fc.constantFrom(...CONTINENTS), { nil: undefined }),
        (rules, country, continent) => {
          const policy: DomainPolicy = {
            primary: "a.example",
            hosts: [{ host: "a.example", scheme: "https", public: true }],
            rules,
            default: { serve: "requested" },
          };
          expect(matchRule(policy, country, continent)?.index).toBe(firstRule(policy, country, continent));
        },
      ),
      fuzzParams(500),
    );
  });

  it("an earlier continent rule wins over a later country rule, and the other way round", () => {
    const hosts = [
      { host: "eu.example", scheme: "https" as const, public: true },
      { host: "gb.example", scheme: "https" as const, public: true },
    ];
    const continentFirst: DomainPolicy = {
      primary: "eu.example",
      hosts,
      rules: [
        { continents: ["EU"], hosts: ["eu.example"] },
        { countries: ["GB"], hosts: ["gb.example"] },
      ],
      default: { serve: "requested" },
    };
    const countryFirst: DomainPolicy = { ...continentFirst, rules: [...continentFirst.rules].reverse() };
    expect(target(decide(continentFirst, facts("gb.example", "GB")))).toBe("eu.example");
    expect(target(decide(countryFirst, facts("eu.example", "GB")))).toBe("gb.example");
    expect(target(decide(countryFirst, facts("gb.example", "FR")))).toBe("eu.example");
  });

  it("is built per policy: a new policy (a live one saved) is decided by its own rules and hosts", () => {
    expect(target(decide(POLICY, facts("news.example", "GB")))).toBe("uk.example");
    const changed: DomainPolicy = { ...POLICY, hosts: POLICY.hosts.filter((h) => h.host !== "uk.example"), rules: POLICY.rules.filter((r) => r.name !== "UK") };
    expect(target(decide(changed, facts("news.example", "GB")))).toBe("serve");
    expect(findHost(changed, "uk.example")).toBeUndefined();
    expect(target(decide(changed, facts("uk.example", "US")))).toBe("news.example");
    // The first policy still decides as before.
    expect(target(decide(POLICY, facts("news.example", "GB")))).toBe("uk.example");
    expect(findHost(POLICY, "uk.example")?.label).toBe("UK");
  });
});

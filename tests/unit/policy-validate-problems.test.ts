// Each problem checkPolicy (src/policy/validate.ts) names, by field and code, with the words an operator
// reads in `npm run check-config` and the PUT /api/policy answer; and the policy it returns when valid.

import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/content/problems.ts";
import { ALL_COUNTRIES, CONTINENTS, UNKNOWN_COUNTRY, continentOf } from "../../src/policy/countries.ts";
import { decide } from "../../src/policy/decide.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import { POLICY } from "./policy-fixture.ts";

const errors = (input: unknown): Problem[] => checkPolicy(input).errors;
const only = (input: unknown): Problem => {
  const found = errors(input);
  expect(found, JSON.stringify(found)).toHaveLength(1);
  return found[0] as Problem;
};
const codes = (input: unknown) => errors(input).map((p) => `${p.field} ${p.code}`);
const withHosts = (...extra: unknown[]) => ({ ...POLICY, hosts: [...POLICY.hosts, ...extra] });
const withRule = (rule: unknown) => ({ ...POLICY, rules: [rule] });

describe("checkPolicy: the whole policy", () => {
  it("returns the policy it checked, with optional parts only when given", () => {
    const minimal = { primary: "a.example", hosts: [{ host: "a.example", scheme: "https", public: true }], default: { serve: "requested" } };
    expect(checkPolicy(minimal)).toEqual({
      policy: { primary: "a.example", hosts: [{ host: "a.example", scheme: "https", public: true }], rules: [], default: { serve: "requested" } },
      errors: [],
      warnings: [],
    });
    const full = checkPolicy({ ...POLICY, reach: { mode: "act" } });
    expect(full.policy).toEqual({ ...POLICY, reach: { mode: "act" } });
  });

  it("refuses what is not an object, naming what a policy holds", () => {
    for (const input of [null, [], "policy", 3]) {
      expect(checkPolicy(input)).toEqual({
        errors: [{ field: "(policy)", code: "not_an_object", message: "must be an object with primary, hosts, rules and default" }],
        warnings: [],
      });
    }
  });

  it("names an unknown top-level field", () => {
    expect(only({ ...POLICY, mirrors: [] })).toMatchObject({ field: "mirrors", code: "unknown_field" });
  });

  it("gives no policy while any error remains", () => {
    const check = checkPolicy({ ...POLICY, primary: "" });
    expect(check.policy).toBeUndefined();
    expect(check.errors).toEqual([{ field: "primary", code: "required", message: "must name a host" }]);
  });

  it("names a missing or unknown primary and canonical host, listing the hosts there are", () => {
    expect(only({ ...POLICY, primary: 7 })).toEqual({ field: "primary", code: "required", message: "must name a host" });
    const { primary: _p, ...noPrimary } = POLICY;
    expect(only(noPrimary)).toMatchObject({ field: "primary", code: "required" });
    const canonical = only({ ...POLICY, canonical: "other.example" });
    expect(canonical).toMatchObject({ field: "canonical", code: "unknown_host" });
    expect(canonical.message).toBe(
      '"other.example" is not one of the configured hosts (news.example, mirror-one.example, mirror-two.example, uk.example, dev.example:8787)',
    );
    expect(only({ ...POLICY, canonical: "" })).toMatchObject({ field: "canonical", code: "required" });
    const { canonical: _c, ...noCanonical } = POLICY;
    expect(checkPolicy(noCanonical).policy).not.toHaveProperty("canonical");
  });

  it("says there are no hosts when the list is empty", () => {
    const check = checkPolicy({ ...POLICY, hosts: [], rules: [] });
    expect(check.errors[0]).toEqual({ field: "hosts", code: "too_few", message: "must list at least one host" });
    expect(check.errors).toContainEqual({ field: "primary", code: "unknown_host", message: '"news.example" is not one of the configured hosts (none)' });
    expect(codes({ ...POLICY, hosts: "news.example", rules: [] })[0]).toBe("hosts too_few");
  });

  it("checks the onion address", () => {
    const { onion: _, ...noOnion } = POLICY;
    expect(checkPolicy(noOnion).policy).not.toHaveProperty("onion");
    expect(checkPolicy({ ...POLICY, onion: `https://${"b".repeat(56)}.onion` }).policy?.onion).toBe(`https://${"b".repeat(56)}.onion`);
    for (const onion of [
      `http://${"a".repeat(55)}.onion`,
      `http://${"a".repeat(56)}.onion/`,
      `ftp://${"a".repeat(56)}.onion`,
      `http://${"1".repeat(56)}.onion`,
      5,
    ]) {
      expect(only({ ...POLICY, onion })).toEqual({
        field: "onion",
        code: "invalid_onion",
        message: 'must be a v3 onion address: "http://" + 56 characters a-z, 2-7 + ".onion"',
      });
    }
    expect(only({ ...POLICY, onion: `xhttp://${"a".repeat(56)}.onion` }).code).toBe("invalid_onion");
    // Only text: a list holding the address is no address.
    expect(only({ ...POLICY, onion: [`http://${"a".repeat(56)}.onion`] }).code).toBe("invalid_onion");
    expect(only({ ...POLICY, onion: `http://${"a".repeat(56)}.onionx` }).code).toBe("invalid_onion");
  });

  it("warns, without refusing, when the primary is not public", () => {
    const hosts = POLICY.hosts.map((h) => (h.host === "news.example" ? { ...h, public: false } : h));
    const check = checkPolicy({ ...POLICY, hosts });
    expect(check.errors).toEqual([]);
    expect(check.policy).toBeDefined();
    expect(check.warnings).toEqual([
      { field: "primary", code: "primary_not_public", message: "the primary host is not public, so it is missing from the mirror lists" },
    ]);
  });

  it("accepts either default and refuses anything else", () => {
    expect(checkPolicy({ ...POLICY, default: { redirect: "mirror-one.example" } }).policy?.default).toEqual({ redirect: "mirror-one.example" });
    const bad = { field: "default", code: "invalid_default", message: 'must be { serve = "requested" } or { redirect = "<host>" }' };
    for (const value of [
      undefined,
      "requested",
      { serve: "here" },
      { serve: "requested", redirect: "uk.example" },
      { redirect: 3 },
      { redirect: "uk.example", x: 1 },
    ])
      expect(only({ ...POLICY, default: value }), JSON.stringify(value)).toEqual(bad);
    expect(only({ ...POLICY, default: { redirect: "nowhere.example" } })).toMatchObject({ field: "default.redirect", code: "unknown_host" });
  });
});

describe("checkPolicy: hosts", () => {
  it("keeps each host's fields, defaulting the scheme to https only for a valid one", () => {
    const check = checkPolicy(withHosts({ host: "extra.example", scheme: "http", label: "Extra", public: false, added: "2026-10-01", standby: false }));
    expect(check.policy?.hosts.at(-1)).toEqual({ host: "extra.example", scheme: "http", label: "Extra", public: false, added: "2026-10-01T00:00:00Z" });
    const bare = checkPolicy(withHosts({ host: "bare.example", scheme: "https", public: true }));
    expect(bare.policy?.hosts.at(-1)).toEqual({ host: "bare.example", scheme: "https", public: true });
  });

  it("names a host that is not an object or has unknown fields", () => {
    expect(only(withHosts("x.example"))).toEqual({
      field: "hosts[5]",
      code: "not_an_object",
      message: "must be an object with host, scheme, label and public",
    });
    expect(only(withHosts({ host: "x.example", scheme: "https", public: true, colour: "red" }))).toMatchObject({
      field: "hosts[5].colour",
      code: "unknown_field",
    });
  });

  it("accepts host names with ports and hyphens, and refuses schemes, paths, capitals and overlong labels", () => {
    for (const host of ["a.example", "a-b.example:8787", "localhost", "x1.y2.example", `${"a".repeat(63)}.example`, "a.b:65535"])
      expect(codes(withHosts({ host, scheme: "https", public: true })), host).toEqual([]);
    for (const host of [
      "https://a.example",
      "a.example/",
      "A.example",
      "-a.example",
      "a-.example",
      "a..example",
      "a.example:",
      `${"a".repeat(64)}.example`,
      "",
      7,
    ]) {
      const problem = only(withHosts({ host, scheme: "https", public: true }));
      expect(problem.field).toBe("hosts[5].host");
      expect(problem.code).toBe("invalid_host");
      expect(problem.message).toBe(`${JSON.stringify(host)} is not a lower-case host name with an optional port (no scheme or path)`);
    }
    expect(only(withHosts({ host: "a.example:123456", scheme: "https", public: true })).code).toBe("invalid_host");
    expect(only(withHosts({ host: `${"a.".repeat(126)}ab`, scheme: "https", public: true })).code).toBe("invalid_host");
  });

  it("names a host listed twice", () => {
    expect(only(withHosts({ host: "uk.example", scheme: "https", public: true }))).toEqual({
      field: "hosts[5].host",
      code: "duplicate",
      message: '"uk.example" is listed twice',
    });
  });

  it("names a bad scheme, label, public flag, date or standby flag", () => {
    const host = (extra: object) => withHosts({ host: "x.example", scheme: "https", public: false, ...extra });
    expect(only(host({ scheme: "ftp" }))).toEqual({ field: "hosts[5].scheme", code: "invalid_scheme", message: 'must be "https" or "http"' });
    expect(only(host({ label: "x".repeat(41) }))).toEqual({ field: "hosts[5].label", code: "invalid_label", message: "must be text of at most 40 characters" });
    expect(checkPolicy(host({ label: "x".repeat(40) })).errors).toEqual([]);
    expect(only(host({ label: 3 })).code).toBe("invalid_label");
    expect(only(host({ public: "yes" }))).toEqual({ field: "hosts[5].public", code: "not_a_boolean", message: "must be true or false" });
    expect(only(host({ added: "yesterday" }))).toEqual({
      field: "hosts[5].added",
      code: "invalid_date",
      message: 'must be an ISO 8601 date such as "2026-10-01"',
    });
    expect(only(host({ added: 20261001 })).code).toBe("invalid_date");
    expect(only(host({ standby: "no" }))).toEqual({ field: "hosts[5].standby", code: "not_a_boolean", message: "must be true or false" });
  });
});

describe("checkPolicy: rules", () => {
  it("keeps a rule's name, countries and continents only when given", () => {
    const check = checkPolicy({
      ...POLICY,
      rules: [
        { countries: ["FR"], hosts: ["uk.example"] },
        { name: "Africa", continents: ["AF"], hosts: ["mirror-one.example"] },
      ],
    });
    expect(check.errors).toEqual([]);
    expect(check.policy?.rules).toEqual([
      { countries: ["FR"], hosts: ["uk.example"] },
      { name: "Africa", continents: ["AF"], hosts: ["mirror-one.example"] },
    ]);
    expect(checkPolicy({ ...POLICY, rules: undefined }).policy?.rules).toEqual([]);
  });

  it("names rules that are not a list, or a rule that is not an object", () => {
    expect(only({ ...POLICY, rules: {} })).toEqual({ field: "rules", code: "not_a_list", message: "must be a list" });
    expect(only({ ...POLICY, rules: ["GB"] })).toEqual({
      field: "rules[0]",
      code: "not_an_object",
      message: "must be an object with countries and/or continents, and hosts",
    });
    expect(only(withRule({ countries: ["FR"], hosts: ["uk.example"], note: "x" }))).toMatchObject({ field: "rules[0].note", code: "unknown_field" });
  });

  it("names a bad rule name", () => {
    expect(only(withRule({ name: "x".repeat(81), countries: ["FR"], hosts: ["uk.example"] }))).toEqual({
      field: "rules[0].name",
      code: "invalid_name",
      message: "must be text of at most 80 characters",
    });
    expect(only(withRule({ name: 1, countries: ["FR"], hosts: ["uk.example"] })).code).toBe("invalid_name");
    expect(checkPolicy(withRule({ name: "x".repeat(80), countries: ["FR"], hosts: ["uk.example"] })).policy?.rules[0]?.name).toBe("x".repeat(80));
  });

  it("names code lists that are not lists, codes that are not text, and codes listed twice", () => {
    expect(only(withRule({ countries: "FR", continents: ["AF"], hosts: ["uk.example"] }))).toEqual({
      field: "rules[0].countries",
      code: "not_a_list",
      message: "must be a list of codes",
    });
    expect(only(withRule({ continents: "AF", countries: ["FR"], hosts: ["uk.example"] }))).toMatchObject({ field: "rules[0].continents", code: "not_a_list" });
    expect(only(withRule({ countries: ["FR", 3], hosts: ["uk.example"] }))).toEqual({
      field: "rules[0].countries[1]",
      code: "not_text",
      message: "must be a code in capitals",
    });
    expect(only(withRule({ countries: ["FR", "FR"], hosts: ["uk.example"] }))).toEqual({
      field: "rules[0].countries[1]",
      code: "duplicate",
      message: '"FR" is listed twice',
    });
    expect(only(withRule({ continents: ["AF", "AF"], hosts: ["uk.example"] }))).toMatchObject({ field: "rules[0].continents[1]", code: "duplicate" });
  });

  it("refuses Tor, the unknown country and non-codes, by country and by continent", () => {
    const rule = (countries: unknown[], continents?: unknown[]) => withRule({ countries, ...(continents ? { continents } : {}), hosts: ["uk.example"] });
    expect(codes(rule(["FR", "T1"]))).toEqual(["rules[0].countries[1] never_redirected"]);
    expect(codes(rule(["FR", "XX"]))).toEqual(["rules[0].countries[1] never_redirected"]);
    expect(codes(rule(["FR", "EU"]))).toEqual(["rules[0].countries[1] invalid_country"]);
    // Continent codes are not countries, and countries are not continents.
    const continent = only(rule(["FR"], ["GB"]));
    expect(continent).toMatchObject({ field: "rules[0].continents[0]", code: "invalid_continent" });
    expect(continent.message).toBe('"GB" is not a continent code; use one of AF, AN, AS, EU, NA, OC, SA');
    // Names every object has are no continents.
    expect(codes(rule(["FR"], ["toString", "__proto__"]))).toEqual(["rules[0].continents[0] invalid_continent", "rules[0].continents[1] invalid_continent"]);
    // T1 and XX are codes only among countries.
    expect(codes(rule(["FR"], ["T1"]))).toEqual(["rules[0].continents[0] invalid_continent"]);
    expect(codes(rule(["FR"], ["XX"]))).toEqual(["rules[0].continents[0] invalid_continent"]);
  });

  it("names a rule that matches nobody", () => {
    const nobody = { field: "rules[0]", code: "matches_nobody", message: "matches nobody: give it countries and/or continents" };
    expect(only(withRule({ hosts: ["uk.example"] }))).toEqual(nobody);
    expect(only(withRule({ countries: [], continents: [], hosts: ["uk.example"] }))).toEqual(nobody);
    expect(checkPolicy(withRule({ continents: ["AF"], hosts: ["uk.example"] })).errors).toEqual([]);
    expect(checkPolicy(withRule({ countries: ["FR"], continents: [], hosts: ["uk.example"] })).policy?.rules).toEqual([
      { countries: ["FR"], hosts: ["uk.example"] },
    ]);
  });

  it("names a rule without hosts, a host given twice, and a missing host", () => {
    const tooFew = {
      field: "rules[0].hosts",
      code: "too_few",
      message: "must list the host(s) that serve this region; visitors elsewhere go to the first",
    };
    expect(only(withRule({ countries: ["FR"], hosts: [] }))).toEqual(tooFew);
    expect(only(withRule({ countries: ["FR"] }))).toEqual(tooFew);
    expect(only(withRule({ countries: ["FR"], hosts: ["uk.example", "uk.example"] }))).toEqual({
      field: "rules[0].hosts[1]",
      code: "duplicate",
      message: '"uk.example" is listed twice',
    });
    expect(only(withRule({ countries: ["FR"], hosts: ["uk.example", ""] }))).toEqual({
      field: "rules[0].hosts[1]",
      code: "required",
      message: "must name a host",
    });
  });

  it("names each entry an earlier rule already matches, by country, by the country's continent, or by continent", () => {
    const found = errors({
      ...POLICY,
      rules: [
        { countries: ["FR"], continents: ["AF"], hosts: ["uk.example"] },
        { countries: ["FR", "DE", "NG"], hosts: ["mirror-one.example"] },
        { continents: ["AF", "EU"], hosts: ["mirror-two.example"] },
        { continents: ["EU"], hosts: ["mirror-one.example"] },
        { countries: ["IT"], hosts: ["uk.example"] },
      ],
      default: { serve: "requested" },
    });
    expect(found).toEqual([
      { field: "rules[1].countries[0]", code: "shadowed", message: "FR is already matched by rule 1, so this entry never applies" },
      { field: "rules[1].countries[2]", code: "shadowed", message: "NG is already matched by rule 1, so this entry never applies" },
      { field: "rules[2].continents[0]", code: "shadowed", message: "AF is already matched by rule 1, so this entry never applies" },
      { field: "rules[3].continents[0]", code: "shadowed", message: "EU is already matched by rule 3, so this entry never applies" },
      { field: "rules[4].countries[0]", code: "shadowed", message: "IT is already matched by rule 3, so this entry never applies" },
    ]);
  });
});

describe("checkPolicy: where readers end up", () => {
  it("sends every region asking every host of a valid policy where it is served: one hop, never two", () => {
    const policies: unknown[] = [
      POLICY,
      { ...POLICY, default: { redirect: "mirror-two.example" } },
      {
        ...POLICY,
        rules: [
          { countries: ["FR", "GB"], hosts: ["uk.example", "mirror-one.example"] },
          { continents: ["EU", "AF"], hosts: ["mirror-one.example"] },
          { continents: ["NA"], countries: ["JP"], hosts: ["mirror-two.example", "uk.example"] },
        ],
        default: { redirect: "uk.example" },
      },
    ];
    const regions = [
      ...ALL_COUNTRIES.map((country) => ({ country, continent: continentOf(country) ?? "" })),
      ...CONTINENTS.map((continent) => ({ continent })),
      { country: UNKNOWN_COUNTRY },
      {},
    ];
    for (const input of policies) {
      const policy = checkPolicy(input).policy as DomainPolicy;
      expect(policy).toBeDefined();
      for (const entry of policy.hosts) {
        for (const region of regions) {
          const facts = { ...region, method: "GET", exempt: false, override: false };
          const first = decide(policy, { ...facts, host: entry.host });
          if (first.action === "redirect")
            expect(decide(policy, { ...facts, host: first.to.host }).action, `${JSON.stringify(region)} at ${entry.host}`).toBe("serve");
        }
      }
    }
  });

  it("accepts redirects that settle in one hop", () => {
    const policy = { ...POLICY, default: { redirect: "news.example" } };
    expect(checkPolicy(policy).errors).toEqual([]);
  });

  it("warns when the canonical host (or the primary, without one) sends United States visitors away", () => {
    const rules = [...POLICY.rules, { name: "Americas", continents: ["NA"], hosts: ["mirror-two.example"] }];
    const withCanonical = checkPolicy({ ...POLICY, rules });
    expect(withCanonical.policy).toBeDefined();
    expect(withCanonical.warnings).toEqual([
      {
        field: "canonical",
        code: "crawlers_redirected",
        message:
          'the canonical host news.example redirects visitors from the United States (rule 4 "Americas" sends this region elsewhere), where the main search engine crawlers are; pick a canonical host they are served on',
      },
    ]);
    const { canonical: _, ...noCanonical } = POLICY;
    expect(checkPolicy({ ...noCanonical, rules }).warnings.map((w) => `${w.field} ${w.code}`)).toEqual(["primary crawlers_redirected"]);
    const servedThere = checkPolicy({ ...POLICY, canonical: "mirror-two.example", rules });
    expect(servedThere.warnings).toEqual([]);
  });

  it("gives no warnings beyond the primary's while there are errors", () => {
    const rules = [...POLICY.rules, { name: "Americas", continents: ["NA"], hosts: ["mirror-two.example"] }];
    const check = checkPolicy({ ...POLICY, rules, colour: "red" });
    expect(check.errors.map((e) => e.code)).toEqual(["unknown_field"]);
    expect(check.warnings).toEqual([]);
  });

  it("judges the crawlers by the United States, not by North America as a whole", () => {
    const rules = [...POLICY.rules, { countries: ["CA"], hosts: ["mirror-two.example"] }];
    expect(checkPolicy({ ...POLICY, rules }).warnings).toEqual([]);
  });
});

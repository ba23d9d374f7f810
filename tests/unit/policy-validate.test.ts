import { describe, expect, it } from "vitest";
import { checkPolicy } from "../../src/policy/validate.ts";
import { POLICY } from "./policy-fixture.ts";

const messages = (input: unknown) => checkPolicy(input).errors.map((e) => `${e.field}: ${e.message}`);

describe("checkPolicy", () => {
  it("accepts the fixture policy without warnings", () => {
    const check = checkPolicy(POLICY);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([]);
    expect(check.policy).toEqual(POLICY);
  });

  it("names unknown and duplicate hosts, bad host names and schemes", () => {
    const found = messages({
      ...POLICY,
      primary: "nowhere.example",
      hosts: [...POLICY.hosts, { host: "news.example", scheme: "https", public: true }, { host: "https://x.example/", scheme: "ftp", public: "yes" }],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^primary: "nowhere.example" is not one of the configured hosts/),
        'hosts[5].host: "news.example" is listed twice',
        expect.stringMatching(/^hosts\[6\]\.host: "https:\/\/x.example\/" is not a lower-case host name/),
      ]),
    );
  });

  it("names rules that point at unconfigured hosts and invalid codes", () => {
    const found = messages({ ...POLICY, rules: [{ countries: ["ZZ", "gb", "T1", "XX"], continents: ["EUROPE"], hosts: ["elsewhere.example"] }] });
    expect(found).toEqual(
      expect.arrayContaining([
        'rules[0].countries[0]: "ZZ" is not an ISO 3166-1 alpha-2 country code (capitals, e.g. "GB")',
        'rules[0].countries[1]: "gb" is not an ISO 3166-1 alpha-2 country code (capitals, e.g. "GB")',
        "rules[0].countries[2]: T1 (Tor) is never redirected; remove it",
        "rules[0].countries[3]: XX (unknown country) always follows the default; remove it",
        expect.stringMatching(/^rules\[0\]\.continents\[0\]: "EUROPE" is not a continent code/),
        expect.stringMatching(/^rules\[0\]\.hosts\[0\]: "elsewhere.example" is not one of the configured hosts/),
      ]),
    );
  });

  it("names rules shadowed by earlier ones, by country or by continent", () => {
    const found = messages({
      ...POLICY,
      rules: [
        { name: "Europe", continents: ["EU"], hosts: ["mirror-one.example"] },
        { name: "UK", countries: ["GB"], hosts: ["uk.example"] },
        { name: "Again", continents: ["EU"], countries: ["US"], hosts: ["mirror-two.example"] },
      ],
    });
    expect(found).toEqual([
      "rules[1].countries[0]: GB is already matched by rule 1, so this entry never applies",
      "rules[2].continents[0]: EU is already matched by rule 1, so this entry never applies",
    ]);
  });

  it("refuses a rule that matches nobody, a bad default and a bad onion address", () => {
    const found = messages({ ...POLICY, onion: "http://short.onion", default: { redirect: "nowhere.example" }, rules: [{ hosts: ["uk.example"] }] });
    expect(found).toEqual(
      expect.arrayContaining([
        "rules[0]: matches nobody: give it countries and/or continents",
        expect.stringMatching(/^default.redirect: "nowhere.example"/),
        expect.stringMatching(/^onion: must be a v3 onion address/),
      ]),
    );
  });

  it("warns when the canonical host would redirect visitors from the United States", () => {
    const check = checkPolicy({ ...POLICY, rules: [...POLICY.rules, { name: "Americas", continents: ["NA"], hosts: ["mirror-two.example"] }] });
    expect(check.errors).toEqual([]);
    expect(check.warnings.map((w) => w.message)).toEqual([expect.stringContaining("redirects visitors from the United States")]);
  });

  it("refuses something that is not a policy at all", () => {
    expect(messages(null)).toEqual(["(policy): must be an object with primary, hosts, rules and default"]);
    expect(messages({})).toEqual(expect.arrayContaining(["hosts: must list at least one host", expect.stringMatching(/^default: must be/)]));
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, reachSettings } from "../../src/policy/reach-config.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import { POLICY } from "./policy-fixture.ts";

const messages = (input: unknown) => checkPolicy(input).errors.map((e) => `${e.field}: ${e.message}`);

const STANDBY = { host: "reserve.example", scheme: "https", public: false, standby: true } as const;

describe("reach settings in the policy", () => {
  it("defaults to suggest, no watch list and the default thresholds; the policy keeps no reach field it was not given", () => {
    const check = checkPolicy(POLICY);
    expect(check.policy).toEqual(POLICY);
    expect(check.policy && "reach" in check.policy).toBe(false);
    expect(reachSettings(POLICY)).toEqual({ mode: "suggest", watch: [], thresholds: DEFAULT_THRESHOLDS });
  });

  it("accepts a full reach section and a standby host, and keeps them", () => {
    const input: DomainPolicy = {
      ...POLICY,
      hosts: [...POLICY.hosts, STANDBY],
      reach: { mode: "act", watch: ["TM", "BY"], thresholds: { minMeasurements: 10, blockedPercent: 60, dropPercent: 90 } },
    };
    const check = checkPolicy(input);
    expect(check.errors).toEqual([]);
    expect(check.policy).toEqual(input);
    expect(reachSettings(input)).toEqual({ mode: "act", watch: ["TM", "BY"], thresholds: { minMeasurements: 10, blockedPercent: 60, dropPercent: 90 } });
  });

  it("fills the thresholds an operator left out", () => {
    expect(reachSettings({ ...POLICY, reach: { mode: "off", thresholds: { dropPercent: 95 } } }).thresholds).toEqual({
      ...DEFAULT_THRESHOLDS,
      dropPercent: 95,
    });
  });

  it("names each problem in reach by its field", () => {
    expect(messages({ ...POLICY, reach: "act" })).toEqual(['reach: must be an object such as { "mode": "suggest" }']);
    expect(
      messages({
        ...POLICY,
        reach: { mode: "auto", watch: ["IR", "ir", "XX", "IR"], thresholds: { minMeasurements: 1, blockedPercent: 50.5, drop: 3 }, extra: 1 },
      }),
    ).toEqual([
      "reach.extra: unknown field; expected one of: mode, watch, thresholds",
      'reach.mode: must be one of "off", "suggest", "act"',
      'reach.watch[1]: "ir" is not an ISO 3166-1 alpha-2 country code (capitals, e.g. "IR")',
      "reach.watch[2]: XX is not a country OONI measures; remove it",
      'reach.watch[3]: "IR" is listed twice',
      "reach.thresholds.drop: unknown field; expected one of: minMeasurements, blockedPercent, dropPercent",
      "reach.thresholds.minMeasurements: must be a whole number of measurements from 5 to 10000",
      "reach.thresholds.blockedPercent: must be a whole number of percent from 20 to 100",
    ]);
    expect(messages({ ...POLICY, reach: { mode: "suggest", watch: "IR" } })).toEqual(['reach.watch: must be a list of country codes, e.g. ["IR", "TM"]']);
    expect(messages({ ...POLICY, reach: { mode: "suggest", watch: Array.from({ length: 31 }, () => "IR") } })).toEqual([
      "reach.watch: has 31 countries; the limit is 30 (each one costs requests in every pass)",
    ]);
  });

  it("keeps a standby host out of public view and out of service", () => {
    const found = messages({
      ...POLICY,
      primary: "reserve.example",
      default: { redirect: "reserve.example" },
      hosts: [...POLICY.hosts, { ...STANDBY, public: true }],
      rules: [...POLICY.rules, { countries: ["TM"], hosts: ["uk.example", "reserve.example"] }],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'hosts[5].public: reserve.example is a standby host, so it must not be public: set "public": false until it is needed',
        "primary: reserve.example is a standby host; the primary must be a host in service",
        "default.redirect: reserve.example is a standby host; redirect to a host in service",
        'rules[3].hosts[1]: reserve.example is a standby host, kept out of every rule until a reach pass brings it in; remove it here or drop its "standby"',
      ]),
    );
    expect(messages({ ...POLICY, hosts: [...POLICY.hosts, { ...STANDBY, standby: "yes" }] })).toEqual(["hosts[5].standby: must be true or false"]);
  });
});

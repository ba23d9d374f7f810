// The policy's reach section and standby hosts (src/policy/reach-config.ts): the settings a pass uses,
// each limit at its edges, and each problem by field and code.

import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/content/problems.ts";
import { DEFAULT_THRESHOLDS, MAX_WATCH, REACH_MODES, checkStandby, reachSettings, readReach } from "../../src/policy/reach-config.ts";
import type { HostEntry } from "../../src/policy/types.ts";
import { POLICY } from "./policy-fixture.ts";

const read = (value: unknown) => {
  const errors: Problem[] = [];
  const reach = readReach(value, errors);
  return { reach, errors };
};
const fieldsAndCodes = (value: unknown) => read(value).errors.map((p) => `${p.field} ${p.code}`);

describe("reachSettings", () => {
  it("fills in suggest mode, no watch list and the default thresholds", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ minMeasurements: 5, blockedPercent: 50, dropPercent: 80 });
    expect(reachSettings(POLICY)).toEqual({ mode: "suggest", watch: [], thresholds: { minMeasurements: 5, blockedPercent: 50, dropPercent: 80 } });
    expect(reachSettings({ ...POLICY, reach: { mode: "off" } })).toEqual({ mode: "off", watch: [], thresholds: DEFAULT_THRESHOLDS });
    expect(reachSettings({ ...POLICY, reach: { mode: "act", watch: ["IR"], thresholds: { minMeasurements: 9 } } })).toEqual({
      mode: "act",
      watch: ["IR"],
      thresholds: { minMeasurements: 9, blockedPercent: 50, dropPercent: 80 },
    });
  });
});

describe("readReach", () => {
  it("is absent when not given, with no problem", () => {
    expect(read(undefined)).toEqual({ reach: undefined, errors: [] });
  });

  it("keeps mode, watch list and thresholds, and only those given", () => {
    expect(REACH_MODES).toEqual(["off", "suggest", "act"]);
    for (const mode of REACH_MODES) expect(read({ mode })).toEqual({ reach: { mode }, errors: [] });
    expect(read({ mode: "act", watch: ["IR", "TM"], thresholds: { blockedPercent: 20 } })).toEqual({
      reach: { mode: "act", watch: ["IR", "TM"], thresholds: { blockedPercent: 20 } },
      errors: [],
    });
    expect(read({ mode: "act", watch: [], thresholds: {} })).toEqual({ reach: { mode: "act", watch: [], thresholds: {} }, errors: [] });
  });

  it("refuses a reach that is not an object", () => {
    for (const value of [null, "act", ["act"]])
      expect(read(value)).toEqual({
        reach: undefined,
        errors: [{ field: "reach", code: "not_an_object", message: 'must be an object such as { "mode": "suggest" }' }],
      });
  });

  it("refuses a missing or unknown mode, and still checks the rest", () => {
    expect(read({})).toEqual({ reach: undefined, errors: [{ field: "reach.mode", code: "invalid_mode", message: 'must be one of "off", "suggest", "act"' }] });
    expect(fieldsAndCodes({ mode: "Act", watch: ["ZZ"] })).toEqual(["reach.mode invalid_mode", "reach.watch[0] invalid_country"]);
  });

  it("allows up to MAX_WATCH countries", () => {
    expect(MAX_WATCH).toBe(30);
    const thirty = "AF AL DZ AO AR AM AU AT AZ BD BY BE BJ BO BR BG KH CM CA CL CN CO CU CZ DK EG ER ET FI FR".split(" ");
    expect(read({ mode: "suggest", watch: thirty })).toEqual({ reach: { mode: "suggest", watch: thirty }, errors: [] });
    const problem = read({ mode: "suggest", watch: [...thirty, "GB"] }).errors;
    expect(problem).toEqual([{ field: "reach.watch", code: "too_many", message: "has 31 countries; the limit is 30 (each one costs requests in every pass)" }]);
  });

  it("names each bad watch entry by its position", () => {
    expect(read({ mode: "off", watch: "IR" }).errors).toEqual([
      { field: "reach.watch", code: "not_a_list", message: 'must be a list of country codes, e.g. ["IR", "TM"]' },
    ]);
    const { errors, reach } = read({ mode: "off", watch: ["IR", "T1", "XX", 7, "ir", "IR", "TM"] });
    expect(errors).toEqual([
      { field: "reach.watch[1]", code: "never_measured", message: "T1 is not a country OONI measures; remove it" },
      { field: "reach.watch[2]", code: "never_measured", message: "XX is not a country OONI measures; remove it" },
      { field: "reach.watch[3]", code: "invalid_country", message: '7 is not an ISO 3166-1 alpha-2 country code (capitals, e.g. "IR")' },
      { field: "reach.watch[4]", code: "invalid_country", message: '"ir" is not an ISO 3166-1 alpha-2 country code (capitals, e.g. "IR")' },
      { field: "reach.watch[5]", code: "duplicate", message: '"IR" is listed twice' },
    ]);
    expect(reach).toEqual({ mode: "off", watch: ["IR", "TM"] });
  });

  it("accepts each threshold at its bounds and refuses it just outside them", () => {
    const bounds: [string, number, number, string][] = [
      ["minMeasurements", 5, 10_000, "measurements"],
      ["blockedPercent", 20, 100, "percent"],
      ["dropPercent", 50, 100, "percent"],
    ];
    for (const [name, min, max, unit] of bounds) {
      expect(read({ mode: "act", thresholds: { [name]: min } }).reach?.thresholds).toEqual({ [name]: min });
      expect(read({ mode: "act", thresholds: { [name]: max } }).reach?.thresholds).toEqual({ [name]: max });
      for (const bad of [min - 1, max + 1, min + 0.5, String(min)]) {
        const { errors, reach } = read({ mode: "act", thresholds: { [name]: bad } });
        expect(errors, `${name} ${bad}`).toEqual([
          { field: `reach.thresholds.${name}`, code: "out_of_range", message: `must be a whole number of ${unit} from ${min} to ${max}` },
        ]);
        expect(reach?.thresholds).toEqual({});
      }
    }
  });

  it("refuses thresholds that are not an object, and names unknown ones", () => {
    expect(read({ mode: "act", thresholds: [50] }).errors).toEqual([
      { field: "reach.thresholds", code: "not_an_object", message: "must be an object with minMeasurements, blockedPercent and/or dropPercent" },
    ]);
    expect(read({ mode: "act", thresholds: [50] }).reach).toEqual({ mode: "act" });
    expect(fieldsAndCodes({ mode: "act", thresholds: { drop: 90 } })).toEqual(["reach.thresholds.drop unknown_field"]);
    expect(fieldsAndCodes({ mode: "act", colour: 1 })).toEqual(["reach.colour unknown_field"]);
  });
});

describe("checkStandby", () => {
  const standby: HostEntry = { host: "reserve.example", scheme: "https", public: false, standby: true };
  const hosts: HostEntry[] = [...POLICY.hosts, standby];
  const check = (overrides: { hosts?: HostEntry[]; raw?: unknown; rules?: typeof POLICY.rules; named?: Parameters<typeof checkStandby>[3] }) => {
    const errors: Problem[] = [];
    const list = overrides.hosts ?? hosts;
    checkStandby(overrides.raw ?? list, list, overrides.rules ?? POLICY.rules, overrides.named ?? { primary: POLICY.primary }, errors);
    return errors;
  };

  it("accepts a standby host kept private and out of service", () => {
    expect(check({})).toEqual([]);
  });

  it("names a public standby host at its place in the raw list", () => {
    expect(check({ hosts: [...POLICY.hosts, { ...standby, public: true }] })).toEqual([
      {
        field: "hosts[5].public",
        code: "standby_public",
        message: 'reserve.example is a standby host, so it must not be public: set "public": false until it is needed',
      },
    ]);
    const reordered = [{ ...standby, public: true }, ...POLICY.hosts];
    expect(check({ hosts: reordered }).map((p) => p.field)).toEqual(["hosts[0].public"]);
    expect(check({ hosts: reordered, raw: "not a list" }).map((p) => p.field)).toEqual(["hosts[-1].public"]);
  });

  it("keeps it from being the primary, the canonical host or the default target", () => {
    expect(check({ named: { primary: "reserve.example" } })).toEqual([
      { field: "primary", code: "standby_in_service", message: "reserve.example is a standby host; the primary must be a host in service" },
    ]);
    expect(check({ named: { canonical: "reserve.example" } })).toEqual([
      { field: "canonical", code: "standby_in_service", message: "reserve.example is a standby host; the canonical host must be in service" },
    ]);
    expect(check({ named: { default: { redirect: "reserve.example" } } })).toEqual([
      { field: "default.redirect", code: "standby_in_service", message: "reserve.example is a standby host; redirect to a host in service" },
    ]);
    expect(check({ named: { default: { redirect: "news.example" } } })).toEqual([]);
    expect(check({ named: { default: { serve: "requested" } } })).toEqual([]);
  });

  it("keeps it out of every rule, naming the rule and the position", () => {
    const rules = [...POLICY.rules, { countries: ["TM"], hosts: ["uk.example", "reserve.example"] }];
    expect(check({ rules })).toEqual([
      {
        field: "rules[3].hosts[1]",
        code: "standby_in_rule",
        message: 'reserve.example is a standby host, kept out of every rule until a reach pass brings it in; remove it here or drop its "standby"',
      },
    ]);
  });

  it("names a rule naming any one of several standby hosts", () => {
    const second: HostEntry = { ...standby, host: "reserve-two.example" };
    const rules = [{ countries: ["TM"], hosts: ["reserve-two.example"] }];
    expect(check({ hosts: [...hosts, second], rules }).map((p) => `${p.field} ${p.code}`)).toEqual(["rules[0].hosts[0] standby_in_rule"]);
  });

  it("has nothing to say without standby hosts", () => {
    const rules = [...POLICY.rules, { countries: ["TM"], hosts: ["reserve.example"] }];
    expect(check({ hosts: POLICY.hosts, rules, named: { primary: "reserve.example" } })).toEqual([]);
  });
});

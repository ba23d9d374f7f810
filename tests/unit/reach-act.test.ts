// Act mode: routing around blocked hosts. Examples of each rule, then properties on random policies and
// blocked sets: the result is valid, never redirects into a block it could avoid, leaves other countries
// alone, and is stable.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { continentOf } from "../../src/policy/countries.ts";
import { decide } from "../../src/policy/decide.ts";
import type { DomainPolicy, HostEntry, Rule } from "../../src/policy/types.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import { type BlockedPair, changeNote, routeAroundBlocks } from "../../src/reach/act.ts";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";
import { POLICY } from "./policy-fixture.ts";

const RESERVE: HostEntry = { host: "reserve.example", scheme: "https", public: false, standby: true };
const WITH_STANDBY: DomainPolicy = { ...POLICY, hosts: [...POLICY.hosts, RESERVE] };
const blocked = (host: string, ...countries: string[]): BlockedPair[] => countries.map((country) => ({ host, country }));

function redirectFor(policy: DomainPolicy, host: string, country: string): string {
  const d = decide(policy, { host, country, continent: continentOf(country) ?? "", method: "GET", exempt: false, override: false });
  return d.action === "redirect" ? d.to.host : `serve ${host}`;
}

describe("routeAroundBlocks", () => {
  it("changes nothing when nothing is blocked, or only a host no one is redirected to", () => {
    expect(routeAroundBlocks({ current: POLICY, blocked: [] })).toEqual({ changes: [], stuck: [] });
    expect(routeAroundBlocks({ current: POLICY, blocked: blocked("mirror-two.example", "IR") })).toEqual({ changes: [], stuck: [] });
  });

  it("splits a country out of a shared rule, before it, with the blocked host moved last", () => {
    const result = routeAroundBlocks({
      current: POLICY,
      blocked: [
        {
          host: "mirror-one.example",
          country: "IR",
          since: "2026-11-25T08:00:00.000Z",
          reason: "OONI probes saw a known block page 3 times in 38 measurements",
        },
      ],
    });
    expect(result.policy?.rules).toEqual([
      { name: "Blocked: IR (reach)", countries: ["IR"], hosts: ["mirror-two.example", "mirror-one.example"] },
      { name: "Blocked", countries: ["CN", "RU"], hosts: ["mirror-one.example", "mirror-two.example"] },
      POLICY.rules[1],
      POLICY.rules[2],
    ]);
    expect(result.changes).toEqual([
      {
        country: "IR",
        before: ["mirror-one.example", "mirror-two.example"],
        after: ["mirror-two.example", "mirror-one.example"],
        reason:
          'mirror-one.example is reported blocked in IR (since 2026-11-25T08:00:00.000Z: OONI probes saw a known block page 3 times in 38 measurements): mirror-two.example now serves IR first (rule 1 "Blocked")',
      },
    ]);
    const policy = result.policy ?? POLICY;
    expect(checkPolicy(policy).errors).toEqual([]);
    expect(redirectFor(policy, "news.example", "IR")).toBe("mirror-two.example");
    expect(redirectFor(policy, "news.example", "CN")).toBe("mirror-one.example");
    expect(changeNote(result.changes, new Date("2026-11-25T10:00:00Z"))).toMatch(
      /^reach \(act mode\) at 2026-11-25T10:00:00.000Z:\nIR: mirror-one.example is reported blocked/,
    );
  });

  it("splits a country out of a continent rule, and reorders in place a rule that serves only that country", () => {
    const japan = routeAroundBlocks({ current: POLICY, blocked: blocked("mirror-two.example", "JP") });
    expect(japan.policy?.rules.slice(2)).toEqual([
      { name: "Asia-Pacific: JP (reach)", countries: ["JP"], hosts: ["mirror-one.example", "mirror-two.example"] },
      POLICY.rules[2],
    ]);
    const own: DomainPolicy = { ...POLICY, rules: [{ name: "Iran", countries: ["IR"], hosts: ["mirror-one.example", "uk.example"] }] };
    expect(routeAroundBlocks({ current: own, blocked: blocked("mirror-one.example", "IR") }).policy?.rules).toEqual([
      { name: "Iran", countries: ["IR"], hosts: ["uk.example", "mirror-one.example"] },
    ]);
  });

  it("reports only the countries whose routing changed, after splitting a rule that precedes a continent rule", () => {
    // Regression: the split inserts a rule, so every later rule moves; a decision built for the copy
    // before it was edited used to report all of Asia as "back to the operator's routing".
    const result = routeAroundBlocks({ current: POLICY, blocked: blocked("mirror-one.example", "IR") });
    expect(result.changes.map((c) => c.country)).toEqual(["IR"]);
    expect(result.changes[0]?.after).toEqual(["mirror-two.example", "mirror-one.example"]);
    const policy = result.policy;
    if (!policy) throw new Error("a policy was expected");
    expect(redirectFor(policy, "news.example", "AE")).toBe("mirror-two.example");
    expect(redirectFor(policy, "news.example", "GB")).toBe("uk.example");
  });

  it("brings in a standby host when every host of the rule is blocked, and says when none is left", () => {
    const all = [...blocked("mirror-one.example", "IR"), ...blocked("mirror-two.example", "IR")];
    const result = routeAroundBlocks({ current: WITH_STANDBY, blocked: all });
    expect(result.policy?.rules[0]).toEqual({
      name: "Blocked: IR (reach)",
      countries: ["IR"],
      hosts: ["reserve.example", "mirror-one.example", "mirror-two.example"],
    });
    expect(result.policy?.hosts.find((h) => h.host === "reserve.example")).toEqual({ host: "reserve.example", scheme: "https", public: false });
    expect(result.changes[0]?.reason).toContain("standby host reserve.example now serves IR");
    expect(checkPolicy(result.policy).errors).toEqual([]);

    const none = routeAroundBlocks({ current: POLICY, blocked: all });
    expect(none.policy).toBeUndefined();
    expect(none.stuck).toEqual([{ country: "IR", reason: expect.stringContaining("no standby host is left: add a new host or a standby one") }]);
  });

  it("gives a country its own rule when the default would redirect it into a block", () => {
    const policy: DomainPolicy = { ...POLICY, rules: [], default: { redirect: "news.example" } };
    const result = routeAroundBlocks({ current: policy, blocked: blocked("news.example", "EG") });
    expect(result.policy?.rules).toEqual([{ name: "EG (reach)", countries: ["EG"], hosts: ["mirror-one.example", "news.example"] }]);
    expect(redirectFor(result.policy ?? policy, "uk.example", "EG")).toBe("mirror-one.example");
    expect(redirectFor(result.policy ?? policy, "uk.example", "FR")).toBe("news.example");
  });

  it("moves a cleared host back to where the operator put it, and the standby back into reserve", () => {
    const all = [...blocked("mirror-one.example", "IR"), ...blocked("mirror-two.example", "IR")];
    const acted = routeAroundBlocks({ current: WITH_STANDBY, blocked: all }).policy ?? WITH_STANDBY;
    const cleared = routeAroundBlocks({ current: acted, base: WITH_STANDBY, blocked: [] });
    expect(cleared.policy).toEqual(WITH_STANDBY);
    expect(cleared.changes).toEqual([
      {
        country: "IR",
        before: ["reserve.example", "mirror-one.example", "mirror-two.example"],
        after: ["mirror-one.example", "mirror-two.example"],
        reason: "no host is reported blocked in IR any more: back to the operator's routing",
      },
    ]);
    // Without the operator's policy, the policy in force is the starting point: nothing moves back.
    expect(routeAroundBlocks({ current: acted, blocked: [] }).policy).toBeUndefined();
  });

  it("is stable: a second pass with the same blocks changes nothing", () => {
    const first = routeAroundBlocks({ current: POLICY, blocked: blocked("mirror-one.example", "IR", "CN", "RU") });
    expect(first.changes.map((c) => c.country)).toEqual(["CN", "IR", "RU"]);
    // All three left the shared rule, which now matches nobody by country; its own split rules serve them.
    expect(checkPolicy(first.policy).errors).toEqual([]);
    expect(routeAroundBlocks({ current: first.policy ?? POLICY, base: POLICY, blocked: blocked("mirror-one.example", "IR", "CN", "RU") })).toEqual({
      changes: [],
      stuck: [],
    });
  });
});

// Random valid policies: country rules first (disjoint countries), then continent rules (disjoint
// continents), so no rule shadows another; standby hosts kept out of rules and of the default.
const COUNTRIES = ["IR", "CN", "RU", "TM", "BY", "GB", "US", "DE", "EG", "JP", "FR", "KZ"];
const CONTINENTS = ["AS", "EU", "AF", "NA"];
const HOSTS = ["a.example", "b.example", "c.example", "d.example", "e.example"];
const STANDBY = ["s1.example", "s2.example"];

const policyArb = fc
  .record({
    hostCount: fc.integer({ min: 1, max: HOSTS.length }),
    publicFlags: fc.array(fc.boolean(), { minLength: HOSTS.length, maxLength: HOSTS.length }),
    standbyCount: fc.integer({ min: 0, max: STANDBY.length }),
    countryRules: fc.array(
      fc.record({ countries: fc.subarray(COUNTRIES, { minLength: 1, maxLength: 4 }), hosts: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }),
      {
        maxLength: 4,
      },
    ),
    continentRules: fc.array(
      fc.record({ continents: fc.subarray(CONTINENTS, { minLength: 1, maxLength: 2 }), hosts: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }),
      {
        maxLength: 2,
      },
    ),
    primary: fc.nat(),
    redirect: fc.option(fc.nat(), { nil: undefined }),
  })
  .map((g): DomainPolicy => {
    const names = HOSTS.slice(0, g.hostCount);
    const hosts: HostEntry[] = [
      ...names.map((host, i) => ({ host, scheme: "https" as const, public: g.publicFlags[i] ?? true })),
      ...STANDBY.slice(0, g.standbyCount).map((host) => ({ host, scheme: "https" as const, public: false, standby: true })),
    ];
    const pick = (indexes: number[]) => [...new Set(indexes.map((i) => names[i % names.length] ?? "a.example"))];
    const usedCountries = new Set<string>();
    const usedContinents = new Set<string>();
    const rules: Rule[] = [];
    for (const r of g.countryRules) {
      const countries = r.countries.filter((c) => !usedCountries.has(c));
      for (const c of countries) usedCountries.add(c);
      if (countries.length > 0) rules.push({ countries, hosts: pick(r.hosts) });
    }
    for (const r of g.continentRules) {
      const continents = r.continents.filter((c) => !usedContinents.has(c));
      for (const c of continents) usedContinents.add(c);
      if (continents.length > 0) rules.push({ name: `Continents ${continents.join(" ")}`, continents, hosts: pick(r.hosts) });
    }
    const primary = names[g.primary % names.length] ?? "a.example";
    return {
      primary,
      hosts,
      rules,
      default: g.redirect === undefined ? { serve: "requested" } : { redirect: names[g.redirect % names.length] ?? primary },
    };
  })
  .filter((policy) => checkPolicy(policy).errors.length === 0);

const blockedArb = fc.subarray(
  [...HOSTS, ...STANDBY].flatMap((host) => COUNTRIES.map((country) => ({ host, country }))),
  { maxLength: 25 },
);

const params = fuzzParams(300);

describe("routeAroundBlocks properties", () => {
  it(
    "always yields a valid policy that redirects into a block only where it reports being stuck, touching no other country",
    () => {
      let acted = 0;
      let stuck = 0;
      fc.assert(
        fc.property(policyArb, blockedArb, (base, pairs) => {
          const result = routeAroundBlocks({ current: base, blocked: pairs });
          const policy = result.policy ?? base;
          if (result.policy) acted++;
          if (result.stuck.length > 0) stuck++;
          const check = checkPolicy(policy);
          expect(check.errors).toEqual([]);
          expect(policy.rules.every((r) => r.hosts.length > 0)).toBe(true);
          expect(policy.hosts.map((h) => h.host)).toEqual(base.hosts.map((h) => h.host));
          const isBlocked = (host: string, country: string) => pairs.some((p) => p.host === host && p.country === country);
          for (const country of COUNTRIES) {
            const affected = pairs.some((p) => p.country === country);
            const stuck = result.stuck.some((s) => s.country === country);
            for (const { host } of policy.hosts) {
              const after = redirectFor(policy, host, country);
              if (!after.startsWith("serve ") && isBlocked(after, country)) expect(stuck, `${host} from ${country} → ${after}`).toBe(true);
              if (!affected) expect(after).toBe(redirectFor(base, host, country));
            }
          }
        }),
        params,
      );
      // The generators reach the interesting cases, not only policies with nothing to do.
      expect(acted).toBeGreaterThan(params.numRuns / 5);
      expect(stuck).toBeGreaterThan(0);
    },
    fuzzTimeout(params),
  );

  it(
    "is stable, and with nothing blocked returns to the operator's policy",
    () => {
      fc.assert(
        fc.property(policyArb, blockedArb, (base, pairs) => {
          const acted = routeAroundBlocks({ current: base, blocked: pairs }).policy ?? base;
          expect(routeAroundBlocks({ current: acted, base, blocked: pairs }).policy).toBeUndefined();
          const back = routeAroundBlocks({ current: acted, base, blocked: [] });
          if (back.policy) expect(back.policy).toEqual(base);
          const restored = back.policy ?? acted;
          for (const country of COUNTRIES)
            for (const { host } of base.hosts) expect(redirectFor(restored, host, country)).toBe(redirectFor(base, host, country));
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );
});

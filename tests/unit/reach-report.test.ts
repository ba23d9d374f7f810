// Reach status in words: what a pass checks, the operator's table, the readers' notice.

import { describe, expect, it } from "vitest";
import { countriesToCheck, figuresText, hostsToCheck, reachTable, readerNotices } from "../../src/reach/report.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import type { PairStatus } from "../../src/reach/status.ts";
import { POLICY } from "./policy-fixture.ts";

const BLOCKED: PairStatus = {
  host: "mirror-one.example",
  country: "IR",
  status: "blocked",
  since: "2026-11-25T08:00:00.000Z",
  blockedStreak: 3,
  reachableStreak: 0,
  lastChecked: "2026-11-25T10:00:00.000Z",
  lastVerdict: "blocked",
  reason: "OONI probes saw a known block page 3 times in 38 measurements",
  ooni: {
    verdict: "blocked",
    reason: "OONI probes saw a known block page 3 times in 38 measurements",
    figures: { measurements: 38, ok: 13, anomaly: 17, confirmed: 3, failure: 5, since: "2026-11-22", until: "2026-11-26", days: 3 },
  },
  traffic: {
    verdict: "blocked",
    reason: "…",
    figures: { recent: 6, baseline: 120, keptPercent: 5, othersRecent: 180, othersBaseline: 180, othersKeptPercent: 100, hours: 6, baselineDays: 7 },
  },
};
const OPEN: PairStatus = {
  ...BLOCKED,
  host: "news.example",
  status: "reachable",
  lastVerdict: "reachable",
  reason: "traffic off",
  ooni: undefined,
  traffic: undefined,
};

describe("what a pass checks", () => {
  it("takes the public hosts and the countries the rules name, plus the watch list", () => {
    expect(hostsToCheck(POLICY)).toEqual(["news.example", "mirror-one.example", "mirror-two.example", "uk.example"]);
    // A standby host brought in is not public, but readers are sent there: it is checked too.
    const brought: DomainPolicy = {
      ...POLICY,
      hosts: [...POLICY.hosts, { host: "reserve.example", scheme: "https", public: false }],
      rules: [{ countries: ["IR"], hosts: ["reserve.example", "mirror-one.example"] }],
    };
    expect(hostsToCheck(brought)).toContain("reserve.example");
    expect(countriesToCheck(POLICY)).toEqual(["CN", "GB", "IR", "RU"]);
    expect(countriesToCheck({ ...POLICY, reach: { mode: "suggest", watch: ["TM", "IR"] } })).toEqual(["CN", "GB", "IR", "RU", "TM"]);
  });
});

describe("the operator's table", () => {
  it("puts blocked pairs first, with since, last check and the figures", () => {
    const table = reachTable([OPEN, BLOCKED]).split("\n");
    expect(table[0]).toMatch(/^HOST\s+COUNTRY\s+STATUS\s+SINCE \(UTC\)\s+LAST CHECKED\s+LAST PASS\s+FIGURES$/);
    expect(table[1]).toMatch(/^mirror-one\.example\s+IR\s+blocked\s+2026-11-25 08:00\s+2026-11-25 10:00\s+blocked\s+OONI 38 measurements/);
    expect(table[2]).toMatch(/^news\.example\s+IR\s+reachable\s.*traffic off$/);
    expect(reachTable([])).toBe("No reach pass has run yet.");
  });

  it("says the figures in one line", () => {
    expect(figuresText(BLOCKED)).toBe(
      "OONI 38 measurements over 3 days: 3 block pages, 17 anomalous, 13 OK, 5 failed; traffic 6 requests in 6 h, 5% of baseline 120 (others 100%)",
    );
    expect(figuresText({ ooni: { verdict: "unknown", reason: "OONI rate limit (HTTP 429)" } })).toBe("OONI: OONI rate limit (HTTP 429)");
  });
});

describe("the readers' notice", () => {
  it("names blocked public addresses, the country and the date in plain words", () => {
    const hidden = { ...BLOCKED, host: "dev.example" };
    expect(readerNotices([OPEN, BLOCKED, hidden], POLICY)).toEqual([
      { host: "mirror-one.example", country: "IR", since: BLOCKED.since, text: "mirror-one.example is reported blocked in Iran since 25 November 2026." },
    ]);
  });
});

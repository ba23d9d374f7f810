// The status of each (host, country): how the two signals combine, and the two-passes-in-a-row rule.

import { describe, expect, it } from "vitest";
import type { OoniFinding } from "../../src/reach/ooni.ts";
import { advanceStatus, blockedPairs, combineFindings, combineSignals, isNotable, type ReachState, type SignalsFinding } from "../../src/reach/status.ts";
import type { TrafficFinding } from "../../src/reach/traffic.ts";
import type { Verdict } from "../../src/reach/types.ts";

const FIGURES = { measurements: 20, ok: 2, anomaly: 18, confirmed: 0, failure: 0, since: "2026-11-22", until: "2026-11-26", days: 3 };
const ooni = (verdict: Verdict, confirmed = 0): OoniFinding => ({
  host: "a.example",
  country: "IR",
  signal: "ooni",
  verdict,
  reason: `ooni says ${verdict}`,
  figures: { ...FIGURES, confirmed },
});
const traffic = (verdict: Verdict): TrafficFinding => ({ host: "a.example", country: "IR", signal: "traffic", verdict, reason: `traffic says ${verdict}` });

describe("combineSignals", () => {
  it.each([
    // [OONI, block page seen, traffic, combined]
    ["blocked", 1, "blocked", "blocked"],
    ["blocked", 1, "reachable", "blocked"],
    ["blocked", 1, "unknown", "blocked"],
    ["blocked", 0, "blocked", "blocked"],
    ["blocked", 0, "reachable", "unknown"],
    ["blocked", 0, "unknown", "blocked"],
    ["reachable", 0, "blocked", "unknown"],
    ["reachable", 0, "reachable", "reachable"],
    ["reachable", 0, "unknown", "reachable"],
    ["unknown", 0, "blocked", "blocked"],
    ["unknown", 0, "reachable", "reachable"],
    ["unknown", 0, "unknown", "unknown"],
  ] as const)("OONI %s (block pages: %d) + traffic %s → %s", (o, confirmed, t, expected) => {
    expect(combineSignals("a.example", "IR", ooni(o, confirmed), traffic(t)).verdict).toBe(expected);
  });

  it("keeps both signals' reasons and figures, and explains disagreements", () => {
    const combined = combineSignals("a.example", "IR", ooni("reachable"), traffic("blocked"));
    expect(combined.reason).toBe("the signals disagree: ooni says reachable, yet traffic says blocked");
    expect(combined.ooni).toEqual({ verdict: "reachable", reason: "ooni says reachable", figures: { ...FIGURES, confirmed: 0 } });
    expect(combined.traffic).toEqual({ verdict: "blocked", reason: "traffic says blocked" });
    expect(combineSignals("a.example", "IR").reason).toBe("no signal had anything to say");
  });

  it("pairs findings by host and country", () => {
    const found = combineFindings([ooni("unknown")], [traffic("blocked"), { ...traffic("reachable"), host: "b.example" }]);
    expect(found.map((f) => [f.host, f.country, f.verdict])).toEqual([
      ["a.example", "IR", "blocked"],
      ["b.example", "IR", "reachable"],
    ]);
  });
});

const verdict = (v: Verdict, host = "a.example", country = "IR"): SignalsFinding => ({ host, country, verdict: v, reason: `pass says ${v}` });
const at = (hour: number) => new Date(Date.UTC(2026, 10, 25, hour));

/** Runs passes in order and returns the status after each, with the changes. */
function passes(...verdicts: Verdict[]): { statuses: string[]; changes: string[]; state: ReachState } {
  let state: ReachState | undefined;
  const statuses: string[] = [];
  const changes: string[] = [];
  verdicts.forEach((v, i) => {
    const next = advanceStatus(state, [verdict(v)], at(i));
    state = next.state;
    statuses.push(next.state.pairs[0]?.status ?? "");
    for (const c of next.changes) changes.push(`${i}: ${c.from}→${c.to}`);
  });
  return { statuses, changes, state: state ?? { pairs: [] } };
}

describe("advanceStatus", () => {
  it("marks blocked after two blocked passes in a row, cleared after two reachable ones", () => {
    const run = passes("blocked", "blocked", "blocked", "reachable", "reachable");
    expect(run.statuses).toEqual(["unknown", "blocked", "blocked", "blocked", "reachable"]);
    expect(run.changes).toEqual(["1: unknown→blocked", "4: blocked→reachable"]);
  });

  it("does not flap: one contrary pass, or an unknown one in between, changes nothing", () => {
    expect(passes("blocked", "reachable", "blocked", "reachable").statuses).toEqual(["unknown", "unknown", "unknown", "unknown"]);
    expect(passes("blocked", "unknown", "blocked").statuses).toEqual(["unknown", "unknown", "unknown"]);
    expect(passes("blocked", "blocked", "reachable", "blocked", "reachable", "unknown", "reachable").statuses.at(-1)).toBe("blocked");
  });

  it("records since when, streaks, last check and the latest reason", () => {
    const { state } = passes("reachable", "reachable", "blocked", "blocked", "blocked");
    expect(state.pairs[0]).toEqual({
      host: "a.example",
      country: "IR",
      status: "blocked",
      since: at(3).toISOString(),
      blockedStreak: 3,
      reachableStreak: 0,
      lastChecked: at(4).toISOString(),
      lastVerdict: "blocked",
      reason: "pass says blocked",
    });
    expect(state.lastPass).toBe(at(4).toISOString());
    expect(blockedPairs(state)).toEqual([{ host: "a.example", country: "IR" }]);
  });

  it("keeps since while the status holds, and drops pairs no longer checked", () => {
    const first = advanceStatus(undefined, [verdict("unknown"), verdict("unknown", "b.example")], at(0));
    expect(first.state.pairs.map((p) => p.since)).toEqual([at(0).toISOString(), at(0).toISOString()]);
    const second = advanceStatus(first.state, [verdict("unknown")], at(1));
    expect(second.state.pairs).toHaveLength(1);
    expect(second.state.pairs[0]?.since).toBe(at(0).toISOString());
  });

  it("calls a change notable when it goes to or from blocked", () => {
    const base = { host: "a.example", country: "IR", at: "", reason: "" };
    expect(isNotable({ ...base, from: "unknown", to: "blocked" })).toBe(true);
    expect(isNotable({ ...base, from: "blocked", to: "reachable" })).toBe(true);
    expect(isNotable({ ...base, from: "unknown", to: "reachable" })).toBe(false);
  });
});

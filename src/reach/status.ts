// The reach status of each (host, country): both signals combined into one verdict per pass, and the
// two-passes-in-a-row rule that turns verdicts into a status without flapping. Pure.

import type { OoniFigures, OoniFinding } from "./ooni.ts";
import type { TrafficFigures, TrafficFinding } from "./traffic.ts";
import { type Pair, type Verdict, pairKey } from "./types.ts";

/** Passes in a row that must agree before a status changes. */
export const PASSES_TO_CHANGE = 2;

export type Status = Verdict;

export interface SignalsFinding {
  host: string;
  country: string;
  verdict: Verdict;
  reason: string;
  ooni?: { verdict: Verdict; reason: string; figures?: OoniFigures };
  traffic?: { verdict: Verdict; reason: string; figures?: TrafficFigures };
}

function signal<F>(finding: { verdict: Verdict; reason: string; figures?: F } | undefined) {
  return finding ? { verdict: finding.verdict, reason: finding.reason, ...(finding.figures ? { figures: finding.figures } : {}) } : undefined;
}

/**
 * One verdict from both signals. OONI is direct evidence from probes in the country; the traffic drop is
 * indirect (readers could have gone elsewhere), so it decides only when OONI has nothing to say, and a
 * contradiction between the two is "unknown" except against a block page OONI actually saw:
 *
 *   OONI \ traffic          dropped    held       unknown/off
 *   blocked, block page     blocked    blocked    blocked
 *   blocked, anomalies      blocked    unknown    blocked
 *   reachable               unknown    reachable  reachable
 *   unknown                 blocked    reachable  unknown
 */
export function combineSignals(host: string, country: string, ooni?: OoniFinding, traffic?: TrafficFinding): SignalsFinding {
  const o = ooni?.verdict ?? "unknown";
  const t = traffic?.verdict ?? "unknown";
  const blockPage = (ooni?.figures?.confirmed ?? 0) > 0;
  let verdict: Verdict;
  let reason: string;
  if (o === "blocked" && (blockPage || t !== "reachable")) {
    verdict = "blocked";
    reason = ooni?.reason ?? "";
  } else if (o === "blocked") {
    verdict = "unknown";
    reason = `the signals disagree: ${ooni?.reason}, yet ${traffic?.reason}`;
  } else if (o === "reachable" && t === "blocked") {
    verdict = "unknown";
    reason = `the signals disagree: ${ooni?.reason}, yet ${traffic?.reason}`;
  } else if (o === "reachable") {
    verdict = "reachable";
    reason = ooni?.reason ?? "";
  } else if (t !== "unknown") {
    verdict = t;
    reason = traffic?.reason ?? "";
  } else {
    verdict = "unknown";
    reason = [ooni?.reason, traffic?.reason].filter(Boolean).join("; ") || "no signal had anything to say";
  }
  const o2 = signal(ooni);
  const t2 = signal(traffic);
  return { host, country, verdict, reason, ...(o2 ? { ooni: o2 } : {}), ...(t2 ? { traffic: t2 } : {}) };
}

/** Pairs the findings of both signals by (host, country) and combines each; every pair either names is kept. */
export function combineFindings(ooni: readonly OoniFinding[], traffic: readonly TrafficFinding[]): SignalsFinding[] {
  const pairs = new Map<string, { host: string; country: string; ooni?: OoniFinding; traffic?: TrafficFinding }>();
  for (const f of ooni) pairs.set(pairKey(f.host, f.country), { host: f.host, country: f.country, ooni: f });
  for (const f of traffic) {
    const key = pairKey(f.host, f.country);
    pairs.set(key, { host: f.host, country: f.country, ...pairs.get(key), traffic: f });
  }
  return [...pairs.values()].map((p) => combineSignals(p.host, p.country, p.ooni, p.traffic));
}

export interface PairStatus extends Pair {
  status: Status;
  /** When the status took its present value (ISO 8601); for a pair never settled, when it was first checked. */
  since: string;
  /** Passes in a row whose verdict was blocked, or reachable; an unknown verdict breaks both runs. */
  blockedStreak: number;
  reachableStreak: number;
  lastChecked: string;
  /** The latest pass's verdict and reason, and the figures behind them. */
  lastVerdict: Verdict;
  reason: string;
  ooni?: SignalsFinding["ooni"];
  traffic?: SignalsFinding["traffic"];
}

/** What a Durable Object keeps between passes. */
export interface ReachState {
  pairs: PairStatus[];
  lastPass?: string;
}

export interface StatusChange extends Pair {
  from: Status;
  to: Status;
  at: string;
  reason: string;
  ooni?: SignalsFinding["ooni"];
  traffic?: SignalsFinding["traffic"];
}

/**
 * The state after one pass. A status changes only after PASSES_TO_CHANGE passes in a row say the same;
 * pairs the pass did not look at (a host or country no longer in the policy) are dropped.
 */
export function advanceStatus(
  previous: ReachState | undefined,
  findings: readonly SignalsFinding[],
  now: Date,
): { state: ReachState; changes: StatusChange[] } {
  const at = now.toISOString();
  const before = new Map((previous?.pairs ?? []).map((p) => [pairKey(p.host, p.country), p]));
  const changes: StatusChange[] = [];
  const pairs = findings.map((finding): PairStatus => {
    const old = before.get(pairKey(finding.host, finding.country));
    const blockedStreak = finding.verdict === "blocked" ? (old?.blockedStreak ?? 0) + 1 : 0;
    const reachableStreak = finding.verdict === "reachable" ? (old?.reachableStreak ?? 0) + 1 : 0;
    const from: Status = old?.status ?? "unknown";
    let status = from;
    if (blockedStreak >= PASSES_TO_CHANGE) status = "blocked";
    else if (reachableStreak >= PASSES_TO_CHANGE) status = "reachable";
    const signals = { ...(finding.ooni ? { ooni: finding.ooni } : {}), ...(finding.traffic ? { traffic: finding.traffic } : {}) };
    if (status !== from) changes.push({ host: finding.host, country: finding.country, from, to: status, at, reason: finding.reason, ...signals });
    return {
      host: finding.host,
      country: finding.country,
      status,
      since: status !== from || !old ? at : old.since,
      blockedStreak,
      reachableStreak,
      lastChecked: at,
      lastVerdict: finding.verdict,
      reason: finding.reason,
      ...signals,
    };
  });
  pairs.sort((a, b) => a.host.localeCompare(b.host) || a.country.localeCompare(b.country));
  return { state: { pairs, lastPass: at }, changes };
}

/** The pairs marked blocked: what act mode routes around and /mirrors reports. */
export function blockedPairs(state: ReachState | undefined): Pair[] {
  return (state?.pairs ?? []).filter((p) => p.status === "blocked").map(({ host, country }) => ({ host, country }));
}

/** Worth telling an operator: a host became blocked somewhere, or stopped being blocked. */
export function isNotable(change: StatusChange): boolean {
  return change.to === "blocked" || change.from === "blocked";
}

// The guarantees as checks over what readers saw: every sighting judged old, new, neither or an error;
// then "only new after the deadline", "an isolate never goes back", and the worst staleness measured.

import type { Exchange } from "./world.ts";

export type Verdict = "old" | "new" | "neither" | "error";

export interface Judged {
  surface: string;
  verdict: Verdict;
  exchange: Exchange;
}

/** Collected violations; a check reports many at once, the first few in full. */
export class Violations {
  readonly list: string[] = [];

  add(message: string): void {
    this.list.push(message);
  }

  assertNone(what: string): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, 8).join("\n  ");
    throw new Error(`${what}: ${this.list.length} violation(s)\n  ${shown}${this.list.length > 8 ? "\n  …" : ""}`);
  }
}

/** "t+91.3 s" relative to `origin`. */
export function rel(at: number, origin: number): string {
  const s = (at - origin) / 1000;
  return `t${s >= 0 ? "+" : ""}${s.toFixed(1)} s`;
}

export function describe(j: Judged, origin: number): string {
  const e = j.exchange;
  return `${j.surface} [${e.method} ${e.url}${e.country ? ` from ${e.country}` : ""}] at ${e.dc} (${e.isolate}) sent ${rel(e.sent, origin)}: HTTP ${e.status}, ${j.verdict}`;
}

/** Sent from `deadline` on, every sighting must have one of the `allowed` verdicts. */
export function checkAfter(
  judged: readonly Judged[],
  deadline: number,
  allowed: readonly Verdict[],
  origin: number,
  violations: Violations,
  what: string,
): void {
  for (const j of judged) {
    if (j.exchange.sent >= deadline && !allowed.includes(j.verdict)) violations.add(`${what}: ${describe(j, origin)} (deadline ${rel(deadline, origin)})`);
  }
}

/** Sent before `start`, no sighting may have one of the `forbidden` verdicts. */
export function checkBefore(
  judged: readonly Judged[],
  start: number,
  forbidden: readonly Verdict[],
  origin: number,
  violations: Violations,
  what: string,
): void {
  for (const j of judged) {
    if (j.exchange.sent < start && forbidden.includes(j.verdict)) violations.add(`${what}: ${describe(j, origin)} (before ${rel(start, origin)})`);
  }
}

/** In each isolate, for each surface: once a sighting was new, none after it (by time sent) is old. */
export function checkNeverBack(judged: readonly Judged[], origin: number, violations: Violations): void {
  const byIsolate = new Map<string, Judged[]>();
  for (const j of judged) {
    const key = `${j.exchange.isolate}|${j.surface}`;
    const list = byIsolate.get(key) ?? [];
    list.push(j);
    byIsolate.set(key, list);
  }
  for (const list of byIsolate.values()) {
    list.sort((a, b) => a.exchange.sent - b.exchange.sent);
    const firstNew = list.find((j) => j.verdict === "new");
    if (!firstNew) continue;
    const back = list.find((j) => j.verdict === "old" && j.exchange.sent > firstNew.exchange.sent);
    if (back) violations.add(`went back: ${describe(back, origin)}, after new at ${rel(firstNew.exchange.sent, origin)}`);
  }
}

/** The latest time (sent) of a sighting with one of `verdicts`, or undefined. */
export function lastWith(judged: readonly Judged[], verdicts: readonly Verdict[]): number | undefined {
  let last: number | undefined;
  for (const j of judged) if (verdicts.includes(j.verdict) && (last === undefined || j.exchange.sent > last)) last = j.exchange.sent;
  return last;
}

/** Dates before 2000 in a text: a time read while the module loaded (Date.now() is 0 then) shows as 1970. */
export function ancientDates(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(1\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b/g)) found.push(m[0]);
  for (const m of text.matchAll(/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} (1\d{3})\b/g)) found.push(m[0]);
  return found;
}

/** Every date a response carries (body and date headers) that is older than 2000. */
export function ancientDatesOf(exchange: Exchange): string[] {
  const headers = ["Date", "Last-Modified", "Expires"].map((h) => exchange.headers.get(h) ?? "").join("\n");
  return [...ancientDates(exchange.body), ...ancientDates(headers)];
}

// Reach status in words: the operator's table (npm run reach, GET /api/reach) and the readers' notice on
// /mirrors. Pure.

import { ourHostNames } from "../policy/lookalike.ts";
import { reachSettings } from "../policy/reach-config.ts";
import type { DomainPolicy } from "../policy/types.ts";
import type { PairStatus } from "./status.ts";

/**
 * The countries a pass checks: every country a rule names, and the watch list. A continent rule adds
 * none of its own: dozens of countries would crowd the status with pairs nobody asked about; a country
 * of a continent rule worth watching goes in `reach.watch`.
 */
export function countriesToCheck(policy: DomainPolicy): string[] {
  const countries = new Set<string>();
  for (const rule of policy.rules) for (const c of rule.countries ?? []) countries.add(c);
  for (const c of reachSettings(policy).watch) countries.add(c);
  return [...countries].sort();
}

/**
 * The hosts a pass checks: every name readers may meet (public hosts, and hosts readers are redirected
 * to, such as a standby host brought in: a censor learns those by following a redirect), ports
 * dropped; not the onion address, which OONI does not measure.
 */
export function hostsToCheck(policy: DomainPolicy): string[] {
  return ourHostNames(policy).filter((h) => !h.endsWith(".onion"));
}

/** The figures behind a status, in one line: "OONI 38 measurements: 3 block pages, 17 anomalous, 13 OK, 5 failed; traffic 5% of baseline (others 100%)". */
export function figuresText(pair: Pick<PairStatus, "ooni" | "traffic">): string {
  const parts: string[] = [];
  const o = pair.ooni?.figures;
  if (o)
    parts.push(
      o.measurements === 0
        ? `OONI no measurements ${o.since} to ${o.until}`
        : `OONI ${o.measurements} measurements over ${o.days} day${o.days === 1 ? "" : "s"}: ${o.confirmed} block page${o.confirmed === 1 ? "" : "s"}, ${o.anomaly} anomalous, ${o.ok} OK, ${o.failure} failed`,
    );
  else if (pair.ooni) parts.push(`OONI: ${pair.ooni.reason}`);
  const t = pair.traffic?.figures;
  if (t)
    parts.push(
      `traffic ${t.recent} requests in ${t.hours} h, ${t.keptPercent}% of baseline ${t.baseline}${t.othersKeptPercent !== undefined ? ` (others ${t.othersKeptPercent}%)` : ""}`,
    );
  else if (pair.traffic) parts.push(`traffic: ${pair.traffic.reason}`);
  return parts.join("; ");
}

function minute(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")}`;
}

/** A plain-text table, one line per (host, country), blocked first. */
export function reachTable(pairs: readonly PairStatus[]): string {
  if (pairs.length === 0) return "No reach pass has run yet.";
  const order = { blocked: 0, unknown: 1, reachable: 2 } as const;
  const sorted = [...pairs].sort((a, b) => order[a.status] - order[b.status] || a.host.localeCompare(b.host) || a.country.localeCompare(b.country));
  const header = ["HOST", "COUNTRY", "STATUS", "SINCE (UTC)", "LAST CHECKED", "LAST PASS", "FIGURES"];
  const rows = [header, ...sorted.map((p) => [p.host, p.country, p.status, minute(p.since), minute(p.lastChecked), p.lastVerdict, figuresText(p) || p.reason])];
  // The last column runs free: figures are long and nothing follows them.
  const widths = header.map((_, i) => (i === header.length - 1 ? 0 : Math.max(...rows.map((r) => (r[i] ?? "").length))));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export interface ReaderNotice {
  host: string;
  country: string;
  since: string;
  /** "mirror-one.example is reported blocked in Iran since 25 November 2026." */
  text: string;
}

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** For /mirrors: which public addresses are reported blocked where, since when, in plain English. */
export function readerNotices(pairs: readonly PairStatus[], policy: DomainPolicy): ReaderNotice[] {
  const published = new Set(policy.hosts.filter((h) => h.public).map((h) => h.host.replace(/:\d+$/, "")));
  return pairs
    .filter((p) => p.status === "blocked" && published.has(p.host))
    .sort((a, b) => a.host.localeCompare(b.host) || a.country.localeCompare(b.country))
    .map((p) => {
      const date = new Date(p.since).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
      return { host: p.host, country: p.country, since: p.since, text: `${p.host} is reported blocked in ${countryName(p.country)} since ${date}.` };
    });
}

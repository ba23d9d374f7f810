// The domain and region policy: which hosts exist and which host serves which region.

export interface HostEntry {
  /** Lower-case host name with an optional port: "meridian-mirror.example", "news.localhost:8787". */
  host: string;
  scheme: "https" | "http";
  label?: string;
  /** Listed in page footers, on /mirrors and in /.well-known/mirrors.json. */
  public: boolean;
  /** When the host went live (ISO date), published as created_at in /.well-known/mirrors.json. */
  added?: string;
  /** Reach: held in reserve (routed to the Worker, not public, in no rule) until a pass in act mode brings it in. */
  standby?: boolean;
}

/** Visitors from any listed country or continent are served by `hosts[0]`, or in place on any host listed. */
export interface Rule {
  name?: string;
  countries?: string[];
  continents?: string[];
  hosts: string[];
}

/** Everyone no rule matches: served on the host they asked for, or sent to one host. */
export type DefaultAction = { serve: "requested" } | { redirect: string };

export interface DomainPolicy {
  primary: string;
  /** The host canonical links and sitemaps point at; the primary when absent. */
  canonical?: string;
  /** A v3 onion address, "http://<56 characters>.onion": sent as Onion-Location and listed as a mirror. */
  onion?: string;
  hosts: HostEntry[];
  rules: Rule[];
  default: DefaultAction;
  /** Reach: how passes that notice blocked hosts may act (docs/reach.md); `suggest` when absent. */
  reach?: ReachConfig;
}

/** Reach settings: see src/policy/reach-config.ts for the defaults and limits. */
export interface ReachConfig {
  /** off: no passes; suggest: record and notify only; act: also change the policy. */
  mode: "off" | "suggest" | "act";
  /** Countries checked in addition to those the rules name (ISO 3166-1 alpha-2). */
  watch?: string[];
  thresholds?: ReachThresholds;
}

export interface ReachThresholds {
  /** OONI: fewer measurements than this in the window is "unknown". */
  minMeasurements?: number;
  /** OONI: anomalous share of usable measurements, in percent, from which a host counts as blocked. */
  blockedPercent?: number;
  /** Traffic: fall below the host's own baseline, in percent, from which its traffic counts as dropped. */
  dropPercent?: number;
}

/** What a request looks like to the policy: plain values, no Request object. */
export interface RequestFacts {
  /** The Host the request named, normalised (lower case, no trailing dot). */
  host: string;
  /** ISO 3166-1 alpha-2, or "XX" (unknown) or "T1" (Tor); absent when unknown. */
  country?: string;
  continent?: string;
  method: string;
  /** The path is served on every host (API, feeds, media, sitemaps...): see content/urls.ts. */
  exempt: boolean;
  /** The visitor chose this host with the override link (?stay=1 or its cookie). */
  override: boolean;
}

export type Decision =
  | { action: "serve"; host: HostEntry | undefined; reason: string; rule?: string }
  | { action: "redirect"; to: HostEntry; reason: string; rule?: string };

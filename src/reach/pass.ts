// One reach pass, end to end but without storage: ask both signals, combine, advance the status, and in
// act mode derive the policy that routes around the blocks. The caller (the Durable Object) stores the
// state, saves the policy version, and sends the messages; everything it needs comes back here.

import { reachSettings } from "../policy/reach-config.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { type ActResult, routeAroundBlocks } from "./act.ts";
import { type PassBudget, passBudget } from "./budget.ts";
import { passMessages, type ReachEvent, type ReachMode, type WebhookMessage } from "./notify.ts";
import { DEFAULT_OONI_API_URL, runOoni } from "./ooni.ts";
import { countriesToCheck, hostsToCheck } from "./report.ts";
import { type ReachState, type StatusChange, advanceStatus, combineFindings, isNotable } from "./status.ts";
import { runTraffic } from "./traffic.ts";
import type { FetchFn } from "./types.ts";

export interface PassInput {
  /** The policy in force. */
  policy: DomainPolicy;
  /** The policy as an operator last saved it (act mode derives from it; see act.ts). */
  basePolicy?: DomainPolicy;
  previous?: ReachState;
  now: Date;
  fetch: FetchFn;
  /** The OONI_API_URL var. */
  ooniApiUrl?: string;
  /** The Analytics Engine secrets and dataset; the traffic signal is off without the secrets. */
  analytics?: { accountId?: string | undefined; token?: string | undefined; dataset?: string };
  /** Countries whose routing changed within the traffic baseline window (e.g. by an earlier act pass). */
  routingChanged?: ReadonlySet<string>;
  /** The site's name, for messages. */
  site: string;
  /** Per request; tests shorten it. */
  timeoutMs?: number;
  /** Whether a webhook is configured: only for the budget figure. */
  webhook?: boolean;
}

export interface PassResult {
  mode: ReachMode;
  state: ReachState;
  changes: StatusChange[];
  /** Act mode only: the policy to save as a new version (with `note`), the per-country changes, and where it is stuck. */
  act?: ActResult;
  events: ReachEvent[];
  messages: WebhookMessage[];
  signals: { ooni: { requests: number; problems: { url: string; problem: string }[] }; traffic: { signal: "on" | "off" | "failed"; reason?: string } };
  budget: PassBudget;
}

/** Runs one pass. Never throws for a signal's failure: its findings are then "unknown" with the reason. */
export async function runReachPass(input: PassInput): Promise<PassResult> {
  const settings = reachSettings(input.policy);
  const hosts = hostsToCheck(input.policy);
  const countries = countriesToCheck(input.policy);
  const budget = passBudget(hosts.length, countries.length, {
    traffic: Boolean(input.analytics?.accountId && input.analytics.token),
    webhook: input.webhook ?? false,
  });
  const at = input.now.toISOString();
  if (settings.mode === "off") {
    return {
      mode: "off",
      state: input.previous ?? { pairs: [] },
      changes: [],
      events: [],
      messages: [],
      signals: { ooni: { requests: 0, problems: [] }, traffic: { signal: "off", reason: "reach mode is off" } },
      budget: { ...budget, ooni: 0, traffic: 0, webhook: 0, total: 0 },
    };
  }
  const timeouts = input.timeoutMs ? { timeoutMs: input.timeoutMs } : {};
  const [ooni, traffic] = await Promise.all([
    runOoni({
      hosts,
      countries,
      now: input.now,
      fetch: input.fetch,
      baseUrl: input.ooniApiUrl ?? DEFAULT_OONI_API_URL,
      thresholds: settings.thresholds,
      ...timeouts,
    }),
    runTraffic({
      fetch: input.fetch,
      accountId: input.analytics?.accountId,
      token: input.analytics?.token,
      ...(input.analytics?.dataset ? { dataset: input.analytics.dataset } : {}),
      hosts,
      countries,
      now: input.now,
      thresholds: settings.thresholds,
      ...(input.routingChanged ? { routingChanged: input.routingChanged } : {}),
      ...timeouts,
    }),
  ]);
  const { state, changes } = advanceStatus(input.previous, combineFindings(ooni.findings, traffic.findings), input.now);
  const events: ReachEvent[] = changes.filter(isNotable).map((change) => ({ kind: "status", mode: settings.mode, change }));
  let act: ActResult | undefined;
  if (settings.mode === "act") {
    // Signals measure names; the policy may carry a port (local development): the pair blocks every host of that name.
    const blocked = state.pairs
      .filter((p) => p.status === "blocked")
      .flatMap((p) => input.policy.hosts.filter((h) => h.host.replace(/:\d+$/, "") === p.host).map((h) => ({ ...p, host: h.host })));
    act = routeAroundBlocks({ current: input.policy, ...(input.basePolicy ? { base: input.basePolicy } : {}), blocked });
    if (act.policy) events.push({ kind: "policy", at, changes: act.changes });
    // Tell about being stuck when it starts, not every hour after.
    const newlyBlocked = new Set(changes.filter((c) => c.to === "blocked").map((c) => c.country));
    const stuck = act.stuck.filter((s) => newlyBlocked.has(s.country));
    if (stuck.length > 0) events.push({ kind: "stuck", at, stuck });
  }
  return {
    mode: settings.mode,
    state,
    changes,
    ...(act ? { act } : {}),
    events,
    messages: passMessages(events, input.site, at),
    signals: {
      ooni: { requests: ooni.requests, problems: ooni.problems },
      traffic: { signal: traffic.signal, ...(traffic.reason ? { reason: traffic.reason } : {}) },
    },
    budget,
  };
}

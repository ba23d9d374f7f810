// The subrequests one reach pass makes, against the Workers plans' per-invocation limits.

import { MAX_MESSAGES_PER_PASS, WEBHOOK_ATTEMPTS } from "./notify.ts";
import { ooniRequestCount } from "./ooni.ts";

/**
 * Subrequests per invocation (Cloudflare's Workers limits page, read 2026-11): Free 50; Paid 10,000
 * (older copies of the page say 1,000, so figures here are checked against the lower one too).
 */
export const SUBREQUEST_LIMITS = { free: 50, paid: 10_000, paidFormerly: 1_000 } as const;

export interface PassBudget {
  ooni: number;
  traffic: number;
  /** At most MAX_MESSAGES_PER_PASS messages, each tried up to WEBHOOK_ATTEMPTS times. */
  webhook: number;
  total: number;
  plan: "free" | "paid" | "too large";
  summary: string;
}

/** The most subrequests a pass can make for `hosts` × `countries`, and the smallest plan it fits. */
export function passBudget(hosts: number, countries: number, options: { traffic: boolean; webhook: boolean }): PassBudget {
  const ooni = ooniRequestCount(hosts, countries);
  const traffic = options.traffic && hosts > 0 && countries > 0 ? 1 : 0;
  const webhook = options.webhook ? MAX_MESSAGES_PER_PASS * WEBHOOK_ATTEMPTS : 0;
  const total = ooni + traffic + webhook;
  const plan = total <= SUBREQUEST_LIMITS.free ? "free" : total <= SUBREQUEST_LIMITS.paidFormerly ? "paid" : "too large";
  const parts = `${ooni} OONI + ${traffic} Analytics Engine + up to ${webhook} webhook`;
  const summary =
    plan === "free"
      ? `${hosts} hosts × ${countries} countries: ${total} subrequests at most (${parts}), within the Free plan's ${SUBREQUEST_LIMITS.free}`
      : plan === "paid"
        ? `${hosts} hosts × ${countries} countries: ${total} subrequests at most (${parts}): over the Free plan's ${SUBREQUEST_LIMITS.free}, needs Workers Paid`
        : `${hosts} hosts × ${countries} countries: ${total} subrequests at most (${parts}): too many for one invocation; watch fewer countries`;
  return { ooni, traffic, webhook, total, plan, summary };
}

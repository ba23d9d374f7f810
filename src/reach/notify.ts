// Reach notifications: one JSON message per finding or policy change to an operator's webhook, readable
// by chat tools' incoming webhooks (`text` for Slack and Mattermost, `content` for Discord) and by programs
// (the structured fields). Sending retries a bounded number of times and never throws.

import type { ReachChange, Stuck } from "./act.ts";
import type { StatusChange } from "./status.ts";
import { type FetchFn, TimeoutError, fetchWithTimeout } from "./types.ts";

export const WEBHOOK_TIMEOUT_MS = 5_000;
export const WEBHOOK_ATTEMPTS = 3;
/** Waits before the second and third attempts; with the timeouts, a message takes at most ~18 s. */
export const WEBHOOK_BACKOFF_MS = [1_000, 2_000];
/** Messages a pass sends at most; further findings are folded into the last one (see budget.ts). */
export const MAX_MESSAGES_PER_PASS = 4;
/** Discord refuses `content` over 2,000 characters. */
const MAX_SUMMARY = 1_900;

export type ReachMode = "off" | "suggest" | "act";

export type ReachEvent =
  | { kind: "status"; mode: ReachMode; change: StatusChange }
  | { kind: "policy"; at: string; version?: string; changes: ReachChange[] }
  | { kind: "stuck"; at: string; stuck: Stuck[] };

export interface WebhookMessage {
  /** The one-line summary, for Slack and Mattermost. */
  text: string;
  /** The same line, for Discord. */
  content: string;
  event: "reach.status" | "reach.policy" | "reach.stuck" | "reach.summary";
  site: string;
  at: string;
  [field: string]: unknown;
}

function countryName(code: string): string {
  try {
    const name = new Intl.DisplayNames(["en"], { type: "region" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

function day(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function line(text: string): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > MAX_SUMMARY ? `${one.slice(0, MAX_SUMMARY - 1)}…` : one;
}

/** The one-line summary of an event, in plain words. */
export function summary(event: ReachEvent, site: string): string {
  if (event.kind === "status") {
    const { change, mode } = event;
    const where = countryName(change.country);
    const after = mode === "act" ? "Act mode routes readers there around it." : "Suggest mode: nothing was changed.";
    if (change.to === "blocked") return line(`${site}: ${change.host} is blocked in ${where} since ${day(change.at)}: ${change.reason}. ${after}`);
    if (change.from === "blocked") return line(`${site}: ${change.host} is reachable again in ${where}: ${change.reason}.`);
    return line(`${site}: ${change.host} in ${where} is now ${change.to}: ${change.reason}.`);
  }
  if (event.kind === "policy") {
    const parts = event.changes.map((c) => `${c.country} now goes to ${c.after[0] ?? "the default"} first`);
    return line(`${site}: the domain policy changed${event.version ? ` (version ${event.version})` : ""}: ${parts.join("; ")}.`);
  }
  return line(`${site}: cannot route around a block: ${event.stuck.map((s) => s.reason).join("; ")}.`);
}

/** The JSON message for one event. */
export function webhookMessage(event: ReachEvent, site: string): WebhookMessage {
  const text = summary(event, site);
  if (event.kind === "status") {
    const { change } = event;
    return { text, content: text, event: "reach.status", site, mode: event.mode, ...change };
  }
  if (event.kind === "policy")
    return { text, content: text, event: "reach.policy", site, at: event.at, ...(event.version ? { version: event.version } : {}), changes: event.changes };
  return { text, content: text, event: "reach.stuck", site, at: event.at, stuck: event.stuck };
}

/** The messages for a pass, at most MAX_MESSAGES_PER_PASS: past that, the rest are folded into one summary. */
export function passMessages(events: readonly ReachEvent[], site: string, at: string): WebhookMessage[] {
  const messages = events.map((e) => webhookMessage(e, site));
  if (messages.length <= MAX_MESSAGES_PER_PASS) return messages;
  const kept = messages.slice(0, MAX_MESSAGES_PER_PASS - 1);
  const rest = messages.slice(MAX_MESSAGES_PER_PASS - 1);
  const text = line(`${site}: ${rest.length} more reach findings: ${rest.map((m) => m.text.replace(`${site}: `, "")).join(" | ")}`);
  return [...kept, { text, content: text, event: "reach.summary", site, at, messages: rest }];
}

export interface Delivery {
  delivered: boolean;
  attempts: number;
  /** The last HTTP status, or why there was none. */
  status?: number;
  error?: string;
}

export interface SendOptions {
  fetch: FetchFn;
  timeoutMs?: number;
  attempts?: number;
  /** Waits between attempts; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Posts one message. Retries on network errors, timeouts, 429 and 5xx (other 4xx will not get better);
 * never throws: the pass goes on whatever the webhook does.
 */
export async function sendWebhook(url: string, message: WebhookMessage, options: SendOptions): Promise<Delivery> {
  const attempts = options.attempts ?? WEBHOOK_ATTEMPTS;
  const sleep = options.sleep ?? wait;
  let last: Delivery = { delivered: false, attempts: 0, error: "not sent" };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(WEBHOOK_BACKOFF_MS[attempt - 2] ?? WEBHOOK_BACKOFF_MS.at(-1) ?? 1_000);
    try {
      const { status, text } = await fetchWithTimeout(
        options.fetch,
        url,
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) },
        options.timeoutMs ?? WEBHOOK_TIMEOUT_MS,
      );
      if (status >= 200 && status < 300) return { delivered: true, attempts: attempt, status };
      last = { delivered: false, attempts: attempt, status, error: `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}` };
      if (status !== 429 && status < 500) return last;
    } catch (error) {
      last = { delivered: false, attempts: attempt, error: error instanceof TimeoutError ? error.message : `could not be reached: ${String(error)}` };
    }
  }
  return last;
}

// Test support for reach, inside workerd: the hourly pass as the cron runs it, a reach setting on the
// deployed policy, where Iran's front page goes, and what the local webhook received.

import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/index.ts";
import { api, json, settled, visit } from "./worker.ts";

/** Runs the hourly schedule, as the platform would at 7 past the hour, and waits until readers see what it wrote. */
export async function hourlyPass(): Promise<void> {
  await worker.scheduled(createScheduledController({ cron: "7 * * * *", scheduledTime: Date.now() }), env);
  await settled();
}

/** The deployed (wrangler.toml) policy with a reach setting, saved as the live policy. */
export async function policyWithReach(reach: Record<string, unknown>): Promise<void> {
  await api("DELETE", "/api/policy");
  const deployed = await json<{ policy: Record<string, unknown> }>(await api("GET", "/api/policy"));
  const res = await api("PUT", "/api/policy", { body: { ...deployed.policy, reach } });
  expect(res.status).toBe(200);
  await settled();
}

/** Where a reader in Iran asking for the primary's front page is sent. */
export async function iranFrontPage(): Promise<string | null> {
  const res = await visit("/", { country: "IR" });
  expect(res.status).toBe(302);
  return res.headers.get("Location");
}

export async function webhookMessages(): Promise<{ text: string }[]> {
  // The webhook receiver's address is the one the Worker is bound to (tests/support/outside.ts).
  return (await (await fetch(`${new URL((env as { REACH_WEBHOOK_URL?: string }).REACH_WEBHOOK_URL ?? "").origin}/messages`)).json()) as { text: string }[];
}

// Reach notifications and the pass budget.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { passBudget, SUBREQUEST_LIMITS } from "../../src/reach/budget.ts";
import { MAX_MESSAGES_PER_PASS, passMessages, type ReachEvent, sendWebhook, webhookMessage } from "../../src/reach/notify.ts";
import type { StatusChange } from "../../src/reach/status.ts";

const BLOCKED: StatusChange = {
  host: "mirror-one.example",
  country: "IR",
  from: "unknown",
  to: "blocked",
  at: "2026-11-25T09:00:00.000Z",
  reason: "OONI probes saw a known block page 3 times in 38 measurements",
  ooni: {
    verdict: "blocked",
    reason: "…",
    figures: { measurements: 38, ok: 13, anomaly: 17, confirmed: 3, failure: 5, since: "2026-11-22", until: "2026-11-26", days: 3 },
  },
};

describe("webhook messages", () => {
  it("say in one line what was found, for chat tools, with the structured fields beside it", () => {
    const message = webhookMessage({ kind: "status", mode: "suggest", change: BLOCKED }, "Edge News");
    expect(message.text).toBe(
      "Edge News: mirror-one.example is blocked in Iran (IR) since 2026-11-25 09:00 UTC: OONI probes saw a known block page 3 times in 38 measurements. Suggest mode: nothing was changed.",
    );
    expect(message.content).toBe(message.text);
    expect(message).toMatchObject({
      event: "reach.status",
      site: "Edge News",
      at: BLOCKED.at,
      mode: "suggest",
      host: "mirror-one.example",
      country: "IR",
      to: "blocked",
    });
    expect(JSON.parse(JSON.stringify(message)).ooni.figures.confirmed).toBe(3);
  });

  it("cover clearing, policy changes and being stuck", () => {
    const cleared = webhookMessage(
      { kind: "status", mode: "act", change: { ...BLOCKED, from: "blocked", to: "reachable", reason: "41 of 43 OONI measurements (95.3%) were OK" } },
      "Edge News",
    );
    expect(cleared.text).toBe("Edge News: mirror-one.example is reachable again in Iran (IR): 41 of 43 OONI measurements (95.3%) were OK.");
    const policy = webhookMessage(
      {
        kind: "policy",
        at: BLOCKED.at,
        version: "v42",
        changes: [{ country: "IR", before: ["a.example", "b.example"], after: ["b.example", "a.example"], reason: "…" }],
      },
      "Edge News",
    );
    expect(policy.text).toBe("Edge News: the domain policy changed (version v42): IR now goes to b.example first.");
    expect(policy).toMatchObject({ event: "reach.policy", version: "v42", changes: [{ country: "IR" }] });
    const stuck = webhookMessage(
      { kind: "stuck", at: BLOCKED.at, stuck: [{ country: "IR", reason: "every host of rule 1 is reported blocked in IR" }] },
      "Edge News",
    );
    expect(stuck.text).toBe("Edge News: cannot route around a block: every host of rule 1 is reported blocked in IR.");
  });

  it("keeps a pass to a bounded number of messages, folding the rest into one", () => {
    const events: ReachEvent[] = ["IR", "CN", "RU", "TM", "BY", "VN"].map((country) => ({ kind: "status", mode: "suggest", change: { ...BLOCKED, country } }));
    const messages = passMessages(events, "Edge News", BLOCKED.at);
    expect(messages).toHaveLength(MAX_MESSAGES_PER_PASS);
    expect(messages.at(-1)?.event).toBe("reach.summary");
    expect(messages.at(-1)?.text).toMatch(/^Edge News: 3 more reach findings: mirror-one.example is blocked in Turkmenistan \(TM\)/);
    expect(passMessages(events.slice(0, 2), "Edge News", BLOCKED.at)).toHaveLength(2);
  });

  it("stay within Discord's 2,000 characters", () => {
    const long = webhookMessage({ kind: "status", mode: "suggest", change: { ...BLOCKED, reason: "x".repeat(5000) } }, "Edge News");
    expect(long.content.length).toBeLessThanOrEqual(1900);
  });
});

describe("sendWebhook", () => {
  const message = webhookMessage({ kind: "status", mode: "suggest", change: BLOCKED }, "Edge News");
  const noWait = async () => {};

  it("posts the JSON to a real HTTP endpoint", async () => {
    const received: { method?: string; type?: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ method: req.method, type: req.headers["content-type"], body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const delivery = await sendWebhook(`http://127.0.0.1:${port}/hook`, message, { fetch: (u, i) => fetch(u, i) });
      expect(delivery).toEqual({ delivered: true, attempts: 1, status: 204 });
      expect(received).toHaveLength(1);
      expect(received[0]?.method).toBe("POST");
      expect(received[0]?.type).toBe("application/json");
      expect(JSON.parse(received[0]?.body ?? "{}").text).toBe(message.text);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("retries on errors that may pass, a bounded number of times, and never throws", async () => {
    const answers = [503, 429, 200];
    let calls = 0;
    const waits: number[] = [];
    const delivery = await sendWebhook("https://hooks.example/x", message, {
      fetch: async () => new Response("", { status: answers[calls++] ?? 500 }),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(delivery).toEqual({ delivered: true, attempts: 3, status: 200 });
    expect(waits).toEqual([1000, 2000]);

    calls = 0;
    const failing = await sendWebhook("https://hooks.example/x", message, { fetch: () => Promise.reject(new TypeError("fetch failed")), sleep: noWait });
    expect(failing).toEqual({ delivered: false, attempts: 3, error: "could not be reached: TypeError: fetch failed" });

    const slow = await sendWebhook("https://hooks.example/x", message, { fetch: () => new Promise<Response>(() => {}), sleep: noWait, timeoutMs: 20 });
    expect(slow).toEqual({ delivered: false, attempts: 3, error: "no answer within 20 ms" });
  });

  it("does not retry what will not get better", async () => {
    let calls = 0;
    const delivery = await sendWebhook("https://hooks.example/x", message, {
      fetch: async () => {
        calls++;
        return new Response("invalid_payload", { status: 400 });
      },
      sleep: noWait,
    });
    expect(delivery).toEqual({ delivered: false, attempts: 1, status: 400, error: "HTTP 400: invalid_payload" });
    expect(calls).toBe(1);
  });
});

describe("passBudget", () => {
  it("fits 10 hosts × 10 countries in the Free plan, with everything on", () => {
    const budget = passBudget(10, 10, { traffic: true, webhook: true });
    expect(budget).toMatchObject({ ooni: 10, traffic: 1, webhook: 12, total: 23, plan: "free" });
    expect(budget.total).toBeLessThanOrEqual(SUBREQUEST_LIMITS.free);
    expect(budget.summary).toBe("10 hosts × 10 countries: 23 subrequests at most (10 OONI + 1 Analytics Engine + up to 12 webhook), within the Free plan's 50");
  });

  it("says when a pass needs the Paid plan, or is too large for one invocation", () => {
    expect(passBudget(40, 40, { traffic: true, webhook: true })).toMatchObject({ ooni: 40, total: 53, plan: "paid" });
    expect(passBudget(40, 40, { traffic: true, webhook: true }).summary).toContain("needs Workers Paid");
    expect(passBudget(250, 250, { traffic: true, webhook: true }).plan).toBe("too large");
    expect(passBudget(0, 10, { traffic: true, webhook: false })).toMatchObject({ total: 0, plan: "free" });
  });
});

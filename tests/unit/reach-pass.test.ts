// Whole reach passes with recorded OONI answers replayed by the fake OONI server and a fake Analytics
// Engine: two passes to mark a host blocked, then act mode routes around it, suggest mode only reports.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import { type PassInput, runReachPass } from "../../src/reach/pass.ts";
import { trafficWindow } from "../../src/reach/traffic.ts";
import { type FakeOoni, startFakeOoni } from "../support/fake-ooni.ts";

const POLICY: DomainPolicy = {
  primary: "blocked-confirmed.example",
  hosts: [
    { host: "blocked-confirmed.example", scheme: "https", public: true },
    { host: "open.example", scheme: "https", public: true },
    { host: "reserve.example", scheme: "https", public: false, standby: true },
  ],
  rules: [{ name: "Iran", countries: ["IR"], hosts: ["blocked-confirmed.example", "open.example"] }],
  default: { serve: "requested" },
  reach: { mode: "act" },
};

const HOUR = 3_600_000;
const at = (hour: number) => new Date(Date.UTC(2026, 10, 25, hour, 5));

let ooni: FakeOoni;
beforeAll(async () => {
  ooni = await startFakeOoni({ fixtures: "tests/fixtures/ooni" });
});
afterAll(async () => {
  await ooni.close();
});

/** A fetch that sends OONI requests to the fake server and answers the Analytics Engine SQL API itself. */
function network(traffic: (now: Date) => unknown[] = () => []) {
  const calls: string[] = [];
  let now = new Date();
  return {
    calls,
    setNow: (d: Date) => {
      now = d;
    },
    fetch: async (url: string, init?: RequestInit): Promise<Response> => {
      calls.push(url);
      if (url.startsWith("https://api.cloudflare.com/")) return new Response(JSON.stringify({ data: traffic(now) }));
      return fetch(url, init);
    },
  };
}

function input(net: ReturnType<typeof network>, extra: Partial<PassInput> = {}): PassInput {
  return { policy: POLICY, now: at(9), fetch: net.fetch, ooniApiUrl: ooni.url, site: "Edge News", ...extra };
}

describe("a reach pass", () => {
  it("in act mode: marks the host blocked on the second pass and moves it behind the open one", async () => {
    const net = network();
    const first = await runReachPass(input(net, { now: at(9) }));
    expect(first.state.pairs.map((p) => [p.host, p.country, p.status, p.lastVerdict])).toEqual([
      ["blocked-confirmed.example", "IR", "unknown", "blocked"],
      ["open.example", "IR", "unknown", "reachable"],
    ]);
    expect(first.act).toEqual({ changes: [], stuck: [] });
    expect(first.messages).toEqual([]);
    expect(first.signals.traffic).toEqual({ signal: "off", reason: expect.stringContaining("ANALYTICS_ACCOUNT_ID and ANALYTICS_API_TOKEN are not set") });

    const second = await runReachPass(input(net, { now: at(10), previous: first.state }));
    expect(second.changes.map((c) => `${c.host} ${c.country}: ${c.from}→${c.to}`)).toEqual([
      "blocked-confirmed.example IR: unknown→blocked",
      "open.example IR: unknown→reachable",
    ]);
    expect(second.act?.policy?.rules).toEqual([{ name: "Iran", countries: ["IR"], hosts: ["open.example", "blocked-confirmed.example"] }]);
    expect(checkPolicy(second.act?.policy).errors).toEqual([]);
    expect(second.act?.changes[0]?.reason).toMatch(
      /^blocked-confirmed.example is reported blocked in IR \(since 2026-11-25T10:05:00.000Z: OONI probes saw a known block page 3 times in 38 measurements\): open.example now serves IR first/,
    );
    expect(second.messages.map((m) => m.event)).toEqual(["reach.status", "reach.policy"]);
    expect(second.messages[0]?.text).toBe(
      "Edge News: blocked-confirmed.example is blocked in Iran (IR) since 2026-11-25 10:05 UTC: OONI probes saw a known block page 3 times in 38 measurements. Act mode routes readers there around it.",
    );
    // One OONI request a pass (one country, two hosts); the traffic signal is off.
    expect(net.calls).toHaveLength(2);
    expect(second.budget.total).toBeGreaterThanOrEqual(1);
  });

  it("in suggest mode: records and tells, changes nothing", async () => {
    const net = network();
    const policy = { ...POLICY, reach: { mode: "suggest" as const } };
    const first = await runReachPass(input(net, { policy, now: at(9) }));
    const second = await runReachPass(input(net, { policy, now: at(10), previous: first.state }));
    expect(second.act).toBeUndefined();
    expect(second.state.pairs.find((p) => p.host === "blocked-confirmed.example")?.status).toBe("blocked");
    expect(second.messages.map((m) => m.text)).toEqual([expect.stringContaining("Suggest mode: nothing was changed.")]);
  });

  it("in off mode: asks nobody and keeps the state", async () => {
    const net = network();
    const previous = { pairs: [] };
    const result = await runReachPass(input(net, { policy: { ...POLICY, reach: { mode: "off" } }, previous }));
    expect(result).toMatchObject({ mode: "off", state: previous, messages: [], budget: { total: 0 } });
    expect(net.calls).toEqual([]);
  });

  it("uses the readers' traffic where OONI has nothing to say, within the budget", async () => {
    // EG has no recorded OONI answers; open.example loses its readers there while the other host keeps them.
    const traffic = (now: Date) => {
      const window = trafficWindow(now);
      const rows: unknown[] = [];
      for (let day = 0; day <= 7; day++)
        for (let i = 1; i <= 6; i++) {
          const hour = new Date(window.end - i * HOUR - day * 24 * HOUR).toISOString().replace("T", " ").slice(0, 19);
          rows.push({ host: "open.example", country: "EG", hour, requests: day === 0 ? "0" : "20" });
          rows.push({ host: "blocked-confirmed.example", country: "EG", hour, requests: "20" });
        }
      return rows;
    };
    const net = network(traffic);
    const policy: DomainPolicy = { ...POLICY, rules: [{ countries: ["EG"], hosts: ["open.example", "blocked-confirmed.example"] }] };
    const analytics = { accountId: "account", token: "token" };
    net.setNow(at(9));
    const first = await runReachPass(input(net, { policy, analytics, now: at(9) }));
    net.setNow(at(10));
    const second = await runReachPass(input(net, { policy, analytics, now: at(10), previous: first.state }));
    const pair = second.state.pairs.find((p) => p.host === "open.example");
    expect(pair).toMatchObject({ status: "blocked", traffic: { verdict: "blocked", figures: { recent: 0, baseline: 120 } }, ooni: { verdict: "unknown" } });
    expect(second.act?.policy?.rules[0]?.hosts).toEqual(["blocked-confirmed.example", "open.example"]);
    expect(second.signals.traffic).toEqual({ signal: "on" });
    // Two subrequests a pass (OONI, Analytics Engine), within what the budget allows.
    expect(net.calls.length / 2).toBeLessThanOrEqual(second.budget.ooni + second.budget.traffic);
  });
});

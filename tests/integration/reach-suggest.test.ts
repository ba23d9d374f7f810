// Reach in suggest mode: the block is found and reported, and no routing changes.

import { describe, expect, it, beforeEach } from "vitest";
import { hourlyPass, iranFrontPage, policyWithReach } from "../support/reach.ts";
import { api, json, settled } from "../support/worker.ts";

describe("reach in suggest mode", () => {
  beforeEach(() => policyWithReach({ mode: "suggest" }));

  it("records the block and tells, but changes no routing", async () => {
    await hourlyPass();
    await hourlyPass();
    const run = await api("POST", "/api/reach/run");
    expect(run.status).toBe(200);
    const report = await json<{ mode: string; pairs: { host: string; country: string; status: string }[]; act?: unknown }>(run);
    expect(report.mode).toBe("suggest");
    expect(report.act).toBeUndefined();
    expect(report.pairs.find((p) => p.host === "mirror-one.localhost" && p.country === "IR")?.status).toBe("blocked");
    expect(report.pairs.find((p) => p.host === "mirror-two.localhost" && p.country === "IR")?.status).toBe("reachable");
    await settled();
    expect(await iranFrontPage()).toBe("http://mirror-one.localhost:8787/");
  });
});

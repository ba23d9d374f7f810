// Reach in act mode with an operator at work: a policy saved while a pass runs stands, and the next
// pass starts from it.

import { describe, expect, it } from "vitest";
import { hourlyPass, iranFrontPage, policyWithReach } from "../support/reach.ts";
import { api, json, settled } from "../support/worker.ts";

describe("reach in act mode, with an operator at work", () => {
  it("lets an operator's change made during a pass win: the pass writes nothing over it", async () => {
    // Turkmenistan on the watch list answers slowly, so the pass is still running when the operator saves.
    await policyWithReach({ mode: "act", watch: ["TM"] });
    await hourlyPass();
    const pass = api("POST", "/api/reach/run");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const operator = await json<{ policy: Record<string, unknown> }>(await api("GET", "/api/policy"));
    const saved = await api("PUT", "/api/policy", { body: operator.policy });
    expect(saved.status).toBe(200);
    const savedVersion = (await json<{ version: string }>(saved)).version;
    const report = await json<{ act?: { refused?: string; policyVersion?: string }; messages: { event: string }[] }>(await pass);
    expect(report.act?.refused).toBe("an operator changed the policy while the pass ran; their change stands");
    expect(report.act?.policyVersion).toBeUndefined();
    // Nobody is told of a change that was not made; the block itself is still reported.
    expect(report.messages.map((m) => m.event)).toEqual(["reach.status"]);
    expect((await api("GET", "/api/policy")).headers.get("ETag")).toBe(`"${savedVersion}"`);
    await settled();
    expect(await iranFrontPage()).toBe("http://mirror-one.localhost:8787/");
    // The next pass starts from the operator's policy and routes around the block again.
    await hourlyPass();
    expect(await iranFrontPage()).toBe("http://mirror-two.localhost:8787/");
  }, 30_000);
});

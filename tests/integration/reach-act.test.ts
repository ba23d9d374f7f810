// Reach in act mode, end to end in workerd against the local fake OONI (mirror-one blocked in Iran,
// everything else reachable; tests/fixtures/ooni-dev) and a local webhook receiver: two hourly passes in
// a row move Iran's readers to the second mirror; the change is a policy version, audited, told to the
// webhook and to readers on /mirrors, and a rollback undoes it.

import { describe, expect, it, beforeEach } from "vitest";
import { hourlyPass, iranFrontPage, policyWithReach, webhookMessages } from "../support/reach.ts";
import { api, json, settled, visit } from "../support/worker.ts";

describe("reach in act mode", () => {
  beforeEach(() => policyWithReach({ mode: "act" }));

  it("moves Iran's readers to the second mirror after two passes, says so, and a rollback restores the old answer", async () => {
    expect(await iranFrontPage()).toBe("http://mirror-one.localhost:8787/");
    const before = await json<{ versions: { version: string }[] }>(await api("GET", "/api/policy/history"));

    await hourlyPass();
    // One pass is not enough: no flapping on a single report.
    expect(await iranFrontPage()).toBe("http://mirror-one.localhost:8787/");
    const status = await json<{ pairs: { host: string; country: string; status: string; blockedStreak: number }[] }>(await api("GET", "/api/reach"));
    expect(status.pairs.find((p) => p.host === "mirror-one.localhost" && p.country === "IR")).toMatchObject({ status: "unknown", blockedStreak: 1 });

    await hourlyPass();
    expect(await iranFrontPage()).toBe("http://mirror-two.localhost:8787/");
    // Only Iran moved: China still goes to the first mirror, and Japan (the Asia rule) to the second as before.
    expect((await visit("/", { country: "CN" })).headers.get("Location")).toBe("http://mirror-one.localhost:8787/");
    expect((await visit("/", { country: "JP" })).headers.get("Location")).toBe("http://mirror-two.localhost:8787/");

    const after = await json<{ versions: { version: string; note?: string; savedBy: string }[] }>(await api("GET", "/api/policy/history"));
    const written = after.versions[0];
    expect(after.versions.length).toBe(before.versions.length + 1);
    expect(written?.savedBy).toBe("reach");
    expect(written?.note).toContain("IR: mirror-one.localhost:8787 is reported blocked in IR");

    const audit = await json<{ entries: { action: string; target: string }[] }>(await api("GET", "/api/audit?limit=5"));
    expect(audit.entries[0]).toMatchObject({ action: "reach.act", target: "policy" });

    const mirrors = await visit("/mirrors");
    expect(mirrors.status).toBe(200);
    expect(await mirrors.text()).toContain("mirror-one.localhost is reported blocked in Iran since");

    const messages = await webhookMessages();
    expect(messages.some((m) => /mirror-one\.localhost.*blocked.*IR|Iran/.test(m.text))).toBe(true);
    expect(messages.map((m) => m.text)).toContain(
      `The Meridian Courier: the domain policy changed (version ${written?.version}): IR now goes to mirror-two.localhost:8787 first.`,
    );

    const previous = before.versions[0]?.version;
    const rollback = await api("POST", "/api/policy/rollback", { body: { to: previous } });
    expect(rollback.status).toBe(200);
    await settled();
    expect(await iranFrontPage()).toBe("http://mirror-one.localhost:8787/");
  });
});

// A policy saved through the API in the deployed configuration (wrangler.toml's top level: HTTPS hosts
// and the production ROUTED_HOSTS) may only name hosts routed to the Worker, and never a plain-http host:
// a typo host anyone could register, a local one, or an http mirror is refused and nothing changes.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { api, expectNoWrite, json, settled, visit } from "../support/worker.ts";

const ORIGIN = "https://www.meridian-courier.example";
const TOKEN = "production-test-token-0123456789abcdef";
const deployed = JSON.parse(JSON.stringify(env.DOMAIN_POLICY)) as DomainPolicy;

interface Refusal {
  code: string;
  problems?: { field: string; code?: string }[];
}

const putPolicy = (policy: DomainPolicy) => api("PUT", `${ORIGIN}/api/policy`, { body: policy, token: TOKEN });

describe("the production policy's hosts through the API", () => {
  it("binds the production ROUTED_HOSTS, every one a host of the deployed policy", () => {
    expect(env.ROUTED_HOSTS).toEqual(deployed.hosts.map((h) => h.host));
  });

  it("refuses a host that is not routed here (a typo domain, a dev host) with not_routed, writing nothing", async () => {
    for (const host of ["meridian-courier-mirror.example", "news.localhost:8787", "www.meridian-courier.example.evil.example"]) {
      const policy: DomainPolicy = { ...deployed, hosts: [...deployed.hosts, { host, scheme: "https", label: "Typo", public: true }] };
      const res = await expectNoWrite(() => putPolicy(policy));
      expect(res.status, host).toBe(400);
      const body = await json<Refusal>(res);
      expect(body.code, host).toBe("invalid");
      expect(body.problems, host).toEqual([expect.objectContaining({ field: `hosts[${deployed.hosts.length}].host`, code: "not_routed" })]);
    }
  });

  it("refuses a routed host served over plain http on this https site with plain_http, writing nothing", async () => {
    const policy: DomainPolicy = { ...deployed, hosts: deployed.hosts.map((h) => (h.host === "courier-mirror.example" ? { ...h, scheme: "http" } : h)) };
    const res = await expectNoWrite(() => putPolicy(policy));
    expect(res.status).toBe(400);
    const body = await json<Refusal>(res);
    expect(body.code).toBe("invalid");
    const index = policy.hosts.findIndex((h) => h.host === "courier-mirror.example");
    expect(body.problems).toEqual([expect.objectContaining({ field: `hosts[${index}].scheme`, code: "plain_http" })]);
  });

  it("takes a policy of routed https hosts, and readers follow it", async () => {
    const ukToMirror: DomainPolicy = {
      ...deployed,
      rules: deployed.rules.map((r) => (r.countries?.includes("GB") ? { ...r, hosts: ["meridian-mirror.example"] } : r)),
    };
    const res = await putPolicy(ukToMirror);
    expect(res.status).toBe(200);
    await settled();
    const gb = await visit(`${ORIGIN}/`, { country: "GB", continent: "EU" });
    expect(gb.status).toBe(302);
    expect(gb.headers.get("Location")).toBe("https://meridian-mirror.example/");
    expect((await api("DELETE", `${ORIGIN}/api/policy`, { token: TOKEN })).status).toBe(200);
    await settled();
  });
});

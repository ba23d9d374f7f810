// The live domain policy: replaced through the API, it changes where visitors are sent at once; an
// invalid one is refused with the old one still in force; every version can be rolled back.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { api, expectNoWrite, json, keysUnder, visit } from "./api-helpers.ts";

const deployed = JSON.parse(JSON.stringify(env.DOMAIN_POLICY)) as DomainPolicy;
const NEWS = "http://news.localhost:8787";

/** The deployed dev policy with the UK rule pointing at mirror-two instead of uk.localhost. */
const gbToMirrorTwo: DomainPolicy = {
  ...deployed,
  rules: deployed.rules.map((r) => (r.countries?.includes("GB") ? { ...r, hosts: ["mirror-two.localhost:8787"] } : r)),
};

/** Mirror one is seized: dropped, and mirror-three takes its place for blocked countries. */
const rotated: DomainPolicy = {
  ...gbToMirrorTwo,
  hosts: [
    ...gbToMirrorTwo.hosts.filter((h) => h.host !== "mirror-one.localhost:8787"),
    { host: "mirror-three.localhost:8787", scheme: "http", label: "Mirror 3", public: true },
  ],
  rules: gbToMirrorTwo.rules.map((r) =>
    r.countries?.includes("CN")
      ? { ...r, hosts: ["mirror-three.localhost:8787", "mirror-two.localhost:8787"] }
      : { ...r, hosts: r.hosts.filter((h) => h !== "mirror-one.localhost:8787") },
  ),
};

async function destination(url: string, country: string): Promise<string> {
  const res = await visit(url, country);
  return res.status === 302 ? (res.headers.get("Location") ?? "") : String(res.status);
}

interface PolicyView {
  source: string;
  version?: string;
  policy: DomainPolicy;
}

describe("domain policy through the API", () => {
  it("GET shows the deployed policy while none is stored", async () => {
    const res = await api("GET", "/api/policy");
    expect(res.headers.get("ETag")).toBe('"deployed"');
    const body = await json<PolicyView>(res);
    expect(body.source).toBe("deployed");
    expect(body.policy.primary).toBe("news.localhost:8787");
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://uk.localhost:8787/");
  });

  it("PUT moving GB to mirror-two redirects a GB visitor there at once, and mirror-two serves them", async () => {
    const res = await api("PUT", "/api/policy", { body: gbToMirrorTwo });
    expect(res.status).toBe(200);
    const body = await json<{ version: string; source: string; visibleBy: string; previousVersion: string }>(res);
    expect(body).toMatchObject({ source: "live", previousVersion: "deployed" });
    expect(res.headers.get("ETag")).toBe(`"${body.version}"`);
    expect(await destination(`${NEWS}/section/news?x=1`, "GB")).toBe("http://mirror-two.localhost:8787/section/news?x=1");
    expect(await destination("http://uk.localhost:8787/", "GB")).toBe("http://mirror-two.localhost:8787/");
    expect(await destination("http://mirror-two.localhost:8787/", "GB")).toBe("200");
    expect(await destination(`${NEWS}/`, "FR")).toBe("200");
    expect(await destination(`${NEWS}/`, "CN")).toBe("http://mirror-one.localhost:8787/");
    const view = await json<PolicyView>(await api("GET", "/api/policy"));
    expect(view).toMatchObject({ source: "live", version: body.version });
  });

  it("refuses an invalid policy with every problem listed, writes nothing, and keeps the old one in force", async () => {
    const broken = {
      ...gbToMirrorTwo,
      primary: "nowhere.example",
      rules: [{ countries: ["UK"], hosts: ["mirror-nine.localhost:8787"] }],
    };
    const res = await expectNoWrite(() => api("PUT", "/api/policy", { body: broken }));
    expect(res.status).toBe(400);
    const body = await json<{ problems: { field: string }[] }>(res);
    expect(body.problems.map((p) => p.field)).toEqual(expect.arrayContaining(["primary", "rules[0].countries[0]", "rules[0].hosts[0]"]));
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://mirror-two.localhost:8787/");
  });

  it("rotates a seized mirror: blocked countries go to the new one, and the old name sends them there too", async () => {
    expect((await api("PUT", "/api/policy", { body: rotated })).status).toBe(200);
    expect(await destination(`${NEWS}/articles/night-bus-network-extended-to-eastern-suburbs`, "CN")).toBe(
      "http://mirror-three.localhost:8787/articles/night-bus-network-extended-to-eastern-suburbs",
    );
    expect(await destination("http://mirror-one.localhost:8787/", "CN")).toBe("http://mirror-three.localhost:8787/");
    expect(await destination("http://mirror-three.localhost:8787/", "CN")).toBe("200");
    const mirrors = await json<Record<string, unknown>>(await visit("/.well-known/mirrors.json"));
    expect(JSON.stringify(mirrors)).toContain("mirror-three.localhost:8787");
    expect(JSON.stringify(mirrors)).not.toContain("mirror-one.localhost:8787");
  });

  it("refuses a stale If-Match with 412 and writes nothing", async () => {
    const res = await expectNoWrite(() => api("PUT", "/api/policy", { body: deployed, headers: { "If-Match": '"deployed"' } }));
    expect(res.status).toBe(412);
  });

  it("keeps every version, newest first", async () => {
    const history = await json<{ versions: { version: string; live: boolean }[] }>(await api("GET", "/api/policy/history"));
    expect(history.versions).toHaveLength(2);
    const current = await json<PolicyView>(await api("GET", "/api/policy"));
    expect(history.versions[0]?.version).toBe(current.version);
  });

  it("rolls back to the version before, then back again (a rollback is a version too)", async () => {
    const res = await api("POST", "/api/policy/rollback");
    expect(res.status).toBe(200);
    expect(await destination("http://mirror-one.localhost:8787/", "CN")).toBe("200");
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://mirror-two.localhost:8787/");
    expect((await api("POST", "/api/policy/rollback")).status).toBe(200);
    expect(await destination(`${NEWS}/`, "CN")).toBe("http://mirror-three.localhost:8787/");
    expect(await keysUnder("policy-history:")).toHaveLength(4);
  });

  it('rolls back to a named version, and to "deployed"', async () => {
    const history = await json<{ versions: { version: string; note?: string }[] }>(await api("GET", "/api/policy/history"));
    const first = history.versions.at(-1)?.version;
    const named = await api("POST", "/api/policy/rollback", { body: { to: first } });
    expect(named.status).toBe(200);
    expect(await destination(`${NEWS}/`, "CN")).toBe("http://mirror-one.localhost:8787/");
    const toDeployed = await api("POST", "/api/policy/rollback", { body: { to: "deployed" } });
    expect(await json(toDeployed)).toMatchObject({ source: "deployed" });
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://uk.localhost:8787/");
    expect((await api("POST", "/api/policy/rollback", { body: { to: "no-such-version" } })).status).toBe(404);
  });

  it("DELETE returns to the deployed policy, and says so when there is nothing to delete", async () => {
    await api("PUT", "/api/policy", { body: gbToMirrorTwo });
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://mirror-two.localhost:8787/");
    const res = await api("DELETE", "/api/policy");
    expect(res.status).toBe(200);
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://uk.localhost:8787/");
    expect((await json<PolicyView>(await api("GET", "/api/policy"))).source).toBe("deployed");
    expect((await api("DELETE", "/api/policy")).status).toBe(404);
  });

  it("records each change in the audit log with the policy it replaced", async () => {
    const audit = await json<{ entries: { action: string; previous: { source: string; policy?: DomainPolicy } }[] }>(await api("GET", "/api/audit?limit=100"));
    const changes = audit.entries.filter((e) => e.action.startsWith("policy."));
    expect(changes.map((e) => e.action)).toEqual([
      "policy.delete",
      "policy.put",
      "policy.rollback",
      "policy.rollback",
      "policy.rollback",
      "policy.rollback",
      "policy.put",
      "policy.put",
    ]);
    expect(changes[0]?.previous.policy?.rules.find((r) => r.countries?.includes("GB"))?.hosts).toEqual(["mirror-two.localhost:8787"]);
    expect(changes.at(-1)?.previous).toEqual({ source: "deployed" });
  });
});

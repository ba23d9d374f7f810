// The live domain policy: replaced through the API (the single writer keeps every version), it changes
// where visitors are sent once its pointer is written; an invalid one, or one naming a host not routed
// to this Worker, or a plain-http host on an https site, is refused with the old one still in force;
// every version can be rolled back.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { PRIMARY, api, envWithWriterOver, expectNoWrite, fetchWith, json, settled, visit } from "../support/worker.ts";

const deployed = JSON.parse(JSON.stringify(env.DOMAIN_POLICY)) as DomainPolicy;
const NEWS = `http://${PRIMARY}`;

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

interface Refusal {
  code: string;
  error: string;
  problems?: { field: string; code?: string }[];
}

/** Where a visitor from `country` asking for `url` ends up: the redirect's Location, or the status. */
async function destination(url: string, country: string): Promise<string> {
  const res = await visit(url, { country });
  return res.status === 302 ? (res.headers.get("Location") ?? "") : String(res.status);
}

interface PolicyView {
  source: string;
  version?: string;
  policy: DomainPolicy;
}

async function history(): Promise<{ version: string; live: boolean; note?: string }[]> {
  return (await json<{ versions: { version: string; live: boolean; note?: string }[] }>(await api("GET", "/api/policy/history?limit=1000"))).versions;
}

describe("domain policy through the API", () => {
  it("GET shows the deployed policy while none is stored", async () => {
    const res = await api("GET", "/api/policy");
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toBe('"deployed"');
    const body = await json<PolicyView>(res);
    expect(body.source).toBe("deployed");
    expect(body.policy).toEqual(deployed);
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://uk.localhost:8787/");
    expect(await history()).toEqual([]);
  });

  it("PUT moving GB to mirror-two sends a GB visitor there once its pointer is written, and mirror-two serves them", async () => {
    const res = await api("PUT", "/api/policy", { body: gbToMirrorTwo });
    expect(res.status).toBe(200);
    const body = await json<{ version: string; source: string; visibleBy: string; previousVersion: string }>(res);
    expect(body).toMatchObject({ source: "live", previousVersion: "deployed" });
    expect(res.headers.get("ETag")).toBe(`"${body.version}"`);
    await settled();
    expect(await destination(`${NEWS}/section/news?x=1`, "GB")).toBe("http://mirror-two.localhost:8787/section/news?x=1");
    expect(await destination("http://uk.localhost:8787/", "GB")).toBe("http://mirror-two.localhost:8787/");
    expect(await destination("http://mirror-two.localhost:8787/", "GB")).toBe("200");
    expect(await destination(`${NEWS}/`, "FR")).toBe("200");
    expect(await destination(`${NEWS}/`, "CN")).toBe("http://mirror-one.localhost:8787/");
    const view = await api("GET", "/api/policy");
    expect(view.headers.get("ETag")).toBe(`"${body.version}"`);
    expect(await json<PolicyView>(view)).toMatchObject({ source: "live", version: body.version, policy: gbToMirrorTwo });
  });

  it("refuses an invalid policy with every problem listed, writes nothing, and keeps the old one in force", async () => {
    const broken = { ...gbToMirrorTwo, primary: "nowhere.example", rules: [{ countries: ["UK"], hosts: ["mirror-nine.localhost:8787"] }] };
    const res = await expectNoWrite(() => api("PUT", "/api/policy", { body: broken }));
    expect(res.status).toBe(400);
    const body = await json<Refusal>(res);
    expect(body.code).toBe("invalid");
    expect(body.problems?.map((p) => p.field)).toEqual(expect.arrayContaining(["primary", "rules[0].countries[0]", "rules[0].hosts[0]"]));
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://mirror-two.localhost:8787/");
  });

  it("refuses a host that is not routed to this Worker (not_routed), writing nothing", async () => {
    const typo: DomainPolicy = {
      ...gbToMirrorTwo,
      hosts: [...gbToMirrorTwo.hosts, { host: "mirror-four.example.net", scheme: "http", label: "Mirror 4", public: true }],
      rules: gbToMirrorTwo.rules.map((r) => (r.countries?.includes("CN") ? { ...r, hosts: ["mirror-four.example.net"] } : r)),
    };
    const wrongPort: DomainPolicy = {
      ...gbToMirrorTwo,
      hosts: [...gbToMirrorTwo.hosts, { host: "mirror-five.localhost:9999", scheme: "http", label: "Mirror 5", public: true }],
    };
    for (const [policy, index] of [
      [typo, typo.hosts.length - 1],
      [wrongPort, wrongPort.hosts.length - 1],
    ] as const) {
      const res = await expectNoWrite(() => api("PUT", "/api/policy", { body: policy }));
      expect(res.status).toBe(400);
      const body = await json<Refusal>(res);
      expect(body.code).toBe("invalid");
      expect(body.problems).toEqual([expect.objectContaining({ field: `hosts[${index}].host`, code: "not_routed" })]);
    }
    expect(await destination(`${NEWS}/`, "CN")).toBe("http://mirror-one.localhost:8787/");
  });

  it("refuses a plain-http host on an https site (plain_http), writing nothing", async () => {
    const mixed: DomainPolicy = { ...gbToMirrorTwo, hosts: gbToMirrorTwo.hosts.map((h) => (h.host === PRIMARY ? { ...h, scheme: "https" } : h)) };
    const res = await expectNoWrite(() => api("PUT", "/api/policy", { body: mixed }));
    expect(res.status).toBe(400);
    const body = await json<Refusal>(res);
    expect(body.code).toBe("invalid");
    const plain = mixed.hosts.flatMap((h, i) => (h.scheme === "http" ? [`hosts[${i}].scheme`] : []));
    expect(plain.length).toBeGreaterThan(0);
    expect(body.problems?.filter((p) => p.code === "plain_http").map((p) => p.field)).toEqual(plain);
    expect(body.problems?.every((p) => p.code === "plain_http")).toBe(true);
  });

  it("rotates a seized mirror: blocked countries go to the new one, and the old name sends them there too", async () => {
    expect((await api("PUT", "/api/policy", { body: rotated })).status).toBe(200);
    await settled();
    expect(await destination(`${NEWS}/articles/night-bus-network-extended-to-eastern-suburbs`, "CN")).toBe(
      "http://mirror-three.localhost:8787/articles/night-bus-network-extended-to-eastern-suburbs",
    );
    expect(await destination("http://mirror-one.localhost:8787/", "CN")).toBe("http://mirror-three.localhost:8787/");
    expect(await destination("http://mirror-three.localhost:8787/", "CN")).toBe("200");
    const mirrors = JSON.stringify(await json<Record<string, unknown>>(await visit("/.well-known/mirrors.json")));
    expect(mirrors).toContain("mirror-three.localhost:8787");
    expect(mirrors).not.toContain("mirror-one.localhost:8787");
  });

  it("refuses a stale If-Match with 412 precondition_failed and the current ETag, writing nothing", async () => {
    const current = (await api("GET", "/api/policy")).headers.get("ETag");
    const res = await expectNoWrite(() => api("PUT", "/api/policy", { body: deployed, headers: { "If-Match": '"deployed"' } }));
    expect(res.status).toBe(412);
    expect(res.headers.get("ETag")).toBe(current);
    expect((await json<Refusal>(res)).code).toBe("precondition_failed");
    const matching = await api("PUT", "/api/policy", { body: rotated, headers: { "If-Match": current ?? "" } });
    expect(matching.status).toBe(200);
  });

  it("keeps every version, newest first", async () => {
    const versions = await history();
    expect(versions).toHaveLength(3);
    expect(versions.every((v) => v.live)).toBe(true);
    const current = await json<PolicyView>(await api("GET", "/api/policy"));
    expect(versions[0]?.version).toBe(current.version);
    const paged = await json<{ versions: { version: string }[]; cursor?: string }>(await api("GET", "/api/policy/history?limit=2"));
    expect(paged.versions.map((v) => v.version)).toEqual(versions.slice(0, 2).map((v) => v.version));
    const rest = await json<{ versions: { version: string }[] }>(await api("GET", `/api/policy/history?limit=2&cursor=${paged.cursor}`));
    expect(rest.versions.map((v) => v.version)).toEqual(versions.slice(2).map((v) => v.version));
  });

  it("rolls back to the version before, then back again (a rollback is a version too)", async () => {
    const res = await api("POST", "/api/policy/rollback");
    expect(res.status).toBe(200);
    await settled();
    // The version before the current one is the same rotated policy: CN still goes to mirror-three.
    expect(await destination(`${NEWS}/`, "CN")).toBe("http://mirror-three.localhost:8787/");
    const before = await history();
    expect(before).toHaveLength(4);
    expect((await api("POST", "/api/policy/rollback", { body: { to: before.at(-1)?.version } })).status).toBe(200);
    await settled();
    expect(await destination("http://mirror-one.localhost:8787/", "CN")).toBe("200");
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://mirror-two.localhost:8787/");
    expect((await api("POST", "/api/policy/rollback")).status).toBe(200);
    await settled();
    expect(await destination(`${NEWS}/`, "CN")).toBe("http://mirror-three.localhost:8787/");
    expect(await history()).toHaveLength(6);
  });

  it('rolls back to "deployed", and refuses an unknown version with 404 not_found', async () => {
    const toDeployed = await api("POST", "/api/policy/rollback", { body: { to: "deployed" } });
    expect(toDeployed.status).toBe(200);
    expect(await json(toDeployed)).toMatchObject({ source: "deployed", restored: "deployed" });
    expect(toDeployed.headers.get("ETag")).toBe('"deployed"');
    await settled();
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://uk.localhost:8787/");
    const unknown = await expectNoWrite(() => api("POST", "/api/policy/rollback", { body: { to: "no-such-version" } }));
    expect(unknown.status).toBe(404);
    expect((await json<Refusal>(unknown)).code).toBe("not_found");
  });

  it("DELETE returns to the deployed policy, and answers 404 not_found when there is nothing to delete", async () => {
    await api("PUT", "/api/policy", { body: gbToMirrorTwo });
    await settled();
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://mirror-two.localhost:8787/");
    const res = await api("DELETE", "/api/policy");
    expect(res.status).toBe(200);
    await settled();
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://uk.localhost:8787/");
    expect((await json<PolicyView>(await api("GET", "/api/policy"))).source).toBe("deployed");
    const again = await expectNoWrite(() => api("DELETE", "/api/policy"));
    expect(again.status).toBe(404);
    expect((await json<Refusal>(again)).code).toBe("not_found");
  });

  it("records each change in the audit log with the version it replaced", async () => {
    const audit = await json<{ entries: { action: string; target: string; previous: { version: string }; result: { version: string; source: string } }[] }>(
      await api("GET", "/api/audit?limit=100"),
    );
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
      "policy.put",
    ]);
    expect(changes.every((e) => e.target === "policy")).toBe(true);
    // Each change replaced the one before it (the deployed policy's version is "deployed").
    for (let i = 0; i < changes.length - 1; i++) {
      const before = changes[i + 1]?.result;
      expect(changes[i]?.previous.version).toBe(before?.source === "deployed" ? "deployed" : before?.version);
    }
    expect(changes.at(-1)?.previous).toEqual({ version: "deployed" });
  });

  it("refuses to roll back to a version naming a host no longer routed here, and keeps the policy in force", async () => {
    const saved = await json<{ version: string }>(await api("PUT", "/api/policy", { body: rotated }));
    expect((await api("PUT", "/api/policy", { body: gbToMirrorTwo })).status).toBe(200);
    await settled();
    // A later deploy routed every host but mirror-three to the Worker.
    const routes = deployed.hosts.map((h) => h.host).concat("mirror-two.localhost:8787");
    const narrower = envWithWriterOver(env.CONTENT, { ROUTED_HOSTS: routes });
    const res = await expectNoWrite(() => fetchWith(narrower, "POST", "/api/policy/rollback", { body: { to: saved.version } }));
    expect(res.status).toBe(409);
    const refusal = await json<Refusal>(res);
    expect(refusal.code).toBe("conflict");
    expect(refusal.problems?.map((p) => p.code)).toContain("not_routed");
    expect(await destination(`${NEWS}/`, "GB")).toBe("http://mirror-two.localhost:8787/");
    expect((await api("DELETE", "/api/policy")).status).toBe(200);
    await settled();
  });
});

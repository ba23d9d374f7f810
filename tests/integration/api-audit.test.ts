// The audit log: every mutation recorded with who (a token id, never the token), what, when and the
// version it replaced, newest first, a page at a time.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TOKEN, api, article, json, keysUnder } from "./api-helpers.ts";

interface Entry {
  id: string;
  at: string;
  actor: string;
  method: string;
  path: string;
  action: string;
  target: string;
  previous: { version: string; article: { headline: string } } | null;
  result: { version?: string; status?: string };
}

async function page(query = ""): Promise<{ entries: Entry[]; cursor?: string }> {
  return json(await api("GET", `/api/audit${query}`));
}

describe("the audit log", () => {
  it("records a create with who, what and when, and a replacement with the version and article it replaced", async () => {
    const created = await json<{ version: string; audit: string }>(
      await api("PUT", "/api/articles/audited-story", { body: article({ headline: "First wording" }) }),
    );
    const [first] = (await page("?limit=1")).entries;
    expect(first).toMatchObject({
      id: created.audit,
      method: "PUT",
      path: "/api/articles/audited-story",
      action: "article.put",
      target: "audited-story",
      previous: null,
    });
    expect(first?.actor).toMatch(/^token-[0-9a-f]{8}$/);
    expect(Date.parse(first?.at ?? "")).toBeGreaterThan(Date.now() - 60_000);

    await api("PATCH", "/api/articles/audited-story", { body: { headline: "Second wording" } });
    const [second] = (await page("?limit=1")).entries;
    expect(second).toMatchObject({ method: "PATCH", action: "article.patch", actor: first?.actor });
    expect(second?.previous).toMatchObject({ version: created.version, article: { headline: "First wording" } });
  });

  it("lists newest first and pages with a cursor", async () => {
    for (const n of [1, 2, 3]) await api("PATCH", "/api/articles/audited-story", { body: { standfirst: `Revision ${n} of the standfirst.` } });
    const one = await page("?limit=2");
    expect(one.entries).toHaveLength(2);
    expect(Date.parse(one.entries[0]?.at ?? "")).toBeGreaterThanOrEqual(Date.parse(one.entries[1]?.at ?? ""));
    const two = await page(`?limit=2&cursor=${encodeURIComponent(one.cursor ?? "")}`);
    expect(two.entries.map((e) => e.id)).not.toContain(one.entries[0]?.id);
    expect(one.entries[1]?.previous).not.toBeNull();
  });

  it("never stores the token itself anywhere in KV", async () => {
    for (const name of await keysUnder("")) {
      const value = await env.CONTENT.get(name, "text");
      expect(value?.includes(TOKEN) ?? false).toBe(false);
    }
    expect((await keysUnder("audit:")).length).toBeGreaterThanOrEqual(5);
  });

  it("is readable only with the token", async () => {
    expect((await api("GET", "/api/audit", { token: null })).status).toBe(401);
  });
});

// The audit log, kept by the single writer: every change recorded with who (a token id, never the
// token), what, when and the version it replaced, newest first, a page at a time (cursor = a sequence
// number). A refused change leaves no entry (tests/support/worker.ts expectNoWrite compares the log).

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tokenIdOf } from "../../src/api/auth.ts";
import { TOKEN, api, articleInput, fetchWith, json, writerStorage } from "../support/worker.ts";

interface Entry {
  id: string;
  at: string;
  actor: string;
  method: string;
  path: string;
  action: string;
  target: string;
  previous: { version: string; article: { headline: string } } | null;
  result: { version?: string; status?: string; removed?: boolean };
}

async function page(query = ""): Promise<{ entries: Entry[]; cursor?: string }> {
  const res = await api("GET", `/api/audit${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  return json(res);
}

describe("the audit log", () => {
  it("records a create with who, what and when, and a replacement with the version and article it replaced", async () => {
    const started = Date.now();
    const created = await json<{ version: string; audit: string }>(
      await api("PUT", "/api/articles/audited-story", { body: articleInput({ headline: "First wording" }) }),
    );
    const [first] = (await page("?limit=1")).entries;
    expect(first).toMatchObject({
      id: created.audit,
      method: "PUT",
      path: "/api/articles/audited-story",
      action: "article.put",
      target: "audited-story",
      previous: null,
      result: { version: created.version, status: "published" },
    });
    expect(first?.actor).toMatch(/^token-[0-9a-f]{8}$/);
    expect(Date.parse(first?.at ?? "")).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
    expect(Date.parse(first?.at ?? "")).toBeLessThanOrEqual(Date.now());

    const patched = await json<{ version: string; audit: string }>(await api("PATCH", "/api/articles/audited-story", { body: { headline: "Second wording" } }));
    const [second] = (await page("?limit=1")).entries;
    expect(second).toMatchObject({ id: patched.audit, method: "PATCH", action: "article.patch", actor: first?.actor, result: { version: patched.version } });
    expect(second?.previous).toMatchObject({ version: created.version, article: { headline: "First wording" } });
  });

  it("names each token by its own id (a rotated token shows up as a different actor)", async () => {
    const rotated = "a-rotated-admin-token-0123456789abcdef";
    const res = await fetchWith({ ...env, ADMIN_TOKEN: rotated }, "PATCH", "/api/articles/audited-story", {
      body: { standfirst: "Changed with the rotated token." },
      token: rotated,
    });
    expect(res.status).toBe(200);
    const [entry, before] = (await page("?limit=2")).entries;
    expect(entry?.actor).toBe(await tokenIdOf(rotated));
    expect(before?.actor).toBe(await tokenIdOf(TOKEN));
    expect(entry?.actor).not.toBe(before?.actor);
  });

  it("lists newest first and pages with a cursor: every entry once, in order", async () => {
    for (const n of [1, 2, 3]) await api("PATCH", "/api/articles/audited-story", { body: { standfirst: `Revision ${n} of the standfirst.` } });
    const all = (await page("?limit=100")).entries;
    expect(all.length).toBeGreaterThanOrEqual(5);
    const times = all.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.slice(0, 3).map((e) => e.action)).toEqual(["article.patch", "article.patch", "article.patch"]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const next = await page(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(next.entries.length).toBeLessThanOrEqual(2);
      seen.push(...next.entries.map((e) => e.id));
      cursor = next.cursor;
      if (cursor) expect(cursor).toMatch(/^\d+$/);
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it("refuses a damaged cursor or limit with 400 instead of an empty page", async () => {
    for (const query of ["?cursor=not-a-number", "?cursor=%3Cscript%3E", "?cursor=12abc", "?limit=0", "?limit=101", "?limit=ten"]) {
      const res = await api("GET", `/api/audit${query}`);
      expect(res.status, query).toBe(400);
      expect((await json<{ code: string }>(res)).code, query).toBe("bad_request");
    }
  });

  it("never holds the token itself: not in KV, not in the writer's storage", async () => {
    const storage = await writerStorage();
    expect(storage.audit?.length ?? 0).toBeGreaterThan(100);
    for (const [table, rows] of Object.entries(storage)) expect(rows.includes(TOKEN), table).toBe(false);
    let cursor: string | undefined;
    do {
      const list = await env.CONTENT.list(cursor ? { cursor } : {});
      for (const { name } of list.keys) expect((await env.CONTENT.get(name, "text"))?.includes(TOKEN) ?? false, name).toBe(false);
      cursor = list.list_complete ? undefined : list.cursor;
    } while (cursor);
  });

  it("is readable only with the token", async () => {
    const res = await api("GET", "/api/audit", { token: null });
    expect(res.status).toBe(401);
    expect((await json<{ code: string; entries?: unknown }>(res)).entries).toBeUndefined();
  });
});

// /healthz as a monitor reads it: 200 only when the site can serve, else 503 naming each reason (a site
// never seeded, a cron that stopped or never ran). KV failing and the writer's backlog are in
// storage-faults.test.ts and api-faults.test.ts.

import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { fetchWith, json, visit, writer } from "../support/worker.ts";

interface Report {
  status: string;
  problems?: string[];
  seeded?: boolean;
  cron?: { lastPassSecondsAgo: number | null };
}

/** Sets when the writer last saw a cron pass, as if the cron had stopped then (or never run: null). */
async function cronLastRanAt(at: number | null): Promise<void> {
  await runInDurableObject(writer(), (_instance, state) => {
    state.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('lastTick', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", JSON.stringify(at));
  });
}

/** A namespace with nothing in it: a site deployed and never seeded. */
function emptyNamespace(): KVNamespace {
  const none = async () => null;
  return {
    get: none,
    getWithMetadata: async () => ({ value: null, metadata: null, cacheStatus: null }),
    list: async () => ({ keys: [], list_complete: true, cacheStatus: null }),
    put: async () => {},
    delete: async () => {},
  } as unknown as KVNamespace;
}

async function healthz(answer: Promise<Response>): Promise<{ status: number; report: Report; cacheControl: string | null }> {
  const res = await answer;
  return { status: res.status, cacheControl: res.headers.get("Cache-Control"), report: await json<Report>(res) };
}

describe("/healthz", () => {
  afterAll(async () => {
    await writer().tick();
  });

  it("answers 200 ok for a seeded site whose cron ran a minute ago, never cached", async () => {
    await writer().tick();
    const { status, report, cacheControl } = await healthz(visit("/healthz"));
    expect(status).toBe(200);
    expect(report.status).toBe("ok");
    expect(report.seeded).toBe(true);
    expect(report.cron?.lastPassSecondsAgo).toBeLessThan(60);
    expect(report.problems).toBeUndefined();
    expect(cacheControl).toBe("no-store");
  });

  it("answers 503 when the cron stopped, saying how long ago it last ran", async () => {
    await cronLastRanAt(Date.now() - 12 * 60_000);
    const { status, report } = await healthz(visit("/healthz"));
    expect(status).toBe(503);
    expect(report.status).toBe("unhealthy");
    expect(report.problems).toEqual(["the cron last ran 12 minutes ago"]);
  });

  it("answers 503 when the cron never ran", async () => {
    await cronLastRanAt(null);
    const { status, report } = await healthz(visit("/healthz"));
    expect(status).toBe(503);
    expect(report.problems).toEqual(["the cron has never run"]);
  });

  it("answers 503 for a site never seeded, saying how to seed it", async () => {
    await writer().tick();
    const unseeded = { ...env, CONTENT: emptyNamespace() } as Env;
    const { status, report } = await healthz(fetchWith(unseeded, "GET", "/healthz", { token: null }));
    expect(status).toBe(503);
    expect(report.seeded).toBe(false);
    expect(report.problems).toEqual(["the site is not seeded: every page answers 503 until `npm run seed` loads content"]);
  });
});

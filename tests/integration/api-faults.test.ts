// Storage faults during a publish: a failure at any single step, or an outage from any step on, is
// either reported as a failure and undone, or reported as a success and finished by the repair pass.
// Never a false success, never a half-applied article.

import { renderMarkdown } from "../../src/content/markdown.ts";
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ArticleRecord, prepareRecord } from "../../src/content/record.ts";
import { HttpError } from "../../src/http/errors.ts";
import worker from "../../src/index.ts";
import { getSite } from "../../src/store/config.ts";
import type { FeedSnapshot } from "../../src/store/feeds.ts";
import { SNAPSHOT_ITEMS } from "../../src/store/feeds.ts";
import { feedsTouched } from "../../src/store/journal.ts";
import { indexKeysOf, keys } from "../../src/store/keys.ts";
import { Kv } from "../../src/store/kv.ts";
import { type PublishOutcome, publishArticle } from "../../src/store/publish.ts";
import { readStoredPolicy, setLivePolicy } from "../../src/store/policy.ts";
import { JOURNAL_STALE_MS, repairAll } from "../../src/store/repair.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { api, article, json, keysUnder } from "./api-helpers.ts";

const healthy = new Kv(env.CONTENT);
const actor = { id: "token-test", method: "PUT", path: "/test" };

/** The KV binding with writes (put/delete) failing when `fails(n)` says so for the n-th write. */
function faulty(fails: (n: number) => boolean): { kv: Kv; writes: () => number } {
  let n = 0;
  const namespace = new Proxy(env.CONTENT, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== "put" && prop !== "delete") return value.bind(target);
      return async (...args: unknown[]) => {
        n++;
        if (fails(n)) throw new Error(`injected failure of ${String(prop)} #${n}`);
        return value.apply(target, args);
      };
    },
  });
  return { kv: new Kv(namespace), writes: () => n };
}

async function record(slug: string, fields: Record<string, unknown>): Promise<ArticleRecord> {
  const prepared = await prepareRecord(article(fields), slug, await getSite(healthy), renderMarkdown);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  return prepared.value;
}

const versionA = (slug: string) => record(slug, { headline: "Version A", tags: ["faults", `only-${slug}`], published: "2026-11-24T07:00:00Z" });
const versionB = (slug: string) => record(slug, { headline: "Version B", section: "science", tags: ["faults"], published: "2026-11-19T07:00:00Z" });

async function replace(kv: Kv, next: ArticleRecord): Promise<PublishOutcome> {
  return publishArticle(kv, { slug: next.article.slug, make: async () => next, precondition: {}, actor, action: "article.put" });
}

/** What KV holds for the article: its record version, its index keys, its own tag marker and any journal. */
async function stateOf(slug: string) {
  const stored = await healthy.getJson<ArticleRecord>(keys.article(slug));
  return {
    version: stored?.version ?? null,
    index: (await keysUnder("idx:")).filter((k) => k.endsWith(`:${slug}`)).sort(),
    registered: (await keysUnder(keys.indexOwnerPrefix(slug))).map((k) => k.slice(keys.indexOwnerPrefix(slug).length)).sort(),
    ownTagMarker: (await keysUnder(keys.tag(`only-${slug}`))).length,
    journal: (await keysUnder(keys.journal(slug))).length,
  };
}

function expectedState(version: ArticleRecord) {
  const own = version.article.tags.includes(`only-${version.article.slug}`) ? 1 : 0;
  const index = indexKeysOf(version.article).sort();
  return { version: version.version, index, registered: index, ownTagMarker: own, journal: 0 };
}

/** Every feed either version appears in matches its index (the repair pass leaves none stale). */
async function expectFeedsCurrent(a: ArticleRecord, b: ArticleRecord): Promise<void> {
  for (const list of feedsTouched(a, b)) {
    const snapshot = await healthy.getJson<FeedSnapshot>(keys.feed(list));
    const index = (await healthy.list(keys.indexPrefix(list), { limit: SNAPSHOT_ITEMS })).entries.map((e) => e.name);
    expect(snapshot?.sources, list).toEqual(index);
  }
}

const afterStale = () => Date.now() + JOURNAL_STALE_MS + 1_000;

// Hundreds of injected failures are each logged as errors and warnings; keep the test output readable.
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterAll(() => vi.restoreAllMocks());

describe("a publish under storage faults", () => {
  it("a failure at any single write, or an outage from any write on, ends as exactly the old or exactly the new version", async () => {
    // Count the writes of a healthy replacement first: every one of them is a fault point.
    const probeSlug = "fault-probe";
    await replace(healthy, await versionA(probeSlug));
    const probe = faulty(() => false);
    await replace(probe.kv, await versionB(probeSlug));
    const points = probe.writes();
    expect(points).toBeGreaterThan(15);

    const tally = { reportedFailure: 0, reportedSuccess: 0 };
    for (const mode of ["single", "outage"] as const) {
      for (let point = 1; point <= points; point++) {
        const slug = `fault-${mode}-${point}`;
        const a = await versionA(slug);
        const b = await versionB(slug);
        await replace(healthy, a);
        const storage = faulty((n) => (mode === "single" ? n === point : n >= point));
        let outcome: "failure" | "success";
        try {
          await replace(storage.kv, b);
          outcome = "success";
        } catch (error) {
          expect(error, `${mode} fault at write ${point}`).toBeInstanceOf(HttpError);
          expect((error as HttpError).status).toBe(503);
          outcome = "failure";
        }
        tally[outcome === "success" ? "reportedSuccess" : "reportedFailure"]++;
        await repairAll(healthy, afterStale());
        expect(await stateOf(slug), `${mode} fault at write ${point}, reported ${outcome}`).toEqual(expectedState(outcome === "success" ? b : a));
        await expectFeedsCurrent(a, b);
      }
    }
    console.log(
      `faults: ${points} write points x 2 modes = ${points * 2} scenarios; reported failure ${tally.reportedFailure}, reported success ${tally.reportedSuccess}`,
    );
    expect(await keysUnder("journal:")).toEqual([]);
    expect(await keysUnder("dirty:")).toEqual([]);
  }, 180_000);

  it("an interrupted publish blocks the slug briefly (409), then is settled before the next write", async () => {
    const slug = "interrupted-story";
    await replace(healthy, await versionA(slug));
    // An outage after the record and some index entries are written: the rollback cannot run either.
    await expect(replace(faulty((n) => n >= 5).kv, await versionB(slug))).rejects.toThrow(/could not be undone at once/);
    expect((await stateOf(slug)).journal).toBe(1);

    const busy = await api("PUT", `/api/articles/${slug}`, { body: article({ headline: "Version C" }) });
    expect(busy.status).toBe(409);
    expect(busy.headers.get("Retry-After")).toBe("5");

    // Two minutes later the journal belongs to no running request: the next write settles it first.
    const journal = await env.CONTENT.get(keys.journal(slug), "text");
    await env.CONTENT.put(keys.journal(slug), (journal ?? "").replace(/"started":\d+/, '"started":0'), { metadata: { started: 0 } });
    const res = await api("PUT", `/api/articles/${slug}`, { body: article({ headline: "Version C" }) });
    expect(res.status).toBe(200);
    const c = await record(slug, { headline: "Version C" });
    expect(await stateOf(slug)).toEqual(expectedState(c));
    expect((await json<{ previousVersion: string }>(res)).previousVersion).toBe((await versionA(slug)).version);
  });

  it("the scheduled handler settles a stale journal and rebuilds feeds marked dirty", async () => {
    const slug = "cron-story";
    const a = await versionA(slug);
    await replace(healthy, a);
    await expect(replace(faulty((n) => n >= 4).kv, await versionB(slug))).rejects.toThrow(HttpError);
    const journal = (await env.CONTENT.get(keys.journal(slug), "text")) ?? "";
    await env.CONTENT.put(keys.journal(slug), journal.replace(/"started":\d+/, '"started":0'), { metadata: { started: 0 } });
    await env.CONTENT.put(keys.feedDirty("section:culture", "someone"), "");
    await env.CONTENT.delete(keys.feed("section:culture"));

    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env);

    expect(await stateOf(slug)).toEqual(expectedState(a));
    expect(await keysUnder("dirty:")).toEqual([]);
    const culture = await healthy.getJson<FeedSnapshot>(keys.feed("section:culture"));
    expect(culture?.items.length).toBeGreaterThan(0);
  });
});

describe("a policy change under storage faults", () => {
  it("either happens completely or leaves the previous policy, history and audit log as they were", async () => {
    const deployed = JSON.parse(JSON.stringify(env.DOMAIN_POLICY)) as DomainPolicy;
    const variant = (label: string): DomainPolicy => ({ ...deployed, hosts: deployed.hosts.map((h, i) => (i === 0 ? { ...h, label } : h)) });
    await setLivePolicy(healthy, variant("Before"), actor, "policy.put");
    const probe = faulty(() => false);
    await setLivePolicy(probe.kv, variant("Probe"), actor, "policy.put");
    const points = probe.writes();
    expect(points).toBeGreaterThanOrEqual(4);
    for (let point = 1; point <= points; point++) {
      const before = await readStoredPolicy(healthy);
      const history = (await keysUnder("policy-history:")).length;
      const audit = (await keysUnder("audit:")).length;
      const label = `Fault ${point}`;
      try {
        await setLivePolicy(faulty((n) => n === point).kv, variant(label), actor, "policy.put");
        expect((await readStoredPolicy(healthy))?.policy.hosts[0]?.label).toBe(label);
        expect((await keysUnder("policy-history:")).length).toBe(history + 1);
      } catch (error) {
        expect(error, `fault at write ${point}`).toBeInstanceOf(HttpError);
        expect(await readStoredPolicy(healthy)).toEqual(before);
        expect((await keysUnder("policy-history:")).length).toBe(history);
        expect((await keysUnder("audit:")).length).toBe(audit);
      }
    }
  });
});

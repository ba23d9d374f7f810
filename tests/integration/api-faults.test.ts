// Storage faults during a publish: a failure at any single step, or an outage from any step on, is
// either reported as a failure and undone, or reported as a success and finished by the repair pass.
// Never a false success, never a half-applied article.

import { renderMarkdown } from "../../src/content/markdown.ts";
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ArticleRecord, prepareRecord } from "../../src/content/record.ts";
import { HttpError } from "../../src/http/errors.ts";
import worker from "../../src/index.ts";
import { forgetConfig, getSite } from "../../src/store/config.ts";
import type { FeedSnapshot } from "../../src/store/feeds.ts";
import { SNAPSHOT_ITEMS } from "../../src/store/feeds.ts";
import { feedsTouched } from "../../src/store/journal.ts";
import { indexKeysOf, keys } from "../../src/store/keys.ts";
import { Kv } from "../../src/store/kv.ts";
import { type PublishOutcome, publishArticle } from "../../src/store/publish.ts";
import { readStoredPolicy, setLivePolicy } from "../../src/store/policy.ts";
import { JOURNAL_STALE_MS, repairAll } from "../../src/store/repair.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { faultyNamespace } from "../support/faulty-kv.ts";
import { ORIGIN, TOKEN, api, article, json, keysUnder } from "./api-helpers.ts";

const healthy = new Kv(env.CONTENT);
const actor = { id: "token-test", method: "PUT", path: "/test" };

/**
 * How a faulty write misbehaves: it fails without landing; it lands but the reply is lost, so the Worker
 * is told it failed (the outcome is unknown to it); or it never answers, and the Worker's timeout
 * gives up on it.
 */
type WriteFault = "fails" | "lands-then-fails" | "hangs";

/** Milliseconds before a hanging write counts as failed in these tests (production: KV_TIMEOUT_MS). */
const TEST_TIMEOUT_MS = 20;

/** The KV binding with writes (put/delete) misbehaving as `how` says when `fails(n)` says so for the n-th write. */
function faulty(fails: (n: number) => boolean, how: WriteFault = "fails"): { kv: Kv; namespace: KVNamespace; writes: () => number } {
  let n = 0;
  const namespace = new Proxy(env.CONTENT, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop !== "put" && prop !== "delete") return value.bind(target);
      return async (...args: unknown[]) => {
        n++;
        if (!fails(n)) return value.apply(target, args);
        if (how === "hangs") return new Promise<never>(() => undefined);
        if (how === "lands-then-fails") await value.apply(target, args);
        throw new Error(`injected failure of ${String(prop)} #${n}`);
      };
    },
  });
  return { kv: new Kv(namespace, { timeoutMs: TEST_TIMEOUT_MS }), namespace, writes: () => n };
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

/**
 * What a publish told its caller: done; nothing changed (rolled back); or that the partial change could
 * not be undone at once, so the repair pass settles it (to the old or the new version) and the caller
 * should check before retrying. Only the last may end either way; none may end half-applied.
 */
type Outcome = "success" | "failure" | "unsettled";

function outcomeOf(message: string): Outcome {
  if (message.includes("nothing changed")) return "failure";
  if (message.includes("could not be undone at once")) return "unsettled";
  throw new Error(`a 503 that says neither "nothing changed" nor "could not be undone": ${message}`);
}

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

    const tally: Record<Outcome, number> = { success: 0, failure: 0, unsettled: 0 };
    const modes = [
      { name: "single", how: "fails" },
      { name: "outage", how: "fails" },
      { name: "single", how: "lands-then-fails" },
      { name: "outage", how: "lands-then-fails" },
      { name: "single", how: "hangs" },
    ] as const;
    for (const { name: mode, how } of modes) {
      for (let point = 1; point <= points; point++) {
        const slug = `fault-${mode}-${how}-${point}`;
        const a = await versionA(slug);
        const b = await versionB(slug);
        await replace(healthy, a);
        const storage = faulty((n) => (mode === "single" ? n === point : n >= point), how);
        let outcome: Outcome;
        try {
          await replace(storage.kv, b);
          outcome = "success";
        } catch (error) {
          expect(error, `${mode} ${how} fault at write ${point}`).toBeInstanceOf(HttpError);
          expect((error as HttpError).status).toBe(503);
          outcome = outcomeOf((error as HttpError).message);
        }
        tally[outcome]++;
        await repairAll(healthy, afterStale());
        const state = await stateOf(slug);
        const label = `${mode} ${how} fault at write ${point}, reported ${outcome}`;
        if (outcome === "unsettled") expect([expectedState(a), expectedState(b)], label).toContainEqual(state);
        else expect(state, label).toEqual(expectedState(outcome === "success" ? b : a));
        await expectFeedsCurrent(a, b);
      }
    }
    console.log(
      `faults: ${points} write points x ${modes.length} modes = ${points * modes.length} scenarios; answered success ${tally.success}, nothing changed ${tally.failure}, check before retrying ${tally.unsettled}`,
    );
    expect(await keysUnder("journal:")).toEqual([]);
    expect(await keysUnder("dirty:")).toEqual([]);
  }, 300_000);

  it("through the API: a write failing at any point is answered 503 (never 2xx) or 2xx with the change made, and the site is consistent", async () => {
    const probeSlug = "api-fault-probe";
    await replace(healthy, await versionA(probeSlug));
    const probe = faulty(() => false);
    const body = article({ headline: "Version B", section: "science", tags: ["faults"], published: "2026-11-19T07:00:00Z" });
    const send = async (namespace: KVNamespace, slug: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`${ORIGIN}/api/articles/${slug}`, {
          method: "PUT",
          body: JSON.stringify(body),
          headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        }),
        { ...env, CONTENT: namespace },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      forgetConfig();
      return res;
    };
    expect((await send(probe.namespace, probeSlug)).status).toBe(200);
    const points = probe.writes();
    for (let point = 1; point <= points; point++) {
      const slug = `api-fault-${point}`;
      const a = await versionA(slug);
      await replace(healthy, a);
      const res = await send(faulty((n) => n === point).namespace, slug);
      const answer = (await res.json()) as { error?: string; version?: string };
      expect([200, 503], `fault at write ${point}`).toContain(res.status);
      const outcome = res.status === 200 ? "success" : outcomeOf(answer.error ?? "");
      if (res.status === 503) {
        expect(res.headers.get("Retry-After")).not.toBeNull();
        expect(answer.version).toBeUndefined();
      }
      await repairAll(healthy, afterStale());
      const stored = await healthy.getJson<ArticleRecord>(keys.article(slug));
      const label = `fault at write ${point}, answered ${res.status}: ${outcome}`;
      if (outcome === "success") expect(stored?.version, label).toBe(answer.version);
      else if (outcome === "failure") expect(stored?.version, label).toBe(a.version);
      else
        expect(
          [a.version, (await record(slug, { headline: "Version B", section: "science", tags: ["faults"], published: "2026-11-19T07:00:00Z" })).version],
          label,
        ).toContain(stored?.version);
      expect((await stateOf(slug)).journal).toBe(0);
    }
    console.log(`faults through the API: ${points} write points = ${points} scenarios`);
  }, 120_000);

  it("a failing read before the first write (the stored version, the site config, media) is a 503 and writes nothing", async () => {
    for (const failing of [keys.article("read-fault-story"), keys.site(), keys.media("harbour-flood-wall.svg")]) {
      const plan = faultyNamespace(env.CONTENT, { fault: "fail", operations: ["get", "list"], keys: (k) => k === failing || k.split(",").includes(failing) });
      forgetConfig();
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`${ORIGIN}/api/articles/read-fault-story`, {
          method: "PUT",
          body: JSON.stringify(article({ image: { media: "harbour-flood-wall.svg", alt: "A wall", width: 1200, height: 675 } })),
          headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        }),
        { ...env, CONTENT: plan.namespace },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      forgetConfig();
      expect(res.status, failing).toBe(503);
      expect(plan.writes, failing).toEqual([]);
      expect(await env.CONTENT.get(keys.article("read-fault-story")), failing).toBeNull();
    }
  });

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
    console.log(`faults: a policy change has ${points} write points = ${points} scenarios`);
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

// KV failing under the single writer. A change is committed in the writer's storage before anything is
// written to KV, so a publish whose KV writes fail still happened (the API shows it, the answer says the
// projection is pending); readers keep the previous consistent version, never a pointer whose blobs are
// missing; and the writer's alarm writes the rest once KV answers again. A refused change writes nothing.
// Faults are injected by running a second Newsroom on the writer's own storage over a faulty namespace
// (tests/support/worker.ts envWithWriterOver), so production code carries no test hooks.

import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DomainPolicy } from "../../src/policy/types.ts";
import type { FeedBlob, ListingEntry, Pointer } from "../../src/store/format.ts";
import { type Fault, faultyNamespace } from "../support/faulty-kv.ts";
import {
  MIRROR,
  api,
  articleInput,
  envWithWriterOver,
  everything,
  feedSlugs,
  fetchWith,
  forgetReads,
  json,
  listingSlugs,
  publish,
  settled,
  visit,
  writer,
} from "../support/worker.ts";

/** A failing KV call gives up after this long (production: KV_TIMEOUT_MS, 5 s): the tests need not wait. */
const FAST = { KV_TIMEOUT_MS: "50" } as Partial<Env>;

interface Written {
  slug: string;
  version: string;
  projection?: string;
  code?: string;
}

interface Refusal {
  code: string;
  error: string;
  problems?: { field: string; code?: string }[];
}

/** The writer over a namespace whose puts misbehave as `fault` says, for the keys `keys` picks. */
function writerWithFaultyPuts(fault: Fault, keys?: (key: string) => boolean) {
  const kv = faultyNamespace(env.CONTENT, { fault, operations: ["put", "delete"], ...(keys ? { keys } : {}) });
  return { kv, env: envWithWriterOver(kv.namespace, FAST) };
}

/** No change is waiting and no alarm is set: nothing reaches KV behind a test's back. */
async function quiet(): Promise<void> {
  await settled();
  while (await runDurableObjectAlarm(writer())) await settled();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The pointer readers get from KV now. */
async function pointerInKv(): Promise<Pointer | null> {
  return env.CONTENT.get<Pointer>("pointer", "json");
}

/** Every blob the pointer in KV names (article and listing shards, records, chunks, feeds, days, tags) that KV does not hold. */
async function missingBlobs(): Promise<string[]> {
  const pointer = await pointerInKv();
  if (!pointer) return ["pointer"];
  const missing: string[] = [];
  const read = async <T>(hash: string): Promise<T | null> => {
    const value = await env.CONTENT.get<T>(`b:${hash}`, "json");
    if (value === null) missing.push(hash);
    return value;
  };
  for (const shard of pointer.articles) {
    const refs = await read<Record<string, { h: string }>>(shard);
    for (const ref of Object.values(refs ?? {})) await read(ref.h);
  }
  for (const shard of pointer.listings) {
    const entries = await read<Record<string, ListingEntry>>(shard);
    for (const entry of Object.values(entries ?? {})) {
      for (const chunk of entry.c) await read(chunk.h);
      if (entry.f) await read<FeedBlob>(entry.f);
    }
  }
  await read(pointer.days);
  await read(pointer.tags);
  return missing;
}

/** What a reader sees of one story: its page's headline (or the status), and whether each listing and feed shows it. */
async function readerView(slug: string, section: string, tag: string) {
  forgetReads();
  const page = await visit(`/articles/${slug}`);
  const headline = page.status === 200 ? (/<h1>([^<]*)<\/h1>/.exec(await page.text())?.[1] ?? "") : String(page.status);
  const inList = async (slugs: Promise<string[]>) => (await slugs).includes(slug);
  return {
    headline,
    onMirror: (await visit(`/articles/${slug}`, { host: MIRROR })).status,
    section: await inList(listingSlugs(`/section/${section}`)),
    sectionFeed: await inList(feedSlugs(`/section/${section}`)),
    tag: await inList(listingSlugs(`/tag/${tag}`)),
    tagFeed: await inList(feedSlugs(`/tag/${tag}`)),
    siteFeed: await inList(feedSlugs("/")),
  };
}

const shown = (headline: string) => ({ headline, onMirror: 200, section: true, sectionFeed: true, tag: true, tagFeed: true, siteFeed: true });

async function storedHeadline(slug: string): Promise<string> {
  const res = await api("GET", `/api/articles/${slug}`);
  expect(res.status).toBe(200);
  return (await json<{ headline: string }>(res)).headline;
}

// Every injected failure is logged as an error or a warning by the writer; keep the output readable.
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterAll(() => vi.restoreAllMocks());

describe("a publish whose KV writes fail", () => {
  it("is committed and says the projection is pending; readers keep the previous version until the alarm writes it", async () => {
    await publish("outage-story", articleInput({ headline: "Outage story, first version", tags: ["outage-check"] }));
    await quiet();
    const pointerBefore = await env.CONTENT.get("pointer", "text");
    expect(await readerView("outage-story", "news", "outage-check")).toEqual(shown("Outage story, first version"));

    const outage = writerWithFaultyPuts("fail");
    const res = await fetchWith(outage.env, "PUT", "/api/articles/outage-story", {
      body: articleInput({ headline: "Outage story, second version", tags: ["outage-check"] }),
    });
    expect(res.status).toBe(200);
    const written = await json<Written>(res);
    expect(written.projection).toBe("pending");
    expect(res.headers.get("ETag")).toBe(`"${written.version}"`);
    expect(outage.kv.hits.put).toBeGreaterThan(0);
    expect(outage.kv.writes).toEqual([]);

    // The change happened: the API shows it at once.
    const stored = await api("GET", "/api/articles/outage-story");
    expect(stored.headers.get("ETag")).toBe(`"${written.version}"`);
    expect((await json<{ headline: string }>(stored)).headline).toBe("Outage story, second version");
    // Readers keep the previous pointer, whose blobs are all there, and see the first version everywhere.
    expect(await env.CONTENT.get("pointer", "text")).toBe(pointerBefore);
    expect(await missingBlobs()).toEqual([]);
    expect(await readerView("outage-story", "news", "outage-check")).toEqual(shown("Outage story, first version"));
    // Monitors see the backlog.
    const healthAnswer = await visit("/healthz");
    expect(healthAnswer.status).toBe(503);
    const health = await json<{ problems: string[]; writer: { blobsPending: number } }>(healthAnswer);
    expect(health.writer.blobsPending).toBeGreaterThan(0);
    expect(health.problems.filter((p) => p.startsWith("KV refuses the writer's projection"))).toHaveLength(1);

    // KV answers again: the alarm the failure set writes the blobs, then the pointer.
    expect(await runDurableObjectAlarm(writer())).toBe(true);
    expect((await writer().health()).blobsPending).toBe(0);
    await settled();
    expect(await missingBlobs()).toEqual([]);
    expect(await readerView("outage-story", "news", "outage-check")).toEqual(shown("Outage story, second version"));
    expect((await json<{ writer: { blobsPending: number } }>(await visit("/healthz"))).writer.blobsPending).toBe(0);
  });

  it("failing at any one KV write, or from any write on, never leaves readers a pointer whose blobs are missing", async () => {
    let version = 0;
    await publish("partial-story", articleInput({ headline: `Partial story ${version}`, tags: ["partial-check"] }));
    const scenarios: string[] = [];
    for (const mode of ["one write", "from that write on"] as const) {
      for (let point = 0; ; point++) {
        await quiet();
        // The point-th distinct key this publish writes fails (every retry of it), or every key from it on.
        const order: string[] = [];
        const faulty = writerWithFaultyPuts("fail", (key) => {
          if (!order.includes(key)) order.push(key);
          const index = order.indexOf(key);
          return mode === "one write" ? index === point : index >= point;
        });
        version++;
        const res = await fetchWith(faulty.env, "PUT", "/api/articles/partial-story", {
          body: articleInput({ headline: `Partial story ${version}`, tags: ["partial-check"], section: version % 2 ? "science" : "news" }),
        });
        const label = `${mode}: key ${point} of ${order.length} fails`;
        expect(res.status, label).toBe(200);
        expect(await storedHeadline("partial-story"), label).toBe(`Partial story ${version}`);
        expect(await missingBlobs(), label).toEqual([]);
        if (point >= order.length) {
          // No key failed: this publish went through untouched, which ends the scenarios of this mode.
          expect((await json<Written>(res)).projection, label).toBeUndefined();
          break;
        }
        scenarios.push(label);
        // The writer answers once the pointer is in KV; whichever write failed, the pointer is not yet.
        expect((await json<Written>(res)).projection, label).toBe("pending");
        const before = version % 2 ? "news" : "science";
        expect(await readerView("partial-story", before, "partial-check"), label).toEqual(shown(`Partial story ${version - 1}`));
        expect(await runDurableObjectAlarm(writer()), label).toBe(true);
        await settled();
        expect(await missingBlobs(), label).toEqual([]);
        const after = version % 2 ? "science" : "news";
        expect(await readerView("partial-story", after, "partial-check"), label).toEqual(shown(`Partial story ${version}`));
        expect((await readerView("partial-story", before, "partial-check")).section, label).toBe(false);
      }
    }
    // A publish writes a reader record, shards, chunks and feeds: each was a fault point.
    expect(scenarios.length).toBeGreaterThan(10);
    console.log(`writer faults: ${scenarios.length} scenarios, readers always on a complete version`);
  }, 120_000);

  it("the pointer write failing leaves readers on the previous pointer; the alarm writes it", async () => {
    await publish("pointer-story", articleInput({ headline: "Pointer story one", tags: ["pointer-check"] }));
    await quiet();
    // The pointer may be written once a second: wait, so this publish tries to write it.
    await sleep(1_100);
    const before = await env.CONTENT.get("pointer", "text");
    const faulty = writerWithFaultyPuts("fail", (key) => key === "pointer");
    const res = await fetchWith(faulty.env, "PUT", "/api/articles/pointer-story", {
      body: articleInput({ headline: "Pointer story two", tags: ["pointer-check"] }),
    });
    expect(res.status).toBe(200);
    expect(faulty.kv.hits.put).toBeGreaterThan(0);
    expect(await env.CONTENT.get("pointer", "text")).toBe(before);
    expect(await missingBlobs()).toEqual([]);
    expect(await readerView("pointer-story", "news", "pointer-check")).toEqual(shown("Pointer story one"));
    expect(await runDurableObjectAlarm(writer())).toBe(true);
    await settled();
    expect(await readerView("pointer-story", "news", "pointer-check")).toEqual(shown("Pointer story two"));
  });

  it("a pointer write that lands but is reported failed is written again, and readers see the new version", async () => {
    await quiet();
    await sleep(1_100);
    const faulty = writerWithFaultyPuts("applied-then-fail", (key) => key === "pointer");
    const res = await fetchWith(faulty.env, "PUT", "/api/articles/pointer-story", {
      body: articleInput({ headline: "Pointer story three", tags: ["pointer-check"] }),
    });
    expect(res.status).toBe(200);
    expect(faulty.kv.writes).toContain("pointer");
    expect(await missingBlobs()).toEqual([]);
    expect((await readerView("pointer-story", "news", "pointer-check")).headline).toBe("Pointer story three");
    // The writer does not count a write it was told failed: the alarm writes the pointer again.
    expect((await writer().health()).pointerPending).toBeGreaterThan(0);
    await settled();
    expect((await writer().health()).pointerPending).toBeUndefined();
    expect(await readerView("pointer-story", "news", "pointer-check")).toEqual(shown("Pointer story three"));
  });
});

describe("a refused change", () => {
  it("writes nothing at all: not the writer's storage, not the audit log, not KV (invalid input, failed preconditions, unknown story)", async () => {
    await publish("refused-story", articleInput({ headline: "Refused story" }));
    const current = (await api("GET", "/api/articles/refused-story")).headers.get("ETag") ?? "";
    const cases: [string, () => Promise<Response>, number, string][] = [
      ["invalid input", () => api("PUT", "/api/articles/refused-story", { body: articleInput({ headline: "", section: "weather" }) }), 400, "invalid"],
      ["invalid patch", () => api("PATCH", "/api/articles/refused-story", { body: { authors: [] } }), 400, "invalid"],
      [
        "stale If-Match",
        () => api("PUT", "/api/articles/refused-story", { body: articleInput({ headline: "Stale" }), headers: { "If-Match": '"0000000000000000000000aa"' } }),
        412,
        "precondition_failed",
      ],
      [
        "If-None-Match on a stored story",
        () => api("PUT", "/api/articles/refused-story", { body: articleInput(), headers: { "If-None-Match": "*" } }),
        412,
        "precondition_failed",
      ],
      [
        "If-Match on no story",
        () => api("PUT", "/api/articles/never-stored", { body: articleInput(), headers: { "If-Match": "*" } }),
        412,
        "precondition_failed",
      ],
      [
        "stale If-Match on a delete",
        () => api("DELETE", "/api/articles/refused-story", { headers: { "If-Match": '"0000000000000000000000aa"' } }),
        412,
        "precondition_failed",
      ],
      ["patch of no story", () => api("PATCH", "/api/articles/never-stored", { body: { headline: "x" } }), 404, "not_found"],
      ["delete of no story", () => api("DELETE", "/api/articles/never-stored"), 404, "not_found"],
    ];
    await settled();
    const before = await everything();
    for (const [label, request, status, code] of cases) {
      const res = await request();
      expect(res.status, label).toBe(status);
      expect((await json<Refusal>(res)).code, label).toBe(code);
      const after = await everything();
      expect(after.storage, label).toEqual(before.storage);
      expect(after.kv, label).toEqual(before.kv);
    }
    expect((await api("GET", "/api/articles/refused-story")).headers.get("ETag")).toBe(current);
  }, 60_000);

  it("with KV failing, is refused the same way and does not even try KV", async () => {
    await quiet();
    const before = await everything();
    const outage = writerWithFaultyPuts("fail");
    const res = await fetchWith(outage.env, "PUT", "/api/articles/refused-story", { body: articleInput({ status: "live" }) });
    expect(res.status).toBe(400);
    const body = await json<Refusal>(res);
    expect(body.code).toBe("invalid");
    expect(body.problems?.map((p) => p.field)).toEqual(["status"]);
    expect(outage.kv.hits.put).toBe(0);
    const after = await everything();
    expect(after.storage).toEqual(before.storage);
    expect(after.kv).toEqual(before.kv);
  });
});

describe("media and policy changes with KV failing", () => {
  const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="), (c) => c.charCodeAt(0));

  it("a media upload whose bytes KV does not take is 503 storage_unavailable and not recorded; the same upload later works", async () => {
    await quiet();
    const outage = writerWithFaultyPuts("fail");
    const storageBefore = (await everything()).storage;
    const res = await fetchWith(outage.env, "PUT", "/api/media/outage-photo.png", { raw: PNG, headers: { "Content-Type": "image/png" } });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).not.toBeNull();
    expect((await json<Refusal>(res)).code).toBe("storage_unavailable");
    expect((await everything()).storage).toEqual(storageBefore);
    const listed = await json<{ media: { name: string }[] }>(await api("GET", "/api/media?limit=1000"));
    expect(listed.media.map((m) => m.name)).not.toContain("outage-photo.png");
    expect((await visit("/media/outage-photo.png")).status).toBe(404);

    const again = await api("PUT", "/api/media/outage-photo.png", { raw: PNG, headers: { "Content-Type": "image/png" } });
    expect(again.status).toBe(201);
    expect((await visit("/media/outage-photo.png")).status).toBe(200);
  });

  it("a media delete KV does not take is 503 storage_unavailable and the file stays recorded and served", async () => {
    const outage = writerWithFaultyPuts("fail");
    const res = await fetchWith(outage.env, "DELETE", "/api/media/outage-photo.png");
    expect(res.status).toBe(503);
    expect((await json<Refusal>(res)).code).toBe("storage_unavailable");
    const listed = await json<{ media: { name: string }[] }>(await api("GET", "/api/media?limit=1000"));
    expect(listed.media.map((m) => m.name)).toContain("outage-photo.png");
    expect((await visit("/media/outage-photo.png")).status).toBe(200);
  });

  it("a policy change whose pointer KV refuses is in force for the API at once and for readers once the alarm writes it", async () => {
    const deployed = JSON.parse(JSON.stringify(env.DOMAIN_POLICY)) as DomainPolicy;
    const gbToMirrorTwo: DomainPolicy = {
      ...deployed,
      rules: deployed.rules.map((r) => (r.countries?.includes("GB") ? { ...r, hosts: ["mirror-two.localhost:8787"] } : r)),
    };
    await quiet();
    await sleep(1_100);
    const outage = writerWithFaultyPuts("fail");
    const res = await fetchWith(outage.env, "PUT", "/api/policy", { body: gbToMirrorTwo });
    expect(res.status).toBe(200);
    const { version } = await json<{ version: string }>(res);
    expect(outage.kv.hits.put).toBeGreaterThan(0);
    const live = await api("GET", "/api/policy");
    expect(live.headers.get("ETag")).toBe(`"${version}"`);
    forgetReads();
    const gb = await visit("/", { country: "GB" });
    expect(gb.headers.get("Location")).toBe("http://uk.localhost:8787/");
    expect(await runDurableObjectAlarm(writer())).toBe(true);
    await settled();
    const moved = await visit("/", { country: "GB" });
    expect(moved.status).toBe(302);
    expect(moved.headers.get("Location")).toBe("http://mirror-two.localhost:8787/");
    expect((await api("DELETE", "/api/policy")).status).toBe(200);
    await settled();
  });
});

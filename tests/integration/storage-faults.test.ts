// Readers under storage faults: KV failing, hanging past the Worker's timeout, or returning corrupt
// JSON, injected through a copy of env. Every page, feed and sitemap then serves its last good copy
// when one exists, or a friendly 503 with Retry-After; never a 500, never internals. Damaged records
// and listing entries are logged and skipped, and damaged feed snapshots are rebuilt.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { forgetConfig } from "../../src/store/config.ts";
import { keys } from "../../src/store/keys.ts";
import { type Fault, type FaultPlan, faultyNamespace } from "../support/faulty-kv.ts";
import { assertWellFormed } from "../support/xml.ts";
import { TOKEN } from "./api-helpers.ts";

const ORIGIN = "http://news.localhost:8787";
const INTERNALS = /\bat [\w.<>]+ \(|\.ts:\d+|StorageError|TypeError|injected KV|KV (get|list|put)|article:|feed:|idx:|corrupt/;

/** Every response kept in the page cache: pages, feeds and sitemaps. */
const CACHED = [
  "/",
  "/articles/city-marathon-sets-participation-record",
  "/section/news",
  "/section/news/middle-east",
  "/tag/water",
  "/author/amira-haddad",
  "/mirrors",
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
  "/section/business/feed.xml",
  "/tag/climate/atom.xml",
  "/sitemap.xml",
  "/sitemaps/pages.xml",
  "/sitemaps/news.xml",
];

const FAULTS: Fault[] = ["fail", "timeout", "corrupt"];

let logs: string[] = [];

beforeAll(() => {
  vi.spyOn(console, "log").mockImplementation((line: unknown) => void logs.push(String(line)));
  vi.spyOn(console, "warn").mockImplementation((line: unknown) => void logs.push(String(line)));
  vi.spyOn(console, "error").mockImplementation((line: unknown) => void logs.push(String(line)));
});
afterAll(() => vi.restoreAllMocks());
beforeEach(() => {
  logs = [];
});

/** A request through the Worker with KV behaving as `plan` says (and a 50 ms KV timeout), from a fresh isolate's view. */
async function fetchWith(plan: FaultPlan | undefined, path: string, init: RequestInit = {}): Promise<Response> {
  forgetConfig();
  const namespace = plan ? faultyNamespace(env.CONTENT, plan).namespace : env.CONTENT;
  const ctx = createExecutionContext();
  const request = new Request(`${ORIGIN}${path}`, { ...init, cf: { country: "US" } } as RequestInit);
  const res = await worker.fetch(request, { ...env, CONTENT: namespace, KV_TIMEOUT_MS: "50" }, ctx);
  await waitOnExecutionContext(ctx);
  forgetConfig();
  return res;
}

/** The request log line of a response, parsed. */
function requestLog(res: Response): Record<string, unknown> {
  const id = res.headers.get("X-Request-Id");
  const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === "request" && l.requestId === id);
  if (!line) throw new Error(`no request log line for ${id}`);
  return line;
}

async function expectFriendly503(res: Response, label: string): Promise<void> {
  expect(res.status, label).toBe(503);
  expect(res.headers.get("Retry-After"), label).toBe("30");
  expect(res.headers.get("Cache-Control"), label).toBe("no-store");
  const body = await res.text();
  expect(body, label).not.toMatch(INTERNALS);
  if (res.headers.get("Content-Type")?.startsWith("text/html")) expect(body, label).toContain("Please try again in a minute");
}

describe("before any copy is kept: a friendly 503 with Retry-After", () => {
  for (const fault of FAULTS) {
    it(`KV ${fault}: every page, feed and sitemap`, async () => {
      for (const path of CACHED) {
        // Under "corrupt" listings still read their entries' metadata; what breaks is the site config.
        await expectFriendly503(await fetchWith({ fault }, path), `${fault} ${path}`);
      }
    });
  }
});

describe("with a last good copy: the copy, byte for byte", () => {
  const good = new Map<string, string>();
  beforeAll(async () => {
    for (const path of CACHED) {
      const res = await fetchWith(undefined, path);
      expect(res.status, path).toBe(200);
      good.set(path, await res.text());
    }
  });

  for (const fault of FAULTS) {
    it(`KV ${fault}: every page, feed and sitemap is its last good copy, logged as STALE-IF-ERROR`, async () => {
      for (const path of CACHED) {
        const res = await fetchWith({ fault }, path);
        expect(res.status, `${fault} ${path}`).toBe(200);
        expect(await res.text(), `${fault} ${path}`).toBe(good.get(path));
        expect(res.headers.get("Cache-Control"), path).not.toContain("86400");
        expect(res.headers.get("X-Edge-Stored-At"), path).toBeNull();
        expect(requestLog(res).cache, path).toBe("STALE-IF-ERROR");
      }
    });
  }

  it("a failing KV list alone (listings, sitemaps) also falls back to the copy", async () => {
    for (const path of ["/", "/section/news", "/tag/water", "/sitemap.xml"]) {
      const res = await fetchWith({ fault: "fail", operations: ["list"] }, path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(good.get(path));
    }
  });
});

describe("responses that keep no copy", () => {
  for (const fault of FAULTS) {
    it(`KV ${fault}: media ${fault === "corrupt" ? "are bytes, not JSON: served" : "answer 503 with Retry-After"}; robots.txt, mirrors.json and the favicon need no storage`, async () => {
      const media = await fetchWith({ fault }, "/media/harbour-flood-wall.svg");
      if (fault === "corrupt") expect(media.status).toBe(200);
      else await expectFriendly503(media, `${fault} media`);
      for (const path of ["/robots.txt", "/.well-known/mirrors.json", "/favicon.svg"]) expect((await fetchWith({ fault }, path)).status, path).toBe(200);
    });

    it(`KV ${fault}: an unknown address stays a 404 (a plain one when the 404 page cannot be built)`, async () => {
      const res = await fetchWith({ fault }, "/no-such-page-under-fault");
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("We could not find that page");
    });
  }

  for (const fault of ["fail", "timeout"] as const) {
    it(`KV ${fault}: /healthz says unavailable with Retry-After and nothing about how storage is set up`, async () => {
      const res = await fetchWith({ fault }, "/healthz");
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("30");
      expect(await res.json()).toEqual({ status: "unavailable", message: "Storage is not answering." });
      const logged = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === "health check: storage unreachable");
      expect(logged?.error).toMatch(/KV get config:generation: (failed|timeout)/);
    });
  }

  it("/healthz answers ok while storage answers, even with damaged values (reachability is what it checks)", async () => {
    for (const plan of [undefined, { fault: "corrupt" as const }]) {
      const res = await fetchWith(plan, "/healthz");
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    }
  });

  it("the API reports storage that is not answering as 503 JSON, never as success", async () => {
    for (const fault of ["fail", "timeout"] as const) {
      const res = await fetchWith({ fault }, "/api/articles", { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("30");
      expect(((await res.json()) as { error: string }).error).toContain("Storage is not answering");
    }
  });
});

describe("damaged data is logged and skipped", () => {
  it("a record of the wrong shape in a feed is skipped and the feed stays well-formed", async () => {
    await env.CONTENT.put(keys.article("city-marathon-sets-participation-record"), JSON.stringify({ article: { headline: 7 } }));
    await env.CONTENT.delete(keys.feed("section:sport"));
    await env.CONTENT.put(keys.generation(), `fault-${Date.now()}`);
    const res = await fetchWith(undefined, "/section/sport/feed.xml");
    expect(res.status).toBe(200);
    const text = await res.text();
    assertWellFormed(text);
    expect(text).not.toContain("city-marathon-sets-participation-record");
    // Its own page: the record counts as corrupt, so the last good copy is served, and the damage is logged.
    const page = await fetchWith(undefined, "/articles/city-marathon-sets-participation-record");
    expect(page.status).toBe(200);
    expect(requestLog(page).cache).toBe("STALE-IF-ERROR");
    expect(logs.some((l) => l.includes("article record has the wrong shape"))).toBe(true);
  });

  it("a corrupt record in a feed rebuild is skipped and logged", async () => {
    await env.CONTENT.put(keys.article("night-bus-network-extended-to-eastern-suburbs"), "{not json");
    await env.CONTENT.delete(keys.feed("latest"));
    await env.CONTENT.put(keys.generation(), `fault-${Date.now()}`);
    const res = await fetchWith(undefined, "/feed.json");
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("night-bus-network-extended-to-eastern-suburbs");
    expect(logs.some((l) => l.includes("feed: corrupt record skipped") && l.includes("night-bus-network"))).toBe(true);
  });

  it("a corrupt feed snapshot is rebuilt from the index and replaced", async () => {
    await env.CONTENT.put(keys.feed("section:culture"), "{damaged");
    await env.CONTENT.put(keys.generation(), `fault-${Date.now()}`);
    const res = await fetchWith(undefined, "/section/culture/atom.xml");
    expect(res.status).toBe(200);
    assertWellFormed(await res.text());
    expect(logs.some((l) => l.includes("feed snapshot corrupt; rebuilding it"))).toBe(true);
    const stored = (await env.CONTENT.get(keys.feed("section:culture"), "json")) as { items: unknown[] };
    expect(stored.items.length).toBeGreaterThan(0);
  });

  it("a listing entry with unreadable metadata is skipped; the rest of the page is there", async () => {
    const bad = `${keys.indexPrefix("section:science")}9999999999999:garbled-entry`;
    await env.CONTENT.put(bad, "", { metadata: { h: 42 } });
    await env.CONTENT.put(keys.generation(), `fault-${Date.now()}`);
    const res = await fetchWith(undefined, "/section/science");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).not.toContain("garbled-entry");
    expect(page).toContain('href="/articles/');
    expect(logs.some((l) => l.includes("listing entry skipped") && l.includes("garbled-entry"))).toBe(true);
    await env.CONTENT.delete(bad);
  });

  it("the API's article list skips an entry whose metadata is unreadable, and says so in the log", async () => {
    await env.CONTENT.put(keys.article("garbled-metadata"), "{}", { metadata: { section: 5 } });
    const res = await fetchWith(undefined, "/api/articles?limit=1000", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { articles: { slug: string }[] };
    expect(list.articles.map((a) => a.slug)).not.toContain("garbled-metadata");
    expect(list.articles.length).toBeGreaterThan(10);
    expect(logs.some((l) => l.includes("entry with unreadable metadata skipped") && l.includes("garbled-metadata"))).toBe(true);
  });
});

// Readers under storage faults: KV failing, hanging past the Worker's timeout, or returning corrupt
// values, injected through a copy of env (production code has no test hooks). What must hold:
// - a reader never sees a stack trace or internals;
// - when the pointer cannot be read, the isolate's last pointer (or the data centre's copy) is used,
//   never the deployed policy in place of a live one; with neither, a 503;
// - when a blob cannot be read, the last good copy of a page stands in only if no story was withdrawn
//   since it was rendered; otherwise, or with no copy at all, a 503 with Retry-After.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { forgetBlobs } from "../../src/store/blobs.ts";
import { forgetPages } from "../../src/store/memory-cache.ts";
import { LAST_GOOD_SECONDS } from "../../src/store/page-cache.ts";
import { dcCopy } from "../../src/store/view.ts";
import { type Fault, type FaultPlan, faultyNamespace } from "../support/faulty-kv.ts";
import { api, articleInput, forgetReads, publish, settled, writer } from "../support/worker.ts";

const ORIGIN = "http://news.localhost:8787";
const INTERNALS = /\bat [\w.<>]+ \(|\.ts:\d+|StorageError|NotYetHere|TypeError|injected KV|KV (get|put|delete)|\bb:[0-9a-z]|pointer|corrupt/;
const FAULTS: Fault[] = ["fail", "timeout", "corrupt"];
const ACTOR = { id: "test", method: "TEST", path: "/tests" };

/** Pages, feeds and sitemaps: each is rendered from blobs and kept in the page cache. */
const RENDERED = [
  "/",
  "/articles/city-marathon-sets-participation-record",
  "/section/news",
  "/section/news/middle-east",
  "/tag/water",
  "/author/amira-haddad",
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
  "/section/business/feed.xml",
  "/tag/climate/atom.xml",
  "/sitemap.xml",
  "/sitemaps/pages.xml",
  "/sitemaps/news.xml",
];

let logs: string[] = [];

beforeAll(() => {
  for (const level of ["log", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void logs.push(String(line)));
});
afterAll(() => vi.restoreAllMocks());
beforeEach(() => {
  logs = [];
});

/**
 * A request through the Worker with KV behaving as `plan` says (and a 50 ms KV timeout). The isolate
 * keeps its pointer, as a running isolate does; its blobs and remembered pages are forgotten, so each
 * request reads storage or the Cache API.
 */
async function fetchWith(plan: FaultPlan | undefined, path: string, country = "US"): Promise<Response> {
  forgetBlobs();
  forgetPages();
  const namespace = plan ? faultyNamespace(env.CONTENT, plan).namespace : env.CONTENT;
  const ctx = createExecutionContext();
  const request = new Request(`${ORIGIN}${path}`, { cf: { country } } as RequestInit);
  const res = await worker.fetch(request, { ...env, CONTENT: namespace, KV_TIMEOUT_MS: "50" }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Loads the pointer in force into this isolate (and the data centre's cache), with storage working. */
async function loadPointer(): Promise<void> {
  const res = await fetchWith(undefined, "/robots.txt");
  expect(res.status).toBe(200);
  await res.text();
}

/** Moves the pointer on without withdrawing anything: a new story, nowhere near the pages tested. */
async function movePointerOn(slug: string): Promise<void> {
  await publish(
    slug,
    articleInput({ headline: `Unrelated ${slug}`, section: "culture", authors: ["farah-karimi"], tags: ["arts"], published: "2026-01-05T08:00:00Z" }),
  );
  await loadPointer();
}

/** The request log line of a response, parsed. */
function requestLog(res: Response): Record<string, unknown> {
  const id = res.headers.get("X-Request-Id");
  const line = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.message === "request" && l.requestId === id);
  if (!line) throw new Error(`no request log line for ${id}`);
  return line;
}

const logged = (message: string) => logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === message);

/** The answer when storage fails and nothing may stand in: a 503 page a reader understands, not cached. */
async function expectFriendly503(res: Response, label: string, retryAfter = "30"): Promise<string> {
  expect(res.status, label).toBe(503);
  expect(res.headers.get("Retry-After"), label).toBe(retryAfter);
  expect(res.headers.get("Cache-Control"), label).toBe("no-store");
  expect(res.headers.get("Content-Type"), label).toBe("text/html; charset=utf-8");
  const body = await res.text();
  expect(body, label).toContain("We cannot reach our story archive right now");
  expect(body, label).not.toMatch(INTERNALS);
  return body;
}

describe("nothing kept yet: a friendly 503 with Retry-After", () => {
  for (const fault of FAULTS) {
    it(`KV ${fault}: every page, feed and sitemap that was never rendered`, async () => {
      await loadPointer();
      for (const path of RENDERED) await expectFriendly503(await fetchWith({ fault }, path), `${fault} ${path}`);
    });
  }
});

describe("a last good copy stands in while no story was withdrawn since it was rendered", () => {
  const good = new Map<string, string>();
  beforeAll(async () => {
    await loadPointer();
    for (const path of RENDERED) {
      const res = await fetchWith(undefined, path);
      expect(res.status, path).toBe(200);
      good.set(path, await res.text());
    }
    // A newer pointer: the copies above are no longer current, and must be rendered again.
    await movePointerOn("fault-unrelated-one");
  });

  for (const fault of FAULTS) {
    it(`KV ${fault}: every page, feed and sitemap is its last good copy, logged as STALE-IF-ERROR`, async () => {
      for (const path of RENDERED) {
        const label = `${fault} ${path}`;
        const res = await fetchWith({ fault }, path);
        expect(res.status, label).toBe(200);
        const body = await res.text();
        expect(body, label).toBe(good.get(path));
        expect(body, label).not.toMatch(INTERNALS);
        expect(res.headers.get("Cache-Control"), label).not.toContain(String(LAST_GOOD_SECONDS));
        expect(res.headers.get("X-Edge-Stored-At"), label).toBeNull();
        expect(requestLog(res).cache, label).toBe("STALE-IF-ERROR");
      }
    });
  }

  it("with blobs alone failing (the pointer reads), the copy stands in too", async () => {
    for (const path of ["/", "/section/news", "/tag/water", "/sitemap.xml"]) {
      const res = await fetchWith({ fault: "fail", keys: (key) => key.startsWith("b:") }, path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toBe(good.get(path));
    }
  });
});

describe("responses that keep no copy", () => {
  beforeAll(loadPointer);

  for (const fault of FAULTS) {
    it(`KV ${fault}: media ${fault === "corrupt" ? "are bytes, not JSON: served" : "answer 503 with Retry-After"}`, async () => {
      const media = await fetchWith({ fault }, "/media/harbour-flood-wall.svg");
      if (fault === "corrupt") {
        expect(media.status).toBe(200);
        expect(await media.text()).toMatch(/^<svg/);
      } else await expectFriendly503(media, `${fault} media`);
    });

    it(`KV ${fault}: what needs only the pointer is served (robots.txt, mirrors.json, the addresses page, the favicon)`, async () => {
      const shows: [string, string][] = [
        ["/robots.txt", "Sitemap: http://news.localhost:8787/sitemap.xml"],
        ["/.well-known/mirrors.json", '"url": "http://mirror-two.localhost:8787/"'],
        ["/mirrors", "<h1>Where to read The Meridian Courier</h1>"],
        ["/favicon.svg", "<svg"],
      ];
      for (const [path, text] of shows) {
        const res = await fetchWith({ fault }, path);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).toContain(text);
      }
    });

    it(`KV ${fault}: an unknown address stays a 404 (a plain one when the 404 page cannot be built)`, async () => {
      const res = await fetchWith({ fault }, "/no-such-page-under-fault");
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toContain("We could not find that page");
      expect(body).not.toMatch(INTERNALS);
    });
  }

  for (const fault of ["fail", "timeout"] as const) {
    it(`KV ${fault}: /healthz says KV is failing, with Retry-After and nothing about how storage is set up`, async () => {
      const res = await fetchWith({ fault }, "/healthz");
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("30");
      const text = await res.text();
      // The writer's counters (pointerWritten...) are the report's own fields; errors and keys are not in it.
      expect(text).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+|StorageError|injected KV|KV (get|put|delete)|\bb:[0-9a-z]/);
      const report = JSON.parse(text) as { status: string; kv: string; problems: string[] };
      expect(report.status).toBe("unhealthy");
      expect(report.kv).toBe("failing");
      expect(report.problems).toContain("KV is not answering");
      expect(logged("health check: KV unreachable")).toHaveLength(1);
    });
  }
});

describe("after a story is withdrawn, no copy rendered before is served", () => {
  const SLUG = "fault-withdrawn-story";
  const HEADLINE = "Fault withdrawn story headline";

  beforeAll(async () => {
    await publish(SLUG, articleInput({ headline: HEADLINE, section: "culture", authors: ["farah-karimi"], tags: ["arts"], published: "2026-11-26T08:00:00Z" }));
    await loadPointer();
    for (const path of [`/articles/${SLUG}`, "/", "/section/culture"]) {
      const res = await fetchWith(undefined, path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain(HEADLINE);
    }
    const deleted = await writer().deleteArticle(SLUG, {}, ACTOR);
    expect(deleted.ok).toBe(true);
    await settled();
    await loadPointer();
  });

  for (const fault of FAULTS) {
    it(`KV ${fault}: the story's page is not served (503), nor any listing that showed it`, async () => {
      const story = await fetchWith({ fault }, `/articles/${SLUG}`);
      expect([503, 404], "the withdrawn story").toContain(story.status);
      const body = await story.text();
      expect(body).not.toContain(HEADLINE);
      expect(body).not.toMatch(INTERNALS);
      for (const path of ["/", "/section/culture"]) {
        const listing = await expectFriendly503(await fetchWith({ fault }, path), `${fault} ${path}`);
        expect(listing, path).not.toContain(HEADLINE);
      }
    });
  }

  it("with storage back, the story is a 404 and the listings are rendered without it", async () => {
    const story = await fetchWith(undefined, `/articles/${SLUG}`);
    expect(story.status).toBe(404);
    expect(await story.text()).toContain("We could not find that page");
    const listing = await fetchWith(undefined, "/section/culture");
    expect(listing.status).toBe(200);
    const page = await listing.text();
    expect(page).toContain('href="/articles/philharmonic-opens-season-with-harbour-symphony"');
    expect(page).not.toContain(HEADLINE);
  });
});

describe("when the pointer cannot be read, the last one known stands in, never the deployed policy", () => {
  const ONE = "mirror-one.localhost:8787";
  const TWO = "mirror-two.localhost:8787";
  /** Every origin a test here may have asked through, so every copy the data centre may hold. */
  const dcCopies = () => (env.DOMAIN_POLICY as DomainPolicy).hosts.map((h) => dcCopy(`http://${h.host}`));

  // A live policy that retires mirror two and sends British readers to mirror one (the deployed one sends them to uk.).
  beforeAll(async () => {
    const deployed = env.DOMAIN_POLICY as DomainPolicy;
    const live: DomainPolicy = {
      ...deployed,
      hosts: deployed.hosts.filter((h) => h.host !== TWO),
      rules: [
        { name: "Main domain blocked", countries: ["CN", "IR", "RU"], hosts: [ONE] },
        { name: "UK readers on mirror one", countries: ["GB"], hosts: [ONE] },
      ],
    };
    const saved = await api("PUT", "/api/policy", { body: live });
    expect(saved.status).toBe(200);
    await settled();
    const res = await fetchWith(undefined, "/", "GB");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`http://${ONE}/`);
  });

  afterAll(async () => {
    const removed = await api("DELETE", "/api/policy");
    expect(removed.status).toBe(200);
    await settled();
  });

  async function expectLivePolicy(label: string): Promise<void> {
    const res = await fetchWith({ fault: "fail" }, "/", "GB");
    expect(res.status, label).toBe(302);
    expect(res.headers.get("Location"), label).toBe(`http://${ONE}/`);
    const mirrors = await fetchWith({ fault: "fail" }, "/.well-known/mirrors.json");
    expect(mirrors.status, label).toBe(200);
    const doc = await mirrors.text();
    expect(doc, label).toContain(`"url": "http://${ONE}/"`);
    expect(doc, label).not.toContain(TWO);
  }

  it("this isolate's last pointer: visitors are still sent where the live policy says", async () => {
    // Past the pointer's one-second memo, so the isolate asks KV again and KV fails.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await expectLivePolicy("isolate");
    expect(logged("pointer unreadable; using the last one seen").length).toBeGreaterThan(0);
  });

  it("a new isolate: the data centre's copy of the pointer", async () => {
    forgetReads();
    await expectLivePolicy("data centre");
    expect(logged("pointer unreadable; using this data centre's last copy").length).toBeGreaterThan(0);
  });

  it("no pointer anywhere: a 503, not the deployed policy's redirect", async () => {
    forgetReads();
    for (const copy of dcCopies()) await caches.default.delete(copy);
    const res = await fetchWith({ fault: "fail" }, "/", "GB");
    await expectFriendly503(res, "no pointer", "60");
    expect(res.headers.get("Location")).toBeNull();
    const mirrors = await fetchWith({ fault: "fail" }, "/.well-known/mirrors.json");
    expect(mirrors.status).toBe(503);
    expect(await mirrors.text()).not.toContain(TWO);
  });
});

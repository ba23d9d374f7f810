// Observability: one structured JSON log line per request (request id, method, host, path, status,
// region decision, cache status, duration in ms) for the sampled share (LOG_SAMPLE_RATE, "1" in the dev
// configuration), errors always logged with the context to find them, and nothing secret or
// line-breaking in any line.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { forgetBlobs } from "../../src/store/blobs.ts";
import { faultyNamespace } from "../support/faulty-kv.ts";
import { TOKEN, forgetReads } from "../support/worker.ts";

let lines: string[] = [];

beforeAll(() => {
  for (const level of ["log", "warn", "error"] as const) vi.spyOn(console, level).mockImplementation((line: unknown) => void lines.push(String(line)));
});
afterAll(() => vi.restoreAllMocks());
beforeEach(() => {
  lines = [];
});

async function send(path: string, init: RequestInit & { country?: string } = {}, changed: Partial<Env> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://news.localhost:8787${path}`, { ...init, cf: { country: init.country ?? "US" } } as RequestInit),
    { ...env, ...changed },
    ctx,
  );
  const body = await res.text();
  await waitOnExecutionContext(ctx);
  // The body is read before the log is checked; the caller gets a copy it can read.
  return new Response([101, 204, 205, 304].includes(res.status) ? null : body, res);
}

type Line = Record<string, unknown>;
const parsed = (): Line[] => lines.map((l) => JSON.parse(l) as Line);
const requestLines = (): Line[] => parsed().filter((l) => l.message === "request");

describe("one request log line per request", () => {
  it("a page: id (as in X-Request-Id), method, host, path, status, decision, cache status, duration", async () => {
    const res = await send("/section/news?utm_source=x");
    expect(res.status).toBe(200);
    const [line, ...more] = requestLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: "info",
      requestId: res.headers.get("X-Request-Id"),
      method: "GET",
      host: "news.localhost:8787",
      path: "/section/news",
      status: 200,
      country: "US",
      decision: "serve: no rule matches; the default serves the requested host",
    });
    expect(["MISS", "HIT", "STALE"]).toContain(line?.cache);
    expect(typeof line?.ms).toBe("number");
  });

  it("a page rendered once is then served whole from the cache (MISS, then HIT with the same body)", async () => {
    forgetReads();
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request("http://news.localhost:8787/section/science", { cf: { country: "US" } } as RequestInit), env, ctx);
      bodies.push(await res.text());
      await waitOnExecutionContext(ctx);
    }
    expect(requestLines().map((l) => l.cache)).toEqual(["MISS", "HIT", "HIT"]);
    expect(bodies[0]).toContain("<h1>Science</h1>");
    expect(bodies[1]).toBe(bodies[0]);
    expect(bodies[2]).toBe(bodies[0]);
  });

  it("a region redirect names the target host and the rule", async () => {
    await send("/articles/x", { country: "GB" });
    expect(requestLines()).toEqual([
      expect.objectContaining({ status: 302, country: "GB", decision: 'redirect uk.localhost:8787: rule 2 "UK edition" sends this region elsewhere' }),
    ]);
  });

  it("an API call records who made it (a token id, never the token) and HEAD its own method", async () => {
    const listed = await send("/api/articles?limit=1", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(listed.status).toBe(200);
    await send("/", { method: "HEAD" });
    const [api, head] = requestLines();
    expect(api).toMatchObject({ method: "GET", path: "/api/articles", status: 200 });
    expect(api?.actor).toMatch(/^token-[0-9a-f]{8}$/);
    expect(head).toMatchObject({ method: "HEAD", status: 200 });
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("a refused request (414, 431, 405, 404) is logged like any other", async () => {
    await send(`/${"a".repeat(9000)}`);
    await send("/", { headers: { "X-Padding": "p".repeat(9000) } });
    await send("/", { method: "DELETE" });
    await send("/no-such-page");
    expect(requestLines().map((l) => l.status)).toEqual([414, 431, 405, 404]);
  });

  it("hostile paths stay on one line: control characters are escaped by the JSON encoding", async () => {
    await send("/articles/%0d%0a%7B%22level%22:%22error%22%7D%00");
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\r\n\u0000]/);
    expect(requestLines()[0]?.path).toBe("/articles/%0d%0a%7B%22level%22:%22error%22%7D%00");
  });
});

describe("sampling", () => {
  it("LOG_SAMPLE_RATE 0 logs no request line, yet the page is served", async () => {
    const res = await send("/section/culture", {}, { LOG_SAMPLE_RATE: "0" });
    expect(res.status).toBe(200);
    expect(requestLines()).toEqual([]);
  });

  it("a sampled share notes its rate, so counts can be scaled back up", async () => {
    const random = vi.spyOn(Math, "random").mockReturnValue(0.1);
    try {
      await send("/section/culture", {}, { LOG_SAMPLE_RATE: "0.25" });
      random.mockReturnValue(0.9);
      await send("/section/culture", {}, { LOG_SAMPLE_RATE: "0.25" });
    } finally {
      random.mockRestore();
    }
    expect(requestLines()).toEqual([expect.objectContaining({ path: "/section/culture", status: 200, sampleRate: 0.25 })]);
  });
});

describe("errors are logged with their context", () => {
  it("a storage failure: request id, path, operation, key and reason, even when request lines are not sampled; the reader sees none of it", async () => {
    // The pointer is known here (a page was served); the blobs are not, and KV fails for each of them.
    expect((await send("/")).status).toBe(200);
    forgetBlobs();
    lines = [];
    const res = await send("/articles/never-rendered-story", {}, { LOG_SAMPLE_RATE: "0", CONTENT: faultyNamespace(env.CONTENT, { fault: "fail" }).namespace });
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("30");
    const page = await res.text();
    expect(page).toContain("We cannot reach our story archive right now");
    expect(page).not.toMatch(/StorageError|b:|at \w+ \(/);
    const failure = parsed().find((l) => l.message === "storage failure");
    expect(failure).toMatchObject({ level: "error", requestId: res.headers.get("X-Request-Id"), path: "/articles/never-rendered-story", reason: "failed" });
    expect(failure?.operation).toBe("get");
    expect(String(failure?.key)).toMatch(/^b:/);
    expect(requestLines()).toEqual([]);
  });

  it("an unexpected error: request id, path, the error and its stack, in the log only", async () => {
    expect((await send("/")).status).toBe(200);
    forgetBlobs();
    lines = [];
    // Every blob reads as JSON null: a shape no code path expects.
    const garbled = new Proxy(env.CONTENT, {
      get: (target, prop) =>
        prop === "get"
          ? async (key: string, options: unknown) => (key.startsWith("b:") ? "null" : target.get(key, options as KVNamespaceGetOptions<"text">))
          : (Reflect.get(target, prop, target) as (...a: unknown[]) => unknown).bind(target),
    });
    const res = await send("/tag/energy?v=log", {}, { CONTENT: garbled });
    expect(res.status).toBe(500);
    const page = await res.text();
    expect(page).toContain("Something went wrong");
    expect(page).not.toMatch(/TypeError|at \w+ \(|\.ts:\d+/);
    const failure = parsed().find((l) => l.message === "unhandled error");
    expect(failure).toMatchObject({ level: "error", requestId: res.headers.get("X-Request-Id"), path: "/tag/energy" });
    expect(String(failure?.error)).toMatch(/^TypeError: /);
    expect(String(failure?.stack)).toContain("at ");
    forgetBlobs();
  });
});

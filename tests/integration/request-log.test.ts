// Observability: exactly one structured JSON log line per request (request id, method, host, path,
// status, region decision, cache status, duration in ms), errors logged with the context to find them,
// and nothing secret or line-breaking in any line.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { forgetConfig } from "../../src/store/config.ts";
import { faultyNamespace } from "../support/faulty-kv.ts";
import { TOKEN } from "./api-helpers.ts";

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
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return res;
}

type Line = Record<string, unknown>;
const parsed = (): Line[] => lines.map((l) => JSON.parse(l) as Line);
const requestLines = (): Line[] => parsed().filter((l) => l.message === "request");

describe("one request log line per request", () => {
  it("a page: id (as in X-Request-Id), method, host, path, status, decision, cache status, duration", async () => {
    const res = await send("/section/news?utm_source=x");
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
    forgetConfig();
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request("http://news.localhost:8787/section/science", { cf: { country: "US" } } as RequestInit), env, ctx);
      bodies.push(await res.text());
      await waitOnExecutionContext(ctx);
    }
    expect(requestLines().map((l) => l.cache)).toEqual(["MISS", "HIT", "HIT"]);
    expect(bodies[0]).toContain("</html>");
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
    await send("/api/articles?limit=1", { headers: { Authorization: `Bearer ${TOKEN}` } });
    await send("/", { method: "HEAD" });
    const [api, head] = requestLines();
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

describe("errors are logged with their context", () => {
  it("a storage failure: request id, path, operation, key and reason; the reader sees none of it", async () => {
    forgetConfig();
    const res = await send("/articles/never-rendered-story", {}, { CONTENT: faultyNamespace(env.CONTENT, { fault: "fail" }).namespace });
    forgetConfig();
    expect(res.status).toBe(503);
    const failure = parsed().find((l) => l.message === "storage failure");
    expect(failure).toMatchObject({ level: "error", requestId: res.headers.get("X-Request-Id"), path: "/articles/never-rendered-story", reason: "failed" });
    expect(typeof failure?.operation).toBe("string");
    expect(typeof failure?.key).toBe("string");
    expect(requestLines()).toEqual([expect.objectContaining({ status: 503 })]);
  });

  it("an unexpected error: request id, path, the error and its stack, in the log only", async () => {
    forgetConfig();
    const garbled = new Proxy(env.CONTENT, {
      get: (target, prop) => (prop === "list" ? async () => ({}) : (Reflect.get(target, prop, target) as (...a: unknown[]) => unknown).bind(target)),
    });
    const res = await send("/tag/water?v=log", {}, { CONTENT: garbled });
    forgetConfig();
    expect(res.status).toBe(500);
    const failure = parsed().find((l) => l.message === "unhandled error");
    expect(failure).toMatchObject({ level: "error", requestId: res.headers.get("X-Request-Id"), path: "/tag/water" });
    expect(String(failure?.error)).toMatch(/^TypeError: /);
    expect(String(failure?.stack)).toContain("at ");
  });
});

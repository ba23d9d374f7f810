// Flood limits of the publishing API (the rate-limiting bindings, simulated by Miniflare): failed
// logins and writes from one client address get 429 with Retry-After; nobody else is slowed down.
// The bindings count in fixed one-minute windows, so each flood sends up to twice the limit plus one:
// whatever the clock, one window then holds more than the limit.

import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TOKEN, api, articleInput, everything, fetchWith, json, settled } from "../support/worker.ts";

const AUTH_LIMIT = 10;
const WRITE_LIMIT = 60;
const WRONG = "wrong-token-wrong-token-wrong-token-0000";

/** Sends `request` until it is answered 429; returns the statuses seen before and the 429 itself. */
async function floodUntil429(request: () => Promise<Response>, limit: number): Promise<{ before: number[]; refused: Response }> {
  const before: number[] = [];
  for (let i = 0; i < 2 * limit + 1; i++) {
    const res = await request();
    if (res.status === 429) return { before, refused: res };
    await res.arrayBuffer();
    before.push(res.status);
  }
  throw new Error(`no 429 after ${2 * limit + 1} requests`);
}

const from = (ip: string, headers: Record<string, string> = {}) => ({ "CF-Connecting-IP": ip, ...headers });

beforeAll(() => vi.spyOn(console, "warn").mockImplementation(() => undefined));
afterAll(() => vi.restoreAllMocks());

describe("failed logins", () => {
  it("get 401 up to the limit, then 429 with Retry-After for that address", async () => {
    const { before, refused } = await floodUntil429(() => api("GET", "/api/articles", { token: WRONG, headers: from("203.0.113.10") }), AUTH_LIMIT);
    expect(before.length).toBeGreaterThanOrEqual(AUTH_LIMIT);
    expect(new Set(before)).toEqual(new Set([401]));
    expect(refused.headers.get("Retry-After")).toBe("60");
    expect(refused.headers.get("Cache-Control")).toBe("no-store");
    expect((await json<{ code: string }>(refused)).code).toBe("rate_limited");
  });

  it("count requests without a token and with a malformed Authorization header too", async () => {
    const { refused } = await floodUntil429(
      () => api("PUT", "/api/articles/flood", { token: null, headers: from("203.0.113.11", { Authorization: "Basic eDp5" }), body: articleInput() }),
      AUTH_LIMIT,
    );
    expect(refused.status).toBe(429);
  });

  it("never lock out the right token, nor slow down other addresses", async () => {
    await floodUntil429(() => api("GET", "/api/articles", { token: WRONG, headers: from("203.0.113.12") }), AUTH_LIMIT);
    expect((await api("GET", "/api/articles", { headers: from("203.0.113.12") })).status).toBe(200);
    expect((await api("GET", "/api/articles", { token: WRONG, headers: from("203.0.113.13") })).status).toBe(401);
  });
});

describe("writes", () => {
  it("past the limit are refused with 429 before their body is read, and write nothing", async () => {
    const ip = "203.0.113.20";
    // Invalid bodies: each write counts (the limit applies before the body is read) but stores nothing.
    const invalidWrite = () => api("PUT", "/api/articles/flood-story", { headers: from(ip), body: { headline: 7 } });
    for (let attempt = 0; attempt < 2; attempt++) {
      const { before, refused } = await floodUntil429(invalidWrite, WRITE_LIMIT);
      expect(before.length).toBeGreaterThanOrEqual(WRITE_LIMIT);
      expect(new Set(before)).toEqual(new Set([400]));
      expect(refused.headers.get("Retry-After")).toBe("60");
      expect((await json<{ code: string }>(refused)).code).toBe("rate_limited");
      await settled();
      const state = await everything();
      const valid = await api("PUT", "/api/articles/flood-story", { headers: from(ip), body: articleInput() });
      // Only if a new minute began between the flood and this write does it go through: then flood again.
      if (valid.status === 429) {
        expect((await json<{ code: string }>(valid)).code).toBe("rate_limited");
        const after = await everything();
        expect(after.storage).toEqual(state.storage);
        expect(after.kv).toEqual(state.kv);
        expect((await api("GET", "/api/articles/flood-story")).status).toBe(404);
        return;
      }
      expect(valid.status).toBe(201);
    }
    throw new Error("the write limit never held for a valid write");
  }, 60_000);

  it("do not touch the limit of another address, and reads are never counted", async () => {
    const ip = "203.0.113.21";
    await floodUntil429(() => api("DELETE", "/api/articles/nothing-here", { headers: from(ip) }), WRITE_LIMIT);
    for (let i = 0; i < WRITE_LIMIT + 5; i++) expect((await api("GET", "/api/articles?limit=1", { headers: from(ip) })).status).toBe(200);
    expect((await api("PUT", "/api/articles/other-address-story", { headers: from("203.0.113.22"), body: articleInput() })).status).toBe(201);
  }, 60_000);
});

describe("what is not counted", () => {
  it("requests without CF-Connecting-IP (only this account's own Workers and the tests send those)", async () => {
    for (let i = 0; i < 2 * AUTH_LIMIT + 1; i++) expect((await api("GET", "/api/articles", { token: WRONG })).status).toBe(401);
  });

  it("a limiter that fails lets the request through to the token check instead of failing it", async () => {
    const broken = {
      limit: () => {
        throw new Error("limiter down");
      },
    };
    const changed = { ...env, API_AUTH_LIMITER: broken, API_LIMITER: broken } as unknown as Env;
    const call = (token: string) => fetchWith(changed, "GET", "/api/articles", { token, headers: from("203.0.113.30") });
    expect((await call(WRONG)).status).toBe(401);
    expect((await call(TOKEN)).status).toBe(200);
    const write = await fetchWith(changed, "PUT", "/api/articles/limiter-down", { body: {}, headers: from("203.0.113.30") });
    expect(write.status).toBe(400);
    expect((await json<{ code: string }>(write)).code).toBe("invalid");
  });
});

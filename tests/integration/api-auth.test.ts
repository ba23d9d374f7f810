// The publishing API's door: the ADMIN_TOKEN secret as a bearer token, failing closed without one.

import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index.ts";
import { ORIGIN, TOKEN, api, article, expectNoWrite, json } from "./api-helpers.ts";

/** The same Worker with a different ADMIN_TOKEN (or none): how a missing or weak secret is tested. */
function withSecret(secret: string | undefined, init: RequestInit = {}): Promise<Response> {
  const changed: Partial<Env> = { ...env };
  if (secret === undefined) delete changed.ADMIN_TOKEN;
  else changed.ADMIN_TOKEN = secret;
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${secret ?? "undefined"}`);
  return worker.fetch(new Request(`${ORIGIN}/api/articles`, { ...init, headers }), changed as Env, createExecutionContext());
}

describe("API auth: the secret", () => {
  it("fails closed with 503 naming ADMIN_TOKEN when no secret is set, even for a request sending 'Bearer undefined'", async () => {
    const res = await withSecret(undefined);
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    const body = await json<{ error: string }>(res);
    expect(body.error).toContain("ADMIN_TOKEN");
    expect(body.error).toContain("wrangler secret put ADMIN_TOKEN");
    expect(body.error).toContain(".dev.vars");
  });

  it("fails closed for an empty secret, even when the request presents an empty token", async () => {
    const res = await worker.fetch(
      new Request(`${ORIGIN}/api/articles`, { headers: { Authorization: "Bearer " } }),
      { ...env, ADMIN_TOKEN: "" } as Env,
      createExecutionContext(),
    );
    expect(res.status).toBe(503);
  });

  it("refuses a secret shorter than 32 characters even when the caller knows it", async () => {
    const res = await withSecret("short-secret-31-characters-long");
    expect(res.status).toBe(503);
    expect((await json<{ error: string }>(res)).error).toContain("shorter than 32 characters");
  });

  it("writes nothing when the API is switched off", async () => {
    await expectNoWrite(() =>
      worker.fetch(
        new Request(`${ORIGIN}/api/articles/no-secret`, { method: "PUT", body: JSON.stringify(article()), headers: { "Content-Type": "application/json" } }),
        { ...env, ADMIN_TOKEN: "" } as Env,
        createExecutionContext(),
      ),
    );
  });
});

describe("API auth: the token", () => {
  it("answers a request without a token with 401 and WWW-Authenticate: Bearer", async () => {
    const res = await api("GET", "/api/articles", { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer realm="/);
    expect((await json<{ error: string }>(res)).error).toContain("Authorization: Bearer");
  });

  it("answers a wrong token with 401 and error=invalid_token", async () => {
    const res = await api("GET", "/api/articles", { token: `${TOKEN}x` });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
  });

  it("refuses a token of a different length and a prefix of the right one", async () => {
    expect((await api("GET", "/api/articles", { token: "a" })).status).toBe(401);
    expect((await api("GET", "/api/articles", { token: TOKEN.slice(0, -1) })).status).toBe(401);
  });

  it("refuses other schemes and the literal 'Bearer undefined'", async () => {
    expect((await api("GET", "/api/articles", { headers: { Authorization: `Basic ${btoa(`admin:${TOKEN}`)}` } })).status).toBe(401);
    expect((await api("GET", "/api/articles", { headers: { Authorization: TOKEN } })).status).toBe(401);
    expect((await api("GET", "/api/articles", { token: "undefined" })).status).toBe(401);
  });

  it("never accepts the token from a cookie", async () => {
    const res = await api("GET", "/api/articles", { token: null, headers: { Cookie: `token=${TOKEN}; Authorization=Bearer ${TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it("lets the right token in, case-insensitively on the scheme", async () => {
    expect((await api("GET", "/api/articles")).status).toBe(200);
    expect((await api("GET", "/api/articles", { headers: { Authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it("writes nothing for a refused write", async () => {
    const res = await expectNoWrite(() => api("PUT", "/api/articles/intruder", { body: article(), token: "not-the-token-at-all-but-long-enough-0000" }));
    expect(res.status).toBe(401);
  });

  it("asks for the token before saying whether an address exists", async () => {
    expect((await api("GET", "/api/no-such-thing", { token: null })).status).toBe(401);
    const res = await api("GET", "/api/no-such-thing");
    expect(res.status).toBe(404);
    expect((await json<{ error: string }>(res)).error).toContain("/api/openapi.json");
  });
});

describe("API responses", () => {
  it("are never cached, carry no Access-Control-Allow-Origin and are never redirected by region", async () => {
    for (const res of [await api("GET", "/api/articles", { country: "GB" }), await api("GET", "/api/articles", { token: null, country: "CN" })]) {
      expect(res.status).not.toBe(302);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      expect(res.headers.get("Location")).toBeNull();
    }
  });

  it("answers an unsupported method with 405 and Allow, and OPTIONS with the list", async () => {
    const res = await api("POST", "/api/articles/some-story", { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
    const options = await api("OPTIONS", "/api/policy");
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toBe("GET, PUT, DELETE, HEAD, OPTIONS");
    expect(options.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("answer HEAD like GET, without a body", async () => {
    const res = await api("HEAD", "/api/articles/night-bus-network-extended-to-eastern-suburbs");
    expect(res.status).toBe(200);
    expect(res.headers.get("ETag")).toMatch(/^"[0-9a-f]{24}"$/);
    expect(await res.text()).toBe("");
  });

  it("serve the OpenAPI document without a token", async () => {
    const res = await api("GET", "/api/openapi.json", { token: null });
    expect(res.status).toBe(200);
    expect((await json<{ openapi: string }>(res)).openapi).toBe("3.1.0");
  });
});

// The publishing API's door: the ADMIN_TOKEN secret as a bearer token, failing closed without one.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TOKEN, api, articleInput, expectNoWrite, fetchWith, json } from "../support/worker.ts";

interface Refusal {
  code: string;
  error: string;
}

/** The same Worker with a different ADMIN_TOKEN (or none), asked with that same value as the token. */
function withSecret(secret: string | undefined, method = "GET", path = "/api/articles", body?: unknown): Promise<Response> {
  const changed: Partial<Env> = { ...env };
  if (secret === undefined) delete changed.ADMIN_TOKEN;
  else changed.ADMIN_TOKEN = secret;
  return fetchWith(changed as Env, method, path, { token: secret ?? "undefined", ...(body !== undefined ? { body } : {}) });
}

describe("API auth: the secret", () => {
  it("fails closed with 503 api_switched_off when no secret is set, even for a request sending 'Bearer undefined'", async () => {
    const res = await withSecret(undefined);
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(res.headers.get("Retry-After")).not.toBeNull();
    expect((await json<Refusal>(res)).code).toBe("api_switched_off");
  });

  it("fails closed for an empty secret, even when the request presents an empty token", async () => {
    const res = await fetchWith({ ...env, ADMIN_TOKEN: "" } as Env, "GET", "/api/articles", { headers: { Authorization: "Bearer " } });
    expect(res.status).toBe(503);
    expect((await json<Refusal>(res)).code).toBe("api_switched_off");
  });

  it("refuses a secret shorter than 32 characters even when the caller knows it", async () => {
    const res = await withSecret("short-secret-31-characters-long");
    expect(res.status).toBe(503);
    expect((await json<Refusal>(res)).code).toBe("api_switched_off");
    expect((await withSecret("a-secret-of-exactly-32-characters")).status).toBe(200);
  });

  it("writes nothing when the API is switched off", async () => {
    const res = await expectNoWrite(() => withSecret("", "PUT", "/api/articles/no-secret", articleInput()));
    expect(res.status).toBe(503);
    expect((await api("GET", "/api/articles/no-secret")).status).toBe(404);
  });
});

describe("API auth: the token", () => {
  it("answers a request without a token with 401 token_required and WWW-Authenticate: Bearer", async () => {
    const res = await api("GET", "/api/articles", { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toBe('Bearer realm="Edge News publishing API"');
    expect((await json<Refusal>(res)).code).toBe("token_required");
  });

  it("answers a wrong token with 401 invalid_token and error=invalid_token", async () => {
    const res = await api("GET", "/api/articles", { token: `${TOKEN}x` });
    expect(res.status).toBe(401);
    expect(res.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    expect((await json<Refusal>(res)).code).toBe("invalid_token");
  });

  it("refuses a token of a different length and a prefix of the right one", async () => {
    for (const token of ["a", TOKEN.slice(0, -1), `${TOKEN} ${TOKEN}`]) {
      const res = await api("GET", "/api/articles", { token });
      expect(res.status, token).toBe(401);
      expect((await json<Refusal>(res)).code, token).toBe("invalid_token");
    }
  });

  it("refuses other schemes and the literal 'Bearer undefined'", async () => {
    for (const headers of [{ Authorization: `Basic ${btoa(`admin:${TOKEN}`)}` }, { Authorization: TOKEN }, { Authorization: "Bearer undefined" }]) {
      const res = await api("GET", "/api/articles", { headers });
      expect(res.status, headers.Authorization).toBe(401);
      expect((await json<Refusal>(res)).code, headers.Authorization).toBe("invalid_token");
    }
  });

  it("never accepts the token from a cookie or the query", async () => {
    const cookie = await api("GET", "/api/articles", { token: null, headers: { Cookie: `token=${TOKEN}; Authorization=Bearer ${TOKEN}` } });
    expect(cookie.status).toBe(401);
    expect((await json<Refusal>(cookie)).code).toBe("token_required");
    expect((await api("GET", `/api/articles?token=${TOKEN}&access_token=${TOKEN}`, { token: null })).status).toBe(401);
  });

  it("lets the right token in, case-insensitively on the scheme", async () => {
    expect((await api("GET", "/api/articles")).status).toBe(200);
    expect((await api("GET", "/api/articles", { headers: { Authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it("writes nothing for a refused write", async () => {
    const res = await expectNoWrite(() => api("PUT", "/api/articles/intruder", { body: articleInput(), token: "not-the-token-at-all-but-long-enough-0000" }));
    expect(res.status).toBe(401);
    expect((await api("GET", "/api/articles/intruder")).status).toBe(404);
  });

  it("asks for the token before saying whether an address exists", async () => {
    const anonymous = await api("GET", "/api/no-such-thing", { token: null });
    expect(anonymous.status).toBe(401);
    expect((await json<Refusal>(anonymous)).code).toBe("token_required");
    const res = await api("GET", "/api/no-such-thing");
    expect(res.status).toBe(404);
    expect((await json<Refusal>(res)).code).toBe("not_found");
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

  it("answers an unsupported method with 405 method_not_allowed and Allow, and OPTIONS with the list", async () => {
    const res = await api("POST", "/api/articles/some-story", { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, PUT, PATCH, DELETE, HEAD, OPTIONS");
    expect((await json<Refusal>(res)).code).toBe("method_not_allowed");
    const options = await api("OPTIONS", "/api/policy");
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toBe("GET, PUT, DELETE, HEAD, OPTIONS");
    expect(options.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect((await api("GET", "/api/import")).headers.get("Allow")).toBe("POST, OPTIONS");
  });

  it("answer HEAD like GET, without a body", async () => {
    const res = await api("HEAD", "/api/articles/night-bus-network-extended-to-eastern-suburbs");
    expect(res.status).toBe(200);
    const get = await api("GET", "/api/articles/night-bus-network-extended-to-eastern-suburbs");
    expect(res.headers.get("ETag")).toBe(get.headers.get("ETag"));
    expect(res.headers.get("ETag")).toMatch(/^"[0-9a-z]+"$/);
    expect(await res.text()).toBe("");
  });

  it("serve the OpenAPI document without a token (GET and HEAD), and nothing else without one", async () => {
    const res = await api("GET", "/api/openapi.json", { token: null });
    expect(res.status).toBe(200);
    expect((await json<{ openapi: string }>(res)).openapi).toBe("3.1.0");
    expect((await api("HEAD", "/api/openapi.json", { token: null })).status).toBe(200);
    expect((await api("HEAD", "/api/articles", { token: null })).status).toBe(401);
  });

  it("every error is JSON with a stable code and a message", async () => {
    const refusals = [
      await api("GET", "/api/articles", { token: null }),
      await api("GET", "/api/articles/no-such-story"),
      await api("DELETE", "/api/articles"),
      await api("PUT", "/api/articles/a-story", { raw: "{", headers: { "Content-Type": "application/json" } }),
      await api("PUT", "/api/articles/a-story", { raw: "{}", headers: { "Content-Type": "text/plain" } }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 404, 405, 400, 415]);
    for (const res of refusals) {
      expect(res.headers.get("Content-Type")).toContain("application/json");
      const body = await json<Refusal>(res);
      expect(body.code).toMatch(/^[a-z_]+$/);
      expect(body.error.length).toBeGreaterThan(10);
    }
  });
});

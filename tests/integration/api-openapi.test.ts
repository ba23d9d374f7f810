// The OpenAPI document: public, OpenAPI 3.1, listing every route and method the API router serves (and
// none it does not), with each limit where it belongs, equal to the limit the API enforces. Asserted by
// behaviour, so the checks hold whether the document is written by hand or generated at build time.

import { describe, expect, it } from "vitest";
import { api as apiRouter } from "../../src/api/router.ts";
import { LIMITS } from "../../src/content/article.ts";
import { api, articleInput, json } from "../support/worker.ts";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation | unknown>>;
  components: Record<string, Record<string, unknown>>;
};

interface Operation {
  requestBody?: { content: Record<string, { schema: Schema }>; "x-max-bytes"?: number };
  responses: Record<string, unknown>;
}

interface Schema {
  $ref?: string;
  type?: string;
  maxLength?: number;
  properties?: Record<string, Schema>;
}

const METHODS = ["get", "put", "patch", "delete", "post"];

async function openapi(): Promise<Doc> {
  const res = await api("GET", "/api/openapi.json", { token: null });
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("application/json");
  return json<Doc>(res);
}

/** Follows a $ref inside the document. */
function resolve<T>(doc: Doc, value: T | { $ref?: string }): T {
  const ref = (value as { $ref?: string }).$ref;
  if (!ref) return value as T;
  const found = ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
  expect(found, ref).toBeDefined();
  return resolve(doc, found as T);
}

function operation(doc: Doc, path: string, method: string): Operation {
  const op = doc.paths[path]?.[method] as Operation | undefined;
  expect(op, `${method.toUpperCase()} ${path}`).toBeDefined();
  return op as Operation;
}

/** A concrete address for a documented path: /api/articles/{slug} → /api/articles/openapi-probe. */
const concrete = (path: string) => path.replace("{slug}", "openapi-probe").replace("{name}", "openapi-probe.png");

/** The request body schema of an operation, resolved. */
function bodySchema(doc: Doc, path: string, method: string): Schema {
  const schema = operation(doc, path, method).requestBody?.content["application/json"]?.schema;
  expect(schema, `${method.toUpperCase()} ${path} request body`).toBeDefined();
  return resolve<Schema>(doc, schema as Schema);
}

/** A JSON article body of exactly `bytes` bytes (its Markdown padded with spaces). */
function articleOfBytes(bytes: number): string {
  const base = JSON.stringify(articleInput({ body: "" }));
  return base.replace('"body":""', `"body":"${" ".repeat(bytes - base.length)}"`);
}

describe("GET /api/openapi.json", () => {
  it("lists every method of every route the API serves", async () => {
    const doc = await openapi();
    expect(doc.openapi).toBe("3.1.0");
    const routes = apiRouter.routes.filter(([method, , , path]) => method !== "ALL" && path !== undefined);
    expect(routes.length).toBeGreaterThanOrEqual(17);
    for (const [method, , , path] of routes) {
      const documented = (path ?? "").replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[documented], documented).toBeDefined();
      expect(doc.paths[documented]?.[method.toLowerCase()], `${method} ${documented}`).toBeDefined();
    }
    for (const path of ["/api/import", "/api/import/media"]) expect(doc.paths[path]?.post, `POST ${path}`).toBeDefined();
  });

  it("documents no method the API refuses: each documented one is in the address's Allow", async () => {
    const doc = await openapi();
    for (const [path, item] of Object.entries(doc.paths)) {
      const options = await api("OPTIONS", concrete(path));
      expect(options.status, path).toBe(204);
      const allowed = (options.headers.get("Allow") ?? "").toLowerCase().split(", ");
      for (const method of METHODS.filter((m) => m in item)) expect(allowed, `${method.toUpperCase()} ${path}`).toContain(method);
    }
  });

  it("every reference resolves", async () => {
    const doc = await openapi();
    for (const [, kind, name] of JSON.stringify(doc).matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
      expect(doc.components[kind ?? ""]?.[name ?? ""], `${kind}/${name}`).toBeDefined();
    }
  });
});

describe("the limits the document states are the limits the API enforces", () => {
  it("the Article schema's body maxLength: a Markdown body that long is taken, one character more is refused on body", async () => {
    const doc = await openapi();
    const article = bodySchema(doc, "/api/articles/{slug}", "put");
    const max = article.properties?.body?.maxLength;
    expect(max).toBe(LIMITS.body);
    expect(article.properties?.headline?.maxLength).toBe(LIMITS.headline);
    const at = await api("PUT", "/api/articles/openapi-longest-body", { body: articleInput({ body: "word ".repeat((max ?? 0) / 5) }) });
    expect(at.status).toBe(201);
    const over = await api("PUT", "/api/articles/openapi-longest-body", { body: articleInput({ body: `${"word ".repeat((max ?? 0) / 5)}x` }) });
    expect(over.status).toBe(400);
    const refusal = await json<{ code: string; problems: { field: string }[] }>(over);
    expect(refusal.code).toBe("invalid");
    expect(refusal.problems.map((p) => p.field)).toEqual(["body"]);
  }, 30_000);

  it("PUT /api/articles/{slug} request body limit: a body of exactly that many bytes is read, one byte more is 413", async () => {
    const doc = await openapi();
    const put = operation(doc, "/api/articles/{slug}", "put");
    const limit = put.requestBody?.["x-max-bytes"];
    expect(limit).toBe(1024 * 1024);
    expect(put.responses["413"]).toBeDefined();
    const send = (body: string) => api("PUT", "/api/articles/openapi-largest", { raw: body, headers: { "Content-Type": "application/json" } });
    // Read and validated (its Markdown is over the article's own limit): a 400 naming body, not a 413.
    const at = await send(articleOfBytes(limit ?? 0));
    expect(at.status).toBe(400);
    expect((await json<{ problems: { field: string }[] }>(at)).problems.map((p) => p.field)).toEqual(["body"]);
    const over = await send(articleOfBytes((limit ?? 0) + 1));
    expect(over.status).toBe(413);
    expect((await json<{ code: string }>(over)).code).toBe("too_large");
  }, 30_000);

  it("the media and policy body limits are stated on their requests and enforced", async () => {
    const doc = await openapi();
    const media = operation(doc, "/api/media/{name}", "put").requestBody?.["x-max-bytes"] ?? 0;
    const tooBig = await api("PUT", "/api/media/openapi-huge.png", { raw: new Uint8Array(media + 1), headers: { "Content-Type": "image/png" } });
    expect(tooBig.status).toBe(413);
    const policy = operation(doc, "/api/policy", "put").requestBody?.["x-max-bytes"] ?? 0;
    expect(policy).toBeGreaterThan(1024);
    const padded = `{"primary": "x", "pad": "${" ".repeat(policy)}"}`;
    const res = await api("PUT", "/api/policy", { raw: padded, headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(413);
    expect((await json<{ code: string }>(res)).code).toBe("too_large");
  });
});

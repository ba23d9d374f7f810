// The OpenAPI document: public, OpenAPI 3.1, describing every route the API router has, with the
// limits the code enforces.

import { describe, expect, it } from "vitest";
import { api as apiRouter } from "../../src/api/router.ts";
import { MEDIA_MAX_BYTES } from "../../src/content/media.ts";
import { LIMITS } from "../../src/content/article.ts";
import { api, json } from "./api-helpers.ts";

type Doc = {
  openapi: string;
  info: { description: string };
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

describe("GET /api/openapi.json", () => {
  it("describes every method of every API route", async () => {
    const doc = await json<Doc>(await api("GET", "/api/openapi.json", { token: null }));
    expect(doc.openapi).toBe("3.1.0");
    const routes = apiRouter.routes.filter(([method, , , path]) => method !== "ALL" && path !== undefined);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const [method, , , path] of routes) {
      const documented = (path ?? "").replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[documented], documented).toBeDefined();
      expect(doc.paths[documented]?.[method.toLowerCase()], `${method} ${documented}`).toBeDefined();
    }
  });

  it("states the limits the code enforces, and every reference resolves", async () => {
    const res = await api("GET", "/api/openapi.json", { token: null });
    const text = await res.text();
    expect(text).toContain(String(MEDIA_MAX_BYTES));
    expect(text).toContain(String(1024 * 1024));
    const doc = JSON.parse(text) as Doc;
    expect(JSON.stringify(doc.components.schemas?.Article)).toContain(`"maxLength":${LIMITS.headline}`);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
      expect(doc.components[kind ?? ""]?.[name ?? ""], `${kind}/${name}`).toBeDefined();
    }
  });
});

// Property tests through the Worker: arbitrary bodies (any JSON, near-valid articles, patches and
// policies, bytes that are not JSON at all) sent to every write address never get a 5xx, and a refused
// one never writes anything: the writer runs over a KV namespace that records every put and delete
// (tests/support/worker.ts envWithWriterOver), and its storage (audit log included) is compared.

import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { faultyNamespace } from "../support/faulty-kv.ts";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";
import { articleInput, envWithWriterOver, fetchWith, settled, writerStorage } from "../support/worker.ts";

const params = fuzzParams(150);

beforeAll(() => {
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
});
afterAll(() => vi.restoreAllMocks());

interface Result {
  status: number;
  text: string;
  /** Keys the writer put or deleted in KV. */
  writes: string[];
  /** Whether the writer's storage changed (compared only for refusals). */
  storageChanged: boolean;
}

/** Sends a write through the Worker to a writer whose KV writes are recorded. */
async function write(method: string, path: string, body: string | Uint8Array, type = "application/json"): Promise<Result> {
  // What earlier accepted writes left to write (their pointer) goes out first, so it is not counted here.
  await settled();
  const before = await writerStorage();
  const recorder = faultyNamespace(env.CONTENT, { fault: "fail", operations: [] });
  const res = await fetchWith(envWithWriterOver(recorder.namespace), method, path, { raw: body, headers: { "Content-Type": type } });
  const text = await res.text();
  const storageChanged = res.status >= 400 && JSON.stringify(await writerStorage()) !== JSON.stringify(before);
  return { status: res.status, text, writes: recorder.writes, storageChanged };
}

const anyJson = fc.jsonValue({ maxDepth: 5 });
const valid = articleInput();
const articleLike = fc.oneof(
  anyJson,
  fc
    .record({ key: fc.constantFrom(...Object.keys(valid), "slug", "image", "updated", "__proto__"), value: anyJson })
    .map(({ key, value }) => ({ ...valid, [key]: value })),
  fc.dictionary(fc.constantFrom(...Object.keys(valid), "x"), anyJson),
);
/** True when the API would read the bytes as one JSON document (UTF-8, a leading BOM ignored). */
function isJson(body: string | Uint8Array): boolean {
  try {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const notJson = fc
  .oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.string({ maxLength: 200 }).map((s) => `{${s}`),
    // (A leading byte-order mark is allowed: RFC 8259 lets a parser ignore it, and the API does.)
    fc.constantFrom("", " ", "nul", "[", '{"a":', "{}garbage", '{"a":1}{"b":2}', "\uFEFF\uFEFF{}"),
  )
  .filter((body) => !isJson(body));

function expectRefusedOrDone(result: Result, label: string): void {
  expect(result.status, `${label}: ${result.text}`).toBeLessThan(500);
  expect(result.text, label).not.toMatch(/\bat [\w.<>]+ \(|\.ts:\d+|TypeError|RangeError/);
  if (result.status >= 400) {
    expect(result.writes, `${label} was refused (${result.status}) but wrote to KV`).toEqual([]);
    expect(result.storageChanged, `${label} was refused (${result.status}) but changed the writer's storage`).toBe(false);
    expect((JSON.parse(result.text) as { code?: unknown }).code, label).toMatch(/^[a-z_]+$/);
  }
}

describe("API validator properties", () => {
  it(
    "PUT /api/articles/{slug}: any JSON never gets a 5xx; a refusal writes nothing",
    async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(articleLike, async (input) => {
          const result = await write("PUT", `/api/articles/property-put-${n++}`, JSON.stringify(input));
          expectRefusedOrDone(result, JSON.stringify(input).slice(0, 200));
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "PATCH on a stored article: any merge patch never gets a 5xx; a refusal writes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(articleLike, async (patch) => {
          const result = await write("PATCH", "/api/articles/city-marathon-sets-participation-record", JSON.stringify(patch), "application/merge-patch+json");
          expectRefusedOrDone(result, JSON.stringify(patch).slice(0, 200));
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "PUT /api/policy and POST /api/policy/rollback: any JSON never gets a 5xx; a refusal writes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(anyJson, fc.boolean(), async (input, rollback) => {
          const result = rollback
            ? await write("POST", "/api/policy/rollback", JSON.stringify(input))
            : await write("PUT", "/api/policy", JSON.stringify(input));
          expectRefusedOrDone(result, JSON.stringify(input).slice(0, 200));
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "bodies that are not JSON (any bytes) are refused with 400 on every JSON address, writing nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          notJson,
          fc.constantFrom(
            "PUT /api/articles/not-json",
            "PATCH /api/articles/city-marathon-sets-participation-record",
            "PUT /api/policy",
            "POST /api/policy/rollback",
          ),
          async (body, route) => {
            const [method = "PUT", path = "/"] = route.split(" ");
            const type = method === "PATCH" ? "application/merge-patch+json" : "application/json";
            const result = await write(method, path, body, type);
            const label = `${route} ${typeof body === "string" ? body.slice(0, 80) : `${body.byteLength} bytes`}`;
            expectRefusedOrDone(result, label);
            // Two concatenated objects, two byte-order marks, trailing garbage: none of it is one JSON document.
            // (No body at all is a rollback's own form: "the version before", answered 200 or 409 conflict.)
            const empty = (typeof body === "string" ? body.length : body.byteLength) === 0;
            if (empty && method === "POST") expect([200, 409], label).toContain(result.status);
            else expect(result.status, label).toBe(400);
          },
        ),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "media uploads of any bytes under any allowed name never get a 5xx; a refusal writes nothing",
    async () => {
      let n = 0;
      const names = fc.constantFrom("svg", "png", "jpg", "webp", "avif").map((ext) => `property-${n++}.${ext}`);
      await fc.assert(
        fc.asyncProperty(
          names,
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.string({ maxLength: 300 }).map((s) => new TextEncoder().encode(`<svg>${s}</svg>`)),
          ),
          async (name, bytes) => {
            const type =
              { svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg", webp: "image/webp", avif: "image/avif" }[name.split(".")[1] ?? "png"] ?? "image/png";
            expectRefusedOrDone(await write("PUT", `/api/media/${name}`, bytes, type), name);
          },
        ),
        params,
      );
    },
    fuzzTimeout(params),
  );
});

// Bad input to the article API: each gets a specific status and stable code, problems name their
// fields, and nothing at all is written (the writer's storage, its audit log and KV are the same after).

import { describe, expect, it } from "vitest";
import { MAX_PROBLEMS_LISTED } from "../../src/api/errors.ts";
import { api, articleInput, expectNoWrite, json } from "../support/worker.ts";

interface Refusal {
  code: string;
  error: string;
  problems?: { field: string; message: string; code?: string }[];
  problemsNotListed?: number;
}

async function refused(request: () => Promise<Response>, status: number, code: string): Promise<Refusal> {
  const res = await expectNoWrite(request);
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/json");
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  const body = await json<Refusal>(res);
  expect(body.code).toBe(code);
  return body;
}

const MiB = 1024 * 1024;

/** A body streamed in chunks with no Content-Length (chunked transfer). */
function chunked(totalBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(64 * 1024, totalBytes - sent);
      controller.enqueue(new Uint8Array(size).fill(0x20));
      sent += size;
    },
  });
}

describe("article input that is refused, writing nothing", () => {
  it("malformed JSON, an empty body, a body that is not UTF-8, JSON nested too deep: 400 bad_request", async () => {
    const json400 = (raw: BodyInit) => () => api("PUT", "/api/articles/bad-body", { raw, headers: { "Content-Type": "application/json" } });
    await refused(json400('{"headline": "Unclosed'), 400, "bad_request");
    await refused(json400(""), 400, "bad_request");
    await refused(json400(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400, "bad_request");
    await refused(json400(`${"[".repeat(40)}${"]".repeat(40)}`), 400, "bad_request");
    await refused(json400('{"a":1}{"b":2}'), 400, "bad_request");
  }, 30_000);

  it("schema violations: 400 invalid, listing every problem by field path", async () => {
    const body = await refused(
      () =>
        api("PUT", "/api/articles/many-problems", {
          body: articleInput({
            headline: "",
            section: "weather",
            authors: ["nobody-here"],
            tags: ["Not A Slug"],
            language: "english please",
            status: "live",
            image: { media: "x.gif", alt: "", width: 0, height: 20 },
            colour: "red",
          }),
        }),
      400,
      "invalid",
    );
    const fields = body.problems?.map((p) => p.field) ?? [];
    for (const field of ["headline", "section", "authors[0]", "tags[0]", "language", "status", "image.media", "image.alt", "image.width", "colour"]) {
      expect(fields).toContain(field);
    }
    expect(body.problemsNotListed).toBeUndefined();
  });

  it(`lists at most ${MAX_PROBLEMS_LISTED} problems and counts the rest`, async () => {
    const unknown = Object.fromEntries(Array.from({ length: MAX_PROBLEMS_LISTED + 25 }, (_, i) => [`extra${i}`, i]));
    const body = await refused(() => api("PUT", "/api/articles/too-many-problems", { body: articleInput(unknown) }), 400, "invalid");
    expect(body.problems).toHaveLength(MAX_PROBLEMS_LISTED);
    expect(body.problemsNotListed).toBe(25);
  });

  it("a slug in the body that disagrees with the URL, and a URL slug that breaks the slug rules", async () => {
    const conflicting = await refused(() => api("PUT", "/api/articles/one-slug", { body: articleInput({ slug: "another-slug" }) }), 400, "invalid");
    expect(conflicting.problems?.map((p) => p.field)).toEqual(["slug"]);
    for (const slug of ["Upper-Case", "double--hyphen", "dots..here", "caf%C3%A9", "a%2Fb", "%00", "-leading", `${"a".repeat(200)}`]) {
      const body = await refused(() => api("PUT", `/api/articles/${slug}`, { body: articleInput() }), 400, "invalid");
      expect(
        body.problems?.map((p) => p.field),
        slug,
      ).toContain("slug");
    }
    // A dot-segment is resolved by the URL parser before routing: it names /api/, not an article.
    await refused(() => api("PUT", "/api/articles/%2e%2e", { body: articleInput() }), 404, "not_found");
  }, 30_000);

  it("dates that do not parse or do not exist", async () => {
    const body = await refused(
      () => api("PUT", "/api/articles/bad-dates", { body: articleInput({ published: "yesterday", updated: "2026-02-30T10:00:00Z" }) }),
      400,
      "invalid",
    );
    expect(body.problems?.map((p) => p.field).sort()).toEqual(["published", "updated"]);
  });

  it("an image or body picture that is not uploaded (media_missing), and a body picture from another site", async () => {
    const body = await refused(
      () =>
        api("PUT", "/api/articles/missing-media", {
          body: articleInput({ image: { media: "not-uploaded.png", alt: "A picture", width: 10, height: 10 }, body: "Text\n\n![x](/media/also-missing.svg)" }),
        }),
      400,
      "invalid",
    );
    expect(body.problems?.map((p) => [p.field, p.code])).toEqual([
      ["image.media", "media_missing"],
      ["body", "media_missing"],
    ]);
    const external = await refused(
      () => api("PUT", "/api/articles/external-image", { body: articleInput({ body: "![x](https://tracker.example/p.gif)" }) }),
      400,
      "invalid",
    );
    expect(external.problems?.map((p) => p.field)).toEqual(["body"]);
  });

  it("a JSON value that is not an object, and a PATCH that is not an object or leaves the article invalid", async () => {
    const list = await refused(() => api("PUT", "/api/articles/a-list", { body: [1, 2] }), 400, "invalid");
    expect(list.problems?.map((p) => p.field)).toEqual(["(article)"]);
    const text = await refused(() => api("PATCH", "/api/articles/night-bus-network-extended-to-eastern-suburbs", { body: "headline" }), 400, "invalid");
    expect(text.problems).toEqual([expect.objectContaining({ field: "(patch)", code: "not_an_object" })]);
    const body = await refused(
      () => api("PATCH", "/api/articles/night-bus-network-extended-to-eastern-suburbs", { body: { headline: null, section: "nowhere" } }),
      400,
      "invalid",
    );
    expect(body.problems?.map((p) => p.field).sort()).toEqual(["headline", "section"]);
  });

  it("wrong or missing Content-Type: 415 unsupported_media_type", async () => {
    await refused(
      () => api("PUT", "/api/articles/as-text", { raw: JSON.stringify(articleInput()), headers: { "Content-Type": "text/plain" } }),
      415,
      "unsupported_media_type",
    );
    await refused(() => api("PUT", "/api/articles/no-type", { raw: JSON.stringify(articleInput()) }), 415, "unsupported_media_type");
    await refused(
      () => api("PATCH", "/api/articles/night-bus-network-extended-to-eastern-suburbs", { raw: "{}", headers: { "Content-Type": "application/xml" } }),
      415,
      "unsupported_media_type",
    );
    // A merge patch may say what it is; a PUT may not pretend to be one.
    await refused(
      () => api("PUT", "/api/articles/as-patch", { raw: JSON.stringify(articleInput()), headers: { "Content-Type": "application/merge-patch+json" } }),
      415,
      "unsupported_media_type",
    );
  }, 30_000);

  it("a body over 1 MiB: 413 too_large by Content-Length before reading", async () => {
    const big = JSON.stringify(articleInput({ body: "x".repeat(MiB) }));
    await refused(() => api("PUT", "/api/articles/too-big", { raw: big, headers: { "Content-Type": "application/json" } }), 413, "too_large");
  });

  it("a chunked body over 1 MiB without Content-Length: 413 too_large while reading", async () => {
    await refused(
      () =>
        api("PUT", "/api/articles/too-big-chunked", { raw: chunked(MiB + 1), headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" } }),
      413,
      "too_large",
    );
  });

  it("a compressed body: 400 bad_request", async () => {
    await refused(() => api("PUT", "/api/articles/gzipped", { body: articleInput(), headers: { "Content-Encoding": "gzip" } }), 400, "bad_request");
  });

  it("a Markdown body over its own limit: 400 invalid naming the field", async () => {
    const body = await refused(() => api("PUT", "/api/articles/long-body", { body: articleInput({ body: "word ".repeat(50_000) }) }), 400, "invalid");
    expect(body.problems?.map((p) => p.field)).toEqual(["body"]);
  });

  it("bad list parameters: 400 bad_request", async () => {
    for (const path of [
      "/api/articles?status=live",
      "/api/articles?section=Not%20A%20Section",
      "/api/articles?limit=0",
      "/api/articles?limit=1001",
      "/api/articles?cursor=%3Cscript%3E",
      "/api/media?limit=x",
      "/api/audit?cursor=%3Cscript%3E",
      "/api/policy/history?cursor=abc",
    ]) {
      const res = await api("GET", path);
      expect(res.status, path).toBe(400);
      expect((await json<Refusal>(res)).code, path).toBe("bad_request");
    }
  });
});

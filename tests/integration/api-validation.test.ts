// Bad input to the article API: each gets a specific status and message, and the KV namespace is
// byte-for-byte unchanged afterwards.

import { describe, expect, it } from "vitest";
import { api, article, expectNoWrite, json } from "./api-helpers.ts";

interface Refusal {
  error: string;
  problems?: { field: string; message: string }[];
}

async function refused(request: () => Promise<Response>, status: number): Promise<Refusal> {
  const res = await expectNoWrite(request);
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toContain("application/json");
  return json<Refusal>(res);
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
  it("malformed JSON: 400 saying so", async () => {
    const body = await refused(
      () => api("PUT", "/api/articles/bad-json", { raw: '{"headline": "Unclosed', headers: { "Content-Type": "application/json" } }),
      400,
    );
    expect(body.error).toContain("not valid JSON");
  });

  it("an empty body and a body that is not UTF-8: 400", async () => {
    await refused(() => api("PUT", "/api/articles/empty-body", { raw: "", headers: { "Content-Type": "application/json" } }), 400);
    const body = await refused(
      () =>
        api("PUT", "/api/articles/not-utf8", { raw: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: { "Content-Type": "application/json" } }),
      400,
    );
    expect(body.error).toContain("UTF-8");
  });

  it("schema violations: 400 listing every problem by field path", async () => {
    const body = await refused(
      () =>
        api("PUT", "/api/articles/many-problems", {
          body: article({
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
    );
    const fields = body.problems?.map((p) => p.field) ?? [];
    for (const field of ["headline", "section", "authors[0]", "tags[0]", "language", "status", "image.media", "image.alt", "image.width", "colour"]) {
      expect(fields).toContain(field);
    }
    expect(body.error).toContain(`${fields.length} problems`);
  });

  it("a slug in the body that disagrees with the URL, and a URL slug that breaks the slug rules", async () => {
    const conflicting = await refused(() => api("PUT", "/api/articles/one-slug", { body: article({ slug: "another-slug" }) }), 400);
    expect(conflicting.problems?.[0]).toMatchObject({ field: "slug" });
    for (const slug of ["Upper-Case", "double--hyphen", "dots..here", "caf%C3%A9", "a%2Fb", "%00"]) {
      const body = await refused(() => api("PUT", `/api/articles/${slug}`, { body: article() }), 400);
      expect(body.problems?.map((p) => p.field)).toContain("slug");
    }
    // A dot-segment is resolved by the URL parser before routing: it names /api/, not an article.
    await refused(() => api("PUT", "/api/articles/%2e%2e", { body: article() }), 404);
  });

  it("dates that do not parse or do not exist", async () => {
    const body = await refused(
      () => api("PUT", "/api/articles/bad-dates", { body: article({ published: "yesterday", updated: "2026-02-30T10:00:00Z" }) }),
      400,
    );
    expect(body.problems?.map((p) => p.field).sort()).toEqual(["published", "updated"]);
  });

  it("an image or body picture that is not uploaded, and a body picture from another site", async () => {
    const body = await refused(
      () =>
        api("PUT", "/api/articles/missing-media", {
          body: article({ image: { media: "not-uploaded.png", alt: "A picture", width: 10, height: 10 }, body: "Text\n\n![x](/media/also-missing.svg)" }),
        }),
      400,
    );
    expect(body.problems).toEqual([
      { field: "image.media", message: expect.stringContaining("PUT /api/media/not-uploaded.png") },
      { field: "body", message: expect.stringContaining("also-missing.svg") },
    ]);
    const external = await refused(() => api("PUT", "/api/articles/external-image", { body: article({ body: "![x](https://tracker.example/p.gif)" }) }), 400);
    expect(external.problems?.[0]?.field).toBe("body");
  });

  it("a JSON value that is not an object, and a PATCH that is not an object or leaves the article invalid", async () => {
    expect((await refused(() => api("PUT", "/api/articles/a-list", { body: [1, 2] }), 400)).problems?.[0]?.field).toBe("(article)");
    await refused(() => api("PATCH", "/api/articles/night-bus-network-extended-to-eastern-suburbs", { body: "headline" }), 400);
    const body = await refused(
      () => api("PATCH", "/api/articles/night-bus-network-extended-to-eastern-suburbs", { body: { headline: null, section: "nowhere" } }),
      400,
    );
    expect(body.problems?.map((p) => p.field).sort()).toEqual(["headline", "section"]);
  });

  it("wrong or missing Content-Type: 415 naming the one to send", async () => {
    const text = await refused(() => api("PUT", "/api/articles/as-text", { raw: JSON.stringify(article()), headers: { "Content-Type": "text/plain" } }), 415);
    expect(text.error).toContain("application/json");
    await refused(() => api("PUT", "/api/articles/no-type", { raw: JSON.stringify(article()) }), 415);
    await refused(
      () => api("PATCH", "/api/articles/night-bus-network-extended-to-eastern-suburbs", { raw: "{}", headers: { "Content-Type": "application/xml" } }),
      415,
    );
  });

  it("a body over 1 MiB: 413 by Content-Length before reading", async () => {
    const big = JSON.stringify(article({ body: "x".repeat(MiB) }));
    const body = await refused(() => api("PUT", "/api/articles/too-big", { raw: big, headers: { "Content-Type": "application/json" } }), 413);
    expect(body.error).toContain("1 MiB");
  });

  it("a chunked body over 1 MiB without Content-Length: 413 while reading", async () => {
    await refused(
      () =>
        api("PUT", "/api/articles/too-big-chunked", { raw: chunked(MiB + 1), headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" } }),
      413,
    );
  });

  it("a compressed body: 400 asking for it uncompressed", async () => {
    const body = await refused(() => api("PUT", "/api/articles/gzipped", { body: article(), headers: { "Content-Encoding": "gzip" } }), 400);
    expect(body.error).toContain("uncompressed");
  });

  it("a Markdown body over its own limit: 400 naming the field", async () => {
    const body = await refused(() => api("PUT", "/api/articles/long-body", { body: article({ body: "word ".repeat(50_000) }) }), 400);
    expect(body.problems?.[0]?.field).toBe("body");
  });

  it("bad list parameters: 400", async () => {
    expect((await api("GET", "/api/articles?status=live")).status).toBe(400);
    expect((await api("GET", "/api/articles?section=Not%20A%20Section")).status).toBe(400);
    expect((await api("GET", "/api/articles?limit=0")).status).toBe(400);
    expect((await api("GET", "/api/audit?cursor=%3Cscript%3E")).status).toBe(400);
  });
});

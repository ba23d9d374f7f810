// Media through the API: upload, serve, list, delete; wrong types, oversized files and SVGs that
// could run or load anything are refused without a write.

import { describe, expect, it } from "vitest";
import { MEDIA_MAX_BYTES } from "../../src/content/media.ts";
import { api, article, expectNoWrite, json, visit } from "./api-helpers.ts";

const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="), (c) => c.charCodeAt(0));
const OTHER_PNG = Uint8Array.from([...PNG.slice(0, -4), 0, 0, 0, 1]);
const CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#123456"/></svg>';

function upload(name: string, bytes: BodyInit, type: string, headers: Record<string, string> = {}): Promise<Response> {
  return api("PUT", `/api/media/${name}`, { raw: bytes, headers: { "Content-Type": type, ...headers } });
}

async function problemsOf(res: Response): Promise<string[]> {
  return ((await json<{ problems?: { field: string; message: string }[] }>(res)).problems ?? []).map((p) => `${p.field}: ${p.message}`);
}

describe("media uploads", () => {
  it("stores a PNG and serves it at /media/{name} with its type and immutable caching", async () => {
    const res = await upload("harbour-night.png", PNG, "image/png");
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe("/media/harbour-night.png");
    expect(await json(res)).toMatchObject({ name: "harbour-night.png", contentType: "image/png", size: PNG.byteLength, url: "/media/harbour-night.png" });
    const served = await visit("/media/harbour-night.png");
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(served.headers.get("Cache-Control")).toContain("immutable");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
  });

  it("accepts the same bytes again without writing, and refuses different bytes under a taken name (409)", async () => {
    const same = await expectNoWrite(() => upload("harbour-night.png", PNG, "image/png"));
    expect(same.status).toBe(200);
    expect((await json(same)).unchanged).toBe(true);
    const other = await expectNoWrite(() => upload("harbour-night.png", OTHER_PNG, "image/png"));
    expect(other.status).toBe(409);
    expect((await json<{ error: string }>(other)).error).toContain("new name");
  });

  it("serves a clean SVG sandboxed", async () => {
    expect((await upload("tide-chart.svg", CLEAN_SVG, "image/svg+xml")).status).toBe(201);
    const served = await visit("/media/tide-chart.svg");
    expect(served.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(served.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(served.headers.get("Content-Security-Policy")).not.toContain("script-src");
  });

  it("refuses SVGs that carry script, event handlers or external references", async () => {
    const hostile = {
      "script.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      "onload.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
      "remote.svg": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>',
      "object.svg": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    };
    for (const [name, svg] of Object.entries(hostile)) {
      const res = await expectNoWrite(() => upload(name, svg, "image/svg+xml"));
      expect(res.status).toBe(400);
      expect((await problemsOf(res)).join(" ")).toMatch(/SVG/);
      expect((await visit(`/media/${name}`)).status).toBe(404);
    }
  });

  it("refuses a Content-Type that does not match the name (415) and bytes that do not match the type (400)", async () => {
    const mismatch = await expectNoWrite(() => upload("photo.png", PNG, "image/jpeg"));
    expect(mismatch.status).toBe(415);
    expect((await json<{ error: string }>(mismatch)).error).toContain("image/png");
    expect((await expectNoWrite(() => upload("photo.png", PNG, ""))).status).toBe(415);
    const disguised = await expectNoWrite(() => upload("photo.jpg", "<script>alert(1)</script>", "image/jpeg"));
    expect(disguised.status).toBe(400);
    expect((await problemsOf(disguised))[0]).toContain("first bytes");
  });

  it("refuses names outside the allowlist", async () => {
    for (const name of ["animation.gif", "page.html", "Upper.png", "no-extension"]) {
      const res = await expectNoWrite(() => upload(name, PNG, "image/png"));
      expect([400, 415]).toContain(res.status);
    }
  });

  it("refuses a file over the limit by Content-Length and while reading a chunked body (413)", async () => {
    const tooBig = new Uint8Array(MEDIA_MAX_BYTES + 1);
    tooBig.set(PNG);
    const declared = await expectNoWrite(() => upload("huge.png", tooBig, "image/png"));
    expect(declared.status).toBe(413);
    expect((await json<{ error: string }>(declared)).error).toContain("5 MiB");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent <= MEDIA_MAX_BYTES; sent += 512 * 1024) controller.enqueue(new Uint8Array(512 * 1024));
        controller.close();
      },
    });
    expect((await expectNoWrite(() => upload("huge-chunked.png", stream, "image/png"))).status).toBe(413);
  });

  it("refuses a compressed upload", async () => {
    expect((await expectNoWrite(() => upload("zipped.png", PNG, "image/png", { "Content-Encoding": "br" }))).status).toBe(400);
  });

  it("lets an article use an uploaded image", async () => {
    const res = await api("PUT", "/api/articles/night-harbour-photo", {
      body: article({
        image: { media: "harbour-night.png", alt: "The harbour at night", width: 1, height: 1 },
        body: "Text.\n\n![Tide chart](/media/tide-chart.svg)",
      }),
    });
    expect(res.status).toBe(201);
    const page = await (await visit("/articles/night-harbour-photo")).text();
    expect(page).toContain('src="/media/tide-chart.svg"');
  });

  it("lists stored media", async () => {
    const list = await json<{ media: { name: string; contentType: string }[] }>(await api("GET", "/api/media"));
    expect(list.media).toEqual(expect.arrayContaining([expect.objectContaining({ name: "harbour-night.png", contentType: "image/png" })]));
  });

  it("deletes a file: it is gone from /media, and a second delete is 404", async () => {
    const res = await api("DELETE", "/api/media/tide-chart.svg");
    expect(res.status).toBe(200);
    expect((await visit("/media/tide-chart.svg")).status).toBe(404);
    expect((await expectNoWrite(() => api("DELETE", "/api/media/tide-chart.svg"))).status).toBe(404);
    const audit = await json<{ entries: { action: string; target: string }[] }>(await api("GET", "/api/audit?limit=5"));
    expect(audit.entries[0]).toMatchObject({ action: "media.delete", target: "tide-chart.svg" });
  });
});

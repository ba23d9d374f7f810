// Media through the API: upload, serve, list, delete, all recorded by the single writer (its own record
// says what exists, not a KV list); wrong types, oversized files and SVGs that could run or load anything
// are refused without a write.

import { describe, expect, it } from "vitest";
import { MEDIA_MAX_BYTES } from "../../src/content/media.ts";
import { api, articleInput, expectNoWrite, json, settled, visit } from "../support/worker.ts";

const PNG = Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="), (c) => c.charCodeAt(0));
const OTHER_PNG = Uint8Array.from([...PNG.slice(0, -4), 0, 0, 0, 1]);
const CLEAN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#123456"/></svg>';

interface Refusal {
  code: string;
  error: string;
  problems?: { field: string; code?: string }[];
}

interface Listed {
  name: string;
  contentType: string;
  size: number;
  etag: string;
}

function upload(name: string, bytes: BodyInit, type: string, headers: Record<string, string> = {}): Promise<Response> {
  return api("PUT", `/api/media/${name}`, { raw: bytes, headers: { "Content-Type": type, ...headers } });
}

async function listed(): Promise<Listed[]> {
  const all: Listed[] = [];
  let cursor: string | undefined;
  do {
    const page = await json<{ media: Listed[]; cursor?: string }>(
      await api("GET", `/api/media?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
    );
    expect(page.media.length).toBeLessThanOrEqual(2);
    all.push(...page.media);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

describe("media uploads", () => {
  it("stores a PNG and serves it at /media/{name} with its type and immutable caching, on every host", async () => {
    const res = await upload("harbour-night.png", PNG, "image/png");
    expect(res.status).toBe(201);
    expect(res.headers.get("Location")).toBe("/media/harbour-night.png");
    const body = await json<{ etag: string; audit: string; visibleBy: string }>(res);
    expect(body).toMatchObject({ name: "harbour-night.png", contentType: "image/png", size: PNG.byteLength, url: "/media/harbour-night.png" });
    expect(body.audit).toMatch(/\S/);
    for (const host of ["news.localhost:8787", "mirror-one.localhost:8787"]) {
      const served = await visit("/media/harbour-night.png", { host });
      expect(served.status).toBe(200);
      expect(served.headers.get("Content-Type")).toBe("image/png");
      expect(served.headers.get("Cache-Control")).toContain("immutable");
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    }
    expect((await listed()).find((m) => m.name === "harbour-night.png")).toMatchObject({ contentType: "image/png", size: PNG.byteLength, etag: body.etag });
  });

  it("accepts the same bytes again without writing, and refuses different bytes under a taken name (409 conflict)", async () => {
    const same = await expectNoWrite(() => upload("harbour-night.png", PNG, "image/png"));
    expect(same.status).toBe(200);
    expect((await json(same)).unchanged).toBe(true);
    const other = await expectNoWrite(() => upload("harbour-night.png", OTHER_PNG, "image/png"));
    expect(other.status).toBe(409);
    expect((await json<Refusal>(other)).code).toBe("conflict");
    expect(new Uint8Array(await (await visit("/media/harbour-night.png")).arrayBuffer())).toEqual(PNG);
  });

  it("serves a clean SVG sandboxed", async () => {
    expect((await upload("tide-chart.svg", CLEAN_SVG, "image/svg+xml")).status).toBe(201);
    const served = await visit("/media/tide-chart.svg");
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(served.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(served.headers.get("Content-Security-Policy")).not.toContain("script-src");
    expect(await served.text()).toBe(CLEAN_SVG);
  });

  it("refuses SVGs that carry script, event handlers or external references (400 invalid, problem on body)", async () => {
    const hostile = {
      "script.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      "onload.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
      "remote.svg": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/x.png"/></svg>',
      "object.svg": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    };
    for (const [name, svg] of Object.entries(hostile)) {
      const res = await expectNoWrite(() => upload(name, svg, "image/svg+xml"));
      expect(res.status, name).toBe(400);
      const body = await json<Refusal>(res);
      expect(body.code, name).toBe("invalid");
      expect(
        body.problems?.map((p) => p.field),
        name,
      ).toContain("body");
      expect((await visit(`/media/${name}`)).status, name).toBe(404);
    }
  });

  it("refuses a Content-Type that does not match the name (415) and bytes that do not match the type (400)", async () => {
    const mismatch = await expectNoWrite(() => upload("photo.png", PNG, "image/jpeg"));
    expect(mismatch.status).toBe(415);
    expect((await json<Refusal>(mismatch)).code).toBe("unsupported_media_type");
    expect((await expectNoWrite(() => upload("photo.png", PNG, ""))).status).toBe(415);
    const disguised = await expectNoWrite(() => upload("photo.jpg", "<script>alert(1)</script>", "image/jpeg"));
    expect(disguised.status).toBe(400);
    const body = await json<Refusal>(disguised);
    expect(body.code).toBe("invalid");
    expect(body.problems?.map((p) => p.field)).toEqual(["body"]);
  });

  it("refuses names outside the allowlist", async () => {
    for (const name of ["animation.gif", "page.html", "Upper.png", "no-extension"]) {
      const res = await expectNoWrite(() => upload(name, PNG, "image/png"));
      expect(res.status, name).toBe(400);
      const body = await json<Refusal>(res);
      expect(body.code, name).toBe("invalid");
      expect(body.problems?.[0], name).toMatchObject({ field: "name", code: "invalid_media_name" });
    }
  });

  it("refuses a file over the limit by Content-Length and while reading a chunked body (413 too_large)", async () => {
    const tooBig = new Uint8Array(MEDIA_MAX_BYTES + 1);
    tooBig.set(PNG);
    const declared = await expectNoWrite(() => upload("huge.png", tooBig, "image/png"));
    expect(declared.status).toBe(413);
    expect((await json<Refusal>(declared)).code).toBe("too_large");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent <= MEDIA_MAX_BYTES; sent += 512 * 1024) controller.enqueue(new Uint8Array(512 * 1024));
        controller.close();
      },
    });
    const chunked = await expectNoWrite(() => upload("huge-chunked.png", stream, "image/png"));
    expect(chunked.status).toBe(413);
    expect((await json<Refusal>(chunked)).code).toBe("too_large");
  });

  it("refuses a compressed upload", async () => {
    const res = await expectNoWrite(() => upload("zipped.png", PNG, "image/png", { "Content-Encoding": "br" }));
    expect(res.status).toBe(400);
    expect((await json<Refusal>(res)).code).toBe("bad_request");
  });

  it("lets an article use an uploaded image, and refuses one that is not uploaded (media_missing)", async () => {
    const res = await api("PUT", "/api/articles/night-harbour-photo", {
      body: articleInput({
        image: { media: "harbour-night.png", alt: "The harbour at night", width: 1, height: 1 },
        body: "Text.\n\n![Tide chart](/media/tide-chart.svg)",
      }),
    });
    expect(res.status).toBe(201);
    await settled();
    const page = await (await visit("/articles/night-harbour-photo")).text();
    expect(page).toContain('src="/media/harbour-night.png"');
    expect(page).toContain('src="/media/tide-chart.svg"');
    const missing = await expectNoWrite(() =>
      api("PUT", "/api/articles/unuploaded-photo", { body: articleInput({ image: { media: "never-uploaded.png", alt: "Nothing", width: 1, height: 1 } }) }),
    );
    expect(missing.status).toBe(400);
    expect((await json<Refusal>(missing)).problems).toEqual([expect.objectContaining({ field: "image.media", code: "media_missing" })]);
  });

  it("lists stored media from the writer's record, a page at a time, the seed's included", async () => {
    const names = (await listed()).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["harbour-night.png", "tide-chart.svg", "canal-towpath.svg"]));
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it("deletes a file: gone from /media and the list, audited; a second delete is 404 not_found", async () => {
    const res = await api("DELETE", "/api/media/tide-chart.svg");
    expect(res.status).toBe(200);
    const { audit } = await json<{ audit: string }>(res);
    expect((await visit("/media/tide-chart.svg")).status).toBe(404);
    expect((await listed()).map((m) => m.name)).not.toContain("tide-chart.svg");
    const again = await expectNoWrite(() => api("DELETE", "/api/media/tide-chart.svg"));
    expect(again.status).toBe(404);
    expect((await json<Refusal>(again)).code).toBe("not_found");
    const log = await json<{ entries: { id: string; action: string; target: string; previous: { etag: string } }[] }>(await api("GET", "/api/audit?limit=5"));
    expect(log.entries[0]).toMatchObject({ id: audit, action: "media.delete", target: "tide-chart.svg" });
    // Gone for good: the name can hold other bytes now.
    expect((await upload("tide-chart.svg", CLEAN_SVG.replace("#123456", "#654321"), "image/svg+xml")).status).toBe(201);
  });
});

// Remote seeding within the import API's limits: a large archive (2,000 stories with 80 KB images,
// 160 MB of pictures) is sent in batches a server that enforces the limits accepts: media apart from
// stories, each request under the byte and item caps, everything arriving once.

import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../src/api/import-limits.ts";
import { ApiClient } from "../../scripts/lib/api-client.ts";
import type { ContentFolder } from "../../scripts/lib/content-folder.ts";
import { batches, sendSeed } from "../../scripts/lib/seed-client.ts";

/** A stand-in for the import API that refuses what the real one refuses, and records what it got. */
function fakeImportApi() {
  const received = { media: [] as string[], articles: [] as string[], requests: [] as { path: string; bytes: number; items: number }[] };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= IMPORT_LIMITS.bytes) chunks.push(chunk);
    });
    req.on("end", () => {
      const answer = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (size > IMPORT_LIMITS.bytes) return answer(413, { code: "too_large", error: "batch too large" });
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { files?: { name: string }[]; articles?: { slug: string }[] };
      const items = body.files ?? body.articles ?? [];
      if (items.length > IMPORT_LIMITS.items) return answer(400, { code: "batch_too_large", error: "too many items" });
      received.requests.push({ path: req.url ?? "", bytes: size, items: items.length });
      if (req.url === "/api/import/media") {
        const names = (body.files ?? []).map((f) => f.name);
        received.media.push(...names);
        return answer(200, { stored: names, unchanged: [], refused: [] });
      }
      const slugs = (body.articles ?? []).map((a) => a.slug);
      received.articles.push(...slugs);
      return answer(200, { ok: true, site: "created", created: slugs, updated: [], unchanged: 0, kept: [] });
    });
  });
  return { server, received };
}

const ARTICLES = 2_000;
const IMAGE_BYTES = 80 * 1024;

function archive(): ContentFolder {
  const image = Buffer.alloc(IMAGE_BYTES, 7);
  return {
    siteInput: { name: "Archive" },
    media: Array.from({ length: ARTICLES }, (_, i) => ({ name: `picture-${i}.png`, bytes: image, contentType: "image/png", etag: `e${i}` })),
    articles: Array.from({ length: ARTICLES }, (_, i) => ({
      slug: `story-${i}`,
      input: { headline: `Story ${i}`, body: "A paragraph of the story. ".repeat(40), image: { media: `picture-${i}.png` } },
      record: {} as ContentFolder["articles"][number]["record"],
    })),
    problems: [],
  };
}

describe("remote seeding of a large archive", () => {
  const api = fakeImportApi();
  let client: ApiClient;
  beforeAll(async () => {
    await new Promise<void>((resolve) => api.server.listen(0, "127.0.0.1", resolve));
    client = new ApiClient(new URL(`http://127.0.0.1:${(api.server.address() as AddressInfo).port}/`), "token", () => {});
  });
  afterAll(() => new Promise<void>((resolve) => api.server.close(() => resolve())));

  it("sends 2,000 stories and 160 MB of pictures in batches the server accepts, media first, each item once", async () => {
    const report = await sendSeed(client, archive());
    expect(report.media.stored).toBe(ARTICLES);
    expect(report.created).toBe(ARTICLES);
    expect(api.received.media).toHaveLength(ARTICLES);
    expect(new Set(api.received.media).size).toBe(ARTICLES);
    expect(new Set(api.received.articles).size).toBe(ARTICLES);
    for (const request of api.received.requests) {
      expect(request.bytes).toBeLessThanOrEqual(IMPORT_LIMITS.bytes);
      expect(request.items).toBeLessThanOrEqual(IMPORT_LIMITS.items);
    }
    const mediaRequests = api.received.requests.filter((r) => r.path === "/api/import/media");
    const lastMedia = api.received.requests.findLastIndex((r) => r.path === "/api/import/media");
    const firstArticles = api.received.requests.findIndex((r) => r.path === "/api/import");
    expect(lastMedia).toBeLessThan(firstArticles);
    // 2,000 pictures of 80 KB are 218 MB of base64: more than a dozen batches, none over the cap.
    expect(mediaRequests.length).toBeGreaterThanOrEqual(Math.ceil((ARTICLES * IMAGE_BYTES * 4) / 3 / IMPORT_LIMITS.bytes));
  }, 60_000);

  it("splits by count as well as by size", () => {
    const split = batches(
      Array.from({ length: 2_500 }, (_, i) => i),
      () => 10,
      { bytes: 1_000_000, items: 1_000 },
    );
    expect(split.map((b) => b.length)).toEqual([1_000, 1_000, 500]);
  });

  it("refuses, with a clear message, an item no batch can carry", () => {
    expect(() => batches([1], () => 20, { bytes: 10, items: 5 })).toThrow("one item is 20 bytes, more than a whole batch (10)");
  });
});

// Seeding through the API: POST /api/import takes the content folder in batches (site, then stories) and
// POST /api/import/media its images. The writer takes a batch like any change: every story checked
// before anything is written, audited as "seed.import", and a story an editor changed or deleted through
// the API since it was seeded is kept (listed under "kept") unless the seed is forced.

import { env } from "cloudflare:workers";
import { describe, expect, it, inject } from "vitest";
import { IMPORT_LIMITS } from "../../src/api/import.ts";
import { api, articleInput, expectNoWrite, fetchWith, json, listingSlugs, seedSite, settled, visit } from "../support/worker.ts";

interface ImportReport {
  site: "created" | "updated" | "unchanged" | "absent";
  created: string[];
  updated: string[];
  unchanged: number;
  kept: string[];
  audit: string;
  visibleBy: string;
}

interface Refusal {
  code: string;
  error: string;
  problems?: { field: string; code?: string }[];
}

interface AuditEntry {
  id: string;
  action: string;
  target: string;
  actor: string;
  result: { site: string; created: number; updated: number; unchanged: number; kept: string[] };
}

const seed = inject("seed");
const EDITED = "night-bus-network-extended-to-eastern-suburbs";
const DELETED = "city-marathon-sets-participation-record";

/** The whole seed folder as `npm run seed` sends it. */
const seedBatch = (extra: Record<string, unknown> = {}) => ({ site: seed.site, articles: seed.articles.map(({ slug, input }) => ({ slug, input })), ...extra });

async function importBatch(body: unknown): Promise<{ res: Response; report: ImportReport }> {
  const res = await api("POST", "/api/import", { body });
  return { res, report: res.status === 200 ? await json<ImportReport>(res.clone()) : ({} as ImportReport) };
}

async function lastAudit(): Promise<AuditEntry | undefined> {
  return (await json<{ entries: AuditEntry[] }>(await api("GET", "/api/audit?limit=1"))).entries[0];
}

async function headlineOf(slug: string): Promise<string | number> {
  const res = await api("GET", `/api/articles/${slug}`);
  return res.status === 200 ? (await json<{ headline: string }>(res)).headline : res.status;
}

describe("POST /api/import", () => {
  it("the seed again changes nothing: every story unchanged, the site unchanged, no audit entry", async () => {
    const before = await lastAudit();
    const { res, report } = await importBatch(seedBatch());
    expect(res.status).toBe(200);
    expect(report).toMatchObject({ site: "unchanged", created: [], updated: [], unchanged: seed.articles.length, kept: [], audit: "" });
    expect(Date.parse(report.visibleBy)).toBeGreaterThan(Date.now());
    expect((await lastAudit())?.id).toBe(before?.id);
  });

  it("a batch of new stories creates them, readers see them, and the seed's write is one audit entry (seed.import)", async () => {
    const { res, report } = await importBatch({
      articles: [
        { slug: "imported-one", input: articleInput({ headline: "Imported story one", tags: ["imported"] }) },
        { slug: "imported-two", input: articleInput({ headline: "Imported story two", tags: ["imported"], published: "2026-11-24T09:00:00Z" }) },
      ],
    });
    expect(res.status).toBe(200);
    expect(report).toMatchObject({ site: "absent", created: ["imported-one", "imported-two"], updated: [], unchanged: 0, kept: [] });
    const entry = await lastAudit();
    expect(entry).toMatchObject({
      id: report.audit,
      action: "seed.import",
      target: "site",
      result: { site: "absent", created: 2, updated: 0, unchanged: 0, kept: [] },
    });
    expect(entry?.actor).toMatch(/^token-[0-9a-f]{8}$/);
    await settled();
    expect(await listingSlugs("/tag/imported")).toEqual(["imported-two", "imported-one"]);
    expect(await (await visit("/articles/imported-one")).text()).toContain("<h1>Imported story one</h1>");
  });

  it("keeps a story an editor changed or deleted through the API since it was seeded, and lists it under kept", async () => {
    expect((await api("PATCH", `/api/articles/${EDITED}`, { body: { headline: "Night buses: an editor's correction" } })).status).toBe(200);
    expect((await api("DELETE", `/api/articles/${DELETED}`)).status).toBe(200);
    const { res, report } = await importBatch(seedBatch());
    expect(res.status).toBe(200);
    expect(report.kept.sort()).toEqual([DELETED, EDITED].sort());
    expect(report).toMatchObject({ created: [], updated: [], unchanged: seed.articles.length - 2 });
    expect(await headlineOf(EDITED)).toBe("Night buses: an editor's correction");
    expect(await headlineOf(DELETED)).toBe(404);
    await settled();
    expect((await visit(`/articles/${DELETED}`)).status).toBe(404);
    expect(await (await visit(`/articles/${EDITED}`)).text()).toContain("<h1>Night buses: an editor&#39;s correction</h1>");
  });

  it("force: true puts the seed's version back, the deleted story included, and audits it", async () => {
    const seeded = (slug: string) => seed.articles.find((a) => a.slug === slug)?.input.headline;
    const { res, report } = await importBatch(seedBatch({ force: true }));
    expect(res.status).toBe(200);
    expect(report.kept).toEqual([]);
    // The deleted story comes back as a new one; the edited one is updated.
    expect(report).toMatchObject({ created: [DELETED], updated: [EDITED] });
    expect(await headlineOf(EDITED)).toBe(seeded(EDITED));
    expect(await headlineOf(DELETED)).toBe(seeded(DELETED));
    expect(await lastAudit()).toMatchObject({ id: report.audit, action: "seed.import", result: { created: 1, updated: 1, kept: [] } });
    await settled();
    expect((await visit(`/articles/${DELETED}`)).status).toBe(200);
    // Put back by the seed, the story is the seed's again: the next seed updates it without force.
    expect((await importBatch(seedBatch())).report.kept).toEqual([]);
  });

  it("a site change is applied and reported as updated", async () => {
    const site = seedSite();
    const renamed = { ...site, sections: site.sections.map((s) => (s.slug === "sport" ? { ...s, name: "Sport and Games" } : s)) };
    const { report } = await importBatch({ site: renamed });
    expect(report.site).toBe("updated");
    await settled();
    expect(await (await visit("/section/sport")).text()).toContain("<h1>Sport and Games</h1>");
    expect((await importBatch({ site: seed.site })).report.site).toBe("updated");
  });

  it("one invalid story refuses the whole batch, naming it, and nothing is written", async () => {
    const res = await expectNoWrite(() =>
      api("POST", "/api/import", {
        body: {
          articles: [
            { slug: "valid-in-bad-batch", input: articleInput() },
            { slug: "invalid-in-bad-batch", input: articleInput({ headline: "", section: "weather" }) },
          ],
        },
      }),
    );
    expect(res.status).toBe(400);
    const body = await json<Refusal>(res);
    expect(body.code).toBe("invalid");
    expect(body.problems?.map((p) => p.field).sort()).toEqual(["invalid-in-bad-batch: headline", "invalid-in-bad-batch: section"]);
    expect(await headlineOf("valid-in-bad-batch")).toBe(404);
  });

  it(`refuses more than ${IMPORT_LIMITS.items} stories in one batch with batch_too_large, writing nothing`, async () => {
    const articles = Array.from({ length: IMPORT_LIMITS.items + 1 }, (_, i) => ({ slug: `bulk-${i}`, input: articleInput() }));
    const res = await expectNoWrite(() => api("POST", "/api/import", { body: { articles } }));
    expect(res.status).toBe(400);
    expect((await json<Refusal>(res)).code).toBe("batch_too_large");
    expect(await headlineOf("bulk-0")).toBe(404);
  });

  it("takes exactly the limit in one batch", async () => {
    const articles = Array.from({ length: IMPORT_LIMITS.items }, (_, i) => ({
      slug: `limit-story-${i}`,
      input: articleInput({ headline: `Limit story ${i}`, tags: ["limit-batch"], status: "draft" }),
    }));
    const { res, report } = await importBatch({ articles });
    expect(res.status).toBe(200);
    expect(report.created).toHaveLength(IMPORT_LIMITS.items);
    const drafts = await json<{ articles: { slug: string }[] }>(await api("GET", "/api/articles?status=draft&limit=1000"));
    expect(drafts.articles.filter((a) => a.slug.startsWith("limit-story-"))).toHaveLength(IMPORT_LIMITS.items);
  }, 60_000);

  it("refuses a batch that is not {articles: [{slug, input}]} with invalid_batch, writing nothing", async () => {
    for (const body of [
      [1, 2],
      { articles: "all of them" },
      { articles: [{ input: articleInput() }] },
      { articles: [null] },
      { articles: [{ slug: 7, input: {} }] },
    ]) {
      const res = await expectNoWrite(() => api("POST", "/api/import", { body }));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json<Refusal>(res)).code, JSON.stringify(body)).toBe("invalid_batch");
    }
  });

  it("refuses an invalid site in the batch, naming its fields, writing nothing", async () => {
    const res = await expectNoWrite(() => api("POST", "/api/import", { body: { site: { ...seedSite(), sections: "none" } } }));
    expect(res.status).toBe(400);
    const body = await json<Refusal>(res);
    expect(body.code).toBe("invalid");
    expect(body.problems?.every((p) => p.field.startsWith("site."))).toBe(true);
  });

  it("needs the token", async () => {
    const res = await api("POST", "/api/import", { body: seedBatch({ force: true }), token: null });
    expect(res.status).toBe(401);
    expect((await json<Refusal>(res)).code).toBe("token_required");
  });

  it("answers 503 not_seeded to stories sent to a writer with no site yet, writing nothing", async () => {
    const empty = env.NEWSROOM.idFromName("a-newsroom-never-seeded");
    const unseeded = { ...env, NEWSROOM: { idFromName: () => empty, get: (id: DurableObjectId) => env.NEWSROOM.get(id) } } as unknown as Env;
    const res = await expectNoWrite(() => fetchWith(unseeded, "POST", "/api/import", { body: { articles: [{ slug: "too-early", input: articleInput() }] } }));
    expect(res.status).toBe(503);
    expect((await json<Refusal>(res)).code).toBe("not_seeded");
    const put = await fetchWith(unseeded, "PUT", "/api/articles/too-early", { body: articleInput() });
    expect(put.status).toBe(503);
    expect((await json<Refusal>(put)).code).toBe("not_seeded");
  });
});

describe("POST /api/import/media", () => {
  const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
  const SVG = btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#345678"/></svg>');

  it("stores each file like PUT /api/media/{name}, and the same files again are unchanged", async () => {
    const files = [
      { name: "imported-dot.png", type: "image/png", data: PNG },
      { name: "imported-square.svg", type: "image/svg+xml", data: SVG },
    ];
    const res = await api("POST", "/api/import/media", { body: { files } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ stored: ["imported-dot.png", "imported-square.svg"], unchanged: [], refused: [] });
    const served = await visit("/media/imported-dot.png");
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0)));
    const again = await api("POST", "/api/import/media", { body: { files } });
    expect(await json(again)).toEqual({ stored: [], unchanged: ["imported-dot.png", "imported-square.svg"], refused: [] });
    // The seed's own media are there already.
    expect(
      await json(await api("POST", "/api/import/media", { body: { files: seed.media.map((m) => ({ name: m.name, type: m.type, data: m.base64 })) } })),
    ).toMatchObject({
      stored: [],
      refused: [],
    });
  });

  it("answers 422 listing a file it refused (other bytes under a taken name), storing the others", async () => {
    const res = await api("POST", "/api/import/media", {
      body: {
        files: [
          { name: "imported-dot.png", type: "image/png", data: SVG },
          { name: "imported-later.svg", type: "image/svg+xml", data: SVG },
        ],
      },
    });
    expect(res.status).toBe(422);
    const report = await json<{ stored: string[]; refused: { name: string }[] }>(res);
    expect(report.stored).toEqual(["imported-later.svg"]);
    expect(report.refused.map((r) => r.name)).toEqual(["imported-dot.png"]);
  });

  it("refuses a malformed batch (invalid_batch) and one over the limit (batch_too_large), writing nothing", async () => {
    for (const body of [{ files: [{ name: "x.png", type: "image/png", data: "%%% not base64 %%%" }] }, { files: [{ name: "x.png" }] }, { files: {} }]) {
      const res = await expectNoWrite(() => api("POST", "/api/import/media", { body }));
      expect(res.status).toBe(400);
      expect((await json<Refusal>(res)).code).toBe("invalid_batch");
    }
    const many = Array.from({ length: IMPORT_LIMITS.items + 1 }, (_, i) => ({ name: `many-${i}.png`, type: "image/png", data: PNG }));
    const res = await expectNoWrite(() => api("POST", "/api/import/media", { body: { files: many } }));
    expect(res.status).toBe(400);
    expect((await json<Refusal>(res)).code).toBe("batch_too_large");
  });
});

// Readers cost reads only, and never see a time read while a module loaded: every address of the site
// (pages, feeds, sitemaps, media, mirrors.json, robots, redirects, 404s; GET and HEAD) crawled at every
// data centre right after a fresh seed, while the seed spreads and once it has; and every API answer.

import { describe, it } from "vitest";
import type { SiteConfig } from "../../src/content/site.ts";
import { crawl, type Probe } from "./observe.ts";
import type { Random } from "./random.ts";
import { runScenario } from "./scenario.ts";
import { type SeedFolder, seed, seedFolder } from "./seed.ts";
import { BOUND_MS, expectStatus } from "./story.ts";
import { SERVED_READERS } from "./surfaces.ts";
import { siteAddresses } from "./traffic.ts";
import type { World } from "./world.ts";

/** Every address a reader can ask for, from the seed folder (drafts and scheduled stories too: they are 404s). */
function everyPath(folder: SeedFolder): string[] {
  const content = {
    site: folder.site as SiteConfig,
    articles: folder.articles.map((a) => ({ slug: a.slug, tags: a.record.article.tags, published: Date.parse(a.record.article.published) })),
    media: folder.media.map((m) => m.name),
  };
  return [...siteAddresses(content).map((a) => a.path), "/articles/no-such-story"];
}

/** Each path once per data centre, by a reader served there, and a few more ways in: HEAD, plain HTTP, a region redirect. */
function crawlProbes(paths: readonly string[], random: Random): Probe<string>[] {
  return paths.flatMap((path) => {
    const reader = random.pick(SERVED_READERS);
    const probes: Probe<string>[] = [{ spec: { url: `https://${reader.host}${path}`, country: reader.country }, meta: path }];
    if (random.chance(0.15)) probes.push({ spec: { url: `https://${reader.host}${path}`, country: reader.country, method: "HEAD" }, meta: path });
    if (random.chance(0.1)) probes.push({ spec: { url: `http://${reader.host}${path}`, country: reader.country }, meta: path });
    if (random.chance(0.1))
      probes.push({ spec: { url: `https://www.meridian-courier.example${path}`, country: random.pick(["CN", "IR", "JP", "AU"]) }, meta: path });
    return probes;
  });
}

async function crawlEverything(world: World, random: Random): Promise<number> {
  const seen = await crawl(world, crawlProbes(everyPath(await seedFolder()), random));
  return seen.length;
}

describe("edge: readers", () => {
  it("reader requests make zero KV writes: every address at every data centre right after a fresh seed", async () => {
    await runScenario("zero writes from readers", 1, async (world, random) => {
      world.startCron();
      await seed(world, world.writerDc);
      let requests = 0;
      for (const wait of [0, 20_000, BOUND_MS]) {
        await world.advance(wait);
        requests += await crawlEverything(world, random);
      }
      const reader = world.kv.operations("reader");
      const rpc = world.writer.calls.get("reader") ?? 0;
      if (reader.put + reader.delete + reader.list > 0 || rpc > 0)
        throw new Error(`readers made KV writes or lists or called the writer: ${JSON.stringify(reader)}, ${rpc} writer calls, over ${requests} requests`);
      if (reader.get === 0) throw new Error("the crawl read nothing: the counter is not counting");
      return undefined;
    });
  });

  it("no date from module load time (1970) in pages, feeds, sitemaps, mirrors.json or API answers, even for an empty section", async () => {
    await runScenario(
      "no 1970 dates",
      1,
      async (world, random) => {
        world.startCron();
        await seed(world, world.writerDc);
        await crawlEverything(world, random);
        await world.advance(BOUND_MS);
        const editor = random.pick(world.dataCentres);
        // A section with no visible story: its feeds have no entry to date them by.
        const folder = await seedFolder();
        const site = folder.site as SiteConfig;
        const section = random.pick(site.sections.filter((s) => !site.sections.some((o) => o.slug.startsWith(`${s.slug}/`))));
        for (const a of folder.articles.filter((x) => x.record.article.section === section.slug && x.record.article.status === "published")) {
          const answer = await world.api(editor, "PATCH", `/api/articles/${a.slug}`, { status: "draft" }, { "Content-Type": "application/merge-patch+json" });
          expectStatus(answer, 200);
        }
        for (const path of [
          "/api/articles",
          `/api/articles/${folder.articles[0]?.slug}`,
          "/api/policy",
          "/api/policy/history",
          "/api/audit",
          "/api/media",
          "/api/openapi.json",
        ])
          await world.api(editor, "GET", path);
        const policy = JSON.parse((await world.api(editor, "GET", "/api/policy")).body).policy;
        expectStatus(await world.api(world.writerDc, "PUT", "/api/policy", policy), 200);
        await world.advance(BOUND_MS);
        for (const dc of world.dataCentres) world.coldStart(dc);
        await crawlEverything(world, random);
        expectStatus(await world.api(editor, "DELETE", "/api/policy"), 200);
        await world.advance(BOUND_MS);
        await crawlEverything(world, random);
        return undefined;
      },
      { world: { coldStarts: 0.1 } },
    );
  });
});

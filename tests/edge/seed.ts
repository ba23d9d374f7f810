// The kv-seed folder, loaded as `npm run seed` loads it (validated by the same code), and sent the way
// it sends it: media first, then the site config with the stories, through the publishing API.

import { join } from "node:path";
import { loadContentFolder } from "../../scripts/lib/content-folder.ts";
import { IMPORT_BATCH, batches } from "../../scripts/lib/seed-client.ts";
import type { ArticleRecord } from "../../src/content/record.ts";
import type { DataCentre, Exchange, World } from "./world.ts";

export interface SeedFolder {
  site: unknown;
  articles: { slug: string; input: Record<string, unknown>; record: ArticleRecord }[];
  media: { name: string; type: string; data: string }[];
}

let folder: Promise<SeedFolder> | undefined;

/** kv-seed/, read and validated once per process. */
export function seedFolder(): Promise<SeedFolder> {
  folder ??= loadContentFolder(join(import.meta.dirname, "../../kv-seed")).then((content) => {
    if (content.problems.length > 0) throw new Error(`kv-seed/ is invalid: ${content.problems.map((p) => `${p.file}: ${p.message}`).join("; ")}`);
    return {
      site: content.siteInput,
      articles: content.articles,
      media: content.media.map((m) => ({ name: m.name, type: m.contentType, data: m.bytes.toString("base64") })),
    };
  });
  return folder;
}

/**
 * Seeds the world through the API at `dc` (an editor's machine near it), as `npm run seed` does; the
 * answers in order. `mediaThroughWriter`: the images go straight to the writer's putMedia, which the
 * media import calls for each file (the same KV writes; the API's base64 decoding costs a run ~0.1 s).
 */
export async function seed(world: World, dc: DataCentre, options: { mediaThroughWriter?: boolean } = {}): Promise<Exchange[]> {
  const content = await seedFolder();
  const answers: Exchange[] = [];
  if (options.mediaThroughWriter) {
    const writer = world.writer;
    const actor = { id: "seed", method: "POST", path: "/api/import/media" };
    for (const m of content.media) {
      const bytes = Buffer.from(m.data, "base64");
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const stored = (await world.settle(writer.call("putMedia", [m.name, buffer, m.type, actor], dc.name))) as { ok: boolean };
      if (!stored.ok) throw new Error(`seed media ${m.name} refused`);
    }
  } else {
    for (const files of batches(content.media, (f) => f.data.length + f.name.length + 40, IMPORT_BATCH)) {
      answers.push(await world.api(dc, "POST", "/api/import/media", { files }));
    }
  }
  const articles = content.articles.map(({ slug, input }) => ({ slug, input }));
  answers.push(await world.api(dc, "POST", "/api/import", { site: content.site, articles, force: false }));
  for (const a of answers) if (a.status !== 200) throw new Error(`seed refused: HTTP ${a.status} ${a.body.slice(0, 500)}`);
  return answers;
}

// How content gets into a running copy of the site: the seed and the synthetic archives both go
// through loadContent, the ONE function to change when writes move behind the Newsroom Durable
// Object (then: POST the content to the site's own API at target.siteUrl with target.adminToken).

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ArticleRecord } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { type KvEntry, mergeMarkers, recordEntries } from "../../src/store/entries.ts";
import { keys } from "../../src/store/keys.ts";
import type { MediaFile } from "../../scripts/lib/content-folder.ts";
import { planSeed } from "../../scripts/lib/seed-entries.ts";
import { runWrangler } from "../../scripts/lib/wrangler.ts";
import { httpRequest } from "./http.ts";

export interface SiteContent {
  site: SiteConfig;
  records: ArticleRecord[];
  media: MediaFile[];
}

/** A running copy of the site, and today's way into its KV namespace. */
export type ContentTarget = { siteUrl: string; adminToken: string } & (
  | { loaderUrl: string; loaderBinding: string }
  | { /** A wrangler dev session's --persist-to folder. */ wranglerState: string }
);

/** The KV entries `npm run seed` would write for this content. */
export function contentEntries(content: SiteContent, generation: string): KvEntry[] {
  if (content.records.length <= LARGEST_SEED) return planSeed({ ...content, problems: [] }, generation).puts;
  // planSeed pushes every article entry in one spread call, which overflows the stack past about
  // 10,000 stories; a synthetic archive (no media) is planned here the same way, one record at a time.
  const articleEntries: KvEntry[] = [];
  for (const record of content.records) for (const entry of recordEntries(record)) articleEntries.push(entry);
  const merged = mergeMarkers(articleEntries);
  const entries: KvEntry[] = [{ key: keys.site(), value: JSON.stringify(content.site) }];
  for (const entry of merged) entries.push(entry);
  entries.push({ key: keys.generation(), value: generation });
  return entries;
}

const LARGEST_SEED = 5_000;

/** Writes KV entries through the bench-only loader Worker, 5,000 per request. */
export async function putEntries(loaderUrl: string, binding: string, entries: KvEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 5000) {
    const body = JSON.stringify(entries.slice(i, i + 5000));
    const reply = await httpRequest(`${loaderUrl}/load/${binding}`, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    if (reply.status !== 200) throw new Error(`loading ${binding} failed: ${reply.status} ${reply.body.slice(0, 300)}`);
  }
}

export async function loadContent(target: ContentTarget, content: SiteContent): Promise<void> {
  const entries = contentEntries(content, `bench-${Date.now().toString(36)}`);
  if ("loaderUrl" in target) return putEntries(target.loaderUrl, target.loaderBinding, entries);
  // Exactly as `npm run seed` does, into the session's own state.
  const dir = await mkdtemp(join(tmpdir(), "bench-seed-"));
  try {
    await writeFile(join(dir, "seed.json"), JSON.stringify(entries));
    await runWrangler(["kv", "bulk", "put", join(dir, "seed.json"), "--binding", "CONTENT", "--local", "--env", "dev", "--persist-to", target.wranglerState], {
      quiet: true,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Turns a validated content folder into the KV entries `wrangler kv bulk put` writes.

import { keys } from "../../src/store/keys.ts";
import { type KvEntry, mergeMarkers, recordEntries } from "../../src/store/entries.ts";
import { feedListingsOf } from "../../src/store/keys.ts";
import type { ContentFolder } from "./content-folder.ts";

export interface SeedPlan {
  puts: KvEntry[];
  /** Feed snapshots to drop: each is rebuilt from the index on its next read, so feeds include
   * whatever else the namespace holds (articles published through the API). */
  feedKeys: string[];
  slugs: Set<string>;
}

export function planSeed(content: ContentFolder, generation: string): SeedPlan {
  const puts: KvEntry[] = [];
  if (content.site) puts.push({ key: keys.site(), value: JSON.stringify(content.site) });
  for (const m of content.media) {
    puts.push({
      key: keys.media(m.name),
      value: m.bytes.toString("base64"),
      base64: true,
      metadata: { contentType: m.contentType, size: m.bytes.byteLength, etag: m.etag },
    });
  }
  const feeds = new Set<string>();
  const articleEntries: KvEntry[] = [];
  for (const record of content.records) {
    articleEntries.push(...recordEntries(record));
    for (const list of feedListingsOf({ ...record.article, status: "published" })) feeds.add(keys.feed(list));
  }
  puts.push(...mergeMarkers(articleEntries));
  // Written last: readers switch to the new content in one step.
  puts.push({ key: keys.generation(), value: generation });
  return { puts, feedKeys: [...feeds], slugs: new Set(content.records.map((r) => r.article.slug)) };
}

/** Index keys in the namespace that belong to a seeded article but not to its new version (moved, re-dated, now a draft). */
export function staleIndexKeys(existing: string[], plan: SeedPlan): string[] {
  const wanted = new Set(plan.puts.map((p) => p.key));
  return existing.filter((key) => key.startsWith("idx:") && plan.slugs.has(key.slice(key.lastIndexOf(":") + 1)) && !wanted.has(key));
}

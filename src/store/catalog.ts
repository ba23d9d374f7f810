// The newsroom's view of stored articles (drafts included), for the API's article list: one KV list
// call per page, reading each record's metadata rather than the record.

import { logEvent } from "../log.ts";
import type { RecordMetadata } from "./entries.ts";
import { keys } from "./keys.ts";
import type { Kv } from "./kv.ts";

export interface CatalogEntry extends RecordMetadata {
  slug: string;
}

export interface CatalogFilter {
  /** A section path: the section and its subsections. */
  section?: string;
  status?: "draft" | "published";
}

/**
 * One page of stored articles in slug order, filtered. The filter applies within the page KV returns,
 * so a filtered page can be shorter than `limit` (even empty) while `cursor` says more pages follow.
 */
export async function listArticles(
  kv: Kv,
  options: { limit: number; cursor?: string } & CatalogFilter,
): Promise<{ articles: CatalogEntry[]; cursor?: string }> {
  const page = await kv.list<RecordMetadata>(keys.articlePrefix(), { limit: options.limit, ...(options.cursor ? { cursor: options.cursor } : {}) });
  const { section, status } = options;
  const articles: CatalogEntry[] = [];
  for (const entry of page.entries) {
    const meta = entry.metadata;
    if (!meta || typeof meta.section !== "string") {
      logEvent("warn", "article list: entry with unreadable metadata skipped", { key: entry.name });
      continue;
    }
    if (section && meta.section !== section && !meta.section.startsWith(`${section}/`)) continue;
    if (status && meta.status !== status) continue;
    articles.push({ slug: entry.name.slice(keys.articlePrefix().length), ...meta });
  }
  return page.cursor ? { articles, cursor: page.cursor } : { articles };
}

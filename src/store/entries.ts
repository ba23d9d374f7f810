// What an article is in KV: its record, one index entry per listing, and the markers the sitemaps read.
// Pure: the seed loader writes these entries in bulk; the publishing API writes the same ones.

import type { ArticleRecord } from "../content/record.ts";
import { summaryOf } from "../content/record.ts";
import { packSummary } from "./index-entry.ts";
import { dayOf, keys, listingsOf } from "./keys.ts";

/** A KV write as `wrangler kv bulk put` takes it. */
export interface KvEntry {
  key: string;
  value: string;
  metadata?: unknown;
  /** The value is base64 (binary media). */
  base64?: boolean;
}

/** Metadata on `article:{slug}`: enough for the API's article list without reading each record. */
export interface RecordMetadata {
  version: string;
  status: string;
  section: string;
  headline: string;
  published: string;
}

export function recordMetadata(record: ArticleRecord): RecordMetadata {
  const { article } = record;
  return { version: record.version, status: article.status, section: article.section, headline: article.headline.slice(0, 200), published: article.published };
}

/** Every KV entry one article owns. A draft owns only its record. */
export function recordEntries(record: ArticleRecord): KvEntry[] {
  const { article } = record;
  const entries: KvEntry[] = [{ key: keys.article(article.slug), value: JSON.stringify(record), metadata: recordMetadata(record) }];
  if (article.status !== "published") return entries;
  const published = Date.parse(article.published);
  const summary = packSummary(summaryOf(article));
  for (const list of listingsOf(article)) entries.push({ key: keys.index(list, published, article.slug), value: "", metadata: summary });
  // Marker metadata lets the sitemaps leave out what only scheduled stories use (store/sitemaps.ts).
  for (const tag of article.tags) entries.push({ key: keys.tag(tag), value: "", metadata: { published: article.published } });
  const day = dayOf(published);
  entries.push({ key: keys.day(day), value: "", metadata: { lastmod: article.updated ?? article.published } });
  return entries;
}

/**
 * Keeps one write per marker key when many articles are written together (the seed loader): a tag
 * marker keeps its earliest publish time, so a tag a published story uses is never hidden by a
 * scheduled one; a day marker keeps its newest lastmod. Every other entry is kept as it is.
 */
export function mergeMarkers(entries: readonly KvEntry[]): KvEntry[] {
  const markers = new Map<string, KvEntry>();
  const out: KvEntry[] = [];
  for (const entry of entries) {
    const isTag = entry.key.startsWith(keys.tagPrefix());
    if (!isTag && !entry.key.startsWith(keys.dayPrefix())) {
      out.push(entry);
      continue;
    }
    const field = isTag ? "published" : "lastmod";
    const time = (e: KvEntry | undefined) => Date.parse(String((e?.metadata as Record<string, unknown> | undefined)?.[field] ?? ""));
    const kept = markers.get(entry.key);
    if (!kept || Number.isNaN(time(kept)) || (isTag ? time(entry) < time(kept) : time(entry) > time(kept))) markers.set(entry.key, entry);
  }
  return [...out, ...markers.values()];
}

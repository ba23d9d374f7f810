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
  for (const tag of article.tags) entries.push({ key: keys.tag(tag), value: "" });
  const day = dayOf(published);
  entries.push({ key: keys.day(day), value: "", metadata: { lastmod: article.updated ?? article.published } });
  return entries;
}

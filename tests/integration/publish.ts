// Integration-test helpers: the seed content as the tests see it, and publishing extra articles the way
// the publish routine does (record + index entries + markers, feed snapshots dropped, a new generation).

import { renderMarkdown } from "../../src/content/markdown.ts";
import { env, exports } from "cloudflare:workers";
import { inject } from "vitest";
import type { ArticleRecord } from "../../src/content/record.ts";
import { prepareRecord } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { bumpGeneration, forgetConfig } from "../../src/store/config.ts";
import { recordEntries } from "../../src/store/entries.ts";
import { feedListingsOf, keys } from "../../src/store/keys.ts";
import { Kv } from "../../src/store/kv.ts";

export const PRIMARY = "http://news.localhost:8787";
export const MIRROR = "http://mirror-one.localhost:8787";

/** Every article record in kv-seed/, drafts and scheduled ones included. */
export function seedRecords(): ArticleRecord[] {
  return inject("seedEntries")
    .filter((e) => e.key.startsWith("article:"))
    .map((e) => JSON.parse(e.value) as ArticleRecord);
}

/** The seed articles a reader can see now, newest first. */
export function visibleSeedRecords(now = Date.now()): ArticleRecord[] {
  return seedRecords()
    .filter((r) => r.article.status === "published" && Date.parse(r.article.published) <= now)
    .sort((a, b) => Date.parse(b.article.published) - Date.parse(a.article.published));
}

export function seedSite(): SiteConfig {
  const entry = inject("seedEntries").find((e) => e.key === keys.site());
  if (!entry) throw new Error("the seed has no site config");
  return JSON.parse(entry.value) as SiteConfig;
}

/** Validates and renders an article exactly as publishing does. */
export async function prepare(input: Record<string, unknown>, slug: string, site = seedSite()): Promise<ArticleRecord> {
  const prepared = await prepareRecord(input, slug, site, renderMarkdown);
  if (!prepared.ok) throw new Error(`test article ${slug} is invalid: ${JSON.stringify(prepared.problems)}`);
  return prepared.value;
}

/** An ISO time `minutes` from now (negative: in the past), to the second. */
export function minutesFromNow(minutes: number): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000 + minutes * 60_000).toISOString().replace(".000Z", "Z");
}

/** Starts a new content generation so cached pages, feeds and sitemaps are rendered again. */
export async function newGeneration(): Promise<void> {
  forgetConfig();
  await bumpGeneration(new Kv(env.CONTENT));
}

/** Writes records as the publish routine would, drops the feed snapshots they appear in, and starts a new generation. */
export async function publish(...records: ArticleRecord[]): Promise<void> {
  for (const record of records) {
    for (const entry of recordEntries(record)) {
      await env.CONTENT.put(entry.key, entry.value, entry.metadata === undefined ? {} : { metadata: entry.metadata });
    }
    for (const list of feedListingsOf({ ...record.article, status: "published" })) await env.CONTENT.delete(keys.feed(list));
  }
  await newGeneration();
}

/** Replaces the site config (section, tag and author names) and starts a new generation. */
export async function putSite(site: SiteConfig): Promise<void> {
  await env.CONTENT.put(keys.site(), JSON.stringify(site));
  await newGeneration();
}

/** A GET through the Worker, by default from a visitor in France (served in place on every host). */
export function get(url: string, headers: Record<string, string> = {}, country = "FR"): Promise<Response> {
  return exports.default.fetch(url, { headers, cf: { country }, redirect: "manual" });
}

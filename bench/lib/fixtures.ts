// Benchmark fixtures: the seed content, synthetic stories of a given length, and synthetic archives of
// any size spread over days the way a newsroom publishes (30-60 stories a day). Deterministic, so two
// runs measure the same work.

import { join } from "node:path";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { type ArticleRecord, prepareRecord } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { type ContentFolder, loadContentFolder } from "../../scripts/lib/content-folder.ts";

export const ROOT = join(import.meta.dirname, "../..");

/** kv-seed/, validated exactly as `npm run seed` does; throws if it is invalid. */
export async function loadSeed(): Promise<ContentFolder & { site: SiteConfig }> {
  const content = await loadContentFolder(join(ROOT, "kv-seed"));
  if (content.problems.length > 0 || !content.site)
    throw new Error(`kv-seed/ is invalid: ${content.problems.map((p) => `${p.file}: ${p.message}`).join("; ")}`);
  return { ...content, site: content.site };
}

/** A small deterministic pseudo-random generator (mulberry32), so fixtures never change between runs. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "harbour council water reservoir valley minister budget schools railway station energy wind farmers " +
  "market prices housing research university season museum library river bridge flood report week " +
  "residents officials according plans district coast trade port container volumes rain summer winter " +
  "the a of and to in on for with from by at about after before during under between new local regional"
).split(" ");

/** Markdown for a story of about `words` words: paragraphs, subheadings, a quote, a list, links, emphasis. */
export function storyMarkdown(words: number, seed = 1): string {
  const next = random(seed);
  const word = () => WORDS[Math.floor(next() * WORDS.length)] ?? "news";
  const sentence = (n: number) => {
    const text = Array.from({ length: n }, word).join(" ");
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const blocks: string[] = [];
  let written = 0;
  let paragraph = 0;
  while (written < words) {
    paragraph++;
    if (paragraph % 6 === 0) {
      blocks.push(`## ${sentence(5)}`);
      written += 5;
    } else if (paragraph % 11 === 0) {
      blocks.push(`> “${sentence(18)}”`);
      written += 18;
    } else if (paragraph % 13 === 0) {
      blocks.push(Array.from({ length: 4 }, () => `- ${sentence(7)}`).join("\n"));
      written += 28;
    } else {
      const n = Math.min(60, words - written);
      blocks.push(`${sentence(Math.max(8, n - 12))} **${sentence(4)}** [${word()} ${word()}](https://example.org/${word()}) ${sentence(6)}`);
      written += Math.max(8, n - 12) + 12;
    }
  }
  return blocks.join("\n\n");
}

/** A published story of about `words` words, rendered through the one publish routine (prepareRecord). */
export async function storyRecord(site: SiteConfig, words: number, seed = 1): Promise<ArticleRecord> {
  const section = site.sections[seed % site.sections.length]?.slug ?? "news";
  const tags = Object.keys(site.tags ?? {}).slice(0, 3);
  const input = {
    headline: `Benchmark story of ${words} words about the harbour, the valley and the council`,
    standfirst: "A synthetic story used by the benchmarks: realistic structure, deterministic text.",
    section,
    authors: [site.authors[0]?.slug ?? "amira-haddad"],
    tags,
    language: "en",
    published: "2026-11-20T08:00:00Z",
    status: "published",
    image: { media: "harbour-flood-wall.svg", alt: "The harbour at dawn", caption: "The harbour at dawn.", width: 1200, height: 675 },
    body: storyMarkdown(words, seed),
  };
  const prepared = await prepareRecord(input, `benchmark-story-${words}-words`, site, renderMarkdown);
  if (!prepared.ok) throw new Error(`synthetic story invalid: ${prepared.problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
  return prepared.value;
}

/** A story as the import API takes it (front matter fields and a Markdown body). */
export interface ArticleInput {
  slug: string;
  input: Record<string, unknown>;
}

/**
 * A synthetic archive of `count` published stories, newest first from `now`, 30-60 a day, spread over
 * the site's sections, tags and authors, as the import API takes them. Bodies come from four templates
 * (the writer renders each story's Markdown, so a larger variety would only measure markdown-it) and
 * stories differ in everything the listings, feeds and sitemaps read.
 */
export function archiveArticles(site: SiteConfig, count: number, now: number): ArticleInput[] {
  const templates = [300, 600, 900, 1200].map((words, i) => ({ words, body: storyMarkdown(words, i + 1) }));
  // One seed for every size: a smaller archive is the newest part of a larger one, so a given day (the
  // day sitemap) holds the same stories at every size.
  const next = random(20_261_120);
  const sections = site.sections.map((s) => s.slug);
  const tags = Object.keys(site.tags ?? {});
  const authors = site.authors.map((a) => a.slug);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const articles: ArticleInput[] = [];
  let time = now - 3_600_000;
  let day = Math.floor(time / 86_400_000);
  let leftToday = 30 + Math.floor(next() * 31);
  for (let i = 0; i < count; i++) {
    if (leftToday === 0) {
      day--;
      leftToday = 30 + Math.floor(next() * 31);
      time = day * 86_400_000 + 86_000_000;
    }
    // Spread the day's stories over its hours, newest first.
    time -= Math.floor(next() * Math.min(2_800_000, Math.max(1, time - day * 86_400_000) / leftToday));
    leftToday--;
    const template = templates[i % templates.length] as (typeof templates)[number];
    const storyTags = [...new Set([pick(tags), pick(tags), pick(tags)])].slice(0, 1 + Math.floor(next() * 3));
    articles.push({
      slug: `archive-story-${String(i).padStart(6, "0")}`,
      input: {
        headline: `Archive story ${i}: benchmark story of ${template.words} words about the harbour, the valley and the council`,
        standfirst: "A synthetic story used by the benchmarks: realistic structure, deterministic text.",
        section: pick(sections),
        authors: [pick(authors)],
        tags: storyTags,
        language: "en",
        published: new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z"),
        status: "published",
        body: template.body,
      },
    });
  }
  return articles;
}

// What publishing stores for an article: the validated article, its body rendered once, the media it
// shows, and a version.

import { type Article, validateArticle } from "./article.ts";
import { contentHash } from "./hash.ts";
import type { RenderedBody } from "./markdown.ts";
import type { Validated } from "./problems.ts";
import type { SiteConfig } from "./site.ts";

export interface ArticleRecord {
  article: Article;
  /** The body as sanitised HTML, rendered at publish time. */
  bodyHtml: string;
  words: number;
  /** The site media files the body shows (the lead image is article.image). */
  media: string[];
  /** A content hash of the article; the API's ETag, so editors cannot overwrite each other unawares. */
  version: string;
}

/** What readers get of a published article: everything but its Markdown source. */
export interface ReaderRecord {
  article: Omit<Article, "body">;
  bodyHtml: string;
  words: number;
  media: string[];
  version: string;
}

/** What a listing shows for an article (home, section, tag and author pages, related stories). */
export interface ArticleSummary {
  slug: string;
  headline: string;
  standfirst: string;
  section: string;
  language: string;
  /** Milliseconds since the epoch. */
  published: number;
  updated?: number;
  authors: string[];
  image?: { media: string; alt: string; width: number; height: number };
}

/** Markdown → safe HTML: content/markdown.ts, passed in so the Worker can load it only when publishing. */
export type MarkdownRenderer = (source: string) => RenderedBody;

/**
 * Validates and renders an article for storage: the one routine behind the seed check and the writer.
 * Every problem (fields and body) is returned together.
 */
export function prepareRecord(input: unknown, slug: string, site: SiteConfig, render: MarkdownRenderer): Validated<ArticleRecord> {
  const checked = validateArticle(input, slug, site);
  if (!checked.ok) return checked;
  const article = checked.value;
  const body = render(article.body);
  if (body.problems.length > 0) return { ok: false, problems: body.problems };
  return { ok: true, value: { article, bodyHtml: body.html, words: body.words, media: body.media, version: versionOf(article) } };
}

export function versionOf(article: Article): string {
  return contentHash(JSON.stringify(article)).replace("-", "");
}

/** Every media file a record shows, lead image first, once each, with where it is named. */
export function mediaUsed(record: Pick<ArticleRecord, "article" | "media">): { field: string; name: string }[] {
  const used = record.article.image ? [{ field: "image.media", name: record.article.image.media }] : [];
  for (const name of record.media) if (!used.some((u) => u.name === name)) used.push({ field: "body", name });
  return used;
}

export function summaryOf(article: Omit<Article, "body">): ArticleSummary {
  return {
    slug: article.slug,
    headline: article.headline,
    standfirst: article.standfirst,
    section: article.section,
    language: article.language,
    published: Date.parse(article.published),
    ...(article.updated ? { updated: Date.parse(article.updated) } : {}),
    authors: article.authors,
    ...(article.image ? { image: { media: article.image.media, alt: article.image.alt, width: article.image.width, height: article.image.height } } : {}),
  };
}

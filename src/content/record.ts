// What publishing stores for an article: the validated article, its body rendered once, and a version.

import { type Article, validateArticle } from "./article.ts";
import type { RenderedBody } from "./markdown.ts";
import type { Validated } from "./problems.ts";
import type { SiteConfig } from "./site.ts";

export interface ArticleRecord {
  article: Article;
  /** The body as sanitised HTML, rendered at publish time. */
  bodyHtml: string;
  words: number;
  /** A content hash of the article; the API's ETag, so editors cannot overwrite each other unawares. */
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
 * Validates and renders an article for storage: the single publish routine behind the seed loader and
 * the API. Every problem (fields and body) is returned together.
 */
export async function prepareRecord(input: unknown, slug: string, site: SiteConfig, render: MarkdownRenderer): Promise<Validated<ArticleRecord>> {
  const checked = validateArticle(input, slug, site);
  if (!checked.ok) return checked;
  const article = checked.value;
  const body = render(article.body);
  if (body.problems.length > 0) return { ok: false, problems: body.problems };
  return { ok: true, value: { article, bodyHtml: body.html, words: body.words, version: await versionOf(article) } };
}

export async function versionOf(article: Article): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(article));
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function summaryOf(article: Article): ArticleSummary {
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

// Feed items live in their own module so the request path (feeds) never loads the Markdown renderer.
export { type FeedItem, feedItemOf } from "./feed-item.ts";

// What a feed keeps per article: the article without its Markdown, with the body as rendered HTML.

import type { Article } from "./article.ts";
import type { ArticleRecord } from "./record.ts";

/** One feed entry: the article without its Markdown, with the body as rendered HTML. */
export interface FeedItem {
  slug: string;
  headline: string;
  standfirst: string;
  section: string;
  language: string;
  published: string;
  updated?: string;
  authors: string[];
  tags: string[];
  image?: Article["image"];
  bodyHtml: string;
}

export function feedItemOf(record: Pick<ArticleRecord, "article" | "bodyHtml">): FeedItem {
  const { article } = record;
  return {
    slug: article.slug,
    headline: article.headline,
    standfirst: article.standfirst,
    section: article.section,
    language: article.language,
    published: article.published,
    ...(article.updated ? { updated: article.updated } : {}),
    authors: article.authors,
    tags: article.tags,
    ...(article.image ? { image: article.image } : {}),
    bodyHtml: record.bodyHtml,
  };
}

// The seed folder as the workerd tests receive it from their global setup (Node reads kv-seed/).

import type { ArticleRecord } from "../../src/content/record.ts";

export interface SeedContent {
  /** site.json as written. */
  site: unknown;
  /** Each article as the API takes it, with the record it validates to. */
  articles: { slug: string; input: Record<string, unknown>; record: ArticleRecord }[];
  media: { name: string; type: string; base64: string }[];
}

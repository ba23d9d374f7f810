// What readers need of an article besides its fields: its writing direction and whether it is visible.
// Apart from article.ts, so the reading road does not load the article schema (valibot): the page bundle
// stays small and its startup does not build the schema.

import type { Article } from "./article-schema.ts";

const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku-arab", "ps", "sd", "syr", "ug", "ur", "yi"]);

/** True for languages written right to left ("ar", "fa-IR", "ur"), or any tag with the Arab/Hebr script. */
export function isRightToLeft(language: string): boolean {
  const lower = language.toLowerCase();
  const primary = lower.split("-")[0] ?? lower;
  return RTL_LANGUAGES.has(primary) || RTL_LANGUAGES.has(lower) || /-(arab|hebr|thaa|syrc|nkoo|adlm|rohg)(-|$)/.test(lower);
}

/** Readers see an article only once it is published and its publish time has come. */
export function isVisible(article: Pick<Article, "status" | "published">, now: number): boolean {
  return article.status === "published" && Date.parse(article.published) <= now;
}

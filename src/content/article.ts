// The article model and its validation: the one definition the seed loader and the publishing API share.
// The rules of the fields are the valibot schema in article-schema.ts; here are the checks that need the
// site configuration. The helpers readers use are in article-view.ts (no schema), re-exported here.

import * as v from "valibot";
import { ARTICLE_FIELDS, type Article, ArticleInput, problemsOf } from "./article-schema.ts";
import { type Problem, type Validated, isFields } from "./problems.ts";
import { type SiteConfig, authorOf, sectionOf } from "./site.ts";
import { SLUG_RULE, isSlug } from "./slug.ts";

export { ARTICLE_FIELDS, type Article, type ArticleStatus, type LeadImage, ArticleInput, LIMITS, normaliseDateTime } from "./article-schema.ts";
export { isRightToLeft, isVisible } from "./article-view.ts";

/**
 * Validates an article from a seed file or an API request and returns it normalised, or every problem.
 * `slug` is where the slug comes from (the file name or the URL); a slug field in the input must agree.
 */
export function validateArticle(input: unknown, slug: string, site: SiteConfig): Validated<Article> {
  const result = v.safeParse(ArticleInput, input);
  const problems: Problem[] = result.success ? [] : problemsOf(result.issues, "(article)");
  const failed = new Set(problems.map((p) => p.field));
  if (!isSlug(slug)) problems.push({ field: "slug", code: "invalid_slug", message: `"${slug}" is not a valid slug: ${SLUG_RULE}` });

  // On failure the output holds what did parse; each field is checked against the site only when it did.
  const fields: unknown = result.output;
  if (isFields(fields)) {
    if (typeof fields.slug === "string" && !failed.has("slug") && fields.slug !== slug) {
      problems.push({
        field: "slug",
        code: "slug_mismatch",
        message: `is "${fields.slug}" but the article is stored as "${slug}"; remove the field or make them agree`,
      });
    }
    const section = fields.section;
    if (typeof section === "string" && !failed.has("section") && !sectionOf(site, section)) {
      problems.push({
        field: "section",
        code: "not_a_section",
        message: `"${section}" is not a section of this site; use one of: ${site.sections.map((s) => s.slug).join(", ")}`,
      });
    }
    const authors = fields.authors;
    if (Array.isArray(authors) && !failed.has("authors")) {
      authors.forEach((author: unknown, i) => {
        const field = `authors[${i}]`;
        if (typeof author === "string" && !failed.has(field) && !authorOf(site, author)) {
          problems.push({ field, code: "not_an_author", message: `"${author}" is not an author of this site (see site.json authors)` });
        }
      });
    }
  }

  if (!result.success || problems.length > 0) return { ok: false, problems: problems.sort(byField) };
  const { slug: _given, ...article } = result.output;
  return { ok: true, value: { slug, ...article } };
}

/** Problems in the order of the article's fields; unknown fields first, as a misspelling explains the rest. */
function byField(a: Problem, b: Problem): number {
  return ARTICLE_FIELDS.indexOf(topField(a.field)) - ARTICLE_FIELDS.indexOf(topField(b.field));
}

const topField = (field: string) => field.split(/[.[]/)[0] ?? field;

// Pages as the site serves them from the seed (kv-seed/): the home page's data, a long article made of
// real seed prose, and the chrome of a site with five addresses, for size and content tests.

import { join } from "node:path";
import { isVisible } from "../../src/content/article.ts";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { type ArticleRecord, type ArticleSummary, prepareRecord, summaryOf } from "../../src/content/record.ts";
import { topLevelSections } from "../../src/content/site.ts";
import { publicMirrors } from "../../src/policy/mirrors.ts";
import type { Chrome } from "../../src/render/layout.ts";
import type { HomePage } from "../../src/render/pages/home.ts";
import { loadContentFolder } from "../../scripts/lib/content-folder.ts";
import { POLICY } from "./policy-fixture.ts";
import { seedSite } from "../support/site.ts";

export const site = seedSite();
export const CANONICAL = "https://www.meridian-courier.example";
export const chrome: Chrome = { site, mirrors: publicMirrors(POLICY), canonicalOrigin: CANONICAL };
export const liteChrome: Chrome = { ...chrome, lite: true };

export const content = await loadContentFolder(join(import.meta.dirname, "../../kv-seed"));

/** Published stories, newest first (the seed's one draft and one scheduled story left out). */
export const published: ArticleRecord[] = content.articles
  .map((a) => a.record)
  .filter((r) => isVisible(r.article, Date.now()))
  .sort((a, b) => Date.parse(b.article.published) - Date.parse(a.article.published));

export const summaries: ArticleSummary[] = published.map((r) => summaryOf(r.article));

/** The home page as the handler builds it: the 10 latest, then 4 per top-level section. */
export const homeData: HomePage = {
  latest: summaries.slice(0, 10),
  blocks: topLevelSections(site).map((section) => ({
    section,
    stories: summaries.filter((s) => s.section === section.slug || s.section.startsWith(`${section.slug}/`)).slice(0, 4),
  })),
  pages: 2,
};

/** A story of `words` words or a few more, of real seed prose (paragraphs of seed stories, one after another), with pictures. */
export async function longArticle(words = 1500): Promise<ArticleRecord> {
  const paragraphs = published.flatMap((r) => r.article.body.split(/\n{2,}/));
  let body = "";
  for (const paragraph of paragraphs) {
    if (renderMarkdown(body).words >= words) break;
    body = body ? `${body}\n\n${paragraph}` : paragraph;
  }
  const base = published.find((r) => r.article.image && r.bodyHtml.includes("<img"));
  if (!base) throw new Error("the seed has no story with a lead image and a picture in its body");
  const { slug: _slug, ...fields } = base.article;
  const prepared = await prepareRecord({ ...fields, body }, "long-story", site, renderMarkdown);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  return prepared.value;
}

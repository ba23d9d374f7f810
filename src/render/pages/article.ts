// The article page: breadcrumbs, headline, lead image, byline, body, tags, share links, related stories.

import { isRightToLeft } from "../../content/article-view.ts";
import type { ArticleSummary, ReaderRecord } from "../../content/record.ts";
import { sectionLineage, sectionOf, tagLabel } from "../../content/site.ts";
import { absolute, urls } from "../../content/urls.ts";
import { authorLinks, cardList, image, timeTag } from "../components.ts";
import { type SafeHtml, html, raw } from "../html.ts";
import { uiStrings } from "../i18n.ts";
import { articleJsonLd } from "../json-ld.ts";
import { type Chrome, type PageMeta, layout } from "../layout.ts";
import { liteBody, liteImageLink } from "../lite.ts";
import { shareCardImage, shareImageFor } from "../share-image.ts";

export interface ArticlePage {
  record: ReaderRecord;
  related: ArticleSummary[];
  /** Extra head markup, after the article's own structured data. */
  head?: SafeHtml;
}

/** Plain links to share on common networks and by e-mail: no third-party script runs on the page. */
export function shareLinks(url: string, headline: string): { label: string; href: string }[] {
  const u = encodeURIComponent(url);
  // encodeURIComponent throws on a lone UTF-16 surrogate; one in a stored headline must not fail the page.
  const t = encodeURIComponent(headline.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
  return [
    { label: "Email", href: `mailto:?subject=${t}&body=${u}` },
    { label: "X", href: `https://x.com/intent/post?url=${u}&text=${t}` },
    { label: "Facebook", href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { label: "LinkedIn", href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { label: "WhatsApp", href: `https://wa.me/?text=${t}%20${u}` },
    { label: "Telegram", href: `https://t.me/share/url?url=${u}&text=${t}` },
  ];
}

export function renderArticlePage(chrome: Chrome, page: ArticlePage): string {
  const { site } = chrome;
  const { article, bodyHtml } = page.record;
  const lang = article.language;
  const ui = uiStrings(lang);
  // Interface words carry their own lang when we have no translation for the article's language.
  const uiLang = ui.language === lang ? html`` : html` lang="${ui.language}"`;
  const t = ui.strings;
  const section = sectionOf(site, article.section);
  const crumbs = sectionLineage(article.section).map((path) => ({ path, name: sectionOf(site, path)?.name ?? path }));
  const published = Date.parse(article.published);
  const updated = article.updated ? Date.parse(article.updated) : undefined;
  const canonicalUrl = chrome.canonicalOrigin + urls.article(article.slug);
  const origin = chrome.canonicalOrigin;
  const preview = shareImageFor(article, site);
  const lite = chrome.lite === true;
  const meta: PageMeta = {
    title: article.headline,
    description: article.standfirst,
    path: urls.article(article.slug),
    section: article.section,
    largeImagePreview: true,
    card: {
      type: "article",
      language: lang,
      ...(preview ? { image: shareCardImage(preview, origin) } : {}),
      article: {
        published: article.published,
        modified: article.updated ?? article.published,
        section: section?.name ?? article.section,
        tags: article.tags.map((tag) => tagLabel(site, tag)),
        authors: article.authors.map((slug) => absolute(origin, urls.author(slug))),
      },
    },
    structuredData: articleJsonLd(site, origin, page.record),
    ...(page.head ? { head: page.head } : {}),
  };
  const main = html`<nav class="crumbs story" aria-label="Breadcrumb"><ol>
<li><a href="${urls.home()}">Home</a></li>
${crumbs.map((c) => html`<li><a href="${urls.section(c.path)}">${c.name}</a></li>`)}
</ol></nav>
<article class="story" lang="${lang}" dir="${isRightToLeft(lang) ? "rtl" : "ltr"}">
<header>
<h1>${article.headline}</h1>
<p class="standfirst">${article.standfirst}</p>
<p class="byline"><span${uiLang}>${t.by}</span> ${authorLinks(site, article.authors, t.and)} · ${timeTag(published, lang)}${
    updated ? html` · <span${uiLang}>${t.updated}</span> ${timeTag(updated, lang)}` : ""
  }</p>
</header>
${
  article.image
    ? html`<figure class="lead-figure">
${lite ? liteImageLink(article.image) : image(article.image, "eager", true)}
${article.image.caption || article.image.credit ? html`<figcaption>${article.image.caption ?? ""} ${article.image.credit ? html`<span class="credit">${article.image.credit}</span>` : ""}</figcaption>` : ""}
</figure>`
    : ""
}
<div class="body">
${raw(lite ? liteBody(bodyHtml) : bodyHtml)}
</div>
<footer class="story-foot">
${
  article.tags.length > 0
    ? html`<h2${uiLang}>${t.topics}</h2><ul class="tags" lang="${site.language}">${article.tags.map((tag) => html`<li><a href="${urls.tag(tag)}" rel="tag">${tagLabel(site, tag)}</a></li>`)}</ul>`
    : ""
}
<section class="share" aria-labelledby="share-heading">
<h2 id="share-heading"${uiLang}>${t.share}</h2>
<ul lang="en" dir="ltr">${shareLinks(canonicalUrl, article.headline).map((s) => html`<li><a href="${s.href}" rel="noopener noreferrer">${s.label}</a></li>`)}</ul>
</section>
</footer>
</article>
${
  page.related.length > 0
    ? html`<aside class="related" aria-labelledby="related-heading">
<h2 id="related-heading">More from ${section?.name ?? "this section"}</h2>
${cardList(site, page.related, { pageLanguage: site.language, heading: "h3", image: !lite })}
</aside>`
    : ""
}`;
  return layout(chrome, meta, main);
}

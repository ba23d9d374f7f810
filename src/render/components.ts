// Fragments several pages share: story cards, headline lists, bylines, dates and the numbered pager.

import { isRightToLeft } from "../content/article-view.ts";
import type { ArticleSummary } from "../content/record.ts";
import { type SiteConfig, authorOf, sectionOf } from "../content/site.ts";
import { urls } from "../content/urls.ts";
import { formatDate, isoDate } from "./format.ts";
import { type SafeHtml, html } from "./html.ts";

/** lang and dir attributes for content whose language differs from the page's. */
export function languageAttributes(language: string, pageLanguage: string): SafeHtml {
  if (language === pageLanguage) return html``;
  return html` lang="${language}" dir="${isRightToLeft(language) ? "rtl" : "ltr"}"`;
}

export function timeTag(ms: number, language: string): SafeHtml {
  return html`<time datetime="${isoDate(ms)}">${formatDate(ms, language)}</time>`;
}

export function authorLinks(site: SiteConfig, slugs: readonly string[], and = "and"): SafeHtml {
  const links = slugs.map((slug) => {
    const author = authorOf(site, slug);
    return html`<a href="${urls.author(slug)}" rel="author">${author?.name ?? slug}</a>`;
  });
  return html`${links.map((link, i) => html`${i === 0 ? "" : i === links.length - 1 ? ` ${and} ` : ", "}${link}`)}`;
}

export interface CardOptions {
  pageLanguage: string;
  heading?: "h2" | "h3";
  image?: boolean;
  /** The first cards are above the fold: load their images at once. */
  eager?: boolean;
  /** This card's image is likely the largest thing in the first screen: fetch it first. */
  priority?: boolean;
  showSection?: boolean;
}

export function card(site: SiteConfig, story: ArticleSummary, options: CardOptions): SafeHtml {
  const heading = options.heading ?? "h3";
  const title = html`<a href="${urls.article(story.slug)}">${story.headline}</a>`;
  const section = options.showSection ? sectionOf(site, story.section) : undefined;
  const picture =
    options.image && story.image ? image(story.image, options.eager || options.priority ? "eager" : "lazy", options.priority === true) : undefined;
  return html`<article class="card${picture ? " has-image" : ""}"${languageAttributes(story.language, options.pageLanguage)}>
${picture ?? ""}
${section ? html`<p class="kicker"${languageAttributes(options.pageLanguage, story.language)}>${section.name}</p>` : ""}
${heading === "h2" ? html`<h2>${title}</h2>` : html`<h3>${title}</h3>`}
<p>${story.standfirst}</p>
<p class="meta">${timeTag(story.published, story.language)}</p>
</article>`;
}

export function cardList(site: SiteConfig, stories: readonly ArticleSummary[], options: CardOptions): SafeHtml {
  return html`<ul class="cards">${stories.map((s, i) => html`<li>${card(site, s, { ...options, eager: options.eager === true && i < 3, priority: options.priority === true && i === 0 })}</li>`)}</ul>`;
}

/** A numbered list of headlines without images or standfirsts: the home page's rail of latest stories. */
export function headlineList(site: SiteConfig, stories: readonly ArticleSummary[], pageLanguage: string): SafeHtml {
  return html`<ol class="headlines">${stories.map((story) => {
    const section = sectionOf(site, story.section);
    return html`<li><article${languageAttributes(story.language, pageLanguage)}>
${section ? html`<p class="kicker"${languageAttributes(pageLanguage, story.language)}>${section.name}</p>` : ""}
<h3><a href="${urls.article(story.slug)}">${story.headline}</a></h3>
<p class="meta">${timeTag(story.published, story.language)}</p>
</article></li>`;
  })}</ol>`;
}

export function image(img: { media: string; alt: string; width: number; height: number }, loading: "eager" | "lazy", priority = false): SafeHtml {
  return html`<img src="${urls.media(img.media)}" alt="${img.alt}" width="${img.width}" height="${img.height}" loading="${loading}" decoding="async"${priority ? html` fetchpriority="high"` : ""}>`;
}

/** Where a page sits among a listing's numbered pages: page 2 of 7. */
export interface PageNumber {
  page: number;
  pages: number;
}

/** Previous and next links between numbered pages, and "Page 2 of 7"; nothing when there is one page. */
export function pager(listingPath: string, at: PageNumber, labels = { newer: "Newer stories", older: "Older stories" }): SafeHtml {
  if (at.pages <= 1 && at.page <= 1) return html``;
  const newer =
    at.page > 1 ? html`<a href="${urls.listingPage(listingPath, at.page - 1)}" rel="prev"><span aria-hidden="true">← </span>${labels.newer}</a>` : "";
  const older =
    at.page < at.pages ? html`<a href="${urls.listingPage(listingPath, at.page + 1)}" rel="next">${labels.older}<span aria-hidden="true"> →</span></a>` : "";
  return html`<nav class="pager" aria-label="Pages">${newer}
<span class="page-count">Page ${at.page} of ${Math.max(at.page, at.pages)}</span>
${older}</nav>`;
}

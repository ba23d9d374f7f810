// Structured data for search engines (schema.org JSON-LD): NewsArticle and BreadcrumbList on articles,
// WebSite and NewsMediaOrganization on the home page. Serialised by jsonForScript, so no stored text can
// end the <script> element or the JSON string it sits in. Every URL is absolute on the canonical host.

import type { ReaderRecord } from "../content/record.ts";
import { type SiteConfig, authorOf, sectionLineage, sectionOf, tagLabel } from "../content/site.ts";
import { absolute, urls } from "../content/urls.ts";
import { type SafeHtml, html, raw } from "./html.ts";
import { shareImageFor } from "./share-image.ts";

const SCRIPT_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON that is safe inside an HTML <script> element: "<", ">" and "&" become \u escapes (so no
 * "</script>" or "<!--" can appear), and so do U+2028/U+2029 (line terminators in older JavaScript).
 * JSON.parse returns exactly the original value.
 * @example jsonForScript({ headline: "</script>" }) // '{"headline":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c] ?? c);
}

/** A JSON-LD data block. Browsers never execute it, so the page's CSP (no scripts at all) is unaffected. */
export function jsonLd(data: Record<string, unknown>): SafeHtml {
  return html`<script type="application/ld+json">${raw(jsonForScript({ "@context": "https://schema.org", ...data }))}</script>\n`;
}

/** The publisher, as every JSON-LD block names it. */
export function organization(site: SiteConfig, origin: string): Record<string, unknown> {
  return {
    "@type": "NewsMediaOrganization",
    "@id": `${absolute(origin, urls.home())}#organization`,
    name: site.name,
    url: absolute(origin, urls.home()),
    logo: { "@type": "ImageObject", url: absolute(origin, site.logo ? urls.media(site.logo) : urls.favicon()) },
  };
}

/** The home page: the site and its publisher. */
export function homeJsonLd(site: SiteConfig, origin: string): SafeHtml {
  return html`${jsonLd({
    "@type": "WebSite",
    "@id": `${absolute(origin, urls.home())}#website`,
    name: site.name,
    url: absolute(origin, urls.home()),
    description: site.description,
    inLanguage: site.language,
    publisher: { "@id": `${absolute(origin, urls.home())}#organization` },
  })}${jsonLd({ ...organization(site, origin), description: site.description })}`;
}

/**
 * The picture link previews show (share-image.ts: a raster lead, else the site's share image); without
 * one, the lead image whatever its format, or the site logo (Google asks for an image on every article).
 */
function articleImages(site: SiteConfig, origin: string, record: ReaderRecord): string[] {
  const preview = shareImageFor(record.article, site);
  const media = preview?.media ?? record.article.image?.media ?? site.logo;
  return [absolute(origin, media ? urls.media(media) : urls.favicon())];
}

/** An article page: NewsArticle with the properties Google documents, and its breadcrumb trail. */
export function articleJsonLd(site: SiteConfig, origin: string, record: ReaderRecord): SafeHtml {
  const { article } = record;
  const url = absolute(origin, urls.article(article.slug));
  const newsArticle = {
    "@type": "NewsArticle",
    "@id": `${url}#article`,
    mainEntityOfPage: url,
    url,
    headline: article.headline,
    description: article.standfirst,
    image: articleImages(site, origin, record),
    datePublished: article.published,
    dateModified: article.updated ?? article.published,
    inLanguage: article.language,
    author: article.authors.map((slug) => ({ "@type": "Person", name: authorOf(site, slug)?.name ?? slug, url: absolute(origin, urls.author(slug)) })),
    publisher: organization(site, origin),
    articleSection: sectionOf(site, article.section)?.name ?? article.section,
    ...(article.tags.length > 0 ? { keywords: article.tags.map((t) => tagLabel(site, t)) } : {}),
    wordCount: record.words,
    isAccessibleForFree: true,
  };
  const trail = [
    { name: "Home", url: absolute(origin, urls.home()) },
    ...sectionLineage(article.section).map((path) => ({ name: sectionOf(site, path)?.name ?? path, url: absolute(origin, urls.section(path)) })),
    { name: article.headline, url },
  ];
  const breadcrumbs = {
    "@type": "BreadcrumbList",
    itemListElement: trail.map((crumb, i) => ({ "@type": "ListItem", position: i + 1, name: crumb.name, item: crumb.url })),
  };
  return html`${jsonLd(newsArticle)}${jsonLd(breadcrumbs)}`;
}

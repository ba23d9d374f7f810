// Sitemaps (sitemaps.org 0.9, with Google's image and news extensions) and robots.txt. Every URL given
// here is already absolute on the canonical host.

import { type SafeXml, XML_DECLARATION, xml } from "./xml.ts";

/** The protocol's limit on URLs in one sitemap (and sitemaps in one index). */
export const SITEMAP_MAX_URLS = 50_000;
/** Google News reads at most this many articles from one news sitemap. */
export const NEWS_MAX_URLS = 1_000;
/** Google News wants articles from the last two days only. */
export const NEWS_WINDOW_MS = 48 * 3600 * 1000;

export interface SitemapRef {
  loc: string;
  /** ISO 8601. */
  lastmod?: string;
}

export interface SitemapUrl {
  loc: string;
  lastmod?: string;
  /** Absolute image URLs shown on the page (Google's image extension). */
  images?: string[];
}

export interface NewsUrl {
  loc: string;
  title: string;
  /** BCP 47; written as Google News asks (see newsLanguage). */
  language: string;
  /** ISO 8601. */
  published: string;
}

function sitemapEntry(s: SitemapRef): SafeXml {
  return xml`<sitemap><loc>${s.loc}</loc>${s.lastmod ? xml`<lastmod>${s.lastmod}</lastmod>` : ""}</sitemap>\n`;
}

export function renderSitemapIndex(sitemaps: readonly SitemapRef[]): string {
  return (
    XML_DECLARATION +
    xml`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${sitemaps.slice(0, SITEMAP_MAX_URLS).map(sitemapEntry)}</sitemapindex>
`.value
  );
}

function urlEntry(u: SitemapUrl): SafeXml {
  const lastmod = u.lastmod ? xml`<lastmod>${u.lastmod}</lastmod>` : "";
  const images = (u.images ?? []).map((i) => xml`<image:image><image:loc>${i}</image:loc></image:image>`);
  return xml`<url><loc>${u.loc}</loc>${lastmod}${images}</url>\n`;
}

export function renderUrlSet(entries: readonly SitemapUrl[]): string {
  return (
    XML_DECLARATION +
    xml`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
${entries.slice(0, SITEMAP_MAX_URLS).map(urlEntry)}</urlset>
`.value
  );
}

/**
 * Google News names languages by ISO 639 code, except Chinese, which it splits by script:
 * "en-GB" → "en", "ar" → "ar", "zh-Hant" → "zh-tw", "zh-CN" → "zh-cn".
 */
export function newsLanguage(language: string): string {
  const lower = language.toLowerCase();
  const primary = lower.split("-")[0] ?? lower;
  if (primary !== "zh") return primary;
  return /-(hant|tw|hk|mo)(-|$)/.test(lower) ? "zh-tw" : "zh-cn";
}

function newsEntry(publication: string, u: NewsUrl): SafeXml {
  const source = xml`<news:publication><news:name>${publication}</news:name><news:language>${newsLanguage(u.language)}</news:language></news:publication>`;
  return xml`<url><loc>${u.loc}</loc><news:news>${source}<news:publication_date>${u.published}</news:publication_date><news:title>${u.title}</news:title></news:news></url>\n`;
}

export function renderNewsSitemap(publication: string, entries: readonly NewsUrl[]): string {
  return (
    XML_DECLARATION +
    xml`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${entries.slice(0, NEWS_MAX_URLS).map((u) => newsEntry(publication, u))}</urlset>
`.value
  );
}

/** robots.txt: everything may be crawled; the sitemap index is on the canonical host. */
export function renderRobots(sitemapIndexUrl: string): string {
  return `# Every page may be crawled and indexed. Mirrors carry canonical links to the main address.
User-agent: *
Allow: /

Sitemap: ${sitemapIndexUrl.replace(/[\r\n]/g, "")}
`;
}

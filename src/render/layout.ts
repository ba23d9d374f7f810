// The page shell: head, masthead with section navigation, main content and the mirrors footer, in the
// full edition or the lite one (Save-Data or ?lite=1: its own small stylesheet, no preview tags or
// structured data, a link back to the full edition).

import { isRightToLeft } from "../content/article-view.ts";
import { type SiteConfig, topLevelSections } from "../content/site.ts";
import { urls } from "../content/urls.ts";
import type { MirrorLink } from "../policy/mirrors.ts";
import { type SafeHtml, html, raw } from "./html.ts";
import { LITE_OFF, LITE_ON } from "./lite.ts";
import { type ShareCard, shareCardTags } from "./share-card.ts";
import { shareCardImage, siteShareImage } from "./share-image.ts";
import { LITE_STYLESHEET, STYLESHEET } from "./styles.ts";

/** What every page needs besides its own content; the same on every host, so one cached page serves all. */
export interface Chrome {
  site: SiteConfig;
  mirrors: MirrorLink[];
  /** "https://www.example.org": canonical links are absolute on this origin. */
  canonicalOrigin: string;
  /** The lite edition: text first, no pictures, minimal CSS. */
  lite?: boolean;
}

export interface FeedLink {
  title: string;
  type: "application/rss+xml" | "application/atom+xml" | "application/feed+json";
  href: string;
}

export interface PageMeta {
  /** The page's own title; the site name is appended. */
  title: string;
  description: string;
  /** The site-relative path of the canonical version of this page (none for error pages). */
  path?: string;
  /** The top-level section to mark as current in the navigation. */
  section?: string;
  feeds?: FeedLink[];
  /** Paged and error pages stay out of search results. */
  noindex?: boolean;
  /** Let search engines show this page's picture large (articles: robots max-image-preview:large). */
  largeImagePreview?: boolean;
  /** The link-preview card; pages with a canonical path get a "website" card with the site's share image by default. */
  card?: ShareCard;
  /** JSON-LD blocks; the lite edition leaves them out (search engines read the full edition). */
  structuredData?: SafeHtml;
  /** Extra head markup. */
  head?: SafeHtml;
}

/** The robots meta value of a page, if it needs one. */
export function robotsContent(meta: Pick<PageMeta, "noindex" | "largeImagePreview">): string | undefined {
  if (meta.noindex) return "noindex, follow";
  return meta.largeImagePreview ? "max-image-preview:large" : undefined;
}

function defaultCard(chrome: Chrome): ShareCard {
  const image = siteShareImage(chrome.site);
  return { type: "website", ...(image ? { image: shareCardImage(image, chrome.canonicalOrigin) } : {}) };
}

/** The three feeds of a listing ("/" for the whole site), titled after it. */
export function listingFeeds(title: string, listingPath = "/"): FeedLink[] {
  return [
    { title: `${title} (RSS)`, type: "application/rss+xml", href: urls.feed("rss", listingPath) },
    { title: `${title} (Atom)`, type: "application/atom+xml", href: urls.feed("atom", listingPath) },
    { title: `${title} (JSON Feed)`, type: "application/feed+json", href: urls.feed("json", listingPath) },
  ];
}

export function siteFeeds(site: SiteConfig): FeedLink[] {
  return listingFeeds(site.name);
}

/** Renders a whole HTML document around `main`. */
export function layout(chrome: Chrome, meta: PageMeta, main: SafeHtml): string {
  const { site } = chrome;
  const language = site.language;
  const title = meta.title === site.name ? site.name : `${meta.title} | ${site.name}`;
  const topSection = meta.section?.split("/")[0];
  const others = chrome.mirrors;
  const lite = chrome.lite === true;
  const robots = robotsContent(meta);
  return html`<!doctype html>
<html lang="${language}" dir="${isRightToLeft(language) ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${meta.description}">
${
  meta.path === undefined
    ? ""
    : html`<link rel="canonical" href="${chrome.canonicalOrigin + meta.path}">
${lite ? "" : shareCardTags(site.name, { title: meta.title, description: meta.description, url: chrome.canonicalOrigin + meta.path }, meta.card ?? defaultCard(chrome))}`
}
${robots ? html`<meta name="robots" content="${robots}">` : ""}
<meta name="color-scheme" content="light dark">
${
  lite
    ? ""
    : html`<meta name="theme-color" content="#fbfaf7" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#141414" media="(prefers-color-scheme: dark)">`
}
${(meta.feeds ?? siteFeeds(site)).map((f) => html`<link rel="alternate" type="${f.type}" title="${f.title}" href="${f.href}">\n`)}
<link rel="icon" href="${urls.favicon()}" type="image/svg+xml">
<style>${raw(lite ? LITE_STYLESHEET : STYLESHEET)}</style>
${lite ? "" : (meta.structuredData ?? "")}${meta.head ?? ""}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="masthead">
<div class="wrap masthead-brand">
<a class="brand" href="${urls.home()}">${site.name}</a>
${site.tagline ? html`<p class="tagline">${site.tagline}</p>` : ""}
</div>
<nav class="sections" aria-label="Sections"><ul class="wrap">
${topLevelSections(site).map((s) => html`<li><a href="${urls.section(s.slug)}"${s.slug === topSection ? raw(' aria-current="true"') : ""}>${s.name}</a></li>`)}
</ul></nav>
</header>
<main id="main" class="wrap" tabindex="-1">
${main}
</main>
<footer class="site-footer">
<div class="wrap">
<p class="footer-brand">${site.name}</p>
<nav class="addresses" aria-labelledby="addresses-heading">
<h2 id="addresses-heading">This site's addresses</h2>
<p>If one address is blocked where you are, try another. Each link keeps you on that address.</p>
<ul>
${others.map((m) => html`<li><a href="${m.stayUrl}" lang="en">${m.label}</a> <span class="host">${m.host}</span></li>`)}
</ul>
<p><a href="${urls.mirrors()}">All addresses and how to use them</a></p>
</nav>
<p class="edition-switch">${lite ? html`<a href="${LITE_OFF}">Full edition</a>` : html`<a href="${LITE_ON}">Lite edition (text only, less data)</a>`}</p>
<p class="colophon">© ${site.name}. ${site.description}</p>
</div>
</footer>
</body>
</html>
`.value;
}

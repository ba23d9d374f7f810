// The daily edition: every story published on one day (UTC) in one self-contained HTML file, to read
// offline, print and pass on. Pictures are inlined as data: URIs while the file stays within its size
// budget; links to the site are made absolute on a given origin (following one is the reader's choice;
// opening the file requests nothing, and its own CSP forbids every load but data: images).

import type { Article } from "../content/article.ts";
import { isRightToLeft, isVisible } from "../content/article-view.ts";
import { MEDIA_TYPES } from "../content/media.ts";
import { type SiteConfig, authorOf, sectionOf } from "../content/site.ts";
import { absolute, urls } from "../content/urls.ts";
import { base64Length, dataUri } from "./base64.ts";
import { languageAttributes } from "./components.ts";
import { absoluteBodyLinks, bodyImageNames, rewriteBodyImages } from "./body-html.ts";
import { formatDate, joinNames } from "./format.ts";
import { type SafeHtml, escapeHtml, html, raw } from "./html.ts";
import { EDITION_STYLESHEET } from "./styles.ts";

/** The file's own policy: nothing loads from anywhere; pictures are data: URIs, the stylesheet inline. */
export const EDITION_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

/** A day's file may be at most this many bytes (1 MB, decimal): small enough to send by messaging app. */
export const EDITION_MAX_BYTES = 1_000_000;

/** What the edition needs of a stored story (an ArticleRecord or a reader's record is one). */
export interface EditionStory {
  article: Omit<Article, "body">;
  bodyHtml: string;
}

export interface EditionImage {
  /** The media type: "image/jpeg". */
  type: string;
  bytes: Uint8Array;
}

export interface EditionInput {
  site: SiteConfig;
  /** "2026-11-25", a UTC day. */
  day: string;
  stories: EditionStory[];
  /** The pictures the stories use, by media name; one missing is shown as its alt text. */
  images: ReadonlyMap<string, EditionImage>;
  /** "https://www.example.org": links to the site are absolute on this origin. */
  origin: string;
  /** Every public address of the site, listed at the end. */
  addresses: readonly { label: string; url: string }[];
  /** Now, in ms: stories not yet visible (drafts, scheduled) are left out whatever the caller passes. */
  now: number;
  /** Default EDITION_MAX_BYTES. */
  maxBytes?: number;
}

export interface Edition {
  html: string;
  /** UTF-8 length of html. */
  bytes: number;
  stories: number;
  /** Media names inlined, and those shown as alt text (missing, or beyond the size budget). */
  inlined: string[];
  omitted: string[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD. */
export function isEditionDay(day: string): boolean {
  const match = DAY.exec(day);
  if (!match) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** The UTC day of an ISO time: "2026-11-25T23:10:00Z" → "2026-11-25". */
export function dayOf(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().slice(0, 10);
}

/** A day's edition is final once the day has ended (UTC); before that it is built on demand and changes. */
export function isDayClosed(day: string, now: number): boolean {
  return now >= Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000;
}

/** The stories of one day that readers may see, first published first. */
export function storiesOfDay<T extends EditionStory>(stories: readonly T[], day: string, now: number): T[] {
  return stories
    .filter((s) => isVisible(s.article, now) && dayOf(s.article.published) === day)
    .sort((a, b) => Date.parse(a.article.published) - Date.parse(b.article.published));
}

/** Whether a file fits the budget (UTF-8 bytes). */
export function withinEditionBudget(htmlText: string, maxBytes = EDITION_MAX_BYTES): boolean {
  return new TextEncoder().encode(htmlText).byteLength <= maxBytes;
}

const IMAGE_TYPES = new Set(Object.values(MEDIA_TYPES));

/** Where each picture shown comes from, by media name: a data: URI here, a file in the e-book (epub.ts). */
export type PictureSources = ReadonlyMap<string, string>;

/** Every picture the stories show, in reading order (lead, then body), each once. */
export function picturesInOrder(stories: readonly EditionStory[]): string[] {
  const names: string[] = [];
  for (const story of stories) {
    for (const name of [...(story.article.image ? [story.article.image.media] : []), ...bodyImageNames(story.bodyHtml)]) {
      if (!names.includes(name)) names.push(name);
    }
  }
  return names;
}

/** How many times each picture appears (a data: URI is repeated at each use). */
export function pictureUses(stories: readonly EditionStory[]): Map<string, number> {
  const count = new Map<string, number>();
  const add = (name: string) => count.set(name, (count.get(name) ?? 0) + 1);
  for (const story of stories) {
    if (story.article.image) add(story.article.image.media);
    rewriteBodyImages(story.bodyHtml, (image) => {
      if (image.name) add(image.name);
      return "";
    });
  }
  return count;
}

/** The body's headings one level down (the story's headline is the <h2>), and links to stories in this file kept inside it. */
function editionBody(story: EditionStory, input: EditionInput, inlined: PictureSources, slugs: ReadonlySet<string>): string {
  const shifted = story.bodyHtml.replace(/<(\/?)h([2-6])>/g, (_m, close: string, level: string) => `<${close}h${Math.min(6, Number(level) + 1)}>`);
  const local = shifted.replace(/<a href="\/articles\/([a-z0-9-]+)">/g, (tag, slug: string) => (slugs.has(slug) ? `<a href="#story-${slug}">` : tag));
  const linked = absoluteBodyLinks(local, input.origin);
  return rewriteBodyImages(linked, (image) => {
    const src = inlined.get(image.name);
    if (src) return `<img src="${escapeHtml(src)}" alt="${image.escapedAlt}">`;
    return `<span class="image-alt">[Image: ${image.escapedAlt}]</span>`;
  });
}

function leadFigure(story: EditionStory, input: EditionInput, inlined: PictureSources): SafeHtml {
  const image = story.article.image;
  if (!image) return html``;
  const uri = inlined.get(image.media);
  const caption = image.caption || image.credit ? html`<figcaption>${image.caption ?? ""} ${image.credit ?? ""}</figcaption>` : "";
  if (uri) return html`<figure><img src="${uri}" alt="${image.alt}" width="${image.width}" height="${image.height}">${caption}</figure>`;
  return html`<figure><p class="image-alt">Image: ${image.alt} (<a href="${absolute(input.origin, urls.media(image.media))}">view online</a>)</p>${caption}</figure>`;
}

/** One story as the edition shows it; `sources` holds the pictures shown, the rest are their alt text. */
export function storyHtml(story: EditionStory, input: EditionInput, inlined: PictureSources, slugs: ReadonlySet<string>): SafeHtml {
  const { article } = story;
  const { site } = input;
  const section = sectionOf(site, article.section);
  const authors = joinNames(article.authors.map((slug) => authorOf(site, slug)?.name ?? slug));
  const url = absolute(input.origin, urls.article(article.slug));
  return html`<article class="story" id="story-${article.slug}" lang="${article.language}" dir="${isRightToLeft(article.language) ? "rtl" : "ltr"}">
<p class="kicker">${section?.name ?? article.section}</p>
<h2>${article.headline}</h2>
<p class="standfirst">${article.standfirst}</p>
<p class="byline">${authors} · ${formatDate(Date.parse(article.published), article.language)}</p>
${leadFigure(story, input, inlined)}
<div class="body">
${raw(editionBody(story, input, inlined, slugs))}
</div>
<p class="source">Online: <a href="${url}">${url}</a></p>
</article>`;
}

function editionHtml(input: EditionInput, stories: readonly EditionStory[], inlined: PictureSources): string {
  const { site } = input;
  const date = formatDate(Date.parse(`${input.day}T00:00:00Z`), site.language);
  const slugs = new Set(stories.map((s) => s.article.slug));
  return html`<!doctype html>
<html lang="${site.language}" dir="${isRightToLeft(site.language) ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${EDITION_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${site.name}: ${date}</title>
<style>${raw(EDITION_STYLESHEET)}</style>
</head>
<body>
<header class="edition-head">
<p class="brand">${site.name}</p>
<h1>Daily edition: <time datetime="${input.day}">${date}</time></h1>
<p class="meta">${stories.length === 1 ? "1 story" : `${stories.length} stories`}. This file works without a connection: read it, print it, pass it on.</p>
</header>
${
  stories.length > 0
    ? html`<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">In this edition</h2><ol>
${stories.map((s) => html`<li${languageAttributes(s.article.language, site.language)}><a href="#story-${s.article.slug}">${s.article.headline}</a></li>\n`)}</ol></nav>`
    : html`<p>No stories were published on this day.</p>`
}
<main>
${stories.map((s) => storyHtml(s, input, inlined, slugs))}
</main>
${addressesHtml(input)}
</body>
</html>
`.value;
}

/** The site's addresses, at the end of the file. */
export function addressesHtml(input: Pick<EditionInput, "site" | "addresses">): SafeHtml {
  return html`<footer class="addresses" aria-labelledby="addresses-heading">
<h2 id="addresses-heading">Where to read ${input.site.name}</h2>
<p>If one address is blocked where you are, try another.</p>
<ul>
${input.addresses.map((a) => html`<li>${a.label}: <a href="${a.url}">${a.url}</a></li>\n`)}</ul>
</footer>`;
}

const byteLength = (text: string) => new TextEncoder().encode(text).byteLength;

/** The pictures, in the order given, that fit in `budget` bytes at `cost` each; one that does not fit is skipped, a smaller later one may still fit. */
export function fitPictures(names: readonly string[], budget: number, cost: (name: string) => number): string[] {
  const chosen: string[] = [];
  let left = budget;
  for (const name of names) {
    const price = cost(name);
    if (price > left) continue;
    chosen.push(name);
    left -= price;
  }
  return chosen;
}

/**
 * Builds the day's file. Pictures are inlined in reading order while the file stays within maxBytes;
 * the rest show their alt text and a link to view them online.
 */
export function renderEdition(input: EditionInput): Edition {
  const maxBytes = input.maxBytes ?? EDITION_MAX_BYTES;
  const stories = storiesOfDay(input.stories, input.day, input.now);
  const wanted = picturesInOrder(stories);
  const count = pictureUses(stories);
  const usable = wanted.filter((name) => {
    const image = input.images.get(name);
    return image !== undefined && IMAGE_TYPES.has(image.type);
  });

  // Without pictures first, then each picture added in reading order while it fits: its data: URI at every use.
  const budget = maxBytes - byteLength(editionHtml(input, stories, new Map()));
  const fitting = fitPictures(usable, budget, (name) => {
    const image = input.images.get(name);
    return image ? (base64Length(image.bytes.byteLength) + `data:${image.type};base64,`.length) * (count.get(name) ?? 1) : Number.POSITIVE_INFINITY;
  });
  const chosen = new Map<string, string>();
  for (const name of fitting) {
    const image = input.images.get(name);
    if (image) chosen.set(name, dataUri(image.type, image.bytes));
  }
  let text = editionHtml(input, stories, chosen);
  // The estimate ignores the alt-text fallbacks it replaces, so it errs on the small side; check anyway.
  while (byteLength(text) > maxBytes && chosen.size > 0) {
    chosen.delete([...chosen.keys()].pop() ?? "");
    text = editionHtml(input, stories, chosen);
  }
  return {
    html: text,
    bytes: byteLength(text),
    stories: stories.length,
    inlined: [...chosen.keys()],
    omitted: wanted.filter((name) => !chosen.has(name)),
  };
}

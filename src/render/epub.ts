// The daily edition as an EPUB 3 e-book: the same stories as the HTML file (edition.ts) in one XHTML
// document, pictures as files of the book, in a ZIP with every entry stored (zip.ts). E-readers and
// phone book apps open it offline; the same 1 MB budget decides which pictures it carries.

import { feedAuthority } from "../content/site.ts";
import { feedIds } from "../content/urls.ts";
import { languageAttributes } from "./components.ts";
import { formatDate } from "./format.ts";
import { EDITION_MAX_BYTES, type EditionInput, addressesHtml, fitPictures, picturesInOrder, storiesOfDay, storyHtml } from "./edition.ts";
import { escapeHtml, html } from "./html.ts";
import { EDITION_STYLESHEET } from "./styles.ts";
import { type ZipEntry, zipStored } from "./zip.ts";

export const EPUB_TYPE = "application/epub+zip";

/**
 * Picture types every EPUB 3 reading system must show (core media types); others stay alt text. WebP
 * became one only in EPUB 3.3 (2023): readers and checkers of EPUB 3.2 (epubcheck 4) refuse it without
 * a fallback, so a WebP picture stays alt text and a link, as AVIF does.
 */
const CORE_IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/svg+xml"]);

/** What a picture costs in the archive besides its bytes: two ZIP headers and its manifest line. */
const PER_FILE_OVERHEAD = 220;

export interface EditionEpub {
  bytes: Uint8Array;
  stories: number;
  included: string[];
  omitted: string[];
}

/** HTML fragments as XHTML: void elements closed ("<br />"); everything else the renderers write is already XML. */
export function toXhtml(fragment: string): string {
  return fragment.replace(/<(br|hr|img|wbr|col)(\s[^<>]*?)?\s*\/?>/g, (_m, tag: string, attributes: string | undefined) => `<${tag}${attributes ?? ""} />`);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n';

function containerXml(): string {
  return `${XML_DECLARATION}<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;
}

function xhtmlDocument(language: string, title: string, body: string): string {
  return `${XML_DECLARATION}<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="${escapeHtml(language)}" xml:lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8" />
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css" />
</head>
<body>
${body}
</body>
</html>
`;
}

/** The moment the book was last changed: the day's end once it has closed, else now (whole seconds). */
function modifiedAt(day: string, now: number): number {
  const end = Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000 - 1000;
  return Math.floor(Math.min(now, end) / 1000) * 1000;
}

/** Builds the day's e-book; the same stories as renderEdition, drafts and scheduled stories never in it. */
export function renderEditionEpub(input: EditionInput): EditionEpub {
  const { site, day } = input;
  const maxBytes = input.maxBytes ?? EDITION_MAX_BYTES;
  const stories = storiesOfDay(input.stories, day, input.now);
  const date = formatDate(Date.parse(`${day}T00:00:00Z`), site.language);
  const title = `${site.name}: ${date}`;
  const wanted = picturesInOrder(stories);
  const usable = wanted.filter((name) => CORE_IMAGE_TYPES.has(input.images.get(name)?.type ?? ""));

  const build = (included: readonly string[]): Uint8Array => {
    const sources = new Map(included.map((name) => [name, `images/${name}`]));
    const slugs = new Set(stories.map((s) => s.article.slug));
    const content = html`<header class="edition-head">
<p class="brand">${site.name}</p>
<h1>Daily edition: <time datetime="${day}">${date}</time></h1>
</header>
${stories.length > 0 ? stories.map((s) => storyHtml(s, input, sources, slugs)) : html`<p>No stories were published on this day.</p>`}
${addressesHtml(input)}`.value;
    const nav = html`<nav epub:type="toc" id="toc"><h1>In this edition</h1><ol>
${stories.length > 0 ? stories.map((s) => html`<li${languageAttributes(s.article.language, site.language)}><a href="edition.xhtml#story-${s.article.slug}">${s.article.headline}</a></li>\n`) : html`<li><a href="edition.xhtml">${title}</a></li>`}</ol></nav>`
      .value;
    const manifest = included
      .map((name, i) => `<item id="img-${i + 1}" href="images/${escapeHtml(name)}" media-type="${escapeHtml(input.images.get(name)?.type ?? "")}"/>`)
      .join("\n");
    const modified = new Date(modifiedAt(day, input.now)).toISOString().replace(/\.\d{3}Z$/, "Z");
    const opf = `${XML_DECLARATION}<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeHtml(site.language)}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">${escapeHtml(feedIds.feed(feedAuthority(site), `/editions/${day}`))}</dc:identifier>
<dc:title>${escapeHtml(title)}</dc:title>
<dc:language>${escapeHtml(site.language)}</dc:language>
<dc:publisher>${escapeHtml(site.name)}</dc:publisher>
<dc:date>${day}</dc:date>
<meta property="dcterms:modified">${modified}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="edition" href="edition.xhtml" media-type="application/xhtml+xml"/>
<item id="style" href="style.css" media-type="text/css"/>
${manifest}
</manifest>
<spine><itemref idref="edition"/></spine>
</package>
`;
    const encoder = new TextEncoder();
    const entries: ZipEntry[] = [
      // First and stored, with no extra field: how reading systems recognise the file.
      { name: "mimetype", bytes: encoder.encode(EPUB_TYPE) },
      { name: "META-INF/container.xml", bytes: encoder.encode(containerXml()) },
      { name: "EPUB/package.opf", bytes: encoder.encode(opf) },
      { name: "EPUB/nav.xhtml", bytes: encoder.encode(xhtmlDocument(site.language, title, toXhtml(nav))) },
      { name: "EPUB/edition.xhtml", bytes: encoder.encode(xhtmlDocument(site.language, title, toXhtml(content))) },
      { name: "EPUB/style.css", bytes: encoder.encode(EDITION_STYLESHEET) },
      ...included.map((name) => ({ name: `EPUB/images/${name}`, bytes: input.images.get(name)?.bytes ?? new Uint8Array() })),
    ];
    return zipStored(entries, modifiedAt(day, input.now));
  };

  const budget = maxBytes - build([]).byteLength;
  let included = fitPictures(usable, budget, (name) => (input.images.get(name)?.bytes.byteLength ?? Number.POSITIVE_INFINITY) + PER_FILE_OVERHEAD);
  let bytes = build(included);
  while (bytes.byteLength > maxBytes && included.length > 0) {
    included = included.slice(0, -1);
    bytes = build(included);
  }
  return { bytes, stories: stories.length, included, omitted: wanted.filter((name) => !included.includes(name)) };
}

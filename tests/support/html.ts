// Test helpers for HTML: parse a page with parse5 (the WHATWG parser browsers follow) and read what
// link-preview bots and search engines read from its head.

import { type DefaultTreeAdapterMap, parse, parseFragment } from "parse5";

type Element = DefaultTreeAdapterMap["element"];
type Node = DefaultTreeAdapterMap["childNode"] | DefaultTreeAdapterMap["document"];

function elements(node: Node, out: Element[] = []): Element[] {
  if ("tagName" in node) out.push(node);
  if ("childNodes" in node) for (const child of node.childNodes) elements(child, out);
  // <template> content is not part of the tree readers see; the pages have none.
  return out;
}

function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function attrOf(element: Element | undefined, name: string): string | undefined {
  return element ? attr(element, name) : undefined;
}

function text(element: Element): string {
  return element.childNodes.map((n) => (n.nodeName === "#text" ? (n as DefaultTreeAdapterMap["textNode"]).value : "tagName" in n ? text(n) : "")).join("");
}

export interface PageHead {
  title: string;
  description: string | undefined;
  canonical: string | undefined;
  /** og:* and article:* (property) and twitter:* (name) meta tags, in order; repeated ones keep every value. */
  meta: [string, string][];
  alternates: { type: string; title: string; href: string }[];
  /** Every <script> element anywhere in the document: its type and text. */
  scripts: { type: string | undefined; text: string }[];
  /** The parsed JSON-LD blocks. */
  jsonLd: Record<string, unknown>[];
}

export function readPage(html: string): PageHead {
  const all = elements(parse(html));
  const head = all.find((e) => e.tagName === "head");
  const inHead = head ? elements(head) : [];
  const scripts = all.filter((e) => e.tagName === "script").map((e) => ({ type: attr(e, "type"), text: text(e) }));
  const titleElement = inHead.find((e) => e.tagName === "title");
  return {
    title: titleElement ? text(titleElement) : "",
    description: attrOf(
      inHead.find((e) => e.tagName === "meta" && attr(e, "name") === "description"),
      "content",
    ),
    canonical: attrOf(
      inHead.find((e) => e.tagName === "link" && attr(e, "rel") === "canonical"),
      "href",
    ),
    meta: inHead
      .filter((e) => e.tagName === "meta" && (attr(e, "property") ?? attr(e, "name") ?? "").match(/^(og|article|twitter):/))
      .map((e) => [attr(e, "property") ?? attr(e, "name") ?? "", attr(e, "content") ?? ""]),
    alternates: inHead
      .filter((e) => e.tagName === "link" && attr(e, "rel") === "alternate")
      .map((e) => ({ type: attr(e, "type") ?? "", title: attr(e, "title") ?? "", href: attr(e, "href") ?? "" })),
    scripts,
    jsonLd: scripts.filter((s) => s.type === "application/ld+json").map((s) => JSON.parse(s.text) as Record<string, unknown>),
  };
}

/** The values of one meta property, in order. */
export function metaValues(head: PageHead, name: string): string[] {
  return head.meta.filter(([n]) => n === name).map(([, v]) => v);
}

/** Properties Google documents for NewsArticle (Article structured data), with author and publisher details. */
export const NEWS_ARTICLE_PROPERTIES = ["headline", "image", "datePublished", "dateModified", "author", "publisher"] as const;

/** The lead image as a feed reader shows it from an item's HTML content: src, alt, caption and credit. */
export function figureOf(contentHtml: string): { src?: string; alt?: string; caption?: string; credit?: string } {
  const all = parseFragment(contentHtml).childNodes.flatMap((n) => elements(n));
  const img = all.find((e) => e.tagName === "img");
  const caption = all.find((e) => e.tagName === "figcaption");
  const credit = all.find((e) => e.tagName === "span" && attr(e, "class") === "credit");
  return {
    ...(img ? { src: attr(img, "src"), alt: attr(img, "alt") } : {}),
    ...(caption ? { caption: text(caption) } : {}),
    ...(credit ? { credit: text(credit) } : {}),
  };
}

/** The text a reader sees in an HTML fragment (entities decoded, tags gone). */
export function htmlText(fragment: string): string {
  return parseFragment(fragment)
    .childNodes.map((n) => (n.nodeName === "#text" ? (n as DefaultTreeAdapterMap["textNode"]).value : "tagName" in n ? text(n) : ""))
    .join("");
}

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "background", "cite", "data"]);
const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** True when a browser would resolve the attribute value to an http(s) or mailto URL (or none at all). */
function safeUrl(value: string): boolean {
  try {
    // The WHATWG URL parser is the browser's: it strips tabs and newlines and trims, as they do.
    return SAFE_SCHEMES.has(new URL(value, "https://site.example/articles/page").protocol);
  } catch {
    return true; // Not a URL at all: a browser follows nothing.
  }
}

/**
 * Everything in a page, as a browser's parser sees it, that could run script or load a document: event
 * handler attributes, script URLs (javascript:, data:, vbscript: ...) in any URL attribute, scripts other
 * than JSON-LD data blocks, embedded documents, <base> and meta refresh. A safe page returns [].
 */
export function activeContent(html: string): string[] {
  const found: string[] = [];
  for (const e of elements(parse(html))) {
    for (const a of e.attrs) {
      if (/^on/i.test(a.name)) found.push(`<${e.tagName} ${a.name}>`);
      if (URL_ATTRIBUTES.has(a.name) && !safeUrl(a.value)) found.push(`<${e.tagName} ${a.name}="${a.value}">`);
    }
    if (e.tagName === "script" && attr(e, "type") !== "application/ld+json") found.push("<script>");
    if (["iframe", "object", "embed", "frame", "base", "form"].includes(e.tagName)) found.push(`<${e.tagName}>`);
    if (e.tagName === "meta" && attr(e, "http-equiv")) found.push(`<meta http-equiv="${attr(e, "http-equiv")}">`);
  }
  return found;
}

/** The text of every element with this tag name, in document order, as a browser's parser reads it. */
export function elementTexts(html: string, tagName: string): string[] {
  return elements(parse(html))
    .filter((e) => e.tagName === tagName)
    .map(text);
}

/** The parse errors the WHATWG parser reports for a document (a well-formed page has none). */
export function parseErrors(html: string): string[] {
  const errors: string[] = [];
  parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
  return errors;
}

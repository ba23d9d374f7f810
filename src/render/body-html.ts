// Rewrites of a stored article body (sanitised HTML from content/markdown.ts): its images and its
// site-relative links, for the lite edition and the daily edition file. The body's markup is the
// renderer's own (images are exactly <img src="/media/…" alt="…" …>), so a scanner over its tags is enough.

import { isMediaName } from "../content/slug.ts";
import { escapeHtml } from "./html.ts";

/** One <img> of a body: its media name and its alt text still escaped as the attribute held it. */
export interface BodyImage {
  /** "/media/harbour.svg" */
  src: string;
  /** "harbour.svg"; "" when the source is not one of the site's media files. */
  name: string;
  /** The alt attribute's value as written (HTML-escaped), safe to place in element content. */
  escapedAlt: string;
  /** The image sits inside a link: a replacement must not be a link itself (links do not nest). */
  insideLink: boolean;
}

const TAGS = /<a\s[^>]*>|<\/a>|<img\s[^>]*>/g;
const IMG_SRC = /\ssrc="([^"]*)"/;
const IMG_ALT = /\salt="([^"]*)"/;

/** Replaces every <img> of a body with the markup `replace` returns for it. */
export function rewriteBodyImages(bodyHtml: string, replace: (image: BodyImage) => string): string {
  let depth = 0;
  return bodyHtml.replace(TAGS, (tag) => {
    if (tag.startsWith("</a")) {
      depth = Math.max(0, depth - 1);
      return tag;
    }
    if (tag.startsWith("<a")) {
      depth++;
      return tag;
    }
    const src = IMG_SRC.exec(tag)?.[1] ?? "";
    const candidate = src.startsWith("/media/") ? src.slice("/media/".length) : "";
    const name = isMediaName(candidate) ? candidate : "";
    return replace({ src, name, escapedAlt: IMG_ALT.exec(tag)?.[1] ?? "", insideLink: depth > 0 });
  });
}

/** The media names a body shows, in order, each once. */
export function bodyImageNames(bodyHtml: string): string[] {
  const names: string[] = [];
  rewriteBodyImages(bodyHtml, (image) => {
    if (image.name && !names.includes(image.name)) names.push(image.name);
    return "";
  });
  return names;
}

/** Makes every site-relative link of a body ("/articles/x") absolute on `origin`; others stay as they are. */
export function absoluteBodyLinks(bodyHtml: string, origin: string): string {
  return bodyHtml.replace(/<a\s[^>]*>/g, (tag) => tag.replace(/\shref="(\/(?!\/)[^"]*)"/, (_m, path: string) => ` href="${escapeHtml(origin)}${path}"`));
}

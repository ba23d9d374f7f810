// Markdown → safe HTML, run once at publish time (seed loader and API), never on the request path.
// markdown-it with html:false escapes raw HTML; links are limited to http(s), mailto and site-relative
// URLs; images only to the site's own /media/ files; headings are shifted so the body starts at <h2>
// under the page's <h1>.

import MarkdownIt from "markdown-it";
import type { Problem } from "./problems.ts";
import { isMediaName } from "./slug.ts";

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);

md.validateLink = (url: string): boolean => {
  const scheme = SCHEME.exec(url.trim());
  return !scheme || ALLOWED_SCHEMES.has((scheme[1] ?? "").toLowerCase());
};

/** markdown-it's env object, carrying what rendering finds: problems and the media files shown. */
type RenderEnv = { problems: Problem[]; media: string[] };

function envOf(env: unknown): RenderEnv {
  return env as RenderEnv;
}

md.renderer.rules.image = (tokens, idx, _options, env) => {
  const token = tokens[idx];
  if (!token) return "";
  const src = String(token.attrGet("src") ?? "");
  const alt = token.children ? md.renderer.renderInlineAsText(token.children, md.options, env) : token.content;
  const name = src.startsWith("/media/") ? src.slice("/media/".length) : "";
  if (!isMediaName(name)) {
    envOf(env).problems.push({
      field: "body",
      code: "image_not_media",
      message: `image "${src}" must be one of this site's media files, written as /media/<name>`,
    });
    return "";
  }
  const media = envOf(env).media;
  if (!media.includes(name)) media.push(name);
  return `<img src="/media/${name}" alt="${md.utils.escapeHtml(alt)}" loading="lazy" decoding="async">`;
};

export interface RenderedBody {
  html: string;
  words: number;
  /** The site media files the body shows, once each, in order of appearance. */
  media: string[];
  problems: Problem[];
}

/**
 * Renders an article body. Problems (disallowed images) are returned, not thrown, so validation can
 * report them alongside the other fields.
 * @example renderMarkdown("# Hi\n\n<b>x</b>").html // "<h2>Hi</h2>\n<p>&lt;b&gt;x&lt;/b&gt;</p>\n"
 */
export function renderMarkdown(source: string): RenderedBody {
  const env: RenderEnv = { problems: [], media: [] };
  const tokens = md.parse(source, env);
  let minLevel = 6;
  let words = 0;
  for (const token of tokens) {
    if (token.type === "heading_open") minLevel = Math.min(minLevel, Number(token.tag.slice(1)));
    if (token.type === "inline") words += countWords(token.content);
  }
  const shift = 2 - minLevel;
  for (const token of tokens) {
    if (token.type === "heading_open" || token.type === "heading_close") {
      token.tag = `h${Math.min(6, Math.max(2, Number(token.tag.slice(1)) + shift))}`;
    }
  }
  const html = md.renderer.render(tokens, md.options, env);
  return { html, words, media: env.media, problems: env.problems };
}

function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return matches ? matches.length : 0;
}

// Bytes: the deployed bundle (raw and gzip, from `wrangler deploy --dry-run --outdir`), the article
// page's HTML (raw, gzip, brotli) and the requests a reader's browser makes for it (counted from the
// HTML: every subresource it references, and which of them block rendering).

import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export interface SizeResult {
  bundle: { file: string; rawBytes: number; gzipBytes: number; wranglerReport?: string };
  /** Modules uploaded beside the bundle and loaded only on demand (the Markdown renderer, on publish). */
  lazyModules: { file: string; rawBytes: number; gzipBytes: number }[];
  articleHtml: { rawBytes: number; gzipBytes: number; brotliBytes: number };
  browser: {
    /** The document itself plus every subresource the HTML references (same-origin or not). */
    requests: number;
    subresources: { kind: string; url: string; renderBlocking: boolean }[];
    renderBlocking: number;
    inlineStyles: number;
    externalStylesheets: number;
    scripts: number;
  };
}

const gzip = (b: Buffer) => gzipSync(b, { level: 9 }).byteLength;
const brotli = (b: Buffer) =>
  brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.byteLength } }).byteLength;

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, "i").exec(tag)?.[1];
}

/** Subresources a browser fetches for this HTML (images, stylesheets, scripts, icons, preloads, CSS url()). */
export function subresourcesOf(htmlText: string): SizeResult["browser"] {
  const head = htmlText.slice(0, Math.max(0, htmlText.search(/<\/head>/i)));
  const subresources: SizeResult["browser"]["subresources"] = [];
  for (const [tag] of htmlText.matchAll(/<(?:img|source)\b[^>]*>/gi)) {
    const src = attribute(tag, "src") ?? attribute(tag, "srcset")?.split(",")[0]?.trim().split(/\s+/)[0];
    if (src && !src.startsWith("data:")) subresources.push({ kind: "image", url: src, renderBlocking: false });
  }
  for (const [tag] of htmlText.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attribute(tag, "rel") ?? "").toLowerCase().split(/\s+/);
    const href = attribute(tag, "href");
    if (!href || href.startsWith("data:")) continue;
    if (rel.includes("stylesheet")) subresources.push({ kind: "stylesheet", url: href, renderBlocking: !/\smedia="print"/i.test(tag) });
    else if (rel.includes("icon")) subresources.push({ kind: "icon", url: href, renderBlocking: false });
    else if (rel.includes("preload") || rel.includes("modulepreload")) subresources.push({ kind: "preload", url: href, renderBlocking: false });
  }
  for (const [tag] of htmlText.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, "src");
    if (src)
      subresources.push({ kind: "script", url: src, renderBlocking: head.includes(tag) && !/\s(?:async|defer)\b/i.test(tag) && !/type="module"/i.test(tag) });
  }
  const styles = [...htmlText.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? "");
  for (const css of styles) {
    for (const m of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']/g)) {
      const url = m[1] ?? m[2] ?? "";
      if (!url.startsWith("data:")) subresources.push({ kind: "css url()", url, renderBlocking: Boolean(m[2]) });
    }
  }
  return {
    requests: 1 + new Set(subresources.map((s) => s.url)).size,
    subresources,
    renderBlocking: subresources.filter((s) => s.renderBlocking).length,
    inlineStyles: styles.length,
    externalStylesheets: subresources.filter((s) => s.kind === "stylesheet").length,
    scripts: subresources.filter((s) => s.kind === "script").length,
  };
}

export async function measureSize(buildDir: string, buildLog: string, articleHtml: string): Promise<SizeResult> {
  const file = join(buildDir, "index.js");
  const bundle = await readFile(file);
  const html = Buffer.from(articleHtml, "utf8");
  const report = /Total Upload:[^\n]*/.exec(buildLog)?.[0]?.trim();
  const lazyModules = [];
  for (const name of await readdir(join(buildDir, "generated")).catch(() => [] as string[])) {
    if (!name.endsWith(".js")) continue;
    const bytes = await readFile(join(buildDir, "generated", name));
    lazyModules.push({ file: `generated/${name}`, rawBytes: bytes.byteLength, gzipBytes: gzip(bytes) });
  }
  return {
    bundle: { file: "index.js", rawBytes: (await stat(file)).size, gzipBytes: gzip(bundle), ...(report ? { wranglerReport: report } : {}) },
    lazyModules,
    articleHtml: { rawBytes: html.byteLength, gzipBytes: gzip(html), brotliBytes: brotli(html) },
    browser: subresourcesOf(articleHtml),
  };
}

// Loads and validates a content folder (kv-seed/): site.json, media/ and articles/. Everything is
// checked before anything is written; problems name the file, the field and what is wrong.

import { renderMarkdown } from "../../src/content/markdown.ts";
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import { checkMedia, mediaTypeOf } from "../../src/content/media.ts";
import { type ArticleRecord, mediaUsed, prepareRecord } from "../../src/content/record.ts";
import { type SiteConfig, validateSite } from "../../src/content/site.ts";
import { articleInput, parseFrontMatter } from "./front-matter.ts";

export interface SourceProblem {
  file: string;
  field: string;
  message: string;
}

export interface MediaFile {
  name: string;
  bytes: Buffer;
  contentType: string;
  etag: string;
}

export interface ContentFolder {
  site?: SiteConfig;
  /** The site config as written in site.json (what the seed sends). */
  siteInput?: unknown;
  media: MediaFile[];
  /** Each article as the API takes it (front matter and body), with the record it validates to. */
  articles: { slug: string; input: Record<string, unknown>; record: ArticleRecord }[];
  problems: SourceProblem[];
}

async function listFiles(dir: string, extension: RegExp): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => extension.test(f)).sort();
  } catch {
    return [];
  }
}

export async function loadContentFolder(dir: string, onProgress: (done: number, total: number) => void = () => {}): Promise<ContentFolder> {
  const problems: SourceProblem[] = [];
  const siteFile = join(dir, "site.json");
  let site: SiteConfig | undefined;
  let siteInput: unknown;
  try {
    siteInput = JSON.parse(await readFile(siteFile, "utf8"));
    const checked = validateSite(siteInput);
    if (checked.ok) site = checked.value;
    else problems.push(...checked.problems.map((p) => ({ file: siteFile, ...p })));
  } catch (error) {
    problems.push({ file: siteFile, field: "(file)", message: error instanceof SyntaxError ? `is not valid JSON: ${error.message}` : "cannot be read" });
  }

  const media: MediaFile[] = [];
  const mediaDir = join(dir, "media");
  for (const name of await listFiles(mediaDir, /.*/)) {
    const file = join(mediaDir, name);
    const bytes = await readFile(file);
    const found = checkMedia(name, new Uint8Array(bytes));
    if (found.length > 0) problems.push(...found.map((p) => ({ file, ...p })));
    else media.push({ name, bytes, contentType: mediaTypeOf(name) ?? "", etag: createHash("sha256").update(bytes).digest("hex").slice(0, 32) });
  }
  const mediaNames = new Set(media.map((m) => m.name));
  if (site?.logo && !mediaNames.has(site.logo)) problems.push({ file: siteFile, field: "logo", message: `media file "${site.logo}" is not in ${mediaDir}` });

  const articles: ContentFolder["articles"] = [];
  const articlesDir = join(dir, "articles");
  const files = await listFiles(articlesDir, /\.md$/);
  for (const [i, name] of files.entries()) {
    const file = join(articlesDir, name);
    const parsed = parseFrontMatter(await readFile(file, "utf8"));
    if ("error" in parsed) problems.push({ file, field: "(file)", message: parsed.error });
    else if (site) {
      const slug = basename(name, ".md");
      const input = articleInput(parsed);
      const prepared = prepareRecord(input, slug, site, renderMarkdown);
      if (!prepared.ok) problems.push(...prepared.problems.map((p) => ({ file, ...p })));
      else {
        for (const used of mediaUsed(prepared.value)) {
          if (!mediaNames.has(used.name)) problems.push({ file, field: used.field, message: `media file "${used.name}" is not in ${mediaDir}` });
        }
        articles.push({ slug, input, record: prepared.value });
      }
    }
    if ((i + 1) % 250 === 0 || i + 1 === files.length) onProgress(i + 1, files.length);
  }
  return { ...(site ? { site, siteInput } : {}), media, articles, problems };
}

// npm run publish -- <article.md>... [--media <file>]... [--unpublish <slug>] [--delete <slug>]:
// sends files to the publishing API and prints what happened, or every problem, compiler-style.

import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { ApiClient, DEFAULT_SITE, apiBase, findToken, isLocal } from "./lib/api-client.ts";
import { articleBody, describeAnswer, mediaContentType, slugOfFile } from "./lib/publish-client.ts";

const HELP = `Usage: npm run publish -- [options] [article.md ...]

Publishes Markdown articles (the format of kv-seed/articles/*.md) through the publishing API of a
running site: by default the local one that \`npm start\` runs. The slug is the file name without .md.
Problems are printed one per line as "file: field: message"; nothing is saved for a file that has any.

Options:
  --media <file>      upload an image first (repeatable); its name is the file name (.svg .png .jpg
                      .jpeg .webp .avif, at most 5 MiB)
  --unpublish <slug>  turn a published article back into a draft (hidden everywhere, kept in storage)
  --delete <slug>     remove an article entirely (the audit log keeps its last version)
  --remote <url>      the site to talk to (default ${DEFAULT_SITE}; *.localhost names are reached
                      at 127.0.0.1)
  --token <token>     the API token; default: $EDGE_NEWS_TOKEN, else ADMIN_TOKEN from .dev.vars when
                      the site is local
  -h, --help          show this help

Examples:
  npm run publish -- kv-seed/articles/night-bus-network-extended-to-eastern-suburbs.md
  npm run publish -- --media photos/harbour-at-dawn.jpg drafts/harbour-at-dawn.md
  npm run publish -- --unpublish harbour-at-dawn
  EDGE_NEWS_TOKEN=... npm run publish -- --remote https://www.meridian-courier.example story.md`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    media: { type: "string", multiple: true },
    unpublish: { type: "string", multiple: true },
    delete: { type: "string", multiple: true },
    remote: { type: "string" },
    token: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

const media = values.media ?? [];
const unpublish = values.unpublish ?? [];
const remove = values.delete ?? [];
if (values.help || positionals.length + media.length + unpublish.length + remove.length === 0) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}

const base = apiBase(values.remote);

const token = await findToken(base, values.token);
if (!token) {
  console.error(
    isLocal(base)
      ? "No API token: run `npm start` once (it creates .dev.vars with ADMIN_TOKEN), or pass --token / set EDGE_NEWS_TOKEN."
      : "No API token for a remote site: pass --token or set EDGE_NEWS_TOKEN (never read from .dev.vars for a remote site).",
  );
  process.exit(1);
}

let client: ApiClient;
try {
  client = new ApiClient(base, token, (line) => console.log(line));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

async function send(source: string, method: string, path: string, body?: BodyInit, contentType?: string): Promise<boolean> {
  let answer: { status: number; body: Record<string, unknown> };
  try {
    answer = await client.request(method, path, body, contentType);
  } catch (error) {
    console.error(`${source}: error: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  const { ok, lines } = describeAnswer(source, answer.status, answer.body);
  for (const line of lines) (ok ? console.log : console.error)(line);
  return ok;
}

let failures = 0;
for (const file of media) {
  const type = mediaContentType(file);
  if (!type) {
    console.error(`${file}: name: use lower-case letters a-z, digits and hyphens, then .svg, .png, .jpg, .jpeg, .webp or .avif`);
    failures++;
    continue;
  }
  if (!(await send(file, "PUT", `/api/media/${basename(file)}`, await readFile(file), type))) failures++;
}
for (const file of positionals) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    console.error(`${file}: (file): cannot be read`);
    failures++;
    continue;
  }
  const article = articleBody(text);
  if ("error" in article) {
    console.error(`${file}: (file): ${article.error}`);
    failures++;
    continue;
  }
  if (!(await send(file, "PUT", `/api/articles/${encodeURIComponent(slugOfFile(file))}`, JSON.stringify(article.body), "application/json"))) failures++;
}
for (const slug of unpublish) {
  if (!(await send(slug, "PATCH", `/api/articles/${encodeURIComponent(slug)}`, JSON.stringify({ status: "draft" }), "application/merge-patch+json")))
    failures++;
}
for (const slug of remove) {
  if (!(await send(slug, "DELETE", `/api/articles/${encodeURIComponent(slug)}`))) failures++;
}
process.exit(failures > 0 ? 1 : 0);

// Helpers for tests that go through the Worker: requests on a dev host, and storing test articles.

import { renderMarkdown } from "../../src/content/markdown.ts";
import { env, exports } from "cloudflare:workers";
import { prepareRecord } from "../../src/content/record.ts";
import { type SiteConfig, validateSite } from "../../src/content/site.ts";
import { bumpGeneration, forgetConfig } from "../../src/store/config.ts";
import { recordEntries } from "../../src/store/entries.ts";
import { Kv } from "../../src/store/kv.ts";
import { keys } from "../../src/store/keys.ts";

export const PRIMARY = "news.localhost:8787";

export interface FetchOptions {
  host?: string;
  country?: string;
  continent?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** A request through the Worker, as a visitor on `host` (default: the primary) from `country`. */
export function visit(path: string, options: FetchOptions = {}): Promise<Response> {
  const cf: Record<string, string> = {};
  if (options.country) cf.country = options.country;
  if (options.continent) cf.continent = options.continent;
  return exports.default.fetch(`http://${options.host ?? PRIMARY}${path}`, {
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    redirect: "manual",
    cf,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

export async function siteConfig(): Promise<SiteConfig> {
  const checked = validateSite(await env.CONTENT.get(keys.site(), "json"));
  if (!checked.ok) throw new Error("seeded site config is invalid");
  return checked.value;
}

/** A valid article input in the seed files' shape; override any field. */
export function articleInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    headline: "Test headline",
    standfirst: "A test standfirst.",
    section: "science",
    authors: ["daniel-reyes"],
    tags: ["climate"],
    language: "en",
    published: "2026-11-24T12:00:00Z",
    status: "published",
    body: "Test body paragraph.",
    ...overrides,
  };
}

/** Stores an article the way publishing does (validated, rendered, indexed) and starts a new generation. */
export async function storeArticle(slug: string, input: Record<string, unknown>): Promise<void> {
  const prepared = await prepareRecord(input, slug, await siteConfig(), renderMarkdown);
  if (!prepared.ok) throw new Error(`test article invalid: ${JSON.stringify(prepared.problems)}`);
  await Promise.all(recordEntries(prepared.value).map((e) => env.CONTENT.put(e.key, e.value, e.metadata === undefined ? {} : { metadata: e.metadata })));
  forgetConfig();
  await bumpGeneration(new Kv(env.CONTENT));
}

/** Links in a page, in document order. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? "");
}

export interface Element {
  tag: string;
  attributes: [string, string][];
}

/** Every element of a page with its attributes, as a browser's parser sees them (HTMLRewriter). */
export async function elements(html: string): Promise<Element[]> {
  const found: Element[] = [];
  const rewriter = new HTMLRewriter().on("*", {
    element(el) {
      found.push({ tag: el.tagName, attributes: [...el.attributes].map(([name, value]) => [name ?? "", value ?? ""] as [string, string]) });
    },
  });
  await rewriter.transform(new Response(html)).text();
  return found;
}

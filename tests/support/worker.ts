// Test support for the tests that run inside workerd: requests through the Worker as a reader or an
// editor, the seed as the tests see it, and changes made the one way the site makes them (the writer).

import { env, exports } from "cloudflare:workers";
import { inject } from "vitest";
import type { ArticleRecord } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import type { ArticleOutcome } from "../../src/publish/newsroom.ts";
import type { Actor } from "../../src/publish/outcomes.ts";
import { newsroom } from "../../src/publish/stub.ts";
import { forgetBlobs } from "../../src/store/blobs.ts";
import { forgetPages } from "../../src/store/memory-cache.ts";
import { forgetView } from "../../src/store/view.ts";

/** The dev policy's primary host and a mirror (wrangler.toml [env.dev.vars.DOMAIN_POLICY]). */
export const PRIMARY = "news.localhost:8787";
export const MIRROR = "mirror-one.localhost:8787";
export const ORIGIN = `http://${PRIMARY}`;
/** The ADMIN_TOKEN the test projects bind (tests/vitest.config.ts). */
export const TOKEN = "integration-test-token-0123456789abcdef";

export interface VisitOptions {
  /** Host to ask (default the primary); ignored when the target is an absolute URL. */
  host?: string;
  country?: string;
  continent?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit;
}

/** A request through the Worker, as a reader on `host` from `country` (or to an absolute URL). */
export function visit(target: string, options: VisitOptions = {}): Promise<Response> {
  const url = /^https?:\/\//.test(target) ? target : `http://${options.host ?? PRIMARY}${target}`;
  const cf: Record<string, string> = {};
  if (options.country) cf.country = options.country;
  if (options.continent) cf.continent = options.continent;
  return exports.default.fetch(url, {
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    redirect: "manual",
    cf,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
}

export interface ApiInit {
  body?: unknown;
  /** Sent as is (no JSON encoding) when set. */
  raw?: BodyInit;
  headers?: Record<string, string>;
  token?: string | null;
  country?: string;
  host?: string;
}

/** An editor's request to the API through the Worker, with the test token unless `token` says otherwise. */
export function api(method: string, path: string, init: ApiInit = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization ??= `Bearer ${token}`;
  let body: BodyInit | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["Content-Type"] ??= "application/json";
  }
  return visit(path, {
    method,
    headers,
    ...(init.host ? { host: init.host } : {}),
    ...(init.country ? { country: init.country } : {}),
    ...(body !== undefined ? { body } : {}),
  });
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** A valid article input in the seed files' shape; override any field. */
export function articleInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    headline: "Harbour ferry timetable changes for winter",
    standfirst: "Fewer sailings on weekday evenings from December, the harbour authority says.",
    section: "news",
    authors: ["ruth-calloway"],
    tags: ["transport"],
    language: "en",
    published: "2026-11-24T08:00:00Z",
    status: "published",
    body: "The harbour authority has published its winter timetable.\n\n## What changes\n\nEvening sailings drop from four to two.",
    ...overrides,
  };
}

/** Every article record in kv-seed/, drafts and scheduled ones included. */
export function seedRecords(): ArticleRecord[] {
  return inject("seed").articles.map((a) => a.record);
}

/** The seed articles a reader can see now, newest first. */
export function visibleSeedRecords(now = Date.now()): ArticleRecord[] {
  return seedRecords()
    .filter((r) => r.article.status === "published" && Date.parse(r.article.published) <= now)
    .sort((a, b) => Date.parse(b.article.published) - Date.parse(a.article.published));
}

export function seedSite(): SiteConfig {
  return inject("seed").site as SiteConfig;
}

/** An ISO time `minutes` from now (negative: in the past), to the second. */
export function minutesFromNow(minutes: number): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000 + minutes * 60_000).toISOString().replace(".000Z", "Z");
}

const TEST_ACTOR: Actor = { id: "test", method: "TEST", path: "/tests" };

/** The single writer, as the API and the seed reach it. */
export function writer() {
  return newsroom(env);
}

/** Forgets what this isolate remembers (the pointer, blobs, pages), as a reader elsewhere would not have it. */
export function forgetReads(): void {
  forgetView();
  forgetBlobs();
  forgetPages();
}

/** Waits until the writer's projection is in KV, then forgets this isolate's copies: the next read sees it. */
export async function settled(): Promise<void> {
  const report = await writer().flush();
  if (report.error) throw new Error(`the projection was not written: ${report.error}`);
  forgetReads();
}

/** Loads kv-seed/ through the writer (media first, then the site and the stories), as `npm run seed` does. */
export async function loadSeed(): Promise<void> {
  const seed = inject("seed");
  const w = writer();
  for (const m of seed.media) {
    const bytes = Uint8Array.from(atob(m.base64), (c) => c.charCodeAt(0));
    const stored = await w.putMedia(m.name, bytes.buffer, m.type, TEST_ACTOR);
    if (!stored.ok) throw new Error(`seed media ${m.name} refused: ${stored.code}`);
  }
  const outcome = await w.importContent({ site: seed.site, articles: seed.articles.map(({ slug, input }) => ({ slug, input })) }, {}, TEST_ACTOR);
  if (!outcome.ok) throw new Error(`seed refused: ${outcome.code} ${JSON.stringify(outcome.problems)}`);
  await settled();
}

/** Publishes (creates or replaces) a story through the writer and waits until readers can see it. */
export async function publish(slug: string, input: Record<string, unknown>): Promise<ArticleOutcome> {
  const outcome = await writer().putArticle(slug, input, {}, TEST_ACTOR);
  if (!outcome.ok) throw new Error(`test article ${slug} refused: ${outcome.code} ${JSON.stringify(outcome.problems)}`);
  await settled();
  return outcome;
}

/** Replaces the site config (section, tag and author names) through the writer. */
export async function putSite(site: SiteConfig): Promise<void> {
  const outcome = await writer().importContent({ site }, {}, TEST_ACTOR);
  if (!outcome.ok) throw new Error(`site refused: ${outcome.code}`);
  await settled();
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

/** Publishes many stories in one batch through the writer (as the seed does), then waits until readers see them. */
export async function publishMany(articles: { slug: string; input: Record<string, unknown> }[]): Promise<void> {
  const outcome = await writer().importContent({ articles }, { force: true }, TEST_ACTOR);
  if (!outcome.ok) throw new Error(`test articles refused: ${outcome.code} ${JSON.stringify(outcome.problems)}`);
  await settled();
}

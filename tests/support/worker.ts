// Test support for the tests that run inside workerd: requests through the Worker as a reader or an
// editor, the seed as the tests see it, and changes made the one way the site makes them (the writer).

import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect, inject } from "vitest";
import type { ArticleRecord } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import worker from "../../src/index.ts";
import { type ArticleOutcome, NewsroomCore } from "../../src/publish/newsroom.ts";
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

// ---- What a change wrote: the writer's storage and KV, compared before and after ---------------------

/** Every row of every table of the writer's SQLite storage (articles, media, policy versions, audit log, projection state), as JSON text. */
export async function writerStorage(): Promise<Record<string, string>> {
  return runInDurableObject(writer(), (_instance, state) => {
    const sql = state.storage.sql;
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name")
      .toArray();
    const dump: Record<string, string> = {};
    for (const { name } of tables) dump[name] = JSON.stringify(sql.exec(`SELECT * FROM "${name}" ORDER BY rowid`).toArray());
    return dump;
  });
}

/** Every key of the KV namespace with its metadata and a SHA-256 of its value. */
export async function kvSnapshot(): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await env.CONTENT.list(cursor ? { cursor } : {});
    const values = await Promise.all(
      page.keys.map(async ({ name, metadata }) => {
        const value = await env.CONTENT.get(name, "arrayBuffer");
        const digest = value ? new Uint8Array(await crypto.subtle.digest("SHA-256", value)) : new Uint8Array();
        return [name, `${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")} ${JSON.stringify(metadata)}`] as const;
      }),
    );
    for (const [name, value] of values) snapshot.set(name, value);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return snapshot;
}

/** The whole state a change can touch: the writer's storage and every KV key and value. */
export async function everything(): Promise<{ storage: Record<string, string>; kv: Map<string, string> }> {
  return { storage: await writerStorage(), kv: await kvSnapshot() };
}

/**
 * Runs a request that must be refused and asserts that nothing at all was written: the writer's storage
 * (the audit log included) and KV are the same afterwards. Earlier changes are settled first, so their
 * pointer write (up to a second later) is not mistaken for one of this request.
 */
export async function expectNoWrite(request: () => Promise<Response>): Promise<Response> {
  await settled();
  const before = await everything();
  const res = await request();
  await res.clone().arrayBuffer();
  const after = await everything();
  expect(after.storage).toEqual(before.storage);
  expect(after.kv).toEqual(before.kv);
  return res;
}

/**
 * An env whose writer works on another KV namespace: each call builds a second NewsroomCore on the single
 * writer's own storage with `CONTENT` (and any vars) replaced, so faults reach the writer's KV writes
 * without a hook in production code. What the writer schedules (its alarm) runs on the real instance.
 * Answers and errors are copied as RPC copies them (structured clone: an error keeps its message and a
 * standard type, never its class), so the API sees what it sees from the real stub.
 */
export function envWithWriterOver(content: KVNamespace, vars: Partial<Env> = {}): Env {
  const writerEnv = { ...env, ...vars, CONTENT: content } as Env;
  const stub = new Proxy(
    {},
    {
      get(_target, method) {
        if (typeof method !== "string" || method === "then") return undefined;
        return async (...args: unknown[]) => {
          try {
            const result = await runInDurableObject(writer(), (_instance, state) => {
              const instance = new NewsroomCore(state, writerEnv) as unknown as Record<string, (...a: unknown[]) => unknown>;
              const call = instance[method];
              if (typeof call !== "function") throw new Error(`the writer has no method ${method}`);
              return call.apply(instance, args);
            });
            return structuredClone(result);
          } catch (error) {
            throw structuredClone(error);
          }
        };
      },
    },
  );
  const namespace = { idFromName: (name: string) => env.NEWSROOM.idFromName(name), get: () => stub };
  return { ...env, NEWSROOM: namespace as unknown as Env["NEWSROOM"] };
}

/** A request through the Worker with another env (a writer over faulty KV, a different secret). */
export async function fetchWith(changed: Env, method: string, path: string, init: ApiInit = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization ??= `Bearer ${token}`;
  let body: BodyInit | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["Content-Type"] ??= "application/json";
  }
  const url = /^https?:\/\//.test(path) ? path : `http://${init.host ?? PRIMARY}${path}`;
  const exec = createExecutionContext();
  const res = await worker.fetch(
    new Request(url, {
      method,
      headers,
      redirect: "manual",
      ...(body !== undefined ? { body } : {}),
      ...(init.country ? { cf: { country: init.country } } : {}),
    }),
    changed,
    exec,
  );
  await waitOnExecutionContext(exec);
  return res;
}

// ---- What readers see -------------------------------------------------------------------------------

/** The slugs of a feed, newest first, read as a reader reads it: /feed.json, /section/x/feed.json, /tag/x/feed.json. */
export async function feedSlugs(listingPath: string): Promise<string[]> {
  const path = listingPath === "/" ? "/feed.json" : `${listingPath}/feed.json`;
  const res = await visit(path);
  if (res.status === 404) return [];
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  const feed = await json<{ items: { url: string }[] }>(res);
  return feed.items.map((item) => new URL(item.url).pathname.replace(/^\/articles\//, ""));
}

/** Every story of a listing page and the pages after it (rel="next"), in order; [] for a listing that is a 404. */
export async function listingSlugs(path: string): Promise<string[]> {
  const seen: string[] = [];
  let next: string | undefined = path;
  while (next) {
    const res = await visit(next);
    if (res.status === 404) return seen;
    if (res.status !== 200) throw new Error(`${next} answered ${res.status}`);
    const page = await res.text();
    const main = page.slice(page.indexOf("<main"), page.indexOf("</main>"));
    for (const m of main.matchAll(/<h[23][^>]*>\s*<a href="\/articles\/([a-z0-9-]+)"/g)) seen.push(m[1] ?? "");
    next = /<a href="([^"]+)" rel="next">/.exec(page)?.[1]?.replace(/&amp;/g, "&");
  }
  return seen;
}

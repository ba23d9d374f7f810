// Helpers for the publishing API tests: authorised requests, article fixtures, and a snapshot of the
// whole KV namespace to prove a rejected request wrote nothing.

import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";

export const TOKEN = "integration-test-token-0123456789abcdef";
export const ORIGIN = "http://news.localhost:8787";

export interface ApiInit {
  body?: unknown;
  /** Sent as is (no JSON encoding) when set. */
  raw?: BodyInit;
  headers?: Record<string, string>;
  token?: string | null;
  country?: string;
}

/** A request to the API through the Worker, with the test token unless `token` says otherwise. */
export function api(method: string, path: string, init: ApiInit = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization ??= `Bearer ${token}`;
  let body: BodyInit | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["Content-Type"] ??= "application/json";
  }
  return exports.default.fetch(`${ORIGIN}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
    redirect: "manual",
    ...(init.country ? { cf: { country: init.country } } : {}),
  });
}

/** A reader's request (no token). */
export function visit(url: string, country?: string): Promise<Response> {
  return exports.default.fetch(url.startsWith("http") ? url : `${ORIGIN}${url}`, { redirect: "manual", ...(country ? { cf: { country } } : {}) });
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** A valid article for the API; override any field. */
export function article(overrides: Record<string, unknown> = {}): Record<string, unknown> {
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

async function listUnder(prefix: string): Promise<{ name: string; metadata?: unknown }[]> {
  const entries: { name: string; metadata?: unknown }[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.CONTENT.list({ prefix, ...(cursor ? { cursor } : {}) });
    entries.push(...page.keys);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return entries;
}

/** Every key under a prefix. */
export async function keysUnder(prefix: string): Promise<string[]> {
  return (await listUnder(prefix)).map((k) => k.name);
}

/** The whole namespace: every key with a hash of its value and its metadata. */
export async function kvSnapshot(): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for (const { name, metadata } of await listUnder("")) {
    const value = await env.CONTENT.get(name, "arrayBuffer");
    const digest = value ? new Uint8Array(await crypto.subtle.digest("SHA-256", value)) : new Uint8Array();
    snapshot.set(name, `${Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")} ${JSON.stringify(metadata)}`);
  }
  return snapshot;
}

/** Runs a request that must be refused and asserts the namespace is byte-for-byte the same afterwards. */
export async function expectNoWrite(request: () => Promise<Response>): Promise<Response> {
  const before = await kvSnapshot();
  const res = await request();
  await res.clone().arrayBuffer();
  expect(await kvSnapshot()).toEqual(before);
  return res;
}

// The publishing API seen from the command line: where to send requests, which token to use, what
// to send for a Markdown file, and how to print the answer (problems the way a compiler does).

import { basename } from "node:path";
import { mediaTypeOf } from "../../src/content/media.ts";
import { articleInput, parseFrontMatter } from "./front-matter.ts";

export const DEFAULT_SITE = "http://127.0.0.1:8787";

/**
 * The base URL requests go to. Node cannot resolve *.localhost, so such a host is reached at 127.0.0.1
 * on the same port (the API answers on every host of the site, and never redirects).
 */
export function apiBase(remote: string | undefined): URL {
  const url = new URL(remote ?? DEFAULT_SITE);
  if (url.hostname === "localhost" || url.hostname.endsWith(".localhost")) url.hostname = "127.0.0.1";
  url.pathname = "/";
  url.search = "";
  url.hash = "";
  return url;
}

/** True for a server on this machine: only then is the token read from .dev.vars. */
export function isLocal(base: URL): boolean {
  return base.hostname === "127.0.0.1" || base.hostname === "[::1]";
}

/** ADMIN_TOKEN from the text of a .dev.vars file (dotenv syntax), if set. */
export function tokenFromDevVars(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*ADMIN_TOKEN\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const value = (match[1] ?? "").replace(/^(["'])(.*)\1$/, "$2");
    return value === "" ? undefined : value;
  }
  return undefined;
}

/** The slug a Markdown file publishes under: its file name without ".md". */
export function slugOfFile(file: string): string {
  return basename(file).replace(/\.md$/i, "");
}

/** The JSON body for an article file, or the reason the file cannot be read as one. */
export function articleBody(text: string): { body: Record<string, unknown> } | { error: string } {
  const parsed = parseFrontMatter(text);
  if ("error" in parsed) return parsed;
  return { body: articleInput(parsed) };
}

/** The Content-Type a media file is uploaded with, or undefined when the name is not allowed. */
export function mediaContentType(file: string): string | undefined {
  return mediaTypeOf(basename(file));
}

interface ApiAnswer {
  error?: string;
  problems?: { field: string; message: string }[];
  version?: string;
  status?: string;
  url?: string;
  visibleBy?: string;
  scheduledFor?: string;
  removed?: boolean;
  unchanged?: boolean;
}

/**
 * Lines to print for one answer, each starting with the file (or slug) it concerns. A refusal lists
 * every problem as "file: field: message", the way a compiler reports errors.
 */
export function describeAnswer(source: string, httpStatus: number, answer: ApiAnswer): { ok: boolean; lines: string[] } {
  if (httpStatus >= 400) {
    if (answer.problems?.length) return { ok: false, lines: answer.problems.map((p) => `${source}: ${p.field}: ${p.message}`) };
    return { ok: false, lines: [`${source}: error: ${answer.error ?? "no explanation given"} (HTTP ${httpStatus})`] };
  }
  const when = answer.visibleBy ? `; visible on every edge by ${answer.visibleBy}` : "";
  if (answer.removed) return { ok: true, lines: [`${source}: removed${when}`] };
  if (answer.unchanged) return { ok: true, lines: [`${source}: already stored, unchanged`] };
  if (answer.url && answer.status === "published") {
    const scheduled = answer.scheduledFor ? ` (scheduled for ${answer.scheduledFor})` : "";
    return { ok: true, lines: [`${source}: ${httpStatus === 201 ? "published" : "updated"} at ${answer.url}${scheduled}, version ${answer.version}${when}`] };
  }
  if (answer.status === "draft") return { ok: true, lines: [`${source}: stored as a draft (not shown anywhere), version ${answer.version}${when}`] };
  return { ok: true, lines: [`${source}: stored${answer.url ? ` at ${answer.url}` : ""}${when}`] };
}

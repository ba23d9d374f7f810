// What `npm run publish` sends for a Markdown file, and how it prints the answer (problems the way a
// compiler does). Where requests go and with which token: api-client.ts.

import { basename } from "node:path";
import { mediaTypeOf } from "../../src/content/media.ts";
import { articleInput, parseFrontMatter } from "./front-matter.ts";

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

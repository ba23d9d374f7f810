// Seeding through the API: `npm run seed` (local or remote) sends the content folder here in batches, and
// the single writer takes them like any other change: validated, audited, and a story an editor changed
// since it was seeded is kept unless the seed is forced.

import type { IRequest } from "itty-router";
import { isFields } from "../content/problems.ts";
import { badRequest } from "../http/errors.ts";
import { jsonResponse } from "../http/responses.ts";
import type { Committed } from "../publish/outcomes.ts";
import { newsroom } from "../publish/stub.ts";
import type { RequestContext } from "../stages/context.ts";
import { readJson } from "./body.ts";
import { refused } from "./errors.ts";
import { actorOf, writeResponse } from "./shared.ts";

import { IMPORT_LIMITS } from "./import-limits.ts";

export { IMPORT_LIMITS };

function items(body: unknown, field: string): unknown[] {
  if (!isFields(body)) throw badRequest("The batch must be a JSON object.", undefined, "invalid_batch");
  const list = body[field] ?? [];
  if (!Array.isArray(list)) throw badRequest(`"${field}" must be a list.`, undefined, "invalid_batch");
  if (list.length > IMPORT_LIMITS.items) throw badRequest(`A batch holds at most ${IMPORT_LIMITS.items} ${field}; split it.`, undefined, "batch_too_large");
  return list;
}

/** POST /api/import {site?, articles?: [{slug, input}], force?}. */
export async function importContent(request: IRequest, ctx: RequestContext): Promise<Response> {
  const body = await readJson(request, IMPORT_LIMITS.bytes, "import batch");
  const articles = items(body, "articles").map((entry, i) => {
    if (!isFields(entry) || typeof entry.slug !== "string")
      throw badRequest(`articles[${i}] must be {"slug": "...", "input": {...}}.`, undefined, "invalid_batch");
    return { slug: entry.slug, input: entry.input };
  });
  const { site, force } = body as { site?: unknown; force?: unknown };
  const outcome = await newsroom(ctx.env).importContent({ ...(site !== undefined ? { site } : {}), articles }, { force: force === true }, actorOf(ctx));
  if (!outcome.ok) throw refused(outcome, { noun: "import batch", read: "GET /api/articles" });
  const { visibleFrom, ...report } = outcome as typeof outcome & Partial<Committed>;
  return writeResponse(report, visibleFrom ?? Date.now());
}

/** POST /api/import/media {files: [{name, type, data (base64)}]}: each stored like PUT /api/media/{name}. */
export async function importMedia(request: IRequest, ctx: RequestContext): Promise<Response> {
  const files = items(await readJson(request, IMPORT_LIMITS.bytes, "media batch"), "files");
  const writer = newsroom(ctx.env);
  const report = { stored: [] as string[], unchanged: [] as string[], refused: [] as { name: string; error: unknown }[] };
  for (const [i, file] of files.entries()) {
    if (!isFields(file) || typeof file.name !== "string" || typeof file.type !== "string" || typeof file.data !== "string") {
      throw badRequest(`files[${i}] must be {"name", "type", "data" (base64)}.`, undefined, "invalid_batch");
    }
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
    } catch {
      throw badRequest(`files[${i}].data is not base64.`, undefined, "invalid_batch");
    }
    const outcome = await writer.putMedia(file.name, bytes.buffer as ArrayBuffer, file.type, actorOf(ctx));
    if (!outcome.ok) report.refused.push({ name: file.name, error: refused(outcome, { noun: "media file", read: "GET /api/media" }).message });
    else (outcome.unchanged ? report.unchanged : report.stored).push(file.name);
  }
  return jsonResponse(report, report.refused.length > 0 ? 422 : 200, { "Cache-Control": "no-store" });
}

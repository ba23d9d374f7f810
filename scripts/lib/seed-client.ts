// Sending a validated content folder to a site's import API, in batches its limits take: media first
// (stories may show them), then the site config and the stories.

import { IMPORT_LIMITS } from "../../src/api/import-limits.ts";
import type { ApiClient } from "./api-client.ts";
import type { ContentFolder } from "./content-folder.ts";

/** What one import request may hold (src/api/import.ts IMPORT_LIMITS); bytes counted as sent. */
export interface BatchLimits {
  bytes: number;
  items: number;
}

/** The import API's limits, with room for the batch's own JSON around the items. */
export const IMPORT_BATCH: BatchLimits = { bytes: IMPORT_LIMITS.bytes - 64 * 1024, items: IMPORT_LIMITS.items };

/**
 * Splits items into batches of at most `limits.items` and `limits.bytes` (each item's size as `size`
 * gives it). An item larger than a whole batch is an error: no request could carry it.
 */
export function batches<T>(items: readonly T[], size: (item: T) => number, limits: BatchLimits): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const n = size(item);
    if (n > limits.bytes) throw new Error(`one item is ${n} bytes, more than a whole batch (${limits.bytes})`);
    if (current.length >= limits.items || bytes + n > limits.bytes) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += n + 1;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export interface SeedReport {
  media: { stored: number; unchanged: number };
  created: number;
  updated: number;
  unchanged: number;
  /** Stories an editor changed through the API since the last seed: left as they are (unless --force). */
  kept: string[];
  requests: number;
}

/** What sendSeed sends: a validated content folder, or anything of its shape (the bench's archives). */
export type SeedContent = Pick<ContentFolder, "siteInput" | "media"> & { articles: readonly { slug: string; input: Record<string, unknown> }[] };

/** Sends the folder; throws with the site's explanation when a batch is refused (nothing of it written). */
export async function sendSeed(
  client: ApiClient,
  content: SeedContent,
  options: { force?: boolean; limits?: BatchLimits; progress?: (line: string) => void } = {},
): Promise<SeedReport> {
  const limits = options.limits ?? IMPORT_BATCH;
  const say = options.progress ?? (() => {});
  const report: SeedReport = { media: { stored: 0, unchanged: 0 }, created: 0, updated: 0, unchanged: 0, kept: [], requests: 0 };

  const files = content.media.map((m) => ({ name: m.name, type: m.contentType, data: Buffer.from(m.bytes).toString("base64") }));
  for (const batch of batches(files, (f) => f.data.length + f.name.length + 40, limits)) {
    const answer = await client.json("POST", "/api/import/media", { files: batch });
    report.requests++;
    if (answer.status !== 200) throw new Error(`media refused (HTTP ${answer.status}): ${JSON.stringify(answer.body.refused ?? answer.body.error)}`);
    report.media.stored += (answer.body.stored as unknown[]).length;
    report.media.unchanged += (answer.body.unchanged as unknown[]).length;
    say(`  media: ${report.media.stored + report.media.unchanged}/${files.length}`);
  }

  const articles = content.articles.map(({ slug, input }) => ({ slug, input }));
  const articleBatches = batches(articles, (a) => JSON.stringify(a).length, limits);
  // The site config travels with the first batch (alone if there are no stories), so stories validate against it.
  let sent = 0;
  for (const [i, batch] of (articleBatches.length > 0 ? articleBatches : [[]]).entries()) {
    const answer = await client.json("POST", "/api/import", {
      ...(i === 0 && content.siteInput !== undefined ? { site: content.siteInput } : {}),
      articles: batch,
      force: options.force === true,
    });
    report.requests++;
    if (answer.status !== 200) {
      const problems = (answer.body.problems as { field: string; message: string }[] | undefined) ?? [];
      throw new Error(`batch ${i + 1} refused (HTTP ${answer.status}): ${answer.body.error}${problems.map((p) => `\n  ${p.field}: ${p.message}`).join("")}`);
    }
    report.created += (answer.body.created as unknown[]).length;
    report.updated += (answer.body.updated as unknown[]).length;
    report.unchanged += answer.body.unchanged as number;
    report.kept.push(...(answer.body.kept as string[]));
    sent += batch.length;
    say(`  stories: ${sent}/${articles.length}`);
  }
  return report;
}

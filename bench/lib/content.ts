// How content gets into a running copy of the site: the seed and the synthetic archives both go through
// loadContent, which sends them to the site's own import API exactly as `npm run seed` does (media
// first, then the site config with the first batch of at most 1,000 stories, then the rest; the same
// single writer, validation and audit), then waits until the writer has projected everything into KV,
// so measuring starts on a settled site.

import { setTimeout as sleep } from "node:timers/promises";
import { ApiClient } from "../../scripts/lib/api-client.ts";
import { type SeedContent, type SeedReport, sendSeed } from "../../scripts/lib/seed-client.ts";
import { POINTER_MEMO_MS } from "../../src/store/view.ts";
import { httpRequest } from "./http.ts";

/** What loadContent sends: the site config as site.json holds it, media files, stories as the API takes them. */
export type SiteContent = SeedContent;

/** A running copy of the site: where its API answers, and the token it takes. */
export interface ContentTarget {
  siteUrl: string;
  adminToken: string;
}

export interface LoadReport extends SeedReport {
  /** Seconds sending the batches, and then waiting for the writer to finish projecting. */
  sendSeconds: number;
  settleSeconds: number;
}

interface Health {
  content?: { seq: number };
  writer?: { blobsPending: number; pointerPending: number | null; pointerWritten: number } | string;
}

/**
 * Waits until the writer has nothing left to write (no blob, no pointer pending) and the pointer in KV is
 * the one it wrote last, as /healthz reports them; then until every isolate's copy of the pointer has
 * expired, so the next request reads the settled one.
 */
export async function waitSettled(siteUrl: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    const reply = await httpRequest(`${siteUrl}/healthz`);
    last = reply.body;
    const health = JSON.parse(reply.body) as Health;
    const writer = typeof health.writer === "object" ? health.writer : undefined;
    if (writer && writer.blobsPending === 0 && writer.pointerPending === null && (health.content?.seq ?? -1) >= writer.pointerWritten) break;
    if (Date.now() > deadline) throw new Error(`the writer did not settle within ${timeoutMs / 1000} s: ${last.slice(0, 500)}`);
    await sleep(200);
  }
  await sleep(POINTER_MEMO_MS + 100);
}

export async function loadContent(target: ContentTarget, content: SiteContent, progress?: (line: string) => void): Promise<LoadReport> {
  const started = Date.now();
  const say = progress ?? (() => {});
  const client = new ApiClient(new URL(target.siteUrl), target.adminToken, say);
  // force: a bench site is loaded once; nothing an editor changed is there to keep.
  const report = await sendSeed(client, content, { force: true, progress: say });
  const sent = Date.now();
  await waitSettled(target.siteUrl);
  return { ...report, sendSeconds: (sent - started) / 1000, settleSeconds: (Date.now() - sent) / 1000 };
}

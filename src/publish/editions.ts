// The daily editions the writer builds once a day has closed: every story of the day in one file (and
// an EPUB), projected as blobs that readers serve as they are. A change to a day's stories drops its
// edition from the index at once (readers then make it from the current content) until it is rebuilt.

import type { ArticleRecord } from "../content/record.ts";
import { logEvent } from "../log.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { canonicalHost, originOf } from "../policy/decide.ts";
import { publicMirrors } from "../policy/mirrors.ts";
import { type EditionImage, isDayClosed, picturesInOrder, renderEdition } from "../render/edition.ts";
import { renderEditionEpub } from "../render/epub.ts";
import type { SiteConfig } from "../content/site.ts";
import type { EditionBlob } from "../store/format.ts";
import { keys } from "../store/keys.ts";
import type { Kv } from "../store/kv.ts";
import type { Db } from "./db.ts";

/** Editions built per cron pass: rendering reads every picture of the day. */
export const EDITIONS_PER_PASS = 2;

/** Closed days with visible stories and no edition in `built`, newest first. */
export function daysToBuild(db: Db, built: Record<string, unknown>, now: number): string[] {
  return db
    .all<{ listing: string }>("SELECT listing FROM listings WHERE listing >= 'day:' AND listing < 'day;' AND first <= ? ORDER BY listing DESC", now)
    .map((r) => r.listing.slice("day:".length))
    .filter((day) => isDayClosed(day, now) && !Object.hasOwn(built, day));
}

/** One day's edition from the writer's records and the pictures in KV. */
export async function buildEdition(
  db: Db,
  kv: Kv,
  site: SiteConfig,
  policy: DomainPolicy,
  day: string,
  now: number,
): Promise<{ blob: EditionBlob; stories: number } | undefined> {
  const records = db
    .all<{ record: string }>(
      "SELECT a.record FROM members m JOIN articles a ON a.slug = m.slug WHERE m.listing = ? AND a.published <= ? ORDER BY a.published, a.slug",
      `day:${day}`,
      now,
    )
    .map((r) => JSON.parse(r.record) as ArticleRecord);
  if (records.length === 0) return undefined;
  const images = new Map<string, EditionImage>();
  for (const name of picturesInOrder(records)) {
    const media = await kv.getBytes<{ contentType?: string }>(keys.media(name)).catch(() => null);
    if (media) images.set(name, { type: media.metadata?.contentType ?? "application/octet-stream", bytes: new Uint8Array(media.value) });
  }
  const input = {
    site,
    day,
    stories: records,
    images,
    origin: originOf(canonicalHost(policy)),
    addresses: publicMirrors(policy).map((m) => ({ label: m.label, url: m.stayUrl })),
    now,
  };
  const html = renderEdition(input);
  let epub: string | undefined;
  try {
    const bytes = renderEditionEpub(input).bytes;
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    epub = btoa(binary);
  } catch (error) {
    logEvent("warn", "edition: EPUB not built", { day, error: String(error) });
  }
  return { blob: { html: html.html, ...(epub ? { epub } : {}) }, stories: html.stories };
}

// What the sitemaps read: day markers, tag markers, a day's index and the newest stories. Each sitemap
// is one KV list in steady state (more only past 1,000 days, tags or stories in one day).

import type { ArticleSummary } from "../content/record.ts";
import { readListing } from "./articles.ts";
import { type Listing, dayOf, keys, listing } from "./keys.ts";
import type { Kv } from "./kv.ts";

export interface DayMarker {
  /** "2026-11-20" */
  day: string;
  /** The newest publish or update time written for that day (ISO 8601), when it is not in the future. */
  lastmod?: string;
}

function lastmodOf(metadata: unknown): string | undefined {
  const value = typeof metadata === "object" && metadata !== null ? (metadata as { lastmod?: unknown }).lastmod : undefined;
  return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/**
 * Whether a listing holds a story readers can see now. Markers are written by the last story to touch
 * them, so one naming a time still to come may belong to a scheduled story beside visible ones: then
 * (rarely) one small KV list settles it.
 */
async function hasVisibleStory(kv: Kv, list: Listing, now: number): Promise<boolean> {
  return (await readListing(kv, list, { limit: 20, now })).stories.length > 0;
}

/**
 * Days with published stories, newest first. A day that holds only scheduled stories is left out until
 * their time, so the index never points at a sitemap that would be empty and never hints at what is
 * scheduled.
 */
export async function listDays(kv: Kv, now: number): Promise<DayMarker[]> {
  const today = dayOf(now);
  const days: DayMarker[] = [];
  for (const entry of await kv.listAll(keys.dayPrefix())) {
    const day = entry.name.slice(keys.dayPrefix().length);
    if (day > today) continue;
    const lastmod = lastmodOf(entry.metadata);
    if (lastmod !== undefined && Date.parse(lastmod) > now) {
      if (await hasVisibleStory(kv, listing.day(day), now)) days.push({ day });
      continue;
    }
    days.push(lastmod ? { day, lastmod } : { day });
  }
  return days.sort((a, b) => (a.day < b.day ? 1 : -1));
}

/** Tags in use by a published story; a tag only scheduled stories use stays hidden until their time. */
export async function listTags(kv: Kv, now: number): Promise<string[]> {
  const tags: string[] = [];
  for (const entry of await kv.listAll(keys.tagPrefix())) {
    const tag = entry.name.slice(keys.tagPrefix().length);
    const metadata = entry.metadata as { published?: unknown } | undefined;
    const published = typeof metadata?.published === "string" ? Date.parse(metadata.published) : Number.NaN;
    if (published > now && !(await hasVisibleStory(kv, listing.tag(tag), now))) continue;
    tags.push(tag);
  }
  return tags;
}

/** The published stories of one UTC day, newest first, up to `max`. */
export async function readDay(kv: Kv, day: string, now: number, max: number): Promise<ArticleSummary[]> {
  const stories: ArticleSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await readListing(kv, listing.day(day), { limit: 1000, now, ...(cursor ? { cursor } : {}) });
    stories.push(...page.stories);
    cursor = page.next;
  } while (cursor && stories.length < max);
  return stories.slice(0, max);
}

/** Entries per list call for the news sitemap: two days of a busy newsroom, so one call in steady state. */
const RECENT_PAGE = 150;

/**
 * Stories published in the last `windowMs`, newest first, up to `max`. The site listing is newest
 * first, so reading stops at the first story older than the window: one KV list of at most 150
 * entries however large the archive (listing `max` entries at once grew with the archive).
 */
export async function readRecent(kv: Kv, now: number, windowMs: number, max: number): Promise<ArticleSummary[]> {
  const stories: ArticleSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await readListing(kv, listing.latest(), { limit: Math.min(RECENT_PAGE, max), now, ...(cursor ? { cursor } : {}) });
    for (const story of page.stories) {
      if (story.published < now - windowMs || stories.length >= max) return stories;
      stories.push(story);
    }
    cursor = page.next;
  } while (cursor);
  return stories;
}

// Where readers can see a story, and how a response shows which version of it: the article page and its
// JSON-LD, the home page, section, tag and author pages, the site, section and tag feeds in every
// format, and the sitemaps. Stories the scenarios write carry a unique token in their headline.

import { dayOf } from "../../src/store/format.ts";
import type { Exchange } from "./world.ts";
import type { Random } from "./random.ts";

export type SurfaceKind = "html" | "feed" | "day-sitemap" | "news-sitemap" | "pages-sitemap";

export interface Surface {
  name: string;
  path: string;
  kind: SurfaceKind;
}

/** A version of a test story: what makes it recognisable on every surface. */
export interface StoryVersion {
  slug: string;
  token: string;
  /** The tag only this story carries: its tag page and feed exist while it is visible. */
  ownTag: string;
  /** The sitemap's lastmod for it (its updated time, else its publish time). */
  lastmod: string;
  input: Record<string, unknown>;
}

export const STORY_SECTION = "news/middle-east";
export const STORY_AUTHOR = "amira-haddad";
export const SHARED_TAG = "water";

/** A word no seed story contains, so its presence on a page is this story's. */
export function token(random: Random, prefix = "Simtok"): string {
  return `${prefix}${random.int(100_000, 999_999)}${String.fromCharCode(97 + random.int(0, 25))}`;
}

/** A valid article input in a fixed section, with the token in the headline, standfirst and body. */
export function storyVersion(random: Random, options: { slug: string; ownTag: string; published: number; updated?: number; status?: string }): StoryVersion {
  const t = token(random);
  const published = new Date(options.published).toISOString().replace(/\.\d{3}Z$/, "Z");
  const updated = options.updated === undefined ? undefined : new Date(options.updated).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    slug: options.slug,
    token: t,
    ownTag: options.ownTag,
    lastmod: updated ?? published,
    input: {
      headline: `Harbour ferry ${t} timetable changes for winter`,
      standfirst: `Fewer evening sailings from December (${t}), the harbour authority says.`,
      section: STORY_SECTION,
      authors: [STORY_AUTHOR],
      tags: [SHARED_TAG, options.ownTag],
      language: "en",
      published,
      ...(updated ? { updated } : {}),
      status: options.status ?? "published",
      body: `The harbour authority has published its winter timetable (${t}).\n\n## What changes\n\nEvening sailings drop from four to two.`,
    },
  };
}

/** Every surface a story in STORY_SECTION with these tags appears on while it is among the newest. */
export function storySurfaces(story: { slug: string; ownTag: string; published: number }): Surface[] {
  const day = dayOf(story.published);
  return [
    { name: "article", path: `/articles/${story.slug}`, kind: "html" },
    { name: "home", path: "/", kind: "html" },
    { name: "section news", path: "/section/news", kind: "html" },
    { name: "section middle-east", path: `/section/${STORY_SECTION}`, kind: "html" },
    { name: "tag water", path: `/tag/${SHARED_TAG}`, kind: "html" },
    { name: "own tag", path: `/tag/${story.ownTag}`, kind: "html" },
    { name: "author", path: `/author/${STORY_AUTHOR}`, kind: "html" },
    { name: "rss", path: "/feed.xml", kind: "feed" },
    { name: "atom", path: "/atom.xml", kind: "feed" },
    { name: "json feed", path: "/feed.json", kind: "feed" },
    { name: "section rss", path: `/section/${STORY_SECTION}/feed.xml`, kind: "feed" },
    { name: "section atom", path: "/section/news/atom.xml", kind: "feed" },
    { name: "tag water rss", path: `/tag/${SHARED_TAG}/feed.xml`, kind: "feed" },
    { name: "own tag json feed", path: `/tag/${story.ownTag}/feed.json`, kind: "feed" },
    { name: "day sitemap", path: `/sitemaps/articles-${day}.xml`, kind: "day-sitemap" },
    { name: "news sitemap", path: "/sitemaps/news.xml", kind: "news-sitemap" },
    { name: "pages sitemap", path: "/sitemaps/pages.xml", kind: "pages-sitemap" },
  ];
}

/** The JSON-LD blocks of an HTML page, as one text. */
export function jsonLdOf(html: string): string {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
}

/** What one response lets a reader see on one surface; the article page also yields its JSON-LD. */
export interface Sighting {
  surface: string;
  kind: SurfaceKind | "json-ld";
  text: string;
  exchange: Exchange;
}

export function sightingsOf(surface: Surface, exchange: Exchange): Sighting[] {
  const main: Sighting = { surface: surface.name, kind: surface.kind, text: exchange.body, exchange };
  if (surface.name !== "article" || exchange.status !== 200) return [main];
  return [main, { surface: "article json-ld", kind: "json-ld", text: jsonLdOf(exchange.body), exchange }];
}

/** Whether a sighting shows `version` of the story. */
export function shows(sighting: Sighting, version: StoryVersion): boolean {
  const { text } = sighting;
  switch (sighting.kind) {
    case "html":
    case "json-ld":
    case "feed":
    case "news-sitemap":
      return text.includes(version.token);
    case "day-sitemap":
      return text.includes(`/articles/${version.slug}</loc><lastmod>${version.lastmod}</lastmod>`);
    case "pages-sitemap":
      return text.includes(`/tag/${version.ownTag}</loc>`);
  }
}

/** Whether a sighting shows the story in any version. */
export function showsAny(sighting: Sighting, slug: string, ownTag: string, tokens: readonly string[]): boolean {
  switch (sighting.kind) {
    case "day-sitemap":
      return sighting.text.includes(`/articles/${slug}</loc>`);
    case "pages-sitemap":
      return sighting.text.includes(`/tag/${ownTag}</loc>`);
    default:
      return tokens.some((t) => sighting.text.includes(t));
  }
}

/**
 * Readers the story pages are served to where they are (no region redirect under the deployed policy or
 * the variants the policy scenarios use): the host and the country of the request.
 */
export const SERVED_READERS: readonly { host: string; country: string }[] = [
  { host: "www.meridian-courier.example", country: "US" },
  { host: "www.meridian-courier.example", country: "DE" },
  { host: "www.meridian-courier.example", country: "BR" },
  { host: "meridian-courier.example.uk", country: "GB" },
];

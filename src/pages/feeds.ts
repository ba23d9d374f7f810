// Feed routes: RSS, Atom and JSON Feed for the whole site, each section and each tag. Item links point
// at the host the feed was fetched on (a reader whose primary domain is blocked can follow them); ids
// are the same everywhere. A cache miss reads the listing's shard and its feed blob; a hit reads nothing.

import { type SiteConfig, sectionOf, tagLabel } from "../content/site.ts";
import { isSlug } from "../content/slug.ts";
import { type FeedFormat, FEED_FILES, feedFormatOf, urls } from "../content/urls.ts";
import { notFound } from "../http/errors.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { CONTENT_TYPES } from "../http/responses.ts";
import { renderAtom } from "../render/feeds/atom.ts";
import { renderJsonFeed } from "../render/feeds/json-feed.ts";
import { type FeedSource, feedDocument } from "../render/feeds/model.ts";
import { renderRss } from "../render/feeds/rss.ts";
import { isoDate } from "../render/format.ts";
import { type Listing, listing } from "../store/format.ts";
import type { PageContext, PageRequest } from "../stages/context.ts";
import { cachedDocument } from "./cached.ts";

const TYPES: Record<FeedFormat, string> = { rss: CONTENT_TYPES.rss, atom: CONTENT_TYPES.atom, json: CONTENT_TYPES.jsonFeed };

const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;

interface FeedRequest {
  format: FeedFormat;
  list: Listing;
  listingPath: string;
  /**
   * The feed's title and description from the site config; throws notFound for a listing the config
   * does not have. Runs inside the cached render, so a storage outage still serves the last good copy.
   */
  source: (site: SiteConfig) => FeedSource;
  /** A tag feed with nothing published is a 404, like its page: an unknown tag and an unused one look alike. */
  emptyIsMissing?: boolean;
}

async function feedResponse(ctx: PageContext, feed: FeedRequest): Promise<Response> {
  const origin = ctx.origin;
  const path = urls.feed(feed.format, feed.listingPath);
  const options = {
    key: `/~feed/${encodeURIComponent(origin)}${path}`,
    contentType: TYPES[feed.format],
    cacheControl: CACHE_CONTROL.feed,
    // Browser-based feed readers fetch feeds from their own origin.
    headers: { "Access-Control-Allow-Origin": "*" },
  };
  return cachedDocument(ctx, options, async (content) => {
    const site = ctx.view.site;
    const source = feed.source(site);
    const items = await content.feed(feed.list);
    if (items.length === 0 && feed.emptyIsMissing) throw notFound("There are no stories on this topic.");
    return RENDERERS[feed.format](feedDocument(site, origin, source, items, isoDate(ctx.view.builtAt)));
  });
}

/** /feed.xml, /atom.xml, /feed.json: the newest stories across the site. */
export async function siteFeed(_request: PageRequest, ctx: PageContext): Promise<Response> {
  const format = feedFormatOf(ctx.url.pathname);
  if (!format) throw notFound();
  const listingPath = urls.home();
  return feedResponse(ctx, {
    format,
    list: listing.latest(),
    listingPath,
    source: (site) => ({ listingPath, title: site.name, description: site.description }),
  });
}

/** /section/news/feed.xml and the like (reached through the section route); a parent includes its subsections. */
export async function sectionFeed(ctx: PageContext, path: string, format: FeedFormat): Promise<Response> {
  const listingPath = urls.section(path);
  return feedResponse(ctx, {
    format,
    list: listing.section(path),
    listingPath,
    source: (site) => {
      const section = sectionOf(site, path);
      if (!section) throw notFound("There is no such section.");
      return {
        listingPath,
        title: `${section.name} | ${site.name}`,
        description: section.description ?? `The latest ${section.name} stories from ${site.name}.`,
      };
    },
  });
}

function formatOfFile(file: string): FeedFormat | undefined {
  return (Object.keys(FEED_FILES) as FeedFormat[]).find((format) => FEED_FILES[format] === file);
}

/** /tag/water/feed.xml and the like. */
export async function tagFeed(request: PageRequest, ctx: PageContext): Promise<Response> {
  const tag = request.params.slug ?? "";
  const format = formatOfFile(request.params.file ?? "");
  if (!format || !isSlug(tag)) throw notFound();
  const listingPath = urls.tag(tag);
  return feedResponse(ctx, {
    format,
    list: listing.tag(tag),
    listingPath,
    source: (site) => {
      const label = tagLabel(site, tag);
      return { listingPath, title: `${label} | ${site.name}`, description: `Stories about ${label} from ${site.name}.` };
    },
    emptyIsMissing: true,
  });
}

// robots.txt and the sitemaps: an index over one sitemap per day of stories, the pages sitemap (home,
// sections, tags, authors) and the Google News sitemap. Absolute on the canonical host whichever host is
// asked, so they are cached once for all hosts.

import { normaliseDateTime } from "../content/dates.ts";
import type { ArticleSummary } from "../content/record.ts";
import { absolute, urls } from "../content/urls.ts";
import { etagOf } from "../http/conditional.ts";
import { notFound } from "../http/errors.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { CONTENT_TYPES, textResponse } from "../http/responses.ts";
import { isoDate } from "../render/format.ts";
import { NEWS_MAX_URLS, NEWS_WINDOW_MS, SITEMAP_MAX_URLS, renderNewsSitemap, renderRobots, renderSitemapIndex, renderUrlSet } from "../render/sitemaps.ts";
import { listing } from "../store/format.ts";
import type { Snapshot } from "../store/snapshot.ts";
import type { PageContext, PageRequest } from "../stages/context.ts";
import { cachedDocument } from "./cached.ts";

/** Sitemaps are absolute on the canonical host whichever host is asked: one copy serves every host. */
function sitemap(ctx: PageContext, path: string, render: (origin: string, content: Snapshot) => Promise<string>): Promise<Response> {
  const origin = ctx.view.canonicalOrigin;
  const options = { key: `/~sitemap${path}`, contentType: CONTENT_TYPES.xml, cacheControl: CACHE_CONTROL.sitemap };
  return cachedDocument(ctx, options, (content) => render(origin, content));
}

export async function robotsTxt(_request: PageRequest, ctx: PageContext): Promise<Response> {
  const body = renderRobots(absolute(ctx.view.canonicalOrigin, urls.sitemapIndex()));
  return textResponse(body, 200, { "Cache-Control": CACHE_CONTROL.sitemap, ETag: await etagOf(body) });
}

/** /sitemap.xml: the pages sitemap, the news sitemap, then one sitemap per day with stories, newest first. */
export function sitemapIndex(_request: PageRequest, ctx: PageContext): Promise<Response> {
  return sitemap(ctx, urls.sitemapIndex(), async (origin, content) => {
    const days = await content.days();
    return renderSitemapIndex([
      { loc: absolute(origin, urls.sitemapPages()) },
      { loc: absolute(origin, urls.sitemapNews()) },
      ...days.map((d) => ({ loc: absolute(origin, urls.sitemapDay(d.day)), ...(d.lastmod ? { lastmod: isoDate(Date.parse(d.lastmod)) } : {}) })),
    ]);
  });
}

/** /sitemaps/pages.xml: home, every section, every tag in use, every author, the addresses page. */
export function sitemapPages(_request: PageRequest, ctx: PageContext): Promise<Response> {
  return sitemap(ctx, urls.sitemapPages(), async (origin, content) => {
    const site = ctx.view.site;
    const tags = await content.tags();
    const paths = [
      urls.home(),
      ...site.sections.map((s) => urls.section(s.slug)),
      ...tags.map(urls.tag),
      ...site.authors.map((a) => urls.author(a.slug)),
      urls.mirrors(),
    ];
    return renderUrlSet(paths.map((path) => ({ loc: absolute(origin, path) })));
  });
}

function storyUrl(origin: string, story: ArticleSummary) {
  return {
    loc: absolute(origin, urls.article(story.slug)),
    lastmod: isoDate(story.updated ?? story.published),
    ...(story.image ? { images: [absolute(origin, urls.media(story.image.media))] } : {}),
  };
}

const DAY_FILE = /^articles-(\d{4}-\d{2}-\d{2})\.xml$/;

/** /sitemaps/articles-2026-11-20.xml: every story published that UTC day. */
export function sitemapDay(request: PageRequest, ctx: PageContext): Promise<Response> {
  const day = DAY_FILE.exec(request.params.file ?? "")?.[1];
  if (!day || !normaliseDateTime(day)) throw notFound("There is no such sitemap.");
  return sitemap(ctx, urls.sitemapDay(day), async (origin, content) => {
    const stories = await content.all(listing.day(day), SITEMAP_MAX_URLS);
    if (stories.length === 0) throw notFound("There is no such sitemap.");
    return renderUrlSet(stories.map((s) => storyUrl(origin, s)));
  });
}

/** /sitemaps/news.xml: stories from the last 48 hours, at most 1,000, for Google News. */
export function sitemapNews(_request: PageRequest, ctx: PageContext): Promise<Response> {
  return sitemap(ctx, urls.sitemapNews(), async (origin, content) => {
    const stories = await content.recent(NEWS_WINDOW_MS, NEWS_MAX_URLS);
    return renderNewsSitemap(
      ctx.view.site.name,
      stories.map((s) => ({ loc: absolute(origin, urls.article(s.slug)), title: s.headline, language: s.language, published: isoDate(s.published) })),
    );
  });
}

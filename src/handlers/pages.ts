// HTML page routes: home, article, section, tag, author, mirrors, and the helpful 404.

import type { IRequest } from "itty-router";
import { isVisible } from "../content/article.ts";
import { authorOf, childSections, sectionOf, tagLabel, topLevelSections } from "../content/site.ts";
import { isSectionPath, isSlug } from "../content/slug.ts";
import { feedFormatOf, FEED_FILES, urls } from "../content/urls.ts";
import { badRequest, notFound } from "../http/errors.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { renderArticlePage } from "../render/pages/article.ts";
import { renderHomePage } from "../render/pages/home.ts";
import { listingFeeds, siteFeeds } from "../render/layout.ts";
import { renderListingPage } from "../render/pages/listing.ts";
import { renderMirrorsPage } from "../render/pages/mirrors.ts";
import { renderNotFoundPage } from "../render/pages/not-found.ts";
import { getRecord, readListing } from "../store/articles.ts";
import { listing } from "../store/keys.ts";
import { htmlPage } from "./chrome.ts";
import { sectionFeed } from "./feeds.ts";
import type { Context } from "./context.ts";

/** Stories per listing page. */
export const PAGE_SIZE = 20;
const HOME_LATEST = 10;
const HOME_BLOCK = 4;
const RELATED = 4;

const CURSOR = /^[A-Za-z0-9_\-+/=.~]{1,1024}$/;

function cursorOf(request: IRequest): string | undefined {
  const cursor = new URL(request.url).searchParams.get("cursor");
  if (cursor === null) return undefined;
  if (!CURSOR.test(cursor)) throw badRequest("This page link is damaged. Start again from the first page.");
  return cursor;
}

/** The cache key of a listing page: its path and, for later pages, the cursor (other query parameters never change the page). */
function listingKey(path: string, cursor: string | undefined): string {
  return cursor ? `${path}?cursor=${encodeURIComponent(cursor)}` : path;
}

export async function homePage(_request: IRequest, ctx: Context): Promise<Response> {
  return htmlPage(ctx, urls.home(), async (chrome) => {
    const now = Date.now();
    const [latest, ...blocks] = await Promise.all([
      readListing(ctx.kv, listing.latest(), { limit: HOME_LATEST, now }),
      ...topLevelSections(chrome.site).map((s) => readListing(ctx.kv, listing.section(s.slug), { limit: HOME_BLOCK, now })),
    ]);
    const sections = topLevelSections(chrome.site);
    return renderHomePage(chrome, {
      latest: latest?.stories ?? [],
      blocks: sections.map((section, i) => ({ section, stories: blocks[i]?.stories ?? [] })),
    });
  });
}

export async function articlePage(request: IRequest, ctx: Context): Promise<Response> {
  const slug = request.params.slug ?? "";
  if (!isSlug(slug)) throw notFound();
  return htmlPage(ctx, urls.article(slug), async (chrome) => {
    const now = Date.now();
    const record = await getRecord(ctx.kv, slug);
    // Drafts and scheduled stories do not exist as far as readers can tell.
    if (!record || !isVisible(record.article, now)) throw notFound("There is no story at this address. It may have been withdrawn.");
    const related = await readListing(ctx.kv, listing.section(record.article.section), { limit: RELATED + 1, now, exclude: slug });
    return renderArticlePage(chrome, { record, related: related.stories.slice(0, RELATED) });
  });
}

export async function sectionPage(request: IRequest, ctx: Context): Promise<Response> {
  const requested = request.params.path ?? "";
  // The section route is greedy, so a section's feeds (/section/news/feed.xml) arrive here too.
  const format = feedFormatOf(`/${requested}`);
  const path = format ? requested.slice(0, -(FEED_FILES[format].length + 1)) : requested;
  if (!isSectionPath(path)) throw notFound();
  if (format) return sectionFeed(ctx, path, format);
  const cursor = cursorOf(request);
  // Every storage read happens inside the cached render, so an outage still serves the last good copy.
  return htmlPage(ctx, listingKey(urls.section(path), cursor), async (chrome) => {
    const site = chrome.site;
    const section = sectionOf(site, path);
    if (!section) throw notFound("There is no such section.");
    const parent = path.includes("/") ? sectionOf(site, path.split("/").slice(0, -1).join("/")) : undefined;
    const page = await readListing(ctx.kv, listing.section(path), { limit: PAGE_SIZE, now: Date.now(), ...(cursor ? { cursor } : {}) });
    return renderListingPage(chrome, {
      kind: parent?.name ?? "Section",
      title: section.name,
      // Subsection names may repeat under different parents ("Europe" in News and in Sport).
      ...(parent ? { headTitle: `${section.name} · ${parent.name}` } : {}),
      feeds: [...listingFeeds(`${section.name} | ${site.name}`, urls.section(path)), ...siteFeeds(site)],
      description: section.description ?? `The latest ${section.name} stories from ${site.name}.`,
      path: urls.section(path),
      stories: page.stories,
      section: path,
      subsections: childSections(site, path),
      ...(cursor ? { cursor } : {}),
      ...(page.next ? { next: page.next } : {}),
    });
  });
}

export async function tagPage(request: IRequest, ctx: Context): Promise<Response> {
  const tag = request.params.slug ?? "";
  if (!isSlug(tag)) throw notFound();
  const cursor = cursorOf(request);
  return htmlPage(ctx, listingKey(urls.tag(tag), cursor), async (chrome) => {
    const page = await readListing(ctx.kv, listing.tag(tag), { limit: PAGE_SIZE, now: Date.now(), ...(cursor ? { cursor } : {}) });
    if (page.stories.length === 0 && !cursor) throw notFound("There are no stories on this topic.");
    const label = tagLabel(chrome.site, tag);
    return renderListingPage(chrome, {
      kind: "Topic",
      title: label,
      // A topic may share its label with a section ("Sport"); titles stay unique.
      headTitle: `Topic: ${label}`,
      feeds: [...listingFeeds(`${label} | ${chrome.site.name}`, urls.tag(tag)), ...siteFeeds(chrome.site)],
      description: `Stories about ${label} from ${chrome.site.name}.`,
      path: urls.tag(tag),
      stories: page.stories,
      ...(cursor ? { cursor } : {}),
      ...(page.next ? { next: page.next } : {}),
    });
  });
}

export async function authorPage(request: IRequest, ctx: Context): Promise<Response> {
  const slug = request.params.slug ?? "";
  if (!isSlug(slug)) throw notFound();
  const cursor = cursorOf(request);
  return htmlPage(ctx, listingKey(urls.author(slug), cursor), async (chrome) => {
    const author = authorOf(chrome.site, slug);
    if (!author) throw notFound("There is no such author.");
    const page = await readListing(ctx.kv, listing.author(slug), { limit: PAGE_SIZE, now: Date.now(), ...(cursor ? { cursor } : {}) });
    return renderListingPage(chrome, {
      kind: "Author",
      title: author.name,
      description: author.bio ?? `Stories by ${author.name}.`,
      path: urls.author(slug),
      stories: page.stories,
      ...(cursor ? { cursor } : {}),
      ...(page.next ? { next: page.next } : {}),
    });
  });
}

export async function mirrorsPage(_request: IRequest, ctx: Context): Promise<Response> {
  return htmlPage(ctx, urls.mirrors(), async (chrome) => renderMirrorsPage(chrome));
}

/**
 * The 404 page, rendered once per content generation and cached like any page (under a key no URL can
 * name), so requests for random addresses cost no storage reads.
 */
export async function notFoundPage(ctx: Context): Promise<Response> {
  const page = await htmlPage(ctx, "/\u0000not-found", async (chrome) => {
    const latest = await readListing(ctx.kv, listing.latest(), { limit: 6, now: Date.now() });
    return renderNotFoundPage(chrome, latest.stories);
  });
  const response = new Response(page.body, { status: 404, headers: page.headers });
  response.headers.set("Cache-Control", CACHE_CONTROL.notFound);
  response.headers.delete("ETag");
  return response;
}

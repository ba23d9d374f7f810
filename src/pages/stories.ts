// HTML page routes: home, article, section, tag and author pages (paged by number), the site's river of
// older stories, the addresses page and the helpful 404.

import { authorOf, childSections, sectionOf, tagLabel, topLevelSections } from "../content/site.ts";
import { isSectionPath, isSlug } from "../content/slug.ts";
import { FEED_FILES, feedFormatOf, parseListingPage, urls } from "../content/urls.ts";
import { notFound } from "../http/errors.ts";
import { CACHE_CONTROL } from "../http/headers.ts";
import { redirectResponse } from "../http/responses.ts";
import { listingFeeds, siteFeeds } from "../render/layout.ts";
import { renderArticlePage } from "../render/pages/article.ts";
import { renderHomePage } from "../render/pages/home.ts";
import { type ListingPage, renderLatestPage, renderListingPage } from "../render/pages/listing.ts";
import { renderMirrorsPage } from "../render/pages/mirrors.ts";
import { renderVerifyPage } from "../render/pages/verify.ts";
import { checkHost, ourHostNames } from "../policy/lookalike.ts";
import { renderNotFoundPage } from "../render/pages/not-found.ts";
import { type Listing, listing } from "../store/format.ts";
import type { Snapshot } from "../store/snapshot.ts";
import type { PageContext, PageRequest } from "../stages/context.ts";
import { htmlPage } from "./cached.ts";
import { sectionFeed } from "./feeds.ts";

/** Stories per listing page. */
export const PAGE_SIZE = 20;
const HOME_LATEST = 10;
const HOME_BLOCK = 4;
const RELATED = 4;

/** Splits "/section/news/page/3" into the listing and its page number; a malformed number is a 404. */
function pageOf(pathname: string): { listingPath: string; page: number } {
  const parsed = parseListingPage(pathname);
  if (!parsed) throw notFound("There is no such page of this listing.");
  return parsed;
}

/** "/…/page/1" is the listing itself: one address per page. */
function firstPageRedirect(ctx: PageContext, pathname: string, listingPath: string, page: number): Response | undefined {
  if (page !== 1 || pathname === listingPath) return undefined;
  const target = new URL(ctx.url.href);
  target.pathname = listingPath;
  return redirectResponse(target.href, 301, CACHE_CONTROL.page);
}

/**
 * Listing links from before pages had numbers carried an opaque ?cursor= (always "the next page");
 * they now go to the numbered page: that number when the cursor is one, else page 2.
 */
function cursorRedirect(ctx: PageContext, listingPath: string): Response | undefined {
  const cursor = ctx.url.searchParams.get("cursor");
  if (cursor === null) return undefined;
  const target = new URL(ctx.url.href);
  target.searchParams.delete("cursor");
  target.pathname = urls.listingPage(listingPath, /^[1-9]\d{0,4}$/.test(cursor) ? Number(cursor) : 2);
  return redirectResponse(target.href, 301, CACHE_CONTROL.page);
}

/** A page past the listing's last is a 404, like any address that shows nothing. */
function checkPage(page: { page: number; pages: number }): void {
  if (page.page > page.pages) throw notFound("This listing has fewer pages.");
}

export function homePage(_request: PageRequest, ctx: PageContext): Promise<Response> | Response {
  return (
    cursorRedirect(ctx, urls.home()) ??
    htmlPage(ctx, urls.home(), async (chrome, content) => {
      const sections = topLevelSections(chrome.site);
      const [latest, ...blocks] = await Promise.all([
        content.listing(listing.latest(), 1, HOME_LATEST),
        ...sections.map((s) => content.listing(listing.section(s.slug), 1, HOME_BLOCK)),
      ]);
      const all = await content.listing(listing.latest(), 1, PAGE_SIZE);
      return renderHomePage(chrome, {
        latest: latest?.stories ?? [],
        blocks: sections.map((section, i) => ({ section, stories: blocks[i]?.stories ?? [] })),
        pages: all.pages,
      });
    })
  );
}

/** /page/2 and on: the whole site's stories, newest first, after the home page's. */
export function sitePage(_request: PageRequest, ctx: PageContext): Promise<Response> | Response {
  const { listingPath, page } = pageOf(ctx.url.pathname);
  return (
    firstPageRedirect(ctx, ctx.url.pathname, listingPath, page) ??
    htmlPage(ctx, urls.listingPage(urls.home(), page), async (chrome, content) => {
      const found = await content.listing(listing.latest(), page, PAGE_SIZE);
      checkPage(found);
      return renderLatestPage(chrome, found);
    })
  );
}

export function articlePage(request: PageRequest, ctx: PageContext): Promise<Response> {
  const slug = request.params.slug ?? "";
  if (!isSlug(slug)) throw notFound();
  return htmlPage(ctx, urls.article(slug), async (chrome, content) => {
    const record = await content.article(slug);
    // Drafts, withdrawn and scheduled stories do not exist as far as readers can tell.
    if (!record) throw notFound("There is no story at this address. It may have been withdrawn.");
    const related = await content.listing(listing.section(record.article.section), 1, RELATED, slug);
    return renderArticlePage(chrome, { record, related: related.stories });
  });
}

async function listingPage(content: Snapshot, list: Listing, page: number): Promise<Pick<ListingPage, "stories" | "page" | "pages">> {
  const found = await content.listing(list, page, PAGE_SIZE);
  checkPage(found);
  return found;
}

export function sectionPage(request: PageRequest, ctx: PageContext): Promise<Response> | Response {
  const requested = request.params.path ?? "";
  // The section route is greedy, so a section's feeds (/section/news/feed.xml) arrive here too.
  const format = feedFormatOf(`/${requested}`);
  if (format) {
    const path = requested.slice(0, -(FEED_FILES[format].length + 1));
    if (!isSectionPath(path)) throw notFound();
    return sectionFeed(ctx, path, format);
  }
  const { listingPath, page } = pageOf(`/${requested}`);
  const path = listingPath.slice(1);
  if (!isSectionPath(path)) throw notFound();
  return (
    firstPageRedirect(ctx, ctx.url.pathname, urls.section(path), page) ??
    cursorRedirect(ctx, urls.section(path)) ??
    htmlPage(ctx, urls.listingPage(urls.section(path), page), async (chrome, content) => {
      const { site } = chrome;
      const section = sectionOf(site, path);
      if (!section) throw notFound("There is no such section.");
      const parent = path.includes("/") ? sectionOf(site, path.split("/").slice(0, -1).join("/")) : undefined;
      return renderListingPage(chrome, {
        kind: parent?.name ?? "Section",
        title: section.name,
        // Subsection names may repeat under different parents ("Europe" in News and in Sport).
        ...(parent ? { headTitle: `${section.name} · ${parent.name}` } : {}),
        feeds: [...listingFeeds(`${section.name} | ${site.name}`, urls.section(path)), ...siteFeeds(site)],
        description: section.description ?? `The latest ${section.name} stories from ${site.name}.`,
        path: urls.section(path),
        section: path,
        subsections: childSections(site, path),
        ...(await listingPage(content, listing.section(path), page)),
      });
    })
  );
}

export function tagPage(request: PageRequest, ctx: PageContext): Promise<Response> | Response {
  const tag = request.params.slug ?? "";
  if (!isSlug(tag)) throw notFound();
  const { page } = pageOf(ctx.url.pathname);
  return (
    firstPageRedirect(ctx, ctx.url.pathname, urls.tag(tag), page) ??
    cursorRedirect(ctx, urls.tag(tag)) ??
    htmlPage(ctx, urls.listingPage(urls.tag(tag), page), async (chrome, content) => {
      const found = await content.listing(listing.tag(tag), page, PAGE_SIZE);
      if (found.stories.length === 0) throw notFound("There are no stories on this topic.");
      const label = tagLabel(chrome.site, tag);
      return renderListingPage(chrome, {
        kind: "Topic",
        title: label,
        // A topic may share its label with a section ("Sport"); titles stay unique.
        headTitle: `Topic: ${label}`,
        feeds: [...listingFeeds(`${label} | ${chrome.site.name}`, urls.tag(tag)), ...siteFeeds(chrome.site)],
        description: `Stories about ${label} from ${chrome.site.name}.`,
        path: urls.tag(tag),
        ...found,
      });
    })
  );
}

export function authorPage(request: PageRequest, ctx: PageContext): Promise<Response> | Response {
  const slug = request.params.slug ?? "";
  if (!isSlug(slug)) throw notFound();
  const { page } = pageOf(ctx.url.pathname);
  return (
    firstPageRedirect(ctx, ctx.url.pathname, urls.author(slug), page) ??
    cursorRedirect(ctx, urls.author(slug)) ??
    htmlPage(ctx, urls.listingPage(urls.author(slug), page), async (chrome, content) => {
      const author = authorOf(chrome.site, slug);
      if (!author) throw notFound("There is no such author.");
      return renderListingPage(chrome, {
        kind: "Author",
        title: author.name,
        description: author.bio ?? `Stories by ${author.name}.`,
        path: urls.author(slug),
        ...(await listingPage(content, listing.author(slug), page)),
      });
    })
  );
}

export function mirrorsPage(_request: PageRequest, ctx: PageContext): Promise<Response> {
  const help = {
    ...(ctx.env.MIRRORS_EMAIL ? { emailAddress: ctx.env.MIRRORS_EMAIL } : {}),
    ...(ctx.view.policy.onion ? { onion: ctx.view.policy.onion } : {}),
  };
  return htmlPage(ctx, urls.mirrors(), async (chrome, content) => {
    const reach = ctx.view.extras.reach ? await content.extra<{ notices: { text: string }[] }>(ctx.view.extras.reach) : undefined;
    return renderMirrorsPage(chrome, { help, notices: reach?.notices ?? [], ...(chrome.site.signingKey ? { signingKey: chrome.site.signingKey } : {}) });
  });
}

/** /verify?host=NAME: whether NAME is one of this site's addresses, in plain words. */
export function verifyPage(_request: PageRequest, ctx: PageContext): Promise<Response> {
  const asked = ctx.url.searchParams.get("host")?.slice(0, 300);
  const check = asked ? checkHost(asked, ourHostNames(ctx.view.policy)) : undefined;
  return htmlPage(ctx, asked ? urls.verify(asked) : urls.verify(), async (chrome) => renderVerifyPage(chrome, check));
}

/**
 * The 404 page, rendered once per pointer and cached like any page (under a key no URL can name), so
 * requests for random addresses cost no storage reads.
 */
export async function notFoundPage(ctx: PageContext): Promise<Response> {
  const page = await htmlPage(ctx, "/\u0000not-found", async (chrome, content) => {
    const latest = await content.listing(listing.latest(), 1, 6);
    return renderNotFoundPage(chrome, latest.stories);
  });
  const response = new Response(page.body, { status: 404, headers: page.headers });
  response.headers.set("Cache-Control", CACHE_CONTROL.notFound);
  response.headers.delete("ETag");
  return response;
}

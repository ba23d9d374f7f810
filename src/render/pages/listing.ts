// Section, tag and author pages, and the whole site's older stories (/page/2): a heading, then the
// newest stories first, one numbered page at a time.

import type { ArticleSummary } from "../../content/record.ts";
import type { Section } from "../../content/site.ts";
import { urls } from "../../content/urls.ts";
import { cardList, pager } from "../components.ts";
import { type SafeHtml, html } from "../html.ts";
import { type Chrome, type FeedLink, layout, siteFeeds } from "../layout.ts";

export interface ListingPage {
  /** What kind of listing, shown above the heading: "Section", "Topic", "Author". */
  kind: string;
  title: string;
  /** The document title when the heading alone could repeat another page's ("Topic: Sport"). */
  headTitle?: string;
  description: string;
  /** The listing's own path (its first page): "/section/news". */
  path: string;
  stories: ArticleSummary[];
  /** This page's number (1 for the listing's own path) and how many there are. */
  page: number;
  pages: number;
  /** The top-level section to highlight in the navigation. */
  section?: string;
  subsections?: Section[];
  feeds?: FeedLink[];
  head?: SafeHtml;
}

/** "News" on page 1, "News, page 2" after it: every page has its own title. */
function numbered(title: string, page: number): string {
  return page > 1 ? `${title}, page ${page}` : title;
}

export function renderListingPage(chrome: Chrome, page: ListingPage): string {
  const { site } = chrome;
  const first = page.page <= 1;
  const main = html`<header class="page-head">
<p class="kicker">${page.kind}</p>
<h1>${numbered(page.title, page.page)}</h1>
${page.description ? html`<p>${page.description}</p>` : ""}
${
  page.subsections && page.subsections.length > 0
    ? html`<nav aria-label="${page.title} sections"><ul class="subsections tags">${page.subsections.map((s) => html`<li><a href="${urls.section(s.slug)}">${s.name}</a></li>`)}</ul></nav>`
    : ""
}
</header>
${
  page.stories.length > 0
    ? html`<div class="river">${cardList(site, page.stories, { pageLanguage: site.language, heading: "h2", image: chrome.lite !== true, eager: first })}</div>`
    : html`<p>No stories here yet.</p>`
}
${pager(page.path, { page: page.page, pages: page.pages })}`;
  return layout(
    chrome,
    {
      title: numbered(page.headTitle ?? page.title, page.page),
      description: page.description || `${page.kind}: ${page.title}`,
      path: urls.listingPage(page.path, page.page),
      ...(page.section ? { section: page.section } : {}),
      ...(page.feeds ? { feeds: page.feeds } : {}),
      // Only a listing's first page is for search engines; later pages change with every new story.
      ...(first ? {} : { noindex: true }),
      ...(page.head ? { head: page.head } : {}),
    },
    main,
  );
}

export interface LatestPage {
  /** 2 or more: page 1 of the whole site's stories is the home page. */
  page: number;
  pages: number;
  stories: ArticleSummary[];
  head?: SafeHtml;
}

/** "/page/N": older stories from every section, newest first, continuing from the home page. */
export function renderLatestPage(chrome: Chrome, page: LatestPage): string {
  const { site } = chrome;
  return renderListingPage(chrome, {
    kind: "Latest",
    title: "All stories",
    description: `Every story from ${site.name}, newest first.`,
    path: urls.home(),
    stories: page.stories,
    page: page.page,
    pages: page.pages,
    feeds: siteFeeds(site),
    ...(page.head ? { head: page.head } : {}),
  });
}

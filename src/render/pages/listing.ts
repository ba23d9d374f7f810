// Section, tag and author pages: a heading, then the newest stories first, one page at a time.

import type { ArticleSummary } from "../../content/record.ts";
import type { Section } from "../../content/site.ts";
import { urls } from "../../content/urls.ts";
import { cardList, pager } from "../components.ts";
import { type SafeHtml, html } from "../html.ts";
import { type Chrome, type FeedLink, layout } from "../layout.ts";

export interface ListingPage {
  /** What kind of listing, shown above the heading: "Section", "Topic", "Author". */
  kind: string;
  title: string;
  /** The document title when the heading alone could repeat another page's ("Topic: Sport"). */
  headTitle?: string;
  description: string;
  /** The listing's own path (its first page). */
  path: string;
  stories: ArticleSummary[];
  /** 1-based; pages after the first stay out of search results. */
  page: number;
  pages: number;
  /** The top-level section to highlight in the navigation. */
  section?: string;
  subsections?: Section[];
  feeds?: FeedLink[];
  head?: SafeHtml;
}

export function renderListingPage(chrome: Chrome, page: ListingPage): string {
  const { site } = chrome;
  const later = page.page > 1;
  const title = later ? `${page.title} (page ${page.page})` : page.title;
  const headTitle = later ? `${page.headTitle ?? page.title} (page ${page.page})` : (page.headTitle ?? page.title);
  const main = html`<header class="page-head">
<p class="kicker">${page.kind}</p>
<h1>${title}</h1>
${page.description ? html`<p>${page.description}</p>` : ""}
${
  page.subsections && page.subsections.length > 0
    ? html`<nav aria-label="${page.title} sections"><ul class="subsections tags">${page.subsections.map((s) => html`<li><a href="${urls.section(s.slug)}">${s.name}</a></li>`)}</ul></nav>`
    : ""
}
</header>
${
  page.stories.length > 0
    ? html`<div class="river">${cardList(site, page.stories, { pageLanguage: site.language, heading: "h2", image: true, eager: !later })}</div>`
    : html`<p>No stories here yet.</p>`
}
${pager(page.path, page.page, page.pages)}`;
  return layout(
    chrome,
    {
      title: headTitle,
      description: page.description || `${page.kind}: ${page.title}`,
      path: urls.listingPage(page.path, page.page),
      ...(page.section ? { section: page.section } : {}),
      ...(page.feeds ? { feeds: page.feeds } : {}),
      ...(later ? { noindex: true } : {}),
      ...(page.head ? { head: page.head } : {}),
    },
    main,
  );
}

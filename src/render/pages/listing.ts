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
  /** The listing's own path, without cursor. */
  path: string;
  stories: ArticleSummary[];
  /** The cursor this page was opened with: later pages stay out of search results. */
  cursor?: string;
  next?: string;
  /** The top-level section to highlight in the navigation. */
  section?: string;
  subsections?: Section[];
  feeds?: FeedLink[];
  head?: SafeHtml;
}

export function renderListingPage(chrome: Chrome, page: ListingPage): string {
  const { site } = chrome;
  const title = page.cursor ? `${page.title} (older stories)` : page.title;
  const headTitle = page.cursor ? `${page.headTitle ?? page.title} (older stories)` : (page.headTitle ?? page.title);
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
    ? html`<div class="river">${cardList(site, page.stories, { pageLanguage: site.language, heading: "h2", image: true, eager: !page.cursor })}</div>`
    : html`<p>No stories here yet.</p>`
}
${pager(page.path, page.next)}`;
  return layout(
    chrome,
    {
      title: headTitle,
      description: page.description || `${page.kind}: ${page.title}`,
      path: page.path,
      ...(page.section ? { section: page.section } : {}),
      ...(page.feeds ? { feeds: page.feeds } : {}),
      ...(page.cursor ? { noindex: true } : {}),
      ...(page.head ? { head: page.head } : {}),
    },
    main,
  );
}

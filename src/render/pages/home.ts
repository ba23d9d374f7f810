// The home page: the lead story beside a rail of the latest headlines, then a block per top-level section.

import type { ArticleSummary } from "../../content/record.ts";
import { type Section, sectionOf } from "../../content/site.ts";
import { urls } from "../../content/urls.ts";
import { cardList, headlineList, image, languageAttributes, pager, timeTag } from "../components.ts";
import { type SafeHtml, html } from "../html.ts";
import { homeJsonLd } from "../json-ld.ts";
import { type Chrome, layout } from "../layout.ts";

export interface HomePage {
  latest: ArticleSummary[];
  blocks: { section: Section; stories: ArticleSummary[] }[];
  /** How many numbered pages the whole site's stories fill; above 1, the page links to /page/2. */
  pages?: number;
  head?: SafeHtml;
}

export function renderHomePage(chrome: Chrome, page: HomePage): string {
  const { site } = chrome;
  const [lead, ...rest] = page.latest;
  // Two stories with pictures sit under the lead; the rest of the latest go to the headline rail.
  const seconds = rest.slice(0, 2);
  const railed = rest.slice(2);
  const pageLanguage = site.language;
  const leadSection = lead ? sectionOf(site, lead.section) : undefined;
  const pictures = chrome.lite !== true;
  const leadPicture = pictures ? lead?.image : undefined;
  const main = html`<h1 class="visually-hidden">${site.name}: latest news</h1>
<div class="front">
<div class="lead-col">
${
  lead
    ? html`<article class="lead-story${leadPicture ? " has-image" : ""}"${languageAttributes(lead.language, pageLanguage)}>
${leadPicture ? html`<a class="lead-image" href="${urls.article(lead.slug)}" tabindex="-1" aria-hidden="true">${image(leadPicture, "eager", true)}</a>` : ""}
<div class="lead-text">
${leadSection ? html`<p class="kicker"${languageAttributes(pageLanguage, lead.language)}>${leadSection.name}</p>` : ""}
<h2><a href="${urls.article(lead.slug)}">${lead.headline}</a></h2>
<p class="standfirst">${lead.standfirst}</p>
<p class="meta">${timeTag(lead.published, lead.language)}</p>
</div>
</article>`
    : html`<p>No stories have been published yet.</p>`
}
${seconds.length > 0 ? html`<div class="seconds">${cardList(site, seconds, { pageLanguage, heading: "h2", image: pictures, eager: true, showSection: true, priority: !leadPicture })}</div>` : ""}
</div>
${
  railed.length > 0
    ? html`<section class="rail" aria-labelledby="latest-heading">
<h2 id="latest-heading" class="rail-head">Latest</h2>
${headlineList(site, railed, pageLanguage)}
</section>`
    : ""
}
</div>
${page.blocks
  .filter((b) => b.stories.length > 0)
  .map(
    (b) => html`<section class="block" aria-labelledby="block-${b.section.slug}">
<div class="block-head"><h2 id="block-${b.section.slug}">${b.section.name}</h2><a class="more" href="${urls.section(b.section.slug)}">More<span class="visually-hidden"> ${b.section.name} stories</span> <span aria-hidden="true">→</span></a></div>
${cardList(site, b.stories, { pageLanguage, image: pictures })}
</section>`,
  )}
${pager(urls.home(), { page: 1, pages: page.pages ?? 1 })}`;
  return layout(
    chrome,
    {
      title: site.name,
      description: site.description,
      path: urls.home(),
      structuredData: homeJsonLd(site, chrome.canonicalOrigin),
      ...(page.head ? { head: page.head } : {}),
    },
    main,
  );
}

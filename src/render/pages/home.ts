// The home page: the lead story, the latest stories across sections, then a block per top-level section.

import type { ArticleSummary } from "../../content/record.ts";
import type { Section } from "../../content/site.ts";
import { urls } from "../../content/urls.ts";
import { cardList, image, languageAttributes, timeTag } from "../components.ts";
import { type SafeHtml, html } from "../html.ts";
import { homeJsonLd } from "../json-ld.ts";
import { type Chrome, layout } from "../layout.ts";

export interface HomePage {
  latest: ArticleSummary[];
  blocks: { section: Section; stories: ArticleSummary[] }[];
  head?: SafeHtml;
}

export function renderHomePage(chrome: Chrome, page: HomePage): string {
  const { site } = chrome;
  const [lead, ...rest] = page.latest;
  const pageLanguage = site.language;
  const main = html`<h1 class="visually-hidden">${site.name}: latest news</h1>
${
  lead
    ? html`<article class="lead-story"${languageAttributes(lead.language, pageLanguage)}>
${lead.image ? html`<a href="${urls.article(lead.slug)}" tabindex="-1" aria-hidden="true">${image(lead.image, "eager", true)}</a>` : ""}
<div>
<h2><a href="${urls.article(lead.slug)}">${lead.headline}</a></h2>
<p>${lead.standfirst}</p>
<p class="meta">${timeTag(lead.published, lead.language)}</p>
</div>
</article>`
    : html`<p>No stories have been published yet.</p>`
}
${
  rest.length > 0
    ? html`<section class="block" aria-labelledby="latest-heading">
<div class="block-head"><h2 id="latest-heading">Latest</h2></div>
${cardList(site, rest, { pageLanguage, image: true, eager: true, showSection: true })}
</section>`
    : ""
}
${page.blocks
  .filter((b) => b.stories.length > 0)
  .map(
    (b) => html`<section class="block" aria-labelledby="block-${b.section.slug}">
<div class="block-head"><h2 id="block-${b.section.slug}">${b.section.name}</h2><a href="${urls.section(b.section.slug)}">More ${b.section.name}<span class="visually-hidden"> stories</span> →</a></div>
${cardList(site, b.stories, { pageLanguage, image: true })}
</section>`,
  )}`;
  return layout(
    chrome,
    { title: site.name, description: site.description, path: urls.home(), head: html`${homeJsonLd(site, chrome.canonicalOrigin)}${page.head ?? ""}` },
    main,
  );
}

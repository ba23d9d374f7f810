// The 404 page: says what happened and offers the latest stories and every section instead.

import type { ArticleSummary } from "../../content/record.ts";
import { topLevelSections } from "../../content/site.ts";
import { urls } from "../../content/urls.ts";
import { cardList } from "../components.ts";
import { html } from "../html.ts";
import { type Chrome, layout } from "../layout.ts";

export function renderNotFoundPage(chrome: Chrome, latest: ArticleSummary[]): string {
  const { site } = chrome;
  const main = html`<header class="page-head">
<p class="kicker">Error 404</p>
<h1>We could not find that page</h1>
<p>The address may be mistyped, or the story may have been moved or withdrawn. Here is what we have now.</p>
</header>
<section class="block" aria-labelledby="sections-heading">
<div class="block-head"><h2 id="sections-heading">Sections</h2></div>
<ul class="tags">${topLevelSections(site).map((s) => html`<li><a href="${urls.section(s.slug)}">${s.name}</a></li>`)}</ul>
</section>
${
  latest.length > 0
    ? html`<section class="block" aria-labelledby="latest-heading">
<div class="block-head"><h2 id="latest-heading">Latest stories</h2><a class="more" href="${urls.home()}">Front page <span aria-hidden="true">→</span></a></div>
${cardList(site, latest, { pageLanguage: site.language, image: false, showSection: true })}
</section>`
    : ""
}`;
  return layout(chrome, { title: "Page not found", description: "The page you asked for does not exist.", noindex: true }, main);
}

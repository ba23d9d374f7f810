// /editions: every day's edition file, newest first, to download, read offline and pass on.

import { urls } from "../../content/urls.ts";
import { formatDate } from "../format.ts";
import { html } from "../html.ts";
import { type Chrome, layout } from "../layout.ts";

/** One day on the list. */
export interface EditionListing {
  /** "2026-11-25" */
  day: string;
  stories: number;
}

export function renderEditionsIndex(chrome: Chrome, days: readonly EditionListing[], options: { epub?: boolean } = {}): string {
  const { site } = chrome;
  const newest = [...days].sort((a, b) => b.day.localeCompare(a.day));
  const main = html`<header class="page-head">
<p class="kicker">Daily editions</p>
<h1>Each day in one file</h1>
<p>Every story of a day in one file that works without a connection. Download it, read it offline, print it, or pass it on by messaging app, memory stick or Bluetooth. Opening it connects to nothing.</p>
</header>
${
  newest.length > 0
    ? html`<ul class="mirror-list">
${newest.map(
  (d) =>
    html`<li><a href="${urls.edition(d.day)}" download>${formatDate(Date.parse(`${d.day}T00:00:00Z`), site.language)}</a> <span class="meta">${d.stories === 1 ? "1 story" : `${d.stories} stories`}${
      options.epub ? html` · <a href="${urls.editionEpub(d.day)}" download>e-book (EPUB)</a>` : ""
    }</span></li>`,
)}
</ul>`
    : html`<p>No editions yet.</p>`
}`;
  return layout(
    chrome,
    { title: "Daily editions", description: `Each day of ${site.name} in one file to read offline and share.`, path: urls.editions() },
    main,
  );
}

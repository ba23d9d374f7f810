// /mirrors: every public address of the site, for readers whose usual address is blocked.

import { urls } from "../../content/urls.ts";
import { formatDate } from "../format.ts";
import { html } from "../html.ts";
import { type Chrome, layout } from "../layout.ts";
import { type ReaderHelpOptions, readerHelp } from "../reader-help.ts";

/** `help`: the plain-words section on lite edition, email and daily editions (reader-help.ts). */
export function renderMirrorsPage(chrome: Chrome, options: { help?: ReaderHelpOptions } = {}): string {
  const { site } = chrome;
  const main = html`<header class="page-head">
<p class="kicker">Addresses</p>
<h1>Where to read ${site.name}</h1>
<p>${site.name} is published at several addresses with the same content. We send each visitor to the address that works best where they are. If an address is blocked for you, or you use a VPN and landed on the wrong one, open another below: the link keeps you there.</p>
</header>
<ul class="mirror-list">
${chrome.mirrors.map(
  (m) =>
    html`<li><a href="${m.stayUrl}">${m.label}</a> <span class="meta">${m.proto === "tor" ? "Tor Browser only: " : ""}${m.url}${m.added ? html` · since ${formatDate(Date.parse(m.added), site.language)}` : ""}</span></li>`,
)}
</ul>
<p class="meta">Tools that help people get around censorship can read this list as <a href="${urls.mirrorsJson()}">${urls.mirrorsJson()}</a>.</p>
${options.help ? readerHelp(site, options.help) : ""}`;
  return layout(chrome, { title: "Addresses of this site", description: `Every address where ${site.name} can be read.`, path: urls.mirrors() }, main);
}

// /mirrors: every public address of the site, for readers whose usual address is blocked.

import { urls } from "../../content/urls.ts";
import { formatDate } from "../format.ts";
import { html } from "../html.ts";
import { type Chrome, layout } from "../layout.ts";
import { type ReaderHelpOptions, readerHelp } from "../reader-help.ts";

export interface MirrorsPageOptions {
  /** The plain-words section on lite edition, email and daily editions (reader-help.ts). */
  help?: ReaderHelpOptions;
  /** Addresses reported blocked, in plain words ("x is reported blocked in Iran since …"). */
  notices?: readonly { text: string }[];
  /** The minisign public key that signs mirrors.json (site.json "signingKey"). */
  signingKey?: string;
}

export function renderMirrorsPage(chrome: Chrome, options: MirrorsPageOptions = {}): string {
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
${
  options.notices && options.notices.length > 0
    ? html`<section aria-labelledby="blocked-heading"><h2 id="blocked-heading">Reported blocked</h2>
<p>Measurements by volunteers (OONI) and our own visitor numbers say these addresses do not work in some places. Use another address from the list above there.</p>
<ul>${options.notices.map((n) => html`<li>${n.text}</li>`)}</ul></section>`
    : ""
}
<section aria-labelledby="check-heading"><h2 id="check-heading">Is this address really ours?</h2>
<p>Fake copies of news sites use addresses that look like the real ones. <a href="${urls.verify()}">Check an address</a> to see whether it is one of ours.</p>
<p class="meta">Tools that help people get around censorship can read this list as <a href="${urls.mirrorsJson()}">${urls.mirrorsJson()}</a>${
    options.signingKey
      ? html`, signed with our key (<a href="${urls.mirrorsJson()}.minisig">signature</a>): <code id="mirrors-signing-key">${options.signingKey}</code>. Check it with <code>minisign -Vm mirrors.json -P ${options.signingKey}</code>`
      : ""
  }.</p></section>
${options.help ? readerHelp(site, options.help) : ""}`;
  return layout(chrome, { title: "Addresses of this site", description: `Every address where ${site.name} can be read.`, path: urls.mirrors() }, main);
}

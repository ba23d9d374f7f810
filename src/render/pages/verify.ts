// /verify: a reader asks whether an address is one of this site's; look-alikes get a plain "not ours".

import { urls } from "../../content/urls.ts";
import type { HostCheck } from "../../policy/lookalike.ts";
import { html } from "../html.ts";
import { type Chrome, layout } from "../layout.ts";

const VERDICTS: Record<HostCheck["verdict"], string> = {
  ours: "Yes, this is one of our addresses.",
  lookalike: "No. This is not one of ours: it imitates one of our addresses.",
  unknown: "No. This is not one of ours.",
  invalid: "That is not a web address.",
};

export function renderVerifyPage(chrome: Chrome, check: HostCheck | undefined): string {
  const { site } = chrome;
  const main = html`<header class="page-head">
<p class="kicker">Addresses</p>
<h1>Is this address really ${site.name}?</h1>
<p>Paste an address you were sent or found. We tell you whether it is one of ours.</p>
</header>
<form method="get" action="${urls.verify()}" class="verify-form">
<label for="host">Address</label>
<input id="host" name="host" type="text" inputmode="url" autocomplete="off" spellcheck="false" value="${check && "input" in check ? check.input : ""}">
<button type="submit">Check</button>
</form>
${
  check
    ? html`<section aria-live="polite" class="verify-result verify-${check.verdict}">
<h2>${VERDICTS[check.verdict]}</h2>
<p>${check.explanation}</p>
${check.verdict === "ours" ? "" : html`<p>Our real addresses are:</p>`}
</section>`
    : ""
}
<ul class="mirror-list">${chrome.mirrors.map((m) => html`<li><a href="${m.stayUrl}">${m.label}</a> <span class="meta">${m.url}</span></li>`)}</ul>
<p><a href="${urls.mirrors()}">All addresses and how to use them</a></p>`;
  return layout(
    chrome,
    { title: "Check an address", description: `Check whether an address is one of ${site.name}'s.`, path: urls.verify(), noindex: check !== undefined },
    main,
  );
}

// Plain words for readers, for /mirrors: how to keep reading when an address is blocked, the
// connection is slow or costly, or only email gets through.

import { urls } from "../content/urls.ts";
import { type SafeHtml, html } from "./html.ts";
import { LITE_ON } from "./lite.ts";

export interface ReaderHelpOptions {
  /** The address that answers with the site's addresses and headlines: "mirrors@example.org". */
  emailAddress?: string;
  /** The onion address, for Tor Browser. */
  onion?: string;
  /** The daily editions are served (/editions). */
  editions?: boolean;
  /** Each day's edition is also an e-book (EPUB). */
  epub?: boolean;
}

/** The "how to keep reading" section; every part appears only when the site offers it. */
export function readerHelp(site: { name: string }, options: ReaderHelpOptions = {}): SafeHtml {
  return html`<section class="reader-help" aria-labelledby="reader-help-heading">
<h2 id="reader-help-heading">How to keep reading ${site.name}</h2>
<h3>If this address stops working</h3>
<p>Open one of the other addresses on this page. Each link keeps you on that address, even if we would normally send you elsewhere. Write down two or three of them, or save this page, so you have them when you need them. Addresses change: the list here is always current.${
    options.onion ? html` The address ending in .onion works only in Tor Browser: ${options.onion}` : ""
  }</p>
<h3>On a slow or expensive connection</h3>
<p>Use the <a href="${LITE_ON}">lite edition</a>: the same stories and links, as text, without pictures. Each picture becomes a link you can open if you want it. There is a link to it at the bottom of every page, and your browser remembers your choice. If your browser saves data ("Data Saver", "Lite mode"), you get the lite edition without asking.</p>
${
  options.emailAddress
    ? html`<h3>By email</h3>
<p>Send any message to <a href="mailto:${options.emailAddress}">${options.emailAddress}</a>. You will get one reply with every address of this site and the ten latest headlines with their links. We answer each sender at most once an hour, and we never write to you otherwise. Email is not private: your email provider, and anyone who can read your email, can see that you wrote to us.</p>`
    : ""
}
${
  options.editions
    ? html`<h3>A whole day in one file</h3>
<p>Every day's stories are also <a href="${urls.editions()}">one file you can download</a>${options.epub ? " (a web page, or an e-book)" : ""}. Read it without a connection and pass it on by messaging app, memory stick or Bluetooth: it opens in any browser and connects to nothing when you open it.</p>`
    : ""
}
</section>`;
}

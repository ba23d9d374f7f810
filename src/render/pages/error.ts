// Error pages that need nothing from storage: used when the store itself is failing. No internals shown.

import { html, raw } from "../html.ts";
import { LITE_OFF, LITE_ON } from "../lite.ts";
import { LITE_STYLESHEET, STYLESHEET } from "../styles.ts";

/** `lite`: the lite edition's stylesheet and a link back to the full edition. */
export function renderErrorPage(status: number, title: string, message: string, siteName = "Edge News", lite = false): string {
  return html`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | ${siteName}</title>
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<style>${raw(lite ? LITE_STYLESHEET : STYLESHEET)}</style>
</head>
<body>
<header class="masthead"><div class="wrap"><a class="brand" href="/">${siteName}</a></div></header>
<main id="main" class="wrap">
<p class="kicker">Error ${status}</p>
<h1>${title}</h1>
<p>${message}</p>
<p><a href="/">Go to the front page</a></p>
<p>${lite ? html`<a href="${LITE_OFF}">Full edition</a>` : html`<a href="${LITE_ON}">Lite edition (text only, less data)</a>`}</p>
</main>
</body>
</html>
`.value;
}

// Error pages that need nothing from storage: used when the store itself is failing. No internals shown.

import { html, raw } from "../html.ts";
import { STYLESHEET } from "../styles.ts";

export function renderErrorPage(status: number, title: string, message: string, siteName = "Edge News"): string {
  return html`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | ${siteName}</title>
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<style>${raw(STYLESHEET)}</style>
</head>
<body>
<header class="masthead"><div class="wrap"><a class="brand" href="/">${siteName}</a></div></header>
<main id="main" class="wrap">
<p class="kicker">Error ${status}</p>
<h1>${title}</h1>
<p>${message}</p>
<p><a href="/">Go to the front page</a></p>
</main>
</body>
</html>
`.value;
}

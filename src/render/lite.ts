// The lite edition's pieces: pictures become their alt text and a link to the file, so a reader on a
// slow or metered connection downloads an image only by choosing to.

import { urls } from "../content/urls.ts";
import { rewriteBodyImages } from "./body-html.ts";
import { type SafeHtml, html } from "./html.ts";

/** The query that switches edition; a relative link keeps the page's own path on every host. */
export const LITE_ON = "?lite=1";
export const LITE_OFF = "?lite=0";

/** "Image: <alt> (view)", a link to the picture itself. */
export function liteImageLink(image: { media: string; alt: string }): SafeHtml {
  return html`<a class="image-link" href="${urls.media(image.media)}">Image: ${image.alt} (view)</a>`;
}

/** An article body with each picture replaced by its link (plain text inside another link: links do not nest). */
export function liteBody(bodyHtml: string): string {
  return rewriteBodyImages(bodyHtml, (image) => {
    if (!image.name) return `[Image: ${image.escapedAlt}]`;
    const label = `Image: ${image.escapedAlt} (view)`;
    return image.insideLink ? `[${label.replace(/ \(view\)$/, "")}]` : `<a class="image-link" href="/media/${image.name}">${label}</a>`;
  });
}

// Link-preview cards: Open Graph and Twitter card tags, with article:* times, section and tags.
// URLs are absolute on the canonical host, like the canonical link (one cached page serves every host).
// The large card only for pictures wide enough to be shown large (share-image.ts).

import { type SafeHtml, html } from "./html.ts";
import { twitterCardFor } from "./share-image.ts";

import type { ShareImage } from "./share-image.ts";

export type { ShareImage };

export interface ShareCard {
  type: "website" | "article";
  image?: ShareImage;
  /** BCP 47; og:locale is written "en_GB". */
  language?: string;
  article?: {
    published: string;
    modified: string;
    section: string;
    tags: string[];
    /** Absolute author page URLs. */
    authors: string[];
  };
}

function property(name: string, content: string | number): SafeHtml {
  return html`<meta property="${name}" content="${content}">\n`;
}

function named(name: string, content: string): SafeHtml {
  return html`<meta name="${name}" content="${content}">\n`;
}

/** Every card tag for a page with a canonical URL. */
export function shareCardTags(siteName: string, page: { title: string; description: string; url: string }, card: ShareCard): SafeHtml {
  const { image, article } = card;
  return html`${property("og:site_name", siteName)}${property("og:type", card.type)}${property("og:title", page.title)}${property("og:description", page.description)}${property("og:url", page.url)}${
    card.language ? property("og:locale", card.language.replace(/-/g, "_")) : ""
  }${
    image
      ? html`${property("og:image", image.url)}${property("og:image:alt", image.alt)}${property("og:image:width", image.width)}${property("og:image:height", image.height)}${
          image.type ? property("og:image:type", image.type) : ""
        }`
      : ""
  }${
    article
      ? html`${property("article:published_time", article.published)}${property("article:modified_time", article.modified)}${property("article:section", article.section)}${article.tags.map((t) => property("article:tag", t))}${article.authors.map((a) => property("article:author", a))}`
      : ""
  }${named("twitter:card", twitterCardFor(image))}${named("twitter:title", page.title)}${named("twitter:description", page.description)}${
    image ? html`${named("twitter:image", image.url)}${named("twitter:image:alt", image.alt)}` : ""
  }`;
}

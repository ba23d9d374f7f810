// Which picture a link preview shows for an article: its lead image when link previewers can show it
// (PNG, JPEG, WebP), else the site's share image. The same choice feeds Open Graph, Twitter and JSON-LD.

import type { LeadImage } from "../content/article.ts";
import { mediaTypeOf } from "../content/media.ts";
import { type SiteConfig, isShareableMedia } from "../content/site.ts";
import { absolute, urls } from "../content/urls.ts";

/** A link preview's picture, as the card tags name it. */
export interface ShareImage {
  /** Absolute. */
  url: string;
  alt: string;
  width: number;
  height: number;
  type?: string;
}

/** Networks show a large card only for images at least this wide (X/Twitter, Facebook, LinkedIn). */
export const LARGE_CARD_MIN_WIDTH = 1200;

export interface ChosenShareImage {
  media: string;
  alt: string;
  width: number;
  height: number;
  type: string;
  /** Where it came from: the story's own picture or the site's share image. */
  source: "lead" | "site";
}

function chosen(image: { media: string; alt: string; width: number; height: number }, source: ChosenShareImage["source"]): ChosenShareImage | undefined {
  const type = mediaTypeOf(image.media);
  if (!type || !isShareableMedia(image.media)) return undefined;
  return { media: image.media, alt: image.alt, width: image.width, height: image.height, type, source };
}

/** The preview picture of an article; undefined when the lead is not raster and the site has no share image. */
export function shareImageFor(article: { image?: LeadImage }, site: SiteConfig): ChosenShareImage | undefined {
  return (article.image && chosen(article.image, "lead")) || siteShareImage(site);
}

/** The site's share image, for pages that are not one story (home, listings, mirrors). */
export function siteShareImage(site: SiteConfig): ChosenShareImage | undefined {
  return site.shareImage ? chosen(site.shareImage, "site") : undefined;
}

/** The card tags' form: an absolute URL on the canonical origin. */
export function shareCardImage(image: ChosenShareImage, origin: string): ShareImage {
  return { url: absolute(origin, urls.media(image.media)), alt: image.alt, width: image.width, height: image.height, type: image.type };
}

/** "summary_large_image" only when the picture is wide enough to be shown large; else the small card. */
export function twitterCardFor(image: { width: number } | undefined): "summary_large_image" | "summary" {
  return image && image.width >= LARGE_CARD_MIN_WIDTH ? "summary_large_image" : "summary";
}

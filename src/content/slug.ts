// Slug rules shared by articles, sections, tags, authors and media names.

/** Lower-case ASCII letters and digits in runs joined by single hyphens: "rain-returns-2026". */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A section path: one or more slugs joined by "/": "news/middle-east". */
const SECTION_PATH = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
/** A media file name: a slug, a dot and an image extension: "harbour-at-dawn.svg". */
export const MEDIA_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:svg|png|jpg|jpeg|webp|avif)$/;

export const MAX_SLUG_LENGTH = 80;

export function isSlug(value: string): boolean {
  return value.length <= MAX_SLUG_LENGTH && SLUG.test(value);
}

export function isSectionPath(value: string): boolean {
  return value.length <= 120 && SECTION_PATH.test(value);
}

export function isMediaName(value: string): boolean {
  return value.length <= MAX_SLUG_LENGTH + 5 && MEDIA_NAME.test(value);
}

/** The explanation given with every rejected slug, so editors know what to change. */
export const SLUG_RULE = "use lower-case letters a-z, digits and single hyphens (at most 80 characters)";
export const MEDIA_RULE = "use lower-case letters a-z, digits and hyphens, then .svg, .png, .jpg, .jpeg, .webp or .avif";

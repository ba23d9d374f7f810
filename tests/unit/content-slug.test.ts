// Slugs, section paths and media names (src/content/slug.ts): what editors may name things.

import { describe, expect, it } from "vitest";
import { MAX_SLUG_LENGTH, MEDIA_RULE, SLUG_RULE, isMediaName, isSectionPath, isSlug } from "../../src/content/slug.ts";

describe("isSlug", () => {
  it("takes lower-case letters and digits joined by single hyphens, up to 80 characters", () => {
    expect(MAX_SLUG_LENGTH).toBe(80);
    for (const slug of ["a", "rain-returns-2026", "x1-y2", "a".repeat(80)]) expect(isSlug(slug), slug).toBe(true);
    for (const slug of ["", "a".repeat(81), "Rain", "rain--returns", "-rain", "rain-", "rain returns", "rain_returns", "régime", "a/b", "a.b"])
      expect(isSlug(slug), slug).toBe(false);
  });
});

describe("isSectionPath", () => {
  it("takes slugs joined by single slashes, up to 120 characters", () => {
    for (const path of ["news", "news/middle-east", "a/b/c", `${"a".repeat(59)}/${"b".repeat(60)}`]) expect(isSectionPath(path), path).toBe(true);
    for (const path of ["", "/news", "news/", "news//x", "News", "news/Middle", `${"a".repeat(60)}/${"b".repeat(60)}`, "news/-x", "x news"])
      expect(isSectionPath(path), path).toBe(false);
  });
});

describe("isMediaName", () => {
  it("takes a slug and an image extension, up to 85 characters", () => {
    for (const name of ["a.svg", "harbour-at-dawn.png", "x.jpg", "x.jpeg", "x.webp", "x.avif", `${"a".repeat(80)}.jpeg`])
      expect(isMediaName(name), name).toBe(true);
    for (const name of ["a", "a.gif", "a.SVG", "A.svg", "a.svg.png.exe", ".svg", "a..svg", "a b.svg", `${"a".repeat(81)}.jpeg`, "a.svgx", "xa.png/"])
      expect(isMediaName(name), name).toBe(false);
  });

  it("explains the rules to editors", () => {
    expect(SLUG_RULE).toBe("use lower-case letters a-z, digits and single hyphens (at most 80 characters)");
    expect(MEDIA_RULE).toBe("use lower-case letters a-z, digits and hyphens, then .svg, .png, .jpg, .jpeg, .webp or .avif");
  });
});

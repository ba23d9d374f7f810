import { describe, expect, it } from "vitest";
import { isRightToLeft, isVisible, normaliseDateTime, validateArticle } from "../../src/content/article.ts";
import type { SiteConfig } from "../../src/content/site.ts";

const SITE: SiteConfig = {
  name: "Test",
  tagline: "",
  description: "Test site",
  language: "en",
  sections: [
    { slug: "news", name: "News" },
    { slug: "news/europe", name: "Europe" },
  ],
  authors: [{ slug: "ada", name: "Ada" }],
  tags: {},
};

const valid = {
  headline: "A headline",
  standfirst: "A standfirst.",
  section: "news/europe",
  authors: ["ada"],
  tags: ["rail"],
  language: "en-GB",
  published: "2026-11-20T10:30:00+02:00",
  status: "published",
  body: "Body.",
};

describe("validateArticle", () => {
  it("accepts a valid article and normalises its times to UTC", () => {
    const result = validateArticle(valid, "a-story", SITE);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.published).toBe("2026-11-20T08:30:00Z");
      expect(result.value.slug).toBe("a-story");
    }
  });

  it("names every problem by field", () => {
    const result = validateArticle(
      {
        ...valid,
        headline: "",
        section: "weather",
        authors: ["bob", "ada", "ada"],
        tags: ["Not A Slug"],
        language: "english!",
        published: "yesterday",
        status: "live",
        image: { media: "x.gif", alt: "", width: 0 },
        extra: 1,
      },
      "Bad Slug",
      SITE,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "slug",
        "headline",
        "section",
        "authors[0]",
        "authors[2]",
        "tags[0]",
        "language",
        "published",
        "status",
        "image.media",
        "image.alt",
        "image.width",
        "image.height",
        "extra",
      ]),
    );
    expect(result.problems.find((p) => p.field === "section")?.message).toContain("news, news/europe");
    expect(result.problems.find((p) => p.field === "extra")?.message).toContain("unknown field");
  });

  it("refuses a slug field that disagrees with where the article is stored", () => {
    const result = validateArticle({ ...valid, slug: "other" }, "a-story", SITE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]?.message).toContain('is "other" but the article is stored as "a-story"');
  });

  it("refuses an update time before the publish time, control characters and oversized text", () => {
    const result = validateArticle({ ...valid, updated: "2026-11-19T00:00:00Z", standfirst: "tab\there", headline: "x".repeat(161) }, "a-story", SITE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field).sort()).toEqual(["headline", "standfirst", "updated"]);
  });
});

describe("dates", () => {
  it("parses ISO 8601 dates and date-times with zones, and refuses impossible ones", () => {
    expect(normaliseDateTime("2026-11-20")).toBe("2026-11-20T00:00:00Z");
    expect(normaliseDateTime("2026-11-20T08:30Z")).toBe("2026-11-20T08:30:00Z");
    expect(normaliseDateTime("2026-11-20T08:30:00.250Z")).toBe("2026-11-20T08:30:00.250Z");
    for (const bad of ["2026-02-30", "2026-13-01", "2026-11-20T25:00:00Z", "2026-11-20T08:30:00", "20/11/2026", "now"])
      expect(normaliseDateTime(bad), bad).toBeUndefined();
  });
});

describe("visibility and direction", () => {
  it("hides drafts and future publish times", () => {
    const now = Date.parse("2026-11-25T00:00:00Z");
    expect(isVisible({ status: "published", published: "2026-11-24T00:00:00Z" }, now)).toBe(true);
    expect(isVisible({ status: "draft", published: "2026-11-24T00:00:00Z" }, now)).toBe(false);
    expect(isVisible({ status: "published", published: "2026-11-26T00:00:00Z" }, now)).toBe(false);
  });

  it("knows right-to-left languages", () => {
    for (const rtl of ["ar", "ar-EG", "fa", "he", "ur", "az-Arab"]) expect(isRightToLeft(rtl), rtl).toBe(true);
    for (const ltr of ["en", "en-GB", "fr", "tr", "az-Latn"]) expect(isRightToLeft(ltr), ltr).toBe(false);
  });
});

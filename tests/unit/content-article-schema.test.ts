// The article schema's words (src/content/article-schema.ts): the message an editor reads with each
// problem, one problem per field, and what the schema does to line breaks.

import { describe, expect, it } from "vitest";
import { validateArticle } from "../../src/content/article.ts";
import type { Problem } from "../../src/content/problems.ts";
import type { SiteConfig } from "../../src/content/site.ts";

const SITE: SiteConfig = {
  name: "Test",
  tagline: "",
  description: "d",
  language: "en",
  sections: [{ slug: "news", name: "News" }],
  authors: [
    { slug: "ada", name: "Ada" },
    { slug: "bob", name: "Bob" },
  ],
  tags: {},
};
const VALID: Record<string, unknown> = {
  headline: "A headline",
  standfirst: "A standfirst.",
  section: "news",
  authors: ["ada"],
  tags: ["rail"],
  language: "en-GB",
  published: "2026-11-20T10:30:00Z",
  status: "published",
  image: { media: "harbour.png", alt: "The harbour", width: 1200, height: 675 },
  body: "Body.",
};
const TIME = 'an ISO 8601 time such as "2026-11-20T08:30:00Z"';

function problems(changes: Record<string, unknown>, slug = "a-story"): Problem[] {
  const result = validateArticle({ ...VALID, ...changes }, slug, SITE);
  return result.ok ? [] : result.problems;
}

describe("each problem's message", () => {
  const cases: [string, Record<string, unknown>, Problem][] = [
    ["text that is not text", { headline: 5 }, { field: "headline", code: "not_text", message: "must be text, not a number" }],
    ["a missing text", { standfirst: null }, { field: "standfirst", code: "required", message: "is required" }],
    ["text too long", { headline: "x".repeat(161) }, { field: "headline", code: "too_long", message: "is 161 characters long; the limit is 160" }],
    [
      "a slug field that is no slug",
      { slug: "A Story" },
      {
        field: "slug",
        code: "invalid_slug",
        message: '"A Story" is not a valid slug: use lower-case letters a-z, digits and single hyphens (at most 80 characters)',
      },
    ],
    [
      "a slug field too long",
      { slug: `a${"-a".repeat(40)}` },
      {
        field: "slug",
        code: "invalid_slug",
        message: `"a${"-a".repeat(40)}" is not a valid slug: use lower-case letters a-z, digits and single hyphens (at most 80 characters)`,
      },
    ],
    ["a slug field that is not text", { slug: 5 }, { field: "slug", code: "not_text", message: "must be text, not a number" }],
    ["a null publish time", { published: null }, { field: "published", code: "required", message: `is required: ${TIME}` }],
    ["an empty publish time", { published: "" }, { field: "published", code: "required", message: `is required: ${TIME}` }],
    ["a publish time that is no time", { published: "soon" }, { field: "published", code: "invalid_date", message: `"soon" is not ${TIME}` }],
    ["a publish time that is a number", { published: 5 }, { field: "published", code: "invalid_date", message: `5 is not ${TIME}` }],
    [
      "an update before publishing",
      { updated: "2026-11-20T10:29:00Z" },
      { field: "updated", code: "before_published", message: "2026-11-20T10:29:00Z is before the published time 2026-11-20T10:30:00Z" },
    ],
    ["authors that are not a list", { authors: "ada" }, { field: "authors", code: "not_a_list", message: "must be a list, not a string" }],
    ["null authors", { authors: null }, { field: "authors", code: "required", message: "is required: list 1 to 5 author slugs from site.json" }],
    ["no authors", { authors: [] }, { field: "authors", code: "too_few", message: "needs at least 1 entry" }],
    ["too many authors", { authors: ["ada", "bob", "c", "d", "e", "f"] }, { field: "authors", code: "too_many", message: "has 6 entries; the limit is 5" }],
    ["an author twice", { authors: ["ada", "ada"] }, { field: "authors[1]", code: "duplicate", message: '"ada" is listed twice' }],
    [
      "a tag too long",
      { tags: ["x".repeat(41)] },
      { field: "tags[0]", code: "too_long", message: `"${"x".repeat(41)}" is 41 characters long; a tag is at most 40` },
    ],
    [
      "a tag that is no slug",
      { tags: ["Rail"] },
      { field: "tags[0]", code: "invalid_slug", message: '"Rail": use lower-case letters a-z, digits and single hyphens (at most 80 characters)' },
    ],
    [
      "a language that is no tag",
      { language: "english" },
      { field: "language", code: "invalid_language", message: '"english" is not a BCP 47 language tag such as "en", "en-GB" or "ar"' },
    ],
    ["a null status", { status: null }, { field: "status", code: "required", message: 'is required: "draft" or "published"' }],
    ["an unknown status", { status: "live" }, { field: "status", code: "invalid_status", message: 'must be "draft" or "published", not "live"' }],
    [
      "an image that is not an object",
      { image: "x.png" },
      { field: "image", code: "not_an_object", message: "must be an object (media, alt, caption, credit, width, height), not a string" },
    ],
    [
      "an image that is no media name",
      { image: { media: "x.gif", alt: "a", width: 1, height: 1 } },
      {
        field: "image.media",
        code: "invalid_media_name",
        message: '"x.gif": use lower-case letters a-z, digits and hyphens, then .svg, .png, .jpg, .jpeg, .webp or .avif',
      },
    ],
    ["an image without a width", { image: { media: "x.png", alt: "a", height: 1 } }, { field: "image.width", code: "required", message: "is required" }],
  ];
  for (const [what, changes, problem] of cases) it(what, () => expect(problems(changes)).toEqual([problem]));

  it("a missing published or status field names what it needs", () => {
    const { published: _p, status: _s, ...rest } = VALID;
    const result = validateArticle(rest, "a-story", SITE);
    expect(result.ok ? [] : result.problems).toEqual([
      { field: "published", code: "required", message: `is required: ${TIME}` },
      { field: "status", code: "required", message: 'is required: "draft" or "published"' },
    ]);
    const { headline: _h, ...noHeadline } = VALID;
    const missing = validateArticle(noHeadline, "a-story", SITE);
    expect(missing.ok ? [] : missing.problems).toEqual([{ field: "headline", code: "required", message: "is required" }]);
  });

  it("an article that is not an object", () => {
    expect(validateArticle([], "a-story", SITE)).toEqual({
      ok: false,
      problems: [{ field: "(article)", code: "not_an_object", message: "must be an object with the article's fields, not a list" }],
    });
  });

  it("authors given but undefined count as missing", () => {
    expect(problems({ authors: undefined })).toEqual([{ field: "authors", code: "required", message: "is required: list 1 to 5 author slugs from site.json" }]);
  });
});

describe("one problem per field", () => {
  it("names only the first thing wrong with a field", () => {
    expect(problems({ headline: `${"x".repeat(161)}\u0007` })).toEqual([
      { field: "headline", code: "too_long", message: "is 162 characters long; the limit is 160" },
    ]);
  });
});

describe("line breaks", () => {
  it("reads a lone carriage return in the body as a new line", () => {
    const result = validateArticle({ ...VALID, body: "One\rtwo\r\nthree" }, "a-story", SITE);
    expect(result.ok && result.value.body).toBe("One\ntwo\nthree");
  });
});

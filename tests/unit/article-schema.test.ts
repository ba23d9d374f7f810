// Every rule of the article schema (content/article-schema.ts) and of the site checks (validateArticle):
// each is shown refusing just past its limit, with its field path and code, and accepting at the limit,
// so removing or loosening any rule fails a test here.

import { describe, expect, expectTypeOf, it } from "vitest";
import { ARTICLE_FIELDS, type Article, LIMITS, normaliseDateTime, validateArticle } from "../../src/content/article.ts";
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
  authors: [
    { slug: "ada", name: "Ada" },
    { slug: "bob", name: "Bob" },
  ],
  tags: {},
};

const VALID = {
  headline: "A headline",
  standfirst: "A standfirst.",
  section: "news/europe",
  authors: ["ada"],
  tags: ["rail"],
  language: "en-GB",
  published: "2026-11-20T10:30:00+02:00",
  status: "published",
  image: { media: "harbour.svg", alt: "The harbour", width: 1200, height: 675 },
  body: "Body.",
};

const IMAGE = VALID.image;
const x = (n: number) => "x".repeat(n);

function check(changes: Record<string, unknown>, slug = "a-story") {
  const input: Record<string, unknown> = { ...VALID, ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete input[key];
  return validateArticle(input, slug, SITE);
}

function accepted(changes: Record<string, unknown>, slug?: string): Article {
  const result = check(changes, slug);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** The [field, code] pairs of the problems. */
function refused(changes: Record<string, unknown>, slug?: string): string[][] {
  const result = check(changes, slug);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(changes)}`);
  return result.problems.map((p) => [p.field, p.code]);
}

// [what, changes, [field, code]]: each input breaks exactly one rule.
const REFUSED: [string, Record<string, unknown>, [string, string]][] = [
  ["an unknown field", { extra: 1 }, ["extra", "unknown_field"]],
  ["an unknown image field", { image: { ...IMAGE, size: 1 } }, ["image.size", "unknown_field"]],
  ["a slug field that disagrees with the stored slug", { slug: "other" }, ["slug", "slug_mismatch"]],
  ["a slug field that is no slug", { slug: "A Story" }, ["slug", "invalid_slug"]],
  ["a slug field over 80 characters", { slug: `a${"-a".repeat(40)}` }, ["slug", "invalid_slug"]],
  ["a slug field that is not text", { slug: 5 }, ["slug", "not_text"]],
  ["a missing headline", { headline: undefined }, ["headline", "required"]],
  ["a null headline", { headline: null }, ["headline", "required"]],
  ["an empty headline", { headline: "" }, ["headline", "required"]],
  ["a blank headline", { headline: " \t " }, ["headline", "required"]],
  ["a headline that is not text", { headline: 5 }, ["headline", "not_text"]],
  ["a headline over 160 characters", { headline: x(161) }, ["headline", "too_long"]],
  ["a headline with a newline inside", { headline: "two\nlines" }, ["headline", "control_characters"]],
  ["a headline with a tab inside", { headline: "tab\there" }, ["headline", "control_characters"]],
  ["a headline with a control character", { headline: "bell\u0007" }, ["headline", "control_characters"]],
  ["a headline with a C1 control character", { headline: "next\u0085line" }, ["headline", "control_characters"]],
  ["a headline with a byte-order mark inside", { headline: "a\uFEFFb" }, ["headline", "control_characters"]],
  ["a headline with U+FFFF", { headline: "a\uFFFFb" }, ["headline", "control_characters"]],
  ["a headline with half a surrogate pair", { headline: "a\uD83Db" }, ["headline", "control_characters"]],
  ["a missing standfirst", { standfirst: undefined }, ["standfirst", "required"]],
  ["a standfirst over 300 characters", { standfirst: x(301) }, ["standfirst", "too_long"]],
  ["a missing section", { section: undefined }, ["section", "required"]],
  ["a section over 120 characters", { section: x(121) }, ["section", "too_long"]],
  ["a section the site does not have", { section: "weather" }, ["section", "not_a_section"]],
  ["missing authors", { authors: undefined }, ["authors", "required"]],
  ["null authors", { authors: null }, ["authors", "required"]],
  ["no authors", { authors: [] }, ["authors", "too_few"]],
  ["six authors", { authors: ["ada", "bob", "c", "d", "e", "f"] }, ["authors", "too_many"]],
  ["authors that are not a list", { authors: "ada" }, ["authors", "not_a_list"]],
  ["an author that is not text", { authors: ["ada", 5] }, ["authors[1]", "not_text"]],
  ["an author listed twice", { authors: ["ada", "bob", "ada"] }, ["authors[2]", "duplicate"]],
  ["an author the site does not have", { authors: ["ada", "eve"] }, ["authors[1]", "not_an_author"]],
  ["tags that are not a list", { tags: "rail" }, ["tags", "not_a_list"]],
  ["eleven tags", { tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, ["tags", "too_many"]],
  ["a tag that is no slug", { tags: ["rail", "Rail Strike"] }, ["tags[1]", "invalid_slug"]],
  ["a tag over 40 characters", { tags: [x(41)] }, ["tags[0]", "too_long"]],
  ["a tag that is not text", { tags: [null] }, ["tags[0]", "not_text"]],
  ["a tag listed twice", { tags: ["rail", "strike", "rail"] }, ["tags[2]", "duplicate"]],
  ["a missing language", { language: undefined }, ["language", "required"]],
  ["a language that is no BCP 47 tag", { language: "english" }, ["language", "invalid_language"]],
  ["a language over 35 characters", { language: `en${"-abcdefgh".repeat(4)}` }, ["language", "too_long"]],
  ["a missing publish time", { published: undefined }, ["published", "required"]],
  ["an empty publish time", { published: "" }, ["published", "required"]],
  ["a blank publish time", { published: "  " }, ["published", "invalid_date"]],
  ["a publish time that is not a time", { published: "yesterday" }, ["published", "invalid_date"]],
  ["a publish time that is a number", { published: 1795170600000 }, ["published", "invalid_date"]],
  ["a publish time without a zone", { published: "2026-11-20T08:30:00" }, ["published", "invalid_date"]],
  ["a day that does not exist", { published: "2026-02-29" }, ["published", "invalid_date"]],
  ["the 31st of a 30-day month", { published: "2026-11-31" }, ["published", "invalid_date"]],
  ["a 13th month", { published: "2026-13-01" }, ["published", "invalid_date"]],
  ["hour 24", { published: "2026-11-20T24:00:00Z" }, ["published", "invalid_date"]],
  ["a zone of 24 hours", { published: "2026-11-20T10:30:00+24:00" }, ["published", "invalid_date"]],
  ["an update time that is not a time", { updated: "later" }, ["updated", "invalid_date"]],
  ["a blank update time", { updated: " " }, ["updated", "invalid_date"]],
  ["an update time before the publish time", { updated: "2026-11-20T08:29:59Z" }, ["updated", "before_published"]],
  ["a missing status", { status: undefined }, ["status", "required"]],
  ["a status that is neither draft nor published", { status: "live" }, ["status", "invalid_status"]],
  ["an image that is not an object", { image: "harbour.svg" }, ["image", "not_an_object"]],
  ["an image that is a list", { image: [IMAGE] }, ["image", "not_an_object"]],
  ["an image without media", { image: { ...IMAGE, media: undefined } }, ["image.media", "required"]],
  ["an image whose media is no media name", { image: { ...IMAGE, media: "harbour.gif" } }, ["image.media", "invalid_media_name"]],
  ["an image whose media name is over 85 characters", { image: { ...IMAGE, media: `${x(82)}.svg` } }, ["image.media", "too_long"]],
  ["an image without alt text", { image: { ...IMAGE, alt: undefined } }, ["image.alt", "required"]],
  ["an image with blank alt text", { image: { ...IMAGE, alt: "  " } }, ["image.alt", "required"]],
  ["alt text over 300 characters", { image: { ...IMAGE, alt: x(301) } }, ["image.alt", "too_long"]],
  ["a caption over 300 characters", { image: { ...IMAGE, caption: x(301) } }, ["image.caption", "too_long"]],
  ["a caption with a newline inside", { image: { ...IMAGE, caption: "a\nb" } }, ["image.caption", "control_characters"]],
  ["a credit over 120 characters", { image: { ...IMAGE, credit: x(121) } }, ["image.credit", "too_long"]],
  ["a credit that is not text", { image: { ...IMAGE, credit: 5 } }, ["image.credit", "not_text"]],
  ["an image without a width", { image: { ...IMAGE, width: undefined } }, ["image.width", "required"]],
  ["an image with a null height", { image: { ...IMAGE, height: null } }, ["image.height", "required"]],
  ["a width that is not a number", { image: { ...IMAGE, width: "1200" } }, ["image.width", "not_a_number"]],
  ["a width that is not whole", { image: { ...IMAGE, width: 1.5 } }, ["image.width", "not_an_integer"]],
  ["a width of 0", { image: { ...IMAGE, width: 0 } }, ["image.width", "out_of_range"]],
  ["a height over 10000", { image: { ...IMAGE, height: 10_001 } }, ["image.height", "out_of_range"]],
  ["a missing body", { body: undefined }, ["body", "required"]],
  ["a blank body", { body: " \n\t\n" }, ["body", "required"]],
  ["a body that is not text", { body: ["Body."] }, ["body", "not_text"]],
  ["a body over 200,000 characters", { body: x(200_001) }, ["body", "too_long"]],
  ["a body with a control character", { body: "Body\u0000." }, ["body", "control_characters"]],
];

describe("article rules", () => {
  it.each(REFUSED)("refuses %s", (_, changes, problem) => {
    expect(refused(changes)).toEqual([problem]);
  });

  it("refuses anything that is not an object, and names the URL slug when it is no slug", () => {
    for (const input of [null, "text", 5, [VALID]]) {
      const result = validateArticle(input, "a-story", SITE);
      expect(result.ok ? [] : result.problems.map((p) => [p.field, p.code]), JSON.stringify(input)).toEqual([["(article)", "not_an_object"]]);
    }
    expect(refused({}, "A Story")).toEqual([["slug", "invalid_slug"]]);
    expect(refused({}, `a${"-a".repeat(40)}`)).toEqual([["slug", "invalid_slug"]]);
  });

  it("accepts every field at its limit", () => {
    const article = accepted(
      {
        slug: `a${"-a".repeat(39)}b`,
        headline: x(LIMITS.headline),
        standfirst: x(LIMITS.standfirst),
        authors: ["ada", "bob"],
        tags: [...Array.from({ length: LIMITS.tags - 1 }, (_, i) => `t${i}`), x(LIMITS.tag)],
        language: `en${"-abcdefgh".repeat(3)}-abcdefg`.slice(0, LIMITS.language),
        image: { media: `${x(81)}.svg`, alt: x(LIMITS.alt), caption: x(LIMITS.caption), credit: x(LIMITS.credit), width: 1, height: LIMITS.imageSide },
        body: x(LIMITS.body),
      },
      `a${"-a".repeat(39)}b`,
    );
    expect(article.headline).toHaveLength(LIMITS.headline);
    expect(article.language).toHaveLength(LIMITS.language);
  });

  it("lists every problem at once, each unknown field too, in the order of the fields", () => {
    const result = check({ zebra: 1, headline: "", status: "live", alpha: 2, image: { ...IMAGE, alt: "", colour: "red" } });
    expect(result.ok ? [] : result.problems.map((p) => [p.field, p.code])).toEqual([
      ["zebra", "unknown_field"],
      ["alpha", "unknown_field"],
      ["headline", "required"],
      ["status", "invalid_status"],
      ["image.alt", "required"],
      ["image.colour", "unknown_field"],
    ]);
  });

  it("says what to do in every message", () => {
    const result = check({ extra: 1, published: "soon", authors: [], image: { ...IMAGE, width: 0 }, tags: ["Rail"] });
    const messages = Object.fromEntries(result.ok ? [] : result.problems.map((p) => [p.field, p.message]));
    expect(messages).toEqual({
      extra: `unknown field; expected one of: ${ARTICLE_FIELDS.join(", ")}`,
      authors: "needs at least 1 entry",
      "tags[0]": '"Rail": use lower-case letters a-z, digits and single hyphens (at most 80 characters)',
      published: '"soon" is not an ISO 8601 time such as "2026-11-20T08:30:00Z"',
      "image.width": "must be a whole number from 1 to 10000",
    });
    expect(refused({ section: "weather" }).length).toBe(1);
    const section = check({ section: "weather" });
    expect(section.ok ? "" : section.problems[0]?.message).toBe('"weather" is not a section of this site; use one of: news, news/europe');
  });
});

describe("article normalisation", () => {
  it("trims single-line text and reads the body's CRLF as LF, measuring length after that", () => {
    const article = accepted({
      headline: `  ${x(LIMITS.headline)}\n`,
      section: " news ",
      language: " en ",
      image: { ...IMAGE, alt: " The harbour ", caption: "\tAt dawn " },
      body: `${x(LIMITS.body - 2)}\r\n\r\n`,
    });
    expect(article.headline).toBe(x(LIMITS.headline));
    expect(article.section).toBe("news");
    expect(article.language).toBe("en");
    expect(article.image).toEqual({ ...IMAGE, alt: "The harbour", caption: "At dawn" });
    expect(article.body).toBe(`${x(LIMITS.body - 2)}\n\n`);
    expect(accepted({ body: "  Indented\tcode\n" }).body).toBe("  Indented\tcode\n");
  });

  it("normalises times to UTC and reads a date as midnight UTC", () => {
    expect(accepted({ published: "2026-11-20" }).published).toBe("2026-11-20T00:00:00Z");
    expect(accepted({ published: " 2026-11-20T10:30+02:00 " }).published).toBe("2026-11-20T08:30:00Z");
    expect(accepted({ published: "2028-02-29T23:59:59.5-00:30" }).published).toBe("2028-03-01T00:29:59.500Z");
    expect(accepted({ updated: "2026-11-20T08:30:00Z" }).updated).toBe("2026-11-20T08:30:00Z");
  });

  it("leaves out optional fields given as null or empty, and reads missing or null tags as none", () => {
    for (const empty of [null, ""]) {
      const article = accepted({ updated: empty, image: { ...IMAGE, caption: empty, credit: empty }, tags: undefined });
      expect(Object.keys(article)).not.toContain("updated");
      expect(Object.keys(article.image ?? {})).toEqual(["media", "alt", "width", "height"]);
      expect(article.tags).toEqual([]);
    }
    expect(accepted({ caption: undefined, tags: null }).tags).toEqual([]);
    expect(Object.keys(accepted({ image: null }))).not.toContain("image");
    expect(accepted({ image: { ...IMAGE, caption: "  " } }).image).toEqual(IMAGE);
  });

  it("stores the fields in one order, whatever the input's, so an article's version hash is stable", () => {
    const reversed = Object.fromEntries(Object.entries({ ...VALID, updated: "2026-11-21", slug: "a-story" }).reverse());
    const result = validateArticle(reversed, "a-story", SITE);
    if (!result.ok) throw new Error("refused");
    expect(JSON.stringify(result.value)).toBe(
      '{"slug":"a-story","headline":"A headline","standfirst":"A standfirst.","section":"news/europe","authors":["ada"],"tags":["rail"],"language":"en-GB","published":"2026-11-20T08:30:00Z","updated":"2026-11-21T00:00:00Z","status":"published","image":{"media":"harbour.svg","alt":"The harbour","width":1200,"height":675},"body":"Body."}',
    );
  });

  it("accepts an update time equal to the publish time", () => {
    expect(accepted({ updated: "2026-11-20T08:30:00Z" }).updated).toBe("2026-11-20T08:30:00Z");
  });
});

describe("normaliseDateTime", () => {
  it("parses every form the pattern allows", () => {
    for (const digits of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      expect(normaliseDateTime(`2026-11-20T08:30:00.${"1".repeat(digits)}Z`), `${digits}`).toBe(`2026-11-20T08:30:00.${["100", "110"][digits - 1] ?? "111"}Z`);
    }
    expect(normaliseDateTime("2026-11-20T08:30:00.1234567890Z")).toBeUndefined();
    expect(normaliseDateTime("2026-11-20T08:30+23:59")).toBe("2026-11-19T08:31:00Z");
    expect(normaliseDateTime("2026-11-20T08:30-23:59")).toBe("2026-11-21T08:29:00Z");
    expect(normaliseDateTime("2026-11-20T08:30:00+12:60")).toBeUndefined();
    expect(normaliseDateTime("2026-11-20t08:30:00z")).toBeUndefined();
  });

  it("knows leap years", () => {
    for (const leap of ["2024", "2028", "2000", "2400", "1996"]) expect(normaliseDateTime(`${leap}-02-29`), leap).toBe(`${leap}-02-29T00:00:00Z`);
    for (const common of ["2026", "1900", "2100", "2023"]) expect(normaliseDateTime(`${common}-02-29`), common).toBeUndefined();
    for (const day of ["01-31", "03-31", "04-30", "06-30", "09-30", "11-30", "12-31"]) expect(normaliseDateTime(`2026-${day}`), day).toBeDefined();
    for (const day of ["04-31", "06-31", "09-31", "11-31", "02-30", "00-10", "10-00", "10-32"]) expect(normaliseDateTime(`2026-${day}`), day).toBeUndefined();
  });
});

describe("the Article type", () => {
  it("is the schema's output under its slug (checked by npm run typecheck)", () => {
    expectTypeOf<Article>().toEqualTypeOf<{
      slug: string;
      headline: string;
      standfirst: string;
      section: string;
      authors: string[];
      tags: string[];
      language: string;
      published: string;
      updated?: string | undefined;
      status: "draft" | "published";
      image?: { media: string; alt: string; caption?: string | undefined; credit?: string | undefined; width: number; height: number } | undefined;
      body: string;
    }>();
  });
});

// The site configuration (src/content/site.ts): kv-seed/site.json's validation, field by field, and the
// helpers pages use (sections and their lineage, tag labels, the feed authority).

import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/content/problems.ts";
import {
  SHAREABLE_EXTENSIONS,
  type SiteConfig,
  authorOf,
  childSections,
  feedAuthority,
  isLanguageTag,
  isShareableMedia,
  isTaggingEntity,
  sectionLineage,
  sectionOf,
  tagLabel,
  topLevelSections,
  validateSite,
} from "../../src/content/site.ts";

const KEY = `RW${"A".repeat(54)}`;
const MINIMAL = {
  name: "Meridian Courier",
  description: "News from the valley",
  language: "en",
  sections: [{ slug: "news", name: "News" }],
  authors: [{ slug: "amira", name: "Amira" }],
};
const problems = (input: unknown): Problem[] => {
  const checked = validateSite(input);
  return checked.ok ? [] : checked.problems;
};
const codes = (input: unknown) => problems(input).map((p) => `${p.field} ${p.code}`);
const only = (input: unknown): Problem => {
  const found = problems(input);
  expect(found, JSON.stringify(found)).toHaveLength(1);
  return found[0] as Problem;
};

const SITE: SiteConfig = {
  name: "Meridian Courier",
  tagline: "",
  description: "d",
  language: "en",
  sections: [
    { slug: "news", name: "News" },
    { slug: "news/europe", name: "Europe" },
    { slug: "news/europe/east", name: "East" },
    { slug: "news/asia", name: "Asia" },
    { slug: "sport", name: "Sport" },
    { slug: "newsletters", name: "Newsletters" },
  ],
  authors: [
    { slug: "amira", name: "Amira" },
    { slug: "bo", name: "Bo" },
  ],
  tags: { "climate-change": "Climate" },
};

describe("validateSite", () => {
  it("returns the minimal site with defaults, and optional fields only when given", () => {
    expect(validateSite(MINIMAL)).toEqual({ ok: true, value: { ...MINIMAL, tagline: "", tags: {} } });
    const full = {
      ...MINIMAL,
      tagline: "Every day",
      logo: "logo.svg",
      shareImage: { media: "share.png", alt: "The masthead", width: 1200, height: 630 },
      feedId: "meridian-courier.example,2026",
      signingKey: KEY,
      sections: [{ slug: "news", name: "News", description: "All the news" }],
      authors: [{ slug: "amira", name: "Amira", bio: "Reporter" }],
      tags: { water: " Water " },
    };
    expect(validateSite(full)).toEqual({ ok: true, value: { ...full, tags: { water: "Water" } } });
  });

  it("refuses what is not an object, and names unknown fields", () => {
    for (const input of [null, [], "site"])
      expect(validateSite(input)).toEqual({ ok: false, problems: [{ field: "(site)", code: "not_an_object", message: "must be a JSON object" }] });
    expect(only({ ...MINIMAL, colour: "red" })).toMatchObject({ field: "colour", code: "unknown_field" });
  });

  it("requires name, description and language, and limits the text fields", () => {
    const { name: _n, description: _d, language: _l, ...rest } = MINIMAL;
    expect(codes(rest)).toEqual(["name required", "description required", "language required"]);
    expect(only({ ...MINIMAL, name: "x".repeat(81) })).toMatchObject({ field: "name", code: "too_long" });
    expect(codes({ ...MINIMAL, name: "x".repeat(80) })).toEqual([]);
    expect(only({ ...MINIMAL, tagline: "x".repeat(161) })).toMatchObject({ field: "tagline", code: "too_long" });
    expect(codes({ ...MINIMAL, tagline: "x".repeat(160) })).toEqual([]);
    expect(only({ ...MINIMAL, description: "x".repeat(301) })).toMatchObject({ field: "description", code: "too_long" });
    expect(codes({ ...MINIMAL, description: "x".repeat(300) })).toEqual([]);
  });

  it("checks the language tag", () => {
    expect(only({ ...MINIMAL, language: "english!" })).toEqual({
      field: "language",
      code: "invalid_language",
      message: '"english!" is not a BCP 47 language tag such as "en" or "en-GB"',
    });
    expect(codes({ ...MINIMAL, language: "en-GB" })).toEqual([]);
    expect(codes({ ...MINIMAL, language: "x".repeat(36) })).toEqual(["language too_long"]);
    const longest = `abc${"-abcdefgh".repeat(3)}-abcd`;
    expect(longest).toHaveLength(35);
    expect(codes({ ...MINIMAL, language: longest })).toEqual([]);
  });

  it("checks the logo is a media name", () => {
    expect(only({ ...MINIMAL, logo: "logo.gif" })).toEqual({ field: "logo", code: "invalid_media_name", message: '"logo.gif" is not a media file name' });
    expect(only({ ...MINIMAL, logo: `${"a".repeat(87)}.png` })).toMatchObject({ field: "logo", code: "too_long" });
  });

  it("checks the signing key is a minisign public key", () => {
    const problem = only({ ...MINIMAL, signingKey: `RX${"A".repeat(54)}` });
    expect(problem).toMatchObject({ field: "signingKey", code: "invalid_signing_key" });
    expect(problem.message).toBe(`"RX${"A".repeat(54)}" is not a minisign public key (RW and 54 base64 characters, as \`npm run keygen-mirrors\` prints)`);
    expect(codes({ ...MINIMAL, signingKey: `RW${"A".repeat(53)}` })).toEqual(["signingKey invalid_signing_key"]);
    expect(codes({ ...MINIMAL, signingKey: `RW${"A".repeat(55)}` })).toEqual(["signingKey invalid_signing_key"]);
    expect(codes({ ...MINIMAL, signingKey: `xRW${"A".repeat(54)}` })).toEqual(["signingKey invalid_signing_key"]);
    expect(codes({ ...MINIMAL, signingKey: `RW${"+/9z".repeat(13)}Aa` })).toEqual([]);
    expect(problems({ ...MINIMAL, signingKey: `RW${"A".repeat(59)}` })).toEqual([
      { field: "signingKey", code: "too_long", message: "is 61 characters long; the limit is 60" },
    ]);
  });

  it("checks the feed id is a tagging entity", () => {
    const problem = only({ ...MINIMAL, feedId: "not an authority" });
    expect(problem).toMatchObject({ field: "feedId", code: "invalid_feed_id" });
    expect(problem.message).toBe('"not an authority" must be a domain name you own and a date, such as "meridian-courier.example,2026" (RFC 4151)');
    expect(problems({ ...MINIMAL, feedId: `${"a".repeat(116)},2026` })).toEqual([
      { field: "feedId", code: "too_long", message: "is 121 characters long; the limit is 120" },
    ]);
  });

  it("names a bad section by its place, and requires at least one", () => {
    expect(only({ ...MINIMAL, sections: [] })).toEqual({ field: "sections", code: "too_few", message: "needs at least one section" });
    expect(problems({ ...MINIMAL, sections: "news" })).toEqual([
      { field: "sections", code: "not_a_list", message: "must be a list" },
      { field: "sections", code: "too_few", message: "needs at least one section" },
    ]);
    expect(problems({ ...MINIMAL, sections: [{ slug: "news", name: "News" }, 3] })).toEqual([
      { field: "sections[1]", code: "not_an_object", message: "must be an object" },
    ]);
    expect(only({ ...MINIMAL, sections: [{ slug: "news", name: "News", x: 1 }] })).toMatchObject({ field: "sections[0].x", code: "unknown_field" });
    expect(codes({ ...MINIMAL, sections: [{ slug: "news" }] })).toEqual(["sections[0].name required", "sections too_few"]);
    expect(codes({ ...MINIMAL, sections: [{ name: "News" }] })).toEqual(["sections[0].slug required", "sections too_few"]);
    expect(codes({ ...MINIMAL, sections: [{ slug: "news", name: "x".repeat(61) }] })).toEqual(["sections[0].name too_long", "sections too_few"]);
    expect(codes({ ...MINIMAL, sections: [{ slug: "news", name: "News", description: "x".repeat(301) }] })).toEqual(["sections[0].description too_long"]);
    expect(only({ ...MINIMAL, sections: [{ slug: "News", name: "News" }] })).toEqual({
      field: "sections[0].slug",
      code: "invalid_section_path",
      message: '"News": use lower-case letters a-z, digits and single hyphens (at most 80 characters), nested with "/"',
    });
  });

  it("refuses a section named page with subsections, which /page/N would shadow", () => {
    const sections = [
      { slug: "page", name: "Page" },
      { slug: "page/two", name: "Two" },
    ];
    expect(only({ ...MINIMAL, sections })).toEqual({
      field: "sections[1].slug",
      code: "reserved_section_name",
      message: '"page/two": a section named "page" can have no subsections (/page/2 numbers a listing\'s pages)',
    });
    const nested = [
      { slug: "news", name: "News" },
      { slug: "news/page", name: "Page" },
      { slug: "news/page/x", name: "X" },
    ];
    expect(codes({ ...MINIMAL, sections: nested })).toEqual(["sections[2].slug reserved_section_name"]);
    // "page" alone, or inside a longer word, is fine.
    const fine = [
      { slug: "page", name: "Page" },
      { slug: "homepage", name: "Home" },
      { slug: "homepage/pages", name: "Pages" },
    ];
    expect(codes({ ...MINIMAL, sections: fine })).toEqual([]);
  });

  it("wants a parent listed before its children, and each section once", () => {
    const sections = [
      { slug: "news/europe", name: "Europe" },
      { slug: "news", name: "News" },
      { slug: "news", name: "Again" },
    ];
    expect(problems({ ...MINIMAL, sections })).toEqual([
      { field: "sections[0].slug", code: "parent_not_before", message: 'parent section "news" must be listed before "news/europe"' },
      { field: "sections[2].slug", code: "duplicate", message: '"news" is listed twice' },
    ]);
    const deep = [
      { slug: "news", name: "News" },
      { slug: "news/europe", name: "Europe" },
      { slug: "news/europe/east", name: "East" },
    ];
    expect(codes({ ...MINIMAL, sections: deep })).toEqual([]);
  });

  it("names a bad author by its place", () => {
    expect(only({ ...MINIMAL, authors: [{ slug: "Amira", name: "Amira" }] })).toEqual({
      field: "authors[0].slug",
      code: "invalid_slug",
      message: '"Amira": use lower-case letters a-z, digits and single hyphens (at most 80 characters)',
    });
    expect(codes({ ...MINIMAL, authors: [{ slug: "amira" }] })).toEqual(["authors[0].name required"]);
    expect(codes({ ...MINIMAL, authors: [{ name: "Amira" }] })).toEqual(["authors[0].slug required"]);
    expect(codes({ ...MINIMAL, authors: [{ slug: "amira", name: "Amira", bio: "x".repeat(401) }] })).toEqual(["authors[0].bio too_long"]);
    expect(codes({ ...MINIMAL, authors: [{ slug: "amira", name: "x".repeat(81) }] })).toEqual(["authors[0].name too_long"]);
    expect(codes({ ...MINIMAL, authors: [{ slug: "amira", name: "Amira", role: "x" }] })).toEqual(["authors[0].role unknown_field"]);
    expect(
      problems({
        ...MINIMAL,
        authors: [
          { slug: "amira", name: "Amira" },
          { slug: "amira", name: "Again" },
        ],
      }),
    ).toEqual([{ field: "authors[1].slug", code: "duplicate", message: '"amira" is listed twice' }]);
    expect(codes({ ...MINIMAL, authors: [] })).toEqual([]);
    // An author without a name is not listed, so another with the same slug is no duplicate.
    expect(codes({ ...MINIMAL, authors: [{ slug: "amira" }, { slug: "amira", name: "Amira" }] })).toEqual(["authors[0].name required"]);
    expect(codes({ ...MINIMAL, authors: undefined })).toEqual(["authors not_a_list"]);
  });

  it("checks tag slugs and labels, and trims labels", () => {
    expect(only({ ...MINIMAL, tags: [] })).toEqual({ field: "tags", code: "not_an_object", message: "must be an object mapping tag slugs to labels" });
    expect(only({ ...MINIMAL, tags: { "Not A Slug": "x" } })).toEqual({
      field: "tags.Not A Slug",
      code: "invalid_slug",
      message: "use lower-case letters a-z, digits and single hyphens (at most 80 characters)",
    });
    const badLabel = { code: "invalid_label", message: "must be a label of 1 to 60 characters" };
    expect(only({ ...MINIMAL, tags: { water: "  " } })).toEqual({ field: "tags.water", ...badLabel });
    expect(only({ ...MINIMAL, tags: { water: 3 } })).toEqual({ field: "tags.water", ...badLabel });
    expect(only({ ...MINIMAL, tags: { water: "x".repeat(61) } })).toEqual({ field: "tags.water", ...badLabel });
    const checked = validateSite({ ...MINIMAL, tags: { water: "x".repeat(60), rain: "Rain" } });
    expect(checked.ok && checked.value.tags).toEqual({ water: "x".repeat(60), rain: "Rain" });
  });

  it("checks the share image: an object with a raster picture, text and sides", () => {
    const share = (value: unknown) => ({ ...MINIMAL, shareImage: value });
    const good = { media: "share.png", alt: "Masthead", width: 1200, height: 630 };
    expect(codes(share(null))).toEqual([]);
    expect(only(share("share.png"))).toEqual({
      field: "shareImage",
      code: "not_an_object",
      message: "must be an object (media, alt, width, height), not a string",
    });
    expect(only(share({ ...good, media: "share.svg" }))).toEqual({
      field: "shareImage.media",
      code: "not_raster",
      message: '"share.svg" must be a PNG, JPEG or WebP media file name (.png, .jpg, .jpeg, .webp): link previewers do not show SVG or AVIF',
    });
    expect(codes(share({ ...good, extra: 1 }))).toEqual(["shareImage.extra unknown_field"]);
    expect(codes(share({ ...good, alt: "" }))).toEqual(["shareImage.alt required"]);
    expect(codes(share({ ...good, media: "" }))).toEqual(["shareImage.media required"]);
    expect(codes(share({ ...good, width: 0 }))).toEqual(["shareImage.width out_of_range"]);
    expect(codes(share({ ...good, height: 4097 }))).toEqual(["shareImage.height out_of_range"]);
    expect(codes(share({ ...good, width: 4096, height: 1 }))).toEqual([]);
    const checked = validateSite(share(good));
    expect(checked.ok && checked.value.shareImage).toEqual(good);
  });
});

describe("site helpers", () => {
  it("finds sections and authors by slug", () => {
    expect(sectionOf(SITE, "news/europe")?.name).toBe("Europe");
    expect(sectionOf(SITE, "news/africa")).toBeUndefined();
    expect(authorOf(SITE, "bo")?.name).toBe("Bo");
    expect(authorOf(SITE, "amira-h")).toBeUndefined();
  });

  it("lists every listing a section's stories appear in", () => {
    expect(sectionLineage("news/europe/east")).toEqual(["news", "news/europe", "news/europe/east"]);
    expect(sectionLineage("sport")).toEqual(["sport"]);
  });

  it("lists top-level sections and the direct children of one", () => {
    expect(topLevelSections(SITE).map((s) => s.slug)).toEqual(["news", "sport", "newsletters"]);
    expect(childSections(SITE, "news").map((s) => s.slug)).toEqual(["news/europe", "news/asia"]);
    expect(childSections(SITE, "news/europe").map((s) => s.slug)).toEqual(["news/europe/east"]);
    expect(childSections(SITE, "sport")).toEqual([]);
  });

  it("labels a tag from site.json, or its slug in sentence case", () => {
    expect(tagLabel(SITE, "climate-change")).toBe("Climate");
    expect(tagLabel(SITE, "water-rights-and-dams")).toBe("Water rights and dams");
    // A tag named like an object's own property is still a tag.
    expect(tagLabel(SITE, "constructor")).toBe("Constructor");
    expect(tagLabel({ ...SITE, tags: { constructor: "Builders" } }, "constructor")).toBe("Builders");
  });

  it("knows the picture types link previewers show", () => {
    expect(SHAREABLE_EXTENSIONS).toEqual(["png", "jpg", "jpeg", "webp"]);
    for (const name of ["a.png", "a.jpg", "a.jpeg", "a.webp"]) expect(isShareableMedia(name), name).toBe(true);
    for (const name of ["a.svg", "a.avif", "Bad.png", "png"]) expect(isShareableMedia(name), name).toBe(false);
  });

  it("recognises tagging entities and language tags", () => {
    for (const value of ["news.example,2026", "a@news.example,2026-11", "news.example,2026-11-25", "a-b.c,2000"])
      expect(isTaggingEntity(value), value).toBe(true);
    for (const value of [
      "news.example",
      "news.example,26",
      "news.example,2026-13",
      "news.example,2026-11-32",
      "-a.example,2026",
      "News.example,2026",
      `${"a".repeat(116)},2026`,
    ])
      expect(isTaggingEntity(value), value).toBe(false);
    expect(isTaggingEntity(`${"a".repeat(115)},2026`)).toBe(true);
    expect(isTaggingEntity(`${"a".repeat(111)}.x,2026-01`)).toBe(false);
    expect(isTaggingEntity(`${"a".repeat(110)}.x,2026-01`)).toBe(true);
    for (const value of ["en", "ar", "fil", "en-GB", "zh-Hant-TW", "x".repeat(3)]) expect(isLanguageTag(value), value).toBe(true);
    for (const value of ["e", "engl", "en_GB", "en-", "en-x", `en-${"a".repeat(9)}`, `en${"-abcdefgh".repeat(4)}`])
      expect(isLanguageTag(value), value).toBe(false);
  });

  it("mints the feed authority from feedId, or from the site's name", () => {
    expect(feedAuthority({ ...SITE, feedId: "meridian-courier.example,2026" })).toBe("meridian-courier.example,2026");
    expect(feedAuthority(SITE)).toBe("meridian-courier,2000");
    expect(feedAuthority({ ...SITE, name: "  Él País — Today!! " })).toBe("l-pa-s-today,2000");
    expect(feedAuthority({ ...SITE, name: "جريدة" })).toBe("site,2000");
  });
});

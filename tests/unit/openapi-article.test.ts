// The OpenAPI document's Article schema is converted from the valibot schema the API validates with;
// these tests hold the two to the same rules. A small JSON Schema validator (the keywords the converted
// schema uses, and no others) checks generated articles against the document, and validateArticle
// checks the same articles: what the document accepts the API accepts, and an article already in its
// stored form (trimmed, times in UTC) is accepted by both or by neither.

import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articleJsonSchema, openApiDocument } from "../../src/api/openapi-spec.ts";
import { ARTICLE_FIELDS, LIMITS, validateArticle } from "../../src/content/article.ts";
import { LANGUAGE_TAG, type SiteConfig } from "../../src/content/site.ts";
import { MEDIA_NAME, SLUG } from "../../src/content/slug.ts";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";

type Schema = { [keyword: string]: unknown };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

const TYPES: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  integer: (value) => Number.isInteger(value),
  number: (value) => typeof value === "number",
  boolean: (value) => typeof value === "boolean",
  null: (value) => value === null,
  array: Array.isArray,
  object: isObject,
};

/** JSON Schema 2020-12, for the keywords listed; any other keyword throws, so none is silently skipped. */
function accepts(schema: Schema, value: unknown): boolean {
  return Object.entries(schema).every(([keyword, rule]) => {
    switch (keyword) {
      case "description":
      case "default":
        return true;
      case "type":
        return (Array.isArray(rule) ? rule : [rule]).some((type: string) => TYPES[type]?.(value));
      case "enum":
        return (rule as unknown[]).includes(value);
      case "anyOf":
        return (rule as Schema[]).some((option) => accepts(option, value));
      case "properties":
        return !isObject(value) || Object.entries(rule as Record<string, Schema>).every(([key, sub]) => !Object.hasOwn(value, key) || accepts(sub, value[key]));
      case "required":
        return !isObject(value) || (rule as string[]).every((key) => Object.hasOwn(value, key));
      case "additionalProperties":
        return (
          !isObject(value) ||
          Object.keys(value).every((key) => Object.hasOwn(schema.properties as object, key) || (rule !== false && accepts(rule as Schema, value[key])))
        );
      case "items":
        return !Array.isArray(value) || value.every((item) => accepts(rule as Schema, item));
      case "minItems":
        return !Array.isArray(value) || value.length >= (rule as number);
      case "maxItems":
        return !Array.isArray(value) || value.length <= (rule as number);
      case "uniqueItems":
        return !Array.isArray(value) || !rule || new Set(value.map((item) => JSON.stringify(item))).size === value.length;
      // JSON Schema counts characters (code points); the API counts UTF-16 units, as JavaScript does.
      // They differ only for characters outside the BMP, which the generators below keep short.
      case "minLength":
        return typeof value !== "string" || [...value].length >= (rule as number);
      case "maxLength":
        return typeof value !== "string" || [...value].length <= (rule as number);
      case "pattern":
        return typeof value !== "string" || new RegExp(rule as string, "u").test(value);
      case "minimum":
        return typeof value !== "number" || value >= (rule as number);
      case "maximum":
        return typeof value !== "number" || value <= (rule as number);
      default:
        throw new Error(`the test's validator does not know the keyword "${keyword}"`);
    }
  });
}

/** Rules a JSON Schema cannot state: they need the site, the URL or two fields at once. */
const BEYOND_JSON_SCHEMA = new Set(["not_a_section", "not_an_author", "slug_mismatch", "before_published"]);

const ARTICLE_CODES = new Set([
  ...BEYOND_JSON_SCHEMA,
  ...["required", "not_text", "not_a_list", "not_an_object", "not_a_number", "not_an_integer", "out_of_range"],
  ...["too_long", "too_many", "too_few", "control_characters", "unknown_field", "duplicate"],
  ...["invalid_slug", "invalid_date", "invalid_language", "invalid_media_name", "invalid_status"],
]);

const SITE: SiteConfig = {
  name: "Test",
  tagline: "",
  description: "Test site",
  language: "en",
  sections: ["news", "news/europe", "sport"].map((slug) => ({ slug, name: slug })),
  authors: ["ada", "bob", "cy", "di", "ed", "flo"].map((slug) => ({ slug, name: slug })),
  tags: {},
};
const SLUG_IN_URL = "a-story";

// ---- Articles in their stored form.

const x = (n: number) => "x".repeat(n);
const slugText = fc.stringMatching(/^[a-z0-9]{1,6}(?:-[a-z0-9]{1,6}){0,3}$/);
const lineChar = fc.constantFrom("a", "Z", "7", " ", "é", "—", "ß", "\u00A0", "😀");
const line = (max: number) =>
  fc.oneof(
    fc.string({ unit: lineChar, minLength: 1, maxLength: Math.min(max, 24) }).map((s) => s.trim() || "a"),
    fc.constantFrom(x(max), x(1)),
  );
const body = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", " ", "\n", "\t", "#", "*", "😀"), minLength: 1, maxLength: 40 }).map((s) => (/\S/.test(s) ? s : `${s}a`)),
  fc.constantFrom(x(LIMITS.body)),
);
const utc = fc
  .date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString().replace(".000Z", "Z"));

const storedArticle = fc
  .record(
    {
      slug: fc.constant(SLUG_IN_URL),
      headline: line(LIMITS.headline),
      standfirst: line(LIMITS.standfirst),
      section: fc.constantFrom(...SITE.sections.map((s) => s.slug)),
      authors: fc.shuffledSubarray(
        SITE.authors.map((a) => a.slug),
        { minLength: 1, maxLength: LIMITS.authors },
      ),
      tags: fc.uniqueArray(fc.oneof(slugText, fc.constant(x(LIMITS.tag))), { maxLength: LIMITS.tags }),
      language: fc.constantFrom("en", "en-GB", "ar", "zh-Hant-TW", "ckb"),
      published: utc,
      updated: utc,
      status: fc.constantFrom("draft", "published"),
      image: fc.record(
        {
          media: fc.oneof(
            slugText.map((name) => `${name}.jpeg`),
            fc.constant(`${x(LIMITS.media - 4)}.svg`),
          ),
          alt: line(LIMITS.alt),
          caption: line(LIMITS.caption),
          credit: line(LIMITS.credit),
          width: fc.integer({ min: 1, max: LIMITS.imageSide }),
          height: fc.integer({ min: 1, max: LIMITS.imageSide }),
        },
        { requiredKeys: ["media", "alt", "width", "height"] },
      ),
      body,
    },
    { requiredKeys: ["headline", "standfirst", "section", "authors", "tags", "language", "published", "status", "body"] },
  )
  // Mostly consistent times, so that articles which keep every rule are common.
  .chain((article) =>
    fc.boolean().map((swap) => (swap && article.updated && article.updated < article.published ? { ...article, updated: article.published } : article)),
  );

// ---- Near misses and nonsense: for each kind of field, and anything anywhere.

const around = (...limits: number[]) => limits.flatMap((n) => [x(n - 1), x(n), x(n + 1), ` ${x(n)} `, `${x(n)}\n`]);
const NEAR = {
  text: [
    ...["", " ", "  padded  ", "\tpadded\n", "two\nlines", "tab\there", "cr\rlf", "crlf\r\n", "nul\u0000", "\uFEFFbom", "bom\uFEFF", "half\uD83D"],
    ...["c1\u0085", "😀", "\u00A0", 5, ["text"]],
    ...around(LIMITS.section, LIMITS.headline, LIMITS.standfirst, LIMITS.credit, LIMITS.body),
  ],
  list: [
    [],
    ["ada", "ada"],
    ["rail", "rail"],
    ["ada", "bob", "cy", "di", "ed"],
    ["ada", "bob", "cy", "di", "ed", "flo"],
    ["Rail"],
    ["a--b"],
    [""],
    [1],
    [null],
  ],
  tags: [
    Array.from({ length: LIMITS.tags }, (_, i) => `t${i}`),
    Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`),
    [x(LIMITS.tag)],
    [x(LIMITS.tag + 1)],
    "rail",
  ],
  time: [
    ...["2026-02-29", "2028-02-29", "1900-02-29", "2000-02-29", "2026-11-31", "2026-04-31", "2026-13-01", "2026-11-20", " 2026-11-20 ", "2026-11-20T08:30Z"],
    ...[
      "2026-11-20T08:30:00+02:00",
      "2026-11-20T24:00Z",
      "2026-11-20T08:30+24:00",
      "2026-11-20T08:30:00",
      "2026-11-20t08:30z",
      "2026-11-20T08:30:00.1234567890Z",
    ],
    ...["", " ", "now", 1795170600000, "9999-12-31T23:59:59Z", "0000-01-01"],
  ],
  slug: [SLUG_IN_URL, "other", "A-Story", "a--story", `a${"-a".repeat(40)}`, `a${"-a".repeat(39)}b`, "", 5],
  language: ["en", " en ", "en-", "e", "english!", "zh-Hant-TW", `en${"-abcdefgh".repeat(4)}`, `en${"-abcdefgh".repeat(3)}-abcdefg`],
  section: ["news", " news ", "weather", "News", "news/", x(LIMITS.section + 1)],
  status: ["draft", "published", "Draft", " draft", "live", ""],
  media: ["a.svg", "a.gif", "A.svg", " a.svg", "a", "", `${x(LIMITS.media - 4)}.svg`, `${x(LIMITS.media - 3)}.svg`],
  number: [0, 1, -1, 1.5, LIMITS.imageSide, LIMITS.imageSide + 1, "10", Number.MAX_SAFE_INTEGER],
  image: [[], "a.svg", { media: "a.svg", alt: "Alt", width: 10, height: 10 }, { media: "a.svg", alt: "", width: 10, height: 10 }],
  anything: [true, 0, [], {}, "text"],
} satisfies Record<string, unknown[]>;
const KIND: Record<string, keyof typeof NEAR> = {
  ...Object.fromEntries(["headline", "standfirst", "body", "alt", "caption", "credit"].map((key) => [key, "text" as const])),
  authors: "list",
  tags: "tags",
  published: "time",
  updated: "time",
  slug: "slug",
  language: "language",
  section: "section",
  status: "status",
  media: "media",
  width: "number",
  height: "number",
  image: "image",
};
const nearMisses = (key: string): unknown[] => [null, ...NEAR.anything, ...(KIND[key] === "tags" ? NEAR.list : []), ...NEAR[KIND[key] ?? "anything"]];

const names = fc.constantFrom("ada", "bob", "cy", "di", "ed", "flo", "eve", "rail", "Rail", "a--b", "", x(LIMITS.tag), x(LIMITS.tag + 1));
const RANDOM: Partial<Record<keyof typeof NEAR, fc.Arbitrary<unknown>>> = {
  text: fc.string({ unit: fc.constantFrom("a", "-", " ", "\n", "\r", "\t", "\u0001", "\uD800", "\uDC00", "😀"), maxLength: 8 }),
  list: fc.array(names, { maxLength: LIMITS.tags + 2 }),
  tags: fc.oneof(fc.uniqueArray(slugText, { minLength: LIMITS.tags - 1, maxLength: LIMITS.tags + 1 }), fc.array(names, { maxLength: LIMITS.tags + 2 })),
  time: fc.oneof(
    utc.map((t) => t.replace("Z", "+01:00")),
    utc.map((t) => t.slice(0, 10)),
  ),
  slug: slugText,
  anything: fc.jsonValue({ maxDepth: 2 }),
};

const IMAGE_FIELDS = ["media", "alt", "caption", "credit", "width", "height"];
const CHANGEABLE = [...ARTICLE_FIELDS, ...IMAGE_FIELDS, "extra"];
type Change = { key: string; value?: unknown; inImage?: boolean };

/** The input with one field (of the article, or of its image for an image field) set, or removed without a value. */
function changed(input: Record<string, unknown>, { key, inImage = IMAGE_FIELDS.includes(key), ...change }: Change): Record<string, unknown> {
  const copy = structuredClone(input);
  const target = inImage && isObject(copy.image) ? copy.image : copy;
  if ("value" in change) target[key] = change.value;
  else delete target[key];
  return copy;
}

const change: fc.Arbitrary<Change> = fc
  .constantFrom(...CHANGEABLE)
  .chain((key) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...nearMisses(key)).map((value) => ({ key, value })), weight: 6 },
      { arbitrary: (RANDOM[KIND[key] ?? "anything"] ?? RANDOM.anything ?? fc.constant(null)).map((value) => ({ key, value })), weight: 2 },
      { arbitrary: fc.boolean().map((inImage) => ({ key, inImage })), weight: 1 },
    ),
  );

/** A stored article with up to two fields (of the article or its image) set to near misses or nonsense, or removed. */
const article = fc.tuple(storedArticle, fc.array(change, { maxLength: 2 })).map(([stored, changes]) => changes.reduce(changed, stored));

const STORED = {
  headline: "A headline",
  standfirst: "A standfirst.",
  section: "news",
  authors: ["ada"],
  tags: ["rail"],
  language: "en",
  published: "2026-11-20T08:30:00Z",
  updated: "2026-11-21T08:30:00Z",
  status: "published",
  image: { media: "a.svg", alt: "Alt", caption: "Caption", credit: "Credit", width: 10, height: 10 },
  body: "Body.",
};

describe("the OpenAPI Article schema and validateArticle", () => {
  const schema = articleJsonSchema() as Schema;
  const seen = { storedForm: 0, acceptedByDocument: 0, refused: 0 };

  /** What the document accepts the API accepts; and what the API stores, or accepts as given, the document accepts. */
  function agree(input: Record<string, unknown>): void {
    const result = validateArticle(input, SLUG_IN_URL, SITE);
    const problems = result.ok ? [] : result.problems;
    for (const p of problems) expect(ARTICLE_CODES, `${p.field}: ${p.code}`).toContain(p.code);
    if (accepts(schema, input)) {
      seen.acceptedByDocument++;
      expect(
        problems.filter((p) => !BEYOND_JSON_SCHEMA.has(p.code)),
        JSON.stringify(input),
      ).toEqual([]);
    }
    if (!result.ok) {
      seen.refused++;
      return;
    }
    expect(accepts(schema, result.value), JSON.stringify(result.value)).toBe(true);
    if (isDeepStrictEqual(input, result.value)) {
      seen.storedForm++;
      expect(accepts(schema, input), JSON.stringify(input)).toBe(true);
    }
  }

  it("agree on every near miss of every field, one field at a time", () => {
    for (const key of CHANGEABLE) {
      agree(changed(STORED, { key }));
      for (const value of nearMisses(key)) agree(changed(STORED, { key, value }));
    }
    agree(changed(STORED, { key: "extra", value: 1, inImage: true }));
  });

  const params = fuzzParams(400);
  it(
    "agree on generated articles with up to two fields changed",
    () => {
      Object.assign(seen, { storedForm: 0, acceptedByDocument: 0, refused: 0 });
      fc.assert(fc.property(article, agree), params);
      // Each direction was tried often enough to mean something.
      expect(seen.storedForm).toBeGreaterThan(params.numRuns / 10);
      expect(seen.refused).toBeGreaterThan(params.numRuns / 4);
      expect(seen.acceptedByDocument).toBeGreaterThan(params.numRuns / 10);
    },
    fuzzTimeout(params),
  );

  it("refuses a broken stored article for the same reason as the API, one rule at a time", () => {
    const stored: Record<string, unknown> = {
      headline: "A headline",
      standfirst: "A standfirst.",
      section: "news",
      authors: ["ada"],
      tags: ["rail"],
      language: "en",
      published: "2026-11-20T08:30:00Z",
      status: "published",
      image: { media: "a.svg", alt: "Alt", width: 10, height: 10 },
      body: "Body.",
    };
    expect(accepts(schema, stored)).toBe(true);
    const broken: Record<string, unknown>[] = [
      { headline: x(LIMITS.headline + 1) },
      { headline: "" },
      { headline: "two\nlines" },
      { standfirst: x(LIMITS.standfirst + 1) },
      { section: x(LIMITS.section + 1) },
      { authors: [] },
      { authors: ["ada", "ada"] },
      { authors: ["ada", "bob", "cy", "di", "ed", "flo"] },
      { tags: ["Rail"] },
      { tags: [x(LIMITS.tag + 1)] },
      { tags: Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`) },
      { tags: ["a", "a"] },
      { language: "english!" },
      { published: "2026-02-29" },
      { updated: "2026-11-20T08:30:00" },
      { status: "live" },
      { image: { media: "a.gif", alt: "Alt", width: 10, height: 10 } },
      { image: { media: "a.svg", alt: "Alt", width: 0, height: 10 } },
      { image: { media: "a.svg", alt: "Alt", width: 10, height: 10.5 } },
      { image: { media: "a.svg", alt: "Alt", width: 10, height: 10, size: 1 } },
      { image: { media: "a.svg", width: 10, height: 10 } },
      { body: x(LIMITS.body + 1) },
      { body: "nul\u0000" },
      { slug: "Not A Slug" },
      { extra: 1 },
    ];
    for (const changes of broken) {
      const input = { ...stored, ...changes };
      expect(validateArticle(input, SLUG_IN_URL, SITE).ok, JSON.stringify(changes)).toBe(false);
      expect(accepts(schema, input), JSON.stringify(changes)).toBe(false);
    }
    for (const field of ["headline", "standfirst", "section", "authors", "language", "published", "status", "body"]) {
      const { [field]: _, ...input } = stored;
      expect(accepts(schema, input), field).toBe(false);
    }
  });

  it("states the rules of the code: required fields, limits, patterns, no other fields", () => {
    const properties = schema.properties as Record<string, Schema>;
    expect(Object.keys(properties)).toEqual(ARTICLE_FIELDS);
    expect(schema.required).toEqual(["headline", "standfirst", "section", "authors", "language", "published", "status", "body"]);
    expect(schema.additionalProperties).toBe(false);
    expect(properties.headline?.maxLength).toBe(LIMITS.headline);
    expect(properties.body?.maxLength).toBe(LIMITS.body);
    expect(properties.slug?.pattern).toBe(SLUG.source);
    expect(properties.language?.pattern).toBe(LANGUAGE_TAG.source);
    expect(properties.status?.enum).toEqual(["draft", "published"]);
    expect(properties.authors).toMatchObject({ type: "array", minItems: 1, maxItems: LIMITS.authors, uniqueItems: true });
    const tags = (properties.tags?.anyOf as Schema[] | undefined)?.[0];
    expect(tags).toMatchObject({ maxItems: LIMITS.tags, uniqueItems: true, items: { maxLength: LIMITS.tag, pattern: SLUG.source } });
    const image = ((properties.image?.anyOf as Schema[] | undefined)?.[0] ?? {}) as Schema;
    expect(image.required).toEqual(["media", "alt", "width", "height"]);
    expect(image.additionalProperties).toBe(false);
    expect((image.properties as Record<string, Schema>).media).toMatchObject({ maxLength: LIMITS.media, pattern: MEDIA_NAME.source });
  });

  it("gives the slug in the URL the article's slug rule, and every reference in the document resolves", () => {
    const doc = openApiDocument(schema) as { paths: Record<string, { parameters?: Schema[] }>; components: Record<string, Record<string, unknown>> };
    const slug = (schema.properties as Record<string, Schema>).slug;
    expect(doc.paths["/api/articles/{slug}"]?.parameters?.[0]?.schema).toEqual({ type: "string", pattern: slug?.pattern, maxLength: slug?.maxLength });
    expect(doc.components.schemas?.Article).toBe(schema);
    const text = JSON.stringify(doc);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/(\w+)"/g))
      expect(doc.components[kind ?? ""]?.[name ?? ""], `${kind}/${name}`).toBeDefined();
  });
});

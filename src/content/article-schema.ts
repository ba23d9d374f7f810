// The article as one valibot schema. Validation, the Article type and (at build time, through
// scripts/build-openapi.mjs) the OpenAPI document's Article schema all come from it. The checks that
// need the site configuration (the section and the authors must exist) are in article.ts.

import * as v from "valibot";
import { CONTROL_MESSAGE, type Problem, TEXT, describe, fieldPath, isFields } from "./problems.ts";
import { LANGUAGE_TAG } from "./site.ts";
import { DATE_TIME, DATE_TIME_PATTERN, normaliseDateTime } from "./dates.ts";
import { MAX_SLUG_LENGTH, MEDIA_NAME, MEDIA_RULE, SLUG, SLUG_RULE } from "./slug.ts";

export { normaliseDateTime };

export const LIMITS = {
  headline: 160,
  standfirst: 300,
  section: 120,
  /** Markdown source; about 30,000 words. Caps render time at publish. */
  body: 200_000,
  authors: 5,
  tags: 10,
  tag: 40,
  language: 35,
  media: MAX_SLUG_LENGTH + 5,
  alt: 300,
  caption: 300,
  credit: 120,
  imageSide: 10_000,
} as const;

// ---- Problems: each valibot message also stamps its code on the issue it describes.

type Said = readonly [code: string, message: string];
type Stamped = v.BaseIssue<unknown> & { code?: string; fields?: string[] };

function say(problem: (input: unknown, issue: v.BaseIssue<unknown>) => Said): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => {
    const [code, message] = problem(issue.input, issue);
    (issue as Stamped).code = code;
    return message;
  };
}

const REQUIRED: Said = ["required", "is required"];
const notText = say((input) => ["not_text", `must be text, not ${describe(input)}`]);
const isBlank = (input: unknown) => typeof input !== "string" || !/\S/.test(input);

/** Valibot's issues as problems: one per field (the first), named by path, "(article)" for the whole. */
export function problemsOf(issues: readonly v.BaseIssue<unknown>[], whole: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const issue of issues as readonly Stamped[]) {
    const path = (issue.path ?? []).map((item) => item.key as string | number);
    // valibot's strict objects stop at the first unknown key; editors are told every one.
    const paths = issue.fields ? issue.fields.map((key) => [...path.slice(0, -1), key]) : [path];
    for (const keys of paths) {
      const field = keys.length > 0 ? keys.reduce<string>(fieldPath, "") : whole;
      if (seen.has(field)) continue;
      seen.add(field);
      problems.push({ field, code: issue.code ?? "invalid", message: issue.message });
    }
  }
  return problems;
}

// ---- Field rules.

interface TextField {
  max: number;
  required?: boolean;
  /** Markdown: newlines and tabs allowed, CRLF read as LF, not trimmed. */
  multiline?: boolean;
  /** A stricter pattern than "no control characters", with what to say when it fails. */
  pattern?: readonly [RegExp, (text: string) => Said];
}

function text({ max, required = false, multiline = false, pattern }: TextField) {
  const allowed = pattern?.[0] ?? (multiline ? (required ? TEXT.multilineRequired : TEXT.multiline) : required ? TEXT.singleLineRequired : TEXT.singleLine);
  return v.pipe(
    v.string(say((input) => (input === null || input === undefined ? REQUIRED : ["not_text", `must be text, not ${describe(input)}`]))),
    multiline ? v.transform((s: string) => s.replace(/\r\n?/g, "\n")) : v.trim(),
    v.maxLength(
      max,
      say((input) => ["too_long", `is ${String(input).length} characters long; the limit is ${max}`]),
    ),
    v.regex(
      allowed,
      say((input) => {
        if (required && isBlank(input)) return REQUIRED;
        if (pattern) return pattern[1](String(input));
        return ["control_characters", multiline ? CONTROL_MESSAGE.multiline : CONTROL_MESSAGE.singleLine];
      }),
    ),
  );
}

/** Absent, null and "" all mean "not given": the field is left out of the article. */
function optional<T extends v.GenericSchema>(schema: T, description: string) {
  return v.pipe(
    v.nullish(schema),
    v.transform((value) => (value === "" || value === null ? undefined : value)),
    v.description(description),
  );
}

const slug = v.pipe(
  v.string(notText),
  v.maxLength(
    MAX_SLUG_LENGTH,
    say((input) => ["invalid_slug", `"${String(input)}" is not a valid slug: ${SLUG_RULE}`]),
  ),
  v.regex(
    SLUG,
    say((input) => ["invalid_slug", `"${String(input)}" is not a valid slug: ${SLUG_RULE}`]),
  ),
);

const EXAMPLE_TIME = 'an ISO 8601 time such as "2026-11-20T08:30:00Z"';

function dateTime(required: boolean) {
  const notATime = (input: unknown): Said => ["invalid_date", `${JSON.stringify(input)} is not ${EXAMPLE_TIME}`];
  return v.pipe(
    v.string(say((input) => (input === null || input === undefined ? ["required", `is required: ${EXAMPLE_TIME}`] : notATime(input)))),
    // Only "" (and null) stand for "no time"; whitespace is a time left out by mistake.
    v.check((s: string) => s === "" || /\S/.test(s), say(notATime)),
    v.trim(),
    v.regex(
      required ? DATE_TIME_PATTERN : new RegExp(`^(?:${DATE_TIME})?$`),
      say((input) => (input === "" ? ["required", `is required: ${EXAMPLE_TIME}`] : notATime(input))),
    ),
    // The pattern admits only times Date.parse reads, so only "" is left as it is.
    v.transform((s: string) => normaliseDateTime(s) ?? s),
  );
}

const AUTHORS_REQUIRED = `is required: list 1 to ${LIMITS.authors} author slugs from site.json`;
const WHOLE_SIDE = `must be a whole number from 1 to ${LIMITS.imageSide}`;
const side = v.pipe(
  v.number(say((input) => (input === null || input === undefined ? REQUIRED : ["not_a_number", WHOLE_SIDE]))),
  v.integer(say(() => ["not_an_integer", WHOLE_SIDE])),
  v.minValue(
    1,
    say(() => ["out_of_range", WHOLE_SIDE]),
  ),
  v.maxValue(
    LIMITS.imageSide,
    say(() => ["out_of_range", WHOLE_SIDE]),
  ),
);

/** Reports the second and later copies of an entry (valid or not: an invalid one has its own problem). */
/** Each repeated entry of a list, once; a list already over its limit has that one problem only. */
const noDuplicates = (max: number) =>
  v.rawCheck<string[]>(({ dataset, addIssue }) => {
    const items: unknown = dataset.value;
    if (!Array.isArray(items) || items.length > max) return;
    const seen = new Set<unknown>();
    items.forEach((item, key) => {
      if (seen.has(item)) {
        addIssue({
          message: say(() => ["duplicate", `"${String(item)}" is listed twice`]),
          path: [{ type: "array", origin: "value", input: items, key, value: item }],
        });
      }
      seen.add(item);
    });
  });

function list<T extends v.GenericSchema<unknown, string>>(item: T, max: number, missing = "is required") {
  return v.pipe(
    v.array(
      item,
      say((input) => (input === null || input === undefined ? ["required", missing] : ["not_a_list", `must be a list, not ${describe(input)}`])),
    ),
    v.maxLength(
      max,
      say((input) => ["too_many", `has ${(input as unknown[]).length} entries; the limit is ${max}`]),
    ),
    noDuplicates(max),
    v.metadata({ uniqueItems: true }),
  );
}

/** An object with exactly these fields; `required` says what a missing field should hold. */
function strict<E extends v.ObjectEntries>(entries: E, what: string, required: { readonly [K in keyof E]?: string } = {}) {
  const allowed = Object.keys(entries);
  const object = v.strictObject(
    entries,
    say((_, issue) => {
      const at = issue.path?.[0];
      if (issue.expected === "never" && at) {
        (issue as Stamped).fields = Object.keys(at.input as object).filter((key) => !allowed.includes(key));
        return ["unknown_field", `unknown field; expected one of: ${allowed.join(", ")}`];
      }
      return ["required", required[at?.key as keyof E] ?? "is required"];
    }),
  );
  // valibot's objects take arrays too (they are objects to typeof), so a list is refused first.
  return v.pipe(
    v.custom<v.InferInput<typeof object>>(
      isFields,
      say((input) => ["not_an_object", `must be an object ${what}, not ${describe(input)}`]),
    ),
    object,
  );
}

/** Drops the optional fields that were given as null or "". */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

// ---- The article.

const image = v.pipe(
  strict(
    {
      media: v.pipe(
        text({ max: LIMITS.media, required: true, pattern: [MEDIA_NAME, (name) => ["invalid_media_name", `"${name}": ${MEDIA_RULE}`]] }),
        v.description("An uploaded media name."),
      ),
      alt: text({ max: LIMITS.alt, required: true }),
      caption: optional(text({ max: LIMITS.caption }), "Shown under the image."),
      credit: optional(text({ max: LIMITS.credit }), "Who made the image: photographer, agency."),
      width: side,
      height: side,
    },
    "(media, alt, caption, credit, width, height)",
  ),
  v.transform(compact),
);

const ARTICLE_ENTRIES = {
  slug: v.optional(v.pipe(slug, v.description("Optional; must equal the slug in the URL."))),
  headline: text({ max: LIMITS.headline, required: true }),
  standfirst: text({ max: LIMITS.standfirst, required: true }),
  section: v.pipe(text({ max: LIMITS.section, required: true }), v.description("A section path from site.json: news/middle-east.")),
  authors: v.pipe(
    list(v.string(notText), LIMITS.authors, AUTHORS_REQUIRED),
    v.minLength(
      1,
      say(() => ["too_few", "needs at least 1 entry"]),
    ),
    v.description("Author slugs from site.json."),
  ),
  tags: v.nullish(
    list(
      v.pipe(
        v.string(notText),
        v.maxLength(
          LIMITS.tag,
          say((input) => ["too_long", `"${String(input)}" is ${String(input).length} characters long; a tag is at most ${LIMITS.tag}`]),
        ),
        v.regex(
          SLUG,
          say((input) => ["invalid_slug", `"${String(input)}": ${SLUG_RULE}`]),
        ),
      ),
      LIMITS.tags,
    ),
    () => [],
  ),
  language: v.pipe(
    text({
      max: LIMITS.language,
      required: true,
      pattern: [LANGUAGE_TAG, (tag) => ["invalid_language", `"${tag}" is not a BCP 47 language tag such as "en", "en-GB" or "ar"`]],
    }),
    v.description("BCP 47: en, en-GB, ar."),
  ),
  published: v.pipe(dateTime(true), v.description("ISO 8601 date, or date-time with a zone; stored in UTC. A future time schedules the story.")),
  updated: optional(dateTime(false), "ISO 8601, as published; not before it."),
  status: v.pipe(
    v.picklist(
      ["draft", "published"],
      say((input) =>
        input === null || input === undefined
          ? ["required", 'is required: "draft" or "published"']
          : ["invalid_status", `must be "draft" or "published", not ${JSON.stringify(input)}`],
      ),
    ),
    v.description('A "draft" is stored but shown nowhere: set it to unpublish.'),
  ),
  image: optional(image, "The lead image: at the top of the story and in listings."),
  body: v.pipe(text({ max: LIMITS.body, required: true, multiline: true }), v.description("CommonMark; raw HTML is escaped; images only /media/<name>.")),
};

/** The fields an article may have, in the order it is stored with. */
export const ARTICLE_FIELDS = Object.keys(ARTICLE_ENTRIES);

/**
 * The article as a seed file or an API request gives it. Text is trimmed (the body only has CRLF read
 * as LF), times are normalised to UTC, and optional fields given as null or "" are left out.
 */
export const ArticleInput = v.pipe(
  strict(ARTICLE_ENTRIES, "with the article's fields", {
    authors: AUTHORS_REQUIRED,
    published: `is required: ${EXAMPLE_TIME}`,
    status: 'is required: "draft" or "published"',
  }),
  v.forward(
    v.partialCheck(
      [["published"], ["updated"]],
      (article) => !article.updated || Date.parse(article.updated) >= Date.parse(article.published),
      say((input) => {
        const { published, updated } = input as { published: string; updated: string };
        return ["before_published", `${updated} is before the published time ${published}`];
      }),
    ),
    ["updated"],
  ),
  v.transform(compact),
  v.description(
    'Single-line text is trimmed and the body\'s CRLF read as LF; times are stored in UTC; an optional field given as null or "" is left out. Text holds no control characters (the body may hold newlines and tabs).',
  ),
);

/** A stored article: as validated, under its slug. */
export type Article = { [K in keyof ArticleFields]: ArticleFields[K] };
type ArticleFields = v.InferOutput<typeof ArticleInput> & { slug: string };
export type LeadImage = NonNullable<Article["image"]>;
export type ArticleStatus = Article["status"];

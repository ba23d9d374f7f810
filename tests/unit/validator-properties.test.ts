// Property tests over validation: arbitrary JSON (and near-valid articles and policies with any field
// replaced by anything) never makes a validator throw; every answer is "valid" or a list of problems
// naming a field; and the JSON depth check agrees with the real depth of any value.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, jsonDepth } from "../../src/api/body.ts";
import { mergePatch } from "../../src/publish/merge-patch.ts";
import { validateArticle } from "../../src/content/article.ts";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { prepareRecord } from "../../src/content/record.ts";
import { validateSite } from "../../src/content/site.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";
import { seedSite } from "../support/site.ts";
import { POLICY } from "./policy-fixture.ts";

const site = seedSite();
const params = fuzzParams(500);

const VALID_ARTICLE = {
  headline: "Harbour ferry timetable changes for winter",
  standfirst: "Fewer sailings on weekday evenings.",
  section: "news",
  authors: ["ruth-calloway"],
  tags: ["transport"],
  language: "en",
  published: "2026-11-24T08:00:00Z",
  status: "published",
  image: { media: "harbour-flood-wall.svg", alt: "A wall", width: 1200, height: 675 },
  body: "The harbour authority has published its winter timetable.",
};

/** Any JSON value, including awkward keys (__proto__, constructor) and deep nesting. */
const anyJson = fc.jsonValue({ maxDepth: 6 });
const awkwardKey = fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", " ", "headline ");

/** A valid document with one field (top level or nested) replaced by any JSON value, or removed, or added. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = [...Object.keys(valid), "extra"];
  return fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: anyJson }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc
      .record({ key: awkwardKey, value: anyJson })
      .map(({ key, value }) => JSON.parse(JSON.stringify({ ...valid }).replace(/^\{/, () => `{${JSON.stringify(key)}:${JSON.stringify(value)},`))),
    anyJson,
  );
}

function expectProblems(result: { ok: boolean; problems?: { field: unknown; message: unknown }[] }): void {
  if (result.ok) return;
  expect(result.problems?.length).toBeGreaterThan(0);
  for (const p of result.problems ?? []) {
    expect(typeof p.field).toBe("string");
    expect(typeof p.message).toBe("string");
  }
}

function depthOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe("validator properties", () => {
  it(
    "article validation and publish preparation never throw on any input, and name a field for every problem",
    async () => {
      await fc.assert(
        fc.asyncProperty(mutated(VALID_ARTICLE), async (input) => {
          expectProblems(validateArticle(input, "property-story", site));
          expectProblems(await prepareRecord(input, "property-story", site, renderMarkdown));
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "any slug in the URL is accepted only when it follows the slug rules",
    () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 100 }), (slug) => {
          const result = validateArticle(VALID_ARTICLE, slug, site);
          expect(result.ok).toBe(/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) && slug.length <= 80);
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "policy checks never throw on any input, and a policy is returned only when there is no error",
    () => {
      fc.assert(
        fc.property(mutated(POLICY as unknown as Record<string, unknown>), (input) => {
          const check = checkPolicy(input);
          for (const p of [...check.errors, ...check.warnings]) expect(typeof p.field).toBe("string");
          expect(check.policy === undefined).toBe(check.errors.length > 0);
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "site config validation never throws on any input",
    () => {
      fc.assert(
        fc.property(anyJson, (input) => {
          expectProblems(validateSite(input));
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it(
    "a merge patch of any JSON within the depth limit never throws and never touches a prototype",
    () => {
      fc.assert(
        fc.property(
          anyJson,
          fc.oneof(
            anyJson,
            anyJson.map((v) => JSON.parse(`{"__proto__":{"polluted":${JSON.stringify(v)}},"a":1}`) as unknown),
          ),
          (target, patch) => {
            const result = mergePatch(target, patch) as Record<string, unknown>;
            expect(Object.getPrototypeOf({})).toBe(Object.prototype);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
            if (typeof result === "object" && result !== null && !Array.isArray(result)) expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
          },
        ),
        params,
      );
    },
    fuzzTimeout(params),
  );

  it("the JSON depth check agrees with the real depth of any value, whatever its strings contain", () => {
    const brackets = fc.string({ unit: fc.constantFrom("[", "]", "{", "}", '"', "\\", "a"), maxLength: 20 });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 10 }), brackets, (value, noise) => {
        const text = JSON.stringify([value, noise]);
        expect(jsonDepth(text)).toBe(depthOf([value, noise]));
      }),
      params,
    );
    expect(jsonDepth("[".repeat(MAX_JSON_DEPTH + 5))).toBe(MAX_JSON_DEPTH + 1);
  });
});

// Validation helpers (src/content/problems.ts) behind the article, site and policy checks: field paths,
// unknown fields, text and number fields, and the compiler-style problem lines.

import { describe as group, expect, it } from "vitest";
import {
  CONTROL_MESSAGE,
  type Problem,
  TEXT,
  describe,
  fieldPath,
  formatProblems,
  isFields,
  readInteger,
  readText,
  unknownFields,
} from "../../src/content/problems.ts";

const text = (value: unknown, rule: Parameters<typeof readText>[2], prefix = "") => {
  const problems: Problem[] = [];
  const result = readText({ field: value }, "field", rule, prefix, problems);
  return { result, problems };
};
const integer = (value: unknown, min = 1, max = 10) => {
  const problems: Problem[] = [];
  const result = readInteger({ n: value }, "n", min, max, "image", problems);
  return { result, problems };
};

group("isFields", () => {
  it("is true for plain objects only", () => {
    expect(isFields({})).toBe(true);
    expect(isFields({ a: 1 })).toBe(true);
    for (const value of [null, undefined, [], "x", 1, true]) expect(isFields(value), String(value)).toBe(false);
  });
});

group("fieldPath", () => {
  it("joins names with dots and positions with brackets", () => {
    expect(fieldPath("image", "alt")).toBe("image.alt");
    expect(fieldPath("", "alt")).toBe("alt");
    expect(fieldPath("rules", 2)).toBe("rules[2]");
    expect(fieldPath("", 0)).toBe("[0]");
  });
});

group("unknownFields", () => {
  it("names every key not allowed, with the ones that are", () => {
    const problems: Problem[] = [];
    unknownFields({ a: 1, b: 2, c: 3 }, ["a"], "image", problems);
    expect(problems).toEqual([
      { field: "image.b", code: "unknown_field", message: "unknown field; expected one of: a" },
      { field: "image.c", code: "unknown_field", message: "unknown field; expected one of: a" },
    ]);
    const none: Problem[] = [];
    unknownFields({ a: 1, b: 2 }, ["a", "b", "c"], "", none);
    expect(none).toEqual([]);
  });
});

group("readText", () => {
  it("returns trimmed text", () => {
    expect(text("  Hello  ", { max: 10 })).toEqual({ result: "Hello", problems: [] });
  });

  it("treats absent, null and empty as not given, a problem only when required", () => {
    for (const value of [undefined, null, ""]) {
      expect(text(value, { max: 10 })).toEqual({ result: undefined, problems: [] });
      expect(text(value, { max: 10, required: true }, "image")).toEqual({
        result: undefined,
        problems: [{ field: "image.field", code: "required", message: "is required" }],
      });
    }
  });

  it("refuses blank text for a required field only", () => {
    expect(text("   ", { max: 10, required: true })).toEqual({ result: undefined, problems: [{ field: "field", code: "required", message: "is required" }] });
    expect(text("   ", { max: 10 })).toEqual({ result: "", problems: [] });
    expect(text(" \n\t\n", { max: 10, required: true, multiline: true })).toEqual({
      result: undefined,
      problems: [{ field: "field", code: "required", message: "is required" }],
    });
  });

  it("names what was given instead of text", () => {
    expect(text(3, { max: 10 }).problems).toEqual([{ field: "field", code: "not_text", message: "must be text, not a number" }]);
    expect(text([], { max: 10 }).problems[0]?.message).toBe("must be text, not a list");
  });

  it("measures length after trimming, and allows exactly the limit", () => {
    expect(text(" abc ", { max: 3 })).toEqual({ result: "abc", problems: [] });
    expect(text("abcd", { max: 3 })).toEqual({
      result: undefined,
      problems: [{ field: "field", code: "too_long", message: "is 4 characters long; the limit is 3" }],
    });
  });

  it("refuses control characters, allowing line breaks and tabs in multiline text only", () => {
    expect(text("a\tb", { max: 10 }).problems).toEqual([
      { field: "field", code: "control_characters", message: "must be a single line without control characters" },
    ]);
    expect(text("a\nb", { max: 10 }).problems[0]?.code).toBe("control_characters");
    expect(text("a\nb\tc", { max: 10, multiline: true })).toEqual({ result: "a\nb\tc", problems: [] });
    expect(text("a\u0007b", { max: 10, multiline: true }).problems).toEqual([
      { field: "field", code: "control_characters", message: "contains control characters" },
    ]);
  });

  it("reads CRLF and CR as LF in multiline text, and keeps its spaces", () => {
    expect(text(" a\r\nb\rc ", { max: 10, multiline: true })).toEqual({ result: " a\nb\nc ", problems: [] });
    // The limit counts the text after CRLF became LF.
    expect(text("ab\r\ncd", { max: 5, multiline: true }).result).toBe("ab\ncd");
  });
});

group("TEXT patterns", () => {
  it("refuse C0 and C1 controls, the BOM, noncharacters and lone surrogates, and accept pairs", () => {
    for (const bad of ["\u0000", "\u001f", "\u007f", "\u0085", "\u009f", "\ufeff", "\ufffe", "\uffff", "\ud800", "\udfff", "a\ud800b"])
      expect(TEXT.singleLine.test(bad), JSON.stringify(bad)).toBe(false);
    for (const good of ["", " ", "~", "\u00a0", "é", "😀", "\ud7ff", "\ue000", "\ufffd"]) expect(TEXT.singleLine.test(good), JSON.stringify(good)).toBe(true);
    expect(TEXT.multiline.test("a\n\tb")).toBe(true);
    expect(TEXT.multiline.test("a\u000bb")).toBe(false);
    expect(TEXT.multiline.test("a\u0008b")).toBe(false);
    expect(TEXT.multiline.test("\r")).toBe(false);
  });

  it("ask the required forms for something other than whitespace", () => {
    expect(TEXT.singleLineRequired.test("")).toBe(false);
    expect(TEXT.singleLineRequired.test("  ")).toBe(false);
    expect(TEXT.singleLineRequired.test(" a ")).toBe(true);
    expect(TEXT.multilineRequired.test("\n\t\n")).toBe(false);
    expect(TEXT.multilineRequired.test("\nx\n")).toBe(true);
    expect(CONTROL_MESSAGE).toEqual({ singleLine: "must be a single line without control characters", multiline: "contains control characters" });
  });
});

group("readInteger", () => {
  it("takes whole numbers within the bounds, the bounds included", () => {
    expect(integer(1)).toEqual({ result: 1, problems: [] });
    expect(integer(10)).toEqual({ result: 10, problems: [] });
  });

  it("names a missing number", () => {
    for (const value of [undefined, null])
      expect(integer(value)).toEqual({ result: undefined, problems: [{ field: "image.n", code: "required", message: "is required" }] });
  });

  it("refuses numbers outside the bounds, fractions and text", () => {
    for (const value of [0, 11, 1.5, "5", Number.NaN])
      expect(integer(value), String(value)).toEqual({
        result: undefined,
        problems: [{ field: "image.n", code: "out_of_range", message: "must be a whole number from 1 to 10" }],
      });
  });
});

group("describe", () => {
  it("names a value's kind for messages", () => {
    expect(describe(null)).toBe("null");
    expect(describe([1])).toBe("a list");
    expect(describe({})).toBe("an object");
    expect(describe("x")).toBe("a string");
    expect(describe(1)).toBe("a number");
    expect(describe(true)).toBe("a boolean");
    expect(describe(undefined)).toBe("a undefined");
  });
});

group("formatProblems", () => {
  const problems: Problem[] = [
    { field: "headline", code: "required", message: "is required" },
    { field: "image.alt", code: "too_long", message: "is too long" },
  ];

  it("writes one line per problem, with the source when given", () => {
    expect(formatProblems(problems)).toBe("headline: is required\nimage.alt: is too long");
    expect(formatProblems(problems, "kv-seed/a.json")).toBe("kv-seed/a.json: headline: is required\nkv-seed/a.json: image.alt: is too long");
    expect(formatProblems([])).toBe("");
  });
});

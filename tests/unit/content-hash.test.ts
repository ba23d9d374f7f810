// Content hashes (src/content/hash.ts): the version an article is stored under and the API's ETag.

import { describe, expect, it } from "vitest";
import { contentHash } from "../../src/content/hash.ts";

describe("contentHash", () => {
  it("gives the same hash for the same text, today's as before (stored versions and ETags depend on it)", () => {
    expect(contentHash('{"a":1}')).toBe("7-17n1rz14gl41nu9hiboiee");
    expect(contentHash('{"a":1}')).toBe(contentHash('{"a":1}'));
  });

  it("starts with the length in base 36", () => {
    expect(contentHash("")).toMatch(/^0-[0-9a-z]+$/);
    expect(contentHash("x".repeat(36))).toMatch(/^10-/);
  });

  it("changes with any one character, its position, or the seed half", () => {
    const base = "The rain returns to the valley";
    const seen = new Set([contentHash(base)]);
    for (let i = 0; i < base.length; i++) {
      const changed = `${base.slice(0, i)}${String.fromCharCode(base.charCodeAt(i) + 1)}${base.slice(i + 1)}`;
      seen.add(contentHash(changed));
    }
    seen.add(contentHash("ab"));
    seen.add(contentHash("ba"));
    expect(seen.size).toBe(base.length + 3);
  });

  it("gives known values for short texts", () => {
    expect(contentHash("")).toBe("0-26c8wzs8fs1kz98hrb9of");
    expect(contentHash("a")).toBe("1-1guuo3poulb259fwfz8om");
    expect(contentHash("The rain returns")).toBe("g-26j4mribpedw1v433ubvo");
  });
});

// Content hashes name every blob of the read projection: the same text always gets the same name, and
// different texts different names (a collision would show one story's content under another's name).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentHash } from "../../src/content/hash.ts";
import { fuzzParams } from "../support/fuzz.ts";

describe("contentHash", () => {
  it("is the text's length in base 36, then two hashes of it", () => {
    expect(contentHash('{"a":1}')).toBe("7-17n1rz14gl41nu9hiboiee");
    expect(contentHash("")).toMatch(/^0-[0-9a-z]+$/);
    expect(contentHash("x".repeat(100))).toMatch(/^2s-[0-9a-z]+$/);
  });

  it("gives the same text the same name, every time", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(contentHash(text)).toBe(contentHash(`${text}`));
      }),
      fuzzParams(200),
    );
  });

  it("tells apart texts that differ in one character, in their order or in their case", () => {
    const base = JSON.stringify({ slug: "harbour-ferry", headline: "Harbour ferry timetable changes", published: 1795000000000 });
    const variants = [
      base,
      base.replace("ferry", "ferrz"),
      base.replace("Harbour ferry timetable", "Harbour Ferry timetable"),
      base.replace("1795000000000", "1795000000001"),
      JSON.stringify({ headline: "Harbour ferry timetable changes", slug: "harbour-ferry", published: 1795000000000 }),
      `${base} `,
    ];
    expect(new Set(variants.map(contentHash)).size).toBe(variants.length);
  });

  it("has no collision among 20,000 similar blobs", () => {
    const names = new Set<string>();
    for (let i = 0; i < 20_000; i++) names.add(contentHash(JSON.stringify([{ slug: `story-${i}`, n: i % 7 }])));
    expect(names.size).toBe(20_000);
  });

  it("names only with characters a KV key may hold", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(contentHash(text)).toMatch(/^[0-9a-z]+-[0-9a-z]+$/);
      }),
      fuzzParams(200),
    );
  });
});

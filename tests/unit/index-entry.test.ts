import { describe, expect, it } from "vitest";
import type { ArticleSummary } from "../../src/content/record.ts";
import { METADATA_LIMIT, packSummary, truncate, unpackSummary } from "../../src/store/index-entry.ts";

const summary: ArticleSummary = {
  slug: "s",
  headline: "Headline",
  standfirst: "Standfirst",
  section: "news",
  language: "en",
  published: 1_700_000_000_000,
  authors: ["ada"],
  image: { media: "a.svg", alt: "Alt", width: 1200, height: 675 },
};

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe("listing metadata", () => {
  it("round-trips a summary", () => {
    expect(unpackSummary("s", JSON.parse(JSON.stringify(packSummary(summary))))).toEqual(summary);
  });

  it("fits KV's 1,024-byte limit with the longest allowed Arabic fields", () => {
    const long = {
      ...summary,
      headline: "ع".repeat(160),
      standfirst: "ب".repeat(300),
      authors: ["a".repeat(80), "b".repeat(80)],
      image: { media: "x.svg", alt: "ت".repeat(300), width: 1, height: 1 },
    };
    const packed = packSummary(long);
    expect(bytes(packed)).toBeLessThanOrEqual(METADATA_LIMIT);
    expect(packed.h.length).toBeGreaterThan(40);
  });

  it("skips malformed metadata instead of failing", () => {
    expect(unpackSummary("s", null)).toBeUndefined();
    expect(unpackSummary("s", { h: 1 })).toBeUndefined();
    expect(unpackSummary("s", "text")).toBeUndefined();
  });

  it("truncates on a word boundary with an ellipsis", () => {
    expect(truncate("one two three four five", 16)).toBe("one two three…");
    expect(truncate("short", 10)).toBe("short");
  });
});

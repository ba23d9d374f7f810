// Content-defined chunks of a listing (src/publish/chunks.ts): a chunk ends after a slug that hashes to a
// boundary, so publishing one story rewrites only the chunk it lands in, and every other chunk keeps its
// name (no new KV write). No chunk grows past CHUNK_MAX.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHUNK_MAX, CHUNK_TARGET, chunkRanges, isBoundary } from "../../src/publish/chunks.ts";
import { fuzzParams } from "../support/fuzz.ts";

/** The chunks of a listing of slugs, as lists of slugs. */
function chunksOf(slugs: string[]): string[][] {
  return chunkRanges(slugs.map(isBoundary)).map(([start, end]) => slugs.slice(start, end));
}

const slugs = (n: number, prefix = "story") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("chunkRanges", () => {
  it("ends a chunk after each boundary and keeps the rest as a last chunk", () => {
    expect(chunkRanges([false, true, false])).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(chunkRanges([true, true])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(chunkRanges([false, false])).toEqual([[0, 2]]);
    expect(chunkRanges([])).toEqual([]);
  });

  it("cuts a chunk at CHUNK_MAX items when no slug is a boundary", () => {
    const ranges = chunkRanges(Array(CHUNK_MAX * 2 + 5).fill(false));
    expect(ranges).toEqual([
      [0, CHUNK_MAX],
      [CHUNK_MAX, CHUNK_MAX * 2],
      [CHUNK_MAX * 2, CHUNK_MAX * 2 + 5],
    ]);
  });

  it("covers every item once, in order, in chunks of 1 to CHUNK_MAX items", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 2_000 }), (boundaries) => {
        const ranges = chunkRanges(boundaries);
        let next = 0;
        for (const [start, end] of ranges) {
          expect(start).toBe(next);
          expect(end - start).toBeGreaterThanOrEqual(1);
          expect(end - start).toBeLessThanOrEqual(CHUNK_MAX);
          next = end;
        }
        expect(next).toBe(boundaries.length);
      }),
      fuzzParams(200),
    );
  });
});

describe("boundaries from slugs", () => {
  it("depend on the slug alone", () => {
    for (const slug of slugs(200)) expect(isBoundary(slug)).toBe(isBoundary(`${slug}`));
  });

  it("give chunks of about CHUNK_TARGET stories on average, so a listing page usually reads one chunk", () => {
    const chunks = chunksOf(slugs(20_000));
    const average = 20_000 / chunks.length;
    expect(average).toBeGreaterThan(CHUNK_TARGET / 2);
    expect(average).toBeLessThan(CHUNK_TARGET * 2);
  });

  it("publishing a story changes only the chunk it lands in (or splits it in two, when its slug is a boundary)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.nat(), fc.stringMatching(/^[a-z0-9]{1,12}$/), (n, at, word) => {
        const before = slugs(n);
        const story = `new-${word}`;
        const after = [...before];
        after.splice(at % (n + 1), 0, story);
        const old = chunksOf(before).map((c) => JSON.stringify(c));
        const now = chunksOf(after);
        const holding = now.findIndex((c) => c.includes(story));
        // The chunk the story lands in changes; when its slug is a boundary, the rest of that chunk becomes a
        // new chunk after it. Every other chunk existed before, unchanged (its name, and no write).
        const changed = new Set([holding, ...(isBoundary(story) ? [holding + 1] : [])]);
        const untouched = now.filter((_, i) => !changed.has(i)).map((c) => JSON.stringify(c));
        for (const chunk of untouched) expect(old).toContain(chunk);
        expect(untouched.length).toBeGreaterThanOrEqual(old.length - 1);
      }),
      fuzzParams(300),
    );
  });
});

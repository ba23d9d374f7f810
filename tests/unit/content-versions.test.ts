// Earlier content versions in the pointer: stored as differences, read back whole; and which versions a
// pointer must offer a lagging reader.

import { describe, expect, it } from "vitest";
import { versionsToKeep } from "../../src/publish/drain.ts";
import { ARTICLE_SHARDS, type ContentRefs, LISTING_SHARDS, diffOf, refsOf } from "../../src/store/format.ts";
import { SETTLE_MS } from "../../src/store/visibility.ts";

function refs(seq: number, changed: number[] = []): ContentRefs {
  const hash = (kind: string, i: number) => `${kind}${i}-${changed.includes(i) ? seq : 0}`;
  return {
    seq,
    articles: Array.from({ length: ARTICLE_SHARDS }, (_, i) => hash("a", i)),
    listings: Array.from({ length: LISTING_SHARDS }, (_, i) => hash("l", i)),
    days: `d${seq}`,
    tags: "t",
    scheduled: seq % 2 ? [1, 2] : [2],
  };
}

describe("content versions", () => {
  it("a difference names only what changed and gives the whole version back", () => {
    const base = refs(9, [1, 5]);
    const older = refs(7, [3]);
    const diff = diffOf(older, base);
    expect(Object.keys(diff.articles ?? {}).sort()).toEqual(["1", "3", "5"]);
    expect(diff.tags).toBeUndefined();
    expect(refsOf(diff, base)).toEqual(older);
    expect(refsOf(diffOf(base, base), base)).toEqual(base);
  });

  it("keeps every version of the last SETTLE_MS and the newest one before them", () => {
    const now = 1_000_000;
    const at = (ago: number, seq: number) => ({ at: now - ago, refs: refs(seq) });
    const versions = [at(1_000, 5), at(30_000, 4), at(SETTLE_MS - 1, 3), at(SETTLE_MS + 1, 2), at(SETTLE_MS + 60_000, 1)];
    expect(versionsToKeep(versions, now).map((v) => v.refs.seq)).toEqual([5, 4, 3, 2]);
    expect(versionsToKeep([at(SETTLE_MS * 2, 1)], now).map((v) => v.refs.seq)).toEqual([1]);
    expect(versionsToKeep([], now)).toEqual([]);
  });
});

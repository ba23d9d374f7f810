// Content-defined chunks of a listing: a chunk ends after an item whose slug hashes to a boundary, so
// publishing a story rewrites only the chunk it lands in; the other chunks keep their names (and need
// no new write).

import { fnv1a } from "../store/format.ts";

/** Average items per chunk: a listing page usually reads one chunk. */
export const CHUNK_TARGET = 64;
/** No chunk grows past this, whatever the slugs hash to. */
export const CHUNK_MAX = 512;

export function isBoundary(slug: string): boolean {
  return fnv1a(`chunk|${slug}`) % CHUNK_TARGET === 0;
}

/**
 * The [start, end) ranges of the chunks of an ordered listing.
 * @example chunkRanges([false, true, false]) // [[0, 2], [2, 3]]
 */
export function chunkRanges(boundaries: readonly boolean[]): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < boundaries.length; i++) {
    if (boundaries[i] || i + 1 - start >= CHUNK_MAX) {
      ranges.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < boundaries.length) ranges.push([start, boundaries.length]);
  return ranges;
}

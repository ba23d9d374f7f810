// A listing entry's KV metadata: an article summary packed into KV's 1,024-byte metadata limit.

import type { ArticleSummary } from "../content/record.ts";

export const METADATA_LIMIT = 1024;

/** The packed form; short names because every byte counts against the limit. */
interface Packed {
  h: string;
  s: string;
  c: string;
  l: string;
  p: number;
  u?: number;
  a: string[];
  i?: [string, string, number, number];
}

const encoder = new TextEncoder();

function byteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).length;
}

/** Cuts text to `max` characters on a word boundary where one is near, ending with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Packs a summary, shortening the standfirst, then the image alt text, then the headline, until it fits. */
export function packSummary(summary: ArticleSummary): Packed {
  const packed: Packed = {
    h: summary.headline,
    s: summary.standfirst,
    c: summary.section,
    l: summary.language,
    p: summary.published,
    ...(summary.updated ? { u: summary.updated } : {}),
    a: summary.authors,
    ...(summary.image ? { i: [summary.image.media, summary.image.alt, summary.image.width, summary.image.height] as [string, string, number, number] } : {}),
  };
  // The listing key also counts against the limit in some KV implementations; keep a margin.
  const budget = METADATA_LIMIT - 64;
  while (byteLength(packed) > budget) {
    if (packed.s.length > 40) packed.s = truncate(packed.s, Math.floor(packed.s.length * 0.8));
    else if (packed.i && packed.i[1].length > 40) packed.i[1] = truncate(packed.i[1], Math.floor(packed.i[1].length * 0.8));
    else if (packed.h.length > 40) packed.h = truncate(packed.h, Math.floor(packed.h.length * 0.8));
    else if (packed.a.length > 1) packed.a = packed.a.slice(0, 1);
    else break;
  }
  return packed;
}

/** Unpacks listing metadata; undefined when it is missing or malformed (the entry is then skipped). */
export function unpackSummary(slug: string, metadata: unknown): ArticleSummary | undefined {
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const m = metadata as Partial<Packed>;
  if (
    typeof m.h !== "string" ||
    typeof m.s !== "string" ||
    typeof m.c !== "string" ||
    typeof m.l !== "string" ||
    typeof m.p !== "number" ||
    !Array.isArray(m.a)
  ) {
    return undefined;
  }
  const image =
    Array.isArray(m.i) && m.i.length === 4 ? { media: String(m.i[0]), alt: String(m.i[1]), width: Number(m.i[2]), height: Number(m.i[3]) } : undefined;
  return {
    slug,
    headline: m.h,
    standfirst: m.s,
    section: m.c,
    language: m.l,
    published: m.p,
    ...(typeof m.u === "number" ? { updated: m.u } : {}),
    authors: m.a.filter((a): a is string => typeof a === "string"),
    ...(image ? { image } : {}),
  };
}

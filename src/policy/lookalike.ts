// /verify?host=NAME: is NAME one of this site's addresses, or a look-alike of one (another spelling in
// Unicode or Punycode, extra or missing labels, swapped or changed letters)? Pure; the page words are the
// renderer's, this gives the verdict, the host imitated, how, and a short English explanation.

import type { DomainPolicy } from "./types.ts";
import { hostToUnicode } from "./punycode.ts";

export type LookalikeKind = "confusable" | "extra-labels" | "embedded" | "missing-labels" | "other-ending" | "swapped" | "misspelt";

export type HostCheck =
  | { verdict: "ours"; input: string; host: string; unicode: string; explanation: string }
  | { verdict: "lookalike"; input: string; host: string; unicode: string; imitates: string; how: LookalikeKind; explanation: string }
  | { verdict: "unknown"; input: string; host: string; unicode: string; explanation: string }
  | { verdict: "invalid"; input: string; explanation: string };

/**
 * The names a reader may meet: public hosts, every host a rule or the default sends readers to (a standby
 * host brought in is not public, yet readers arrive there), the primary and canonical hosts, the onion
 * address. Without ports: readers type names.
 */
export function ourHostNames(policy: DomainPolicy): string[] {
  const names = new Set<string>();
  const add = (host: string | undefined) => host && names.add(host.replace(/:\d+$/, ""));
  for (const h of policy.hosts) if (h.public) add(h.host);
  for (const rule of policy.rules) for (const h of rule.hosts) add(h);
  if ("redirect" in policy.default) add(policy.default.redirect);
  add(policy.primary);
  add(policy.canonical);
  add(policy.onion?.replace(/^https?:\/\//, ""));
  return [...names];
}

// Letters from other scripts, and Latin variants, that look like a plain Latin letter (lower case).
const HOMOGLYPHS: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  һ: "h",
  і: "i",
  ї: "i",
  ј: "j",
  к: "k",
  ӏ: "l",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ь: "b",
  ѵ: "v",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  γ: "y",
  ω: "w",
  ı: "i",
  ȷ: "j",
  ł: "l",
  ɑ: "a",
  ɡ: "g",
  ɩ: "i",
  ʏ: "y",
  ᴄ: "c",
  ᴏ: "o",
  ᴠ: "v",
  ᴡ: "w",
  ᴢ: "z",
  ß: "b",
  ø: "o",
  đ: "d",
  ħ: "h",
};
// Sequences and digits read as letters; i, l, 1 and I are one shape in many fonts.
const LOOKS_ALIKE: [RegExp, string][] = [
  [/rn/g, "m"],
  [/vv/g, "w"],
  [/[1i]/g, "l"],
  [/0/g, "o"],
  [/5/g, "s"],
];

/** The shape of a name: marks dropped, look-alike letters and digits folded to one Latin letter. */
export function skeleton(name: string): string {
  let s = name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  s = [...s].map((c) => HOMOGLYPHS[c] ?? c).join("");
  for (const [pattern, letter] of LOOKS_ALIKE) s = s.replace(pattern, letter);
  return s;
}

function describeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0x400 && code <= 0x52f) return `Cyrillic "${c}"`;
  if (code >= 0x370 && code <= 0x3ff) return `Greek "${c}"`;
  if (/\d/.test(c)) return `the digit ${c}`;
  if (code > 0x7f) return `"${c}" (U+${code.toString(16).toUpperCase().padStart(4, "0")})`;
  return `"${c}"`;
}

/** Edit distance with adjacent transpositions counted as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const rows = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(x.length, y.length);
}

function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff = [...a].flatMap((c, i) => (c === b[i] ? [] : [i]));
  const [p, q] = diff;
  return diff.length === 2 && p !== undefined && q === p + 1 && a[p] === b[q] && a[q] === b[p];
}

/** Letters a name may differ by and still be a look-alike: none for very short names, where everything is near everything. */
function allowedEdits(name: string): number {
  return name.length >= 8 ? 2 : name.length >= 4 ? 1 : 0;
}

/** The name without its last label ("news.example" → "news"), where misspellings are looked for. */
function stem(host: string): string {
  const labels = host.split(".");
  return labels.length > 1 ? labels.slice(0, -1).join(".") : host;
}

function lastLabel(host: string): string {
  return host.split(".").at(-1) ?? host;
}

type Check = (name: string, unicode: string, real: string) => string | undefined;

/** The ways a name can imitate one of ours, strongest first; each returns why, or undefined. */
const CHECKS: [LookalikeKind, Check][] = [
  [
    "confusable",
    (_, unicode, real) => {
      if (unicode === real || skeleton(unicode) !== skeleton(real)) return undefined;
      const odd = [...new Set([...unicode].filter((c) => /[^\x00-\x7f]/.test(c) || (/\d/.test(c) && !real.includes(c))))];
      const detail = odd.length > 0 ? ` (${odd.slice(0, 4).map(describeCharacter).join(", ")})` : "";
      return `it is spelt with characters that only look like those of ${real}${detail}`;
    },
  ],
  ["extra-labels", (name, _, real) => (name.endsWith(`.${real}`) ? `it adds "${name.slice(0, -real.length)}" in front of ${real}` : undefined)],
  [
    "embedded",
    (name, _, real) => {
      const at = `.${name}.`.indexOf(`.${real}.`);
      if (at >= 0) return `it starts like ${real} but belongs to ${name.slice(at + real.length + 1)}`;
      const start = stem(real);
      // Only distinctive beginnings: "news." starts many names that have nothing to do with us.
      const longer = name.split(".").length > real.split(".").length;
      if (start.length >= 8 && ((longer && name.startsWith(`${start}.`)) || name.startsWith(`${start}-`))) return `it starts like ${real} but is another name`;
      return undefined;
    },
  ],
  ["missing-labels", (name, _, real) => (real.endsWith(`.${name}`) ? `it leaves out "${real.slice(0, -name.length)}" of ${real}` : undefined)],
  [
    "other-ending",
    // Only distinctive names: "uk.gov" is not an imitation of "uk.example".
    (name, _, real) =>
      stem(real).length >= 6 && stem(name) === stem(real) && lastLabel(name) !== lastLabel(real)
        ? `it is ${stem(real)} under .${lastLabel(name)} instead of .${lastLabel(real)}`
        : undefined,
  ],
  ["swapped", (name, _, real) => (isAdjacentSwap(name, real) ? `it swaps two letters of ${real}` : undefined)],
  [
    "misspelt",
    (name, unicode, real) => {
      if (lastLabel(name) !== lastLabel(real)) return undefined;
      const distance = editDistance(skeleton(stem(unicode)), skeleton(stem(real)));
      return distance > 0 && distance <= allowedEdits(stem(real)) ? `it differs from ${real} by ${distance} letter${distance === 1 ? "" : "s"}` : undefined;
    },
  ],
];

/** Reads what a reader pasted: a bare name, or a whole address with scheme, port, path. */
function hostOf(input: string): string | undefined {
  const text = input.trim();
  if (text === "" || text.length > 2048 || /\s/.test(text)) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
    return url.hostname.toLowerCase().replace(/\.$/, "") || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Classifies a name against this site's addresses (`ourHostNames`): "ours", a "lookalike" of one of them
 * (naming which and how), "unknown", or "invalid" when it is no host name at all.
 */
export function checkHost(input: string, ours: readonly string[]): HostCheck {
  const host = hostOf(input);
  if (!host) return { verdict: "invalid", input, explanation: "This is not a web address: give a name such as news.example." };
  const unicode = hostToUnicode(host);
  const shown = unicode === host ? host : `${unicode} (${host})`;
  if (ours.includes(host)) return { verdict: "ours", input, host, unicode, explanation: `${shown} is one of this site's addresses.` };
  for (const [how, check] of CHECKS) {
    for (const real of ours) {
      const why = check(host, unicode, real);
      if (why) return { verdict: "lookalike", input, host, unicode, imitates: real, how, explanation: `${shown} is not one of this site's addresses: ${why}.` };
    }
  }
  return { verdict: "unknown", input, host, unicode, explanation: `${shown} is not one of this site's addresses.` };
}

// /verify's verdicts (src/policy/lookalike.ts) at the edges of each rule: which names count as ours, how a
// look-alike imitates one, and the exact words a reader is shown.

import { describe, expect, it } from "vitest";
import { checkHost, editDistance, ourHostNames, skeleton } from "../../src/policy/lookalike.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { POLICY } from "./policy-fixture.ts";

const verdictOf = (input: string, ours: readonly string[]) => {
  const result = checkHost(input, ours);
  return result.verdict === "lookalike" ? `${result.how} ${result.imitates}` : result.verdict;
};
const explain = (input: string, ours: readonly string[]) => checkHost(input, ours).explanation;

describe("ourHostNames", () => {
  it("names public hosts, rule and default targets, primary, canonical and onion, once each and without ports", () => {
    const policy: DomainPolicy = {
      primary: "primary.example:8443",
      canonical: "canonical.example",
      onion: `https://${"b".repeat(56)}.onion`,
      hosts: [
        { host: "primary.example:8443", scheme: "https", public: false },
        { host: "canonical.example", scheme: "https", public: false },
        { host: "public.example", scheme: "https", public: true },
        { host: "hidden.example", scheme: "https", public: false },
        { host: "rule.example", scheme: "https", public: false },
        { host: "default.example", scheme: "https", public: false },
      ],
      rules: [{ countries: ["IR"], hosts: ["rule.example", "public.example"] }],
      default: { redirect: "default.example" },
    };
    expect(ourHostNames(policy)).toEqual([
      "public.example",
      "rule.example",
      "default.example",
      "primary.example",
      "canonical.example",
      `${"b".repeat(56)}.onion`,
    ]);
  });

  it("leaves out what a policy does not have", () => {
    const { canonical: _c, onion: _o, ...bare } = POLICY;
    expect(ourHostNames({ ...bare, rules: [] })).toEqual(["news.example", "mirror-one.example", "mirror-two.example", "uk.example"]);
  });
});

describe("checkHost: reading what was pasted", () => {
  const ours = ["news.example"];

  it("takes bare names, addresses with any scheme, ports, paths and a trailing dot", () => {
    for (const input of ["news.example", " news.example ", "ftp://news.example/x", "HTTPS://News.Example:8443/a?b#c", "news.example.", "news.example/"])
      expect(verdictOf(input, ours), input).toBe("ours");
  });

  it("refuses empty, spaced, overlong and unparseable input, in plain words", () => {
    for (const input of ["", "   ", "news .example", "news.example/a b", `${"a".repeat(2041)}.example`, "http://", "a:b:c", "http://[::1"])
      expect(checkHost(input, ours), JSON.stringify(input)).toEqual({
        verdict: "invalid",
        input,
        explanation: "This is not a web address: give a name such as news.example.",
      });
    expect(verdictOf(`${"a".repeat(2040)}.example`, ours)).toBe("unknown");
  });

  it("answers ours with the name, and unknown names plainly", () => {
    expect(checkHost("news.example", ours)).toEqual({
      verdict: "ours",
      input: "news.example",
      host: "news.example",
      unicode: "news.example",
      explanation: "news.example is one of this site's addresses.",
    });
    expect(checkHost("other.org", ours)).toEqual({
      verdict: "unknown",
      input: "other.org",
      host: "other.org",
      unicode: "other.org",
      explanation: "other.org is not one of this site's addresses.",
    });
  });
});

describe("checkHost: how a name imitates ours", () => {
  it("explains a confusable spelling, naming at most four odd characters", () => {
    expect(checkHost("xn--nws-rdd.example", ["news.example"])).toEqual({
      verdict: "lookalike",
      input: "xn--nws-rdd.example",
      host: "xn--nws-rdd.example",
      unicode: "nеws.example",
      imitates: "news.example",
      how: "confusable",
      explanation:
        'nеws.example (xn--nws-rdd.example) is not one of this site\'s addresses: it is spelt with characters that only look like those of news.example (Cyrillic "е").',
    });
    const many = checkHost("mіrrоr-оnе.example", ["mirror-one.example"]);
    expect(many.explanation).toContain('(Cyrillic "і", Cyrillic "о", Cyrillic "е")');
    const five = checkHost("аbсdеfghіј.example", ["abcdefghij.example"]);
    expect(five.explanation).toContain('(Cyrillic "а", Cyrillic "с", Cyrillic "е", Cyrillic "і")');
  });

  it("describes Greek, other Unicode and digits, and leaves ASCII look-alikes undescribed", () => {
    expect(explain("νews.example", ["vews.example"])).toContain('(Greek "ν")');
    expect(explain("ɡoogle-news.example", ["google-news.example"])).toContain('("ɡ" (U+0261))');
    expect(explain("nøws.example", ["nows.example"])).toContain('("ø" (U+00F8))');
    expect(explain("n3ws0.example", ["n3wso.example"])).toContain("(the digit 0)");
    expect(explain("rnirror1.example", ["mirror1.example"])).toBe(
      "rnirror1.example is not one of this site's addresses: it is spelt with characters that only look like those of mirror1.example.",
    );
    // The Cyrillic block's edges.
    expect(explain("Ѐnews.example", ["еnews.example"])).toContain('Cyrillic "ѐ"');
    expect(explain("ԯnews.example", ["ԯnevvs.example"])).toContain('Cyrillic "ԯ"');
  });

  it("explains extra, embedded and missing labels", () => {
    expect(explain("www.news.example", ["news.example"])).toBe(
      'www.news.example is not one of this site\'s addresses: it adds "www." in front of news.example.',
    );
    expect(explain("news.example.evil.com", ["news.example"])).toBe(
      "news.example.evil.com is not one of this site's addresses: it starts like news.example but belongs to evil.com.",
    );
    expect(explain("a.news.example.evil.com", ["news.example"])).toContain("it starts like news.example but belongs to evil.com");
    expect(explain("example", ["news.example"])).toBe('example is not one of this site\'s addresses: it leaves out "news." of news.example.');
  });

  it("calls a distinctive beginning embedded, by another label or a hyphen, but not a short one", () => {
    expect(explain("mirror-one-login.com", ["mirror-one.example"])).toBe(
      "mirror-one-login.com is not one of this site's addresses: it starts like mirror-one.example but is another name.",
    );
    expect(verdictOf("mirror-one.secure.com", ["mirror-one.example"])).toBe("embedded mirror-one.example");
    expect(verdictOf("abcdefgh-x.com", ["abcdefgh.example"])).toBe("embedded abcdefgh.example");
    expect(verdictOf("abcdefg-x.com", ["abcdefg.example"])).toBe("unknown");
    expect(verdictOf("news-today.com", ["news.example"])).toBe("unknown");
    // As many labels, a dot: another ending, not an embedding.
    expect(verdictOf("mirror-one.com", ["mirror-one.example"])).toBe("other-ending mirror-one.example");
  });

  it("calls a distinctive name under another ending a look-alike, a short one not", () => {
    expect(explain("mirror-one.org", ["mirror-one.example"])).toBe(
      "mirror-one.org is not one of this site's addresses: it is mirror-one under .org instead of .example.",
    );
    expect(verdictOf("abcdef.org", ["abcdef.example"])).toBe("other-ending abcdef.example");
    expect(verdictOf("abcde.org", ["abcde.example"])).toBe("unknown");
  });

  it("calls two neighbouring letters swapped, and no other pair of changes", () => {
    expect(explain("nwes.example", ["news.example"])).toBe("nwes.example is not one of this site's addresses: it swaps two letters of news.example.");
    expect(verdictOf("wens.example", ["news.example"])).toBe("unknown");
    expect(verdictOf("nwas.example", ["news.example"])).toBe("unknown");
    expect(verdictOf("nesw.example", ["news.example"])).toBe("swapped news.example");
    expect(verdictOf("enws.example", ["news.example"])).toBe("swapped news.example");
  });

  it("allows two letters' difference from eight letters, one from four, none below", () => {
    expect(explain("abcdefxx.example", ["abcdefgh.example"])).toBe(
      "abcdefxx.example is not one of this site's addresses: it differs from abcdefgh.example by 2 letters.",
    );
    expect(verdictOf("abcdexx.example", ["abcdefg.example"])).toBe("unknown");
    expect(verdictOf("abcdexg.example", ["abcdefg.example"])).toBe("misspelt abcdefg.example");
    expect(explain("abce.example", ["abcd.example"])).toBe("abce.example is not one of this site's addresses: it differs from abcd.example by 1 letter.");
    expect(verdictOf("abd.example", ["abc.example"])).toBe("unknown");
    expect(verdictOf("abcdefxx.org", ["abcdefgh.example"])).toBe("unknown");
  });

  it("tries the strongest kind first, against each of our names", () => {
    // "www.mirror-one.example" is an extra label on one of ours and a misspelling of none.
    expect(verdictOf("www.mirror-one.example", ["mirror-two.example", "mirror-one.example"])).toBe("extra-labels mirror-one.example");
    expect(verdictOf("mirror-tow.example", ["mirror-one.example", "mirror-two.example"])).toBe("swapped mirror-two.example");
  });
});

describe("skeleton and editDistance", () => {
  it("folds marks, case, homoglyphs and look-alike sequences", () => {
    expect(skeleton("Ñews")).toBe("news");
    expect(skeleton("ɑβсdеfɡһіјкӏмноррԛѕтυνԝχуᴢ")).toBe(skeleton("abcdefghijklmhoppqstuvwxyz"));
    expect(skeleton("vvorld")).toBe("world");
    expect(skeleton("rn")).toBe("m");
    expect(skeleton("i1l")).toBe("lll");
    expect(skeleton("05")).toBe("os");
    expect(skeleton("ß")).toBe("b");
  });

  it("counts insertions, deletions, substitutions and adjacent swaps", () => {
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("abc", "")).toBe(3);
    expect(editDistance("abc", "abd")).toBe(1);
    expect(editDistance("abc", "abcd")).toBe(1);
    expect(editDistance("abcd", "acd")).toBe(1);
    expect(editDistance("abcd", "bacd")).toBe(1);
    expect(editDistance("abcd", "badc")).toBe(2);
    expect(editDistance("ca", "abc")).toBe(3);
    expect(editDistance("😀a", "a😀")).toBe(1);
  });
});

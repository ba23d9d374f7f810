// /verify?host=NAME: Punycode decoding, and telling our addresses from look-alikes.

import { domainToASCII, domainToUnicode } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkHost, editDistance, ourHostNames, skeleton } from "../../src/policy/lookalike.ts";
import { decodePunycode, hostToUnicode } from "../../src/policy/punycode.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { fuzzParams } from "../support/fuzz.ts";
import { POLICY } from "./policy-fixture.ts";

describe("Punycode", () => {
  it("decodes RFC 3492 and everyday examples", () => {
    expect(decodePunycode("mnchen-3ya")).toBe("münchen");
    expect(decodePunycode("bcher-kva")).toBe("bücher");
    expect(hostToUnicode("xn--nws-rdd.example")).toBe(domainToUnicode("xn--nws-rdd.example"));
    // RFC 3492 7.1 (L): Japanese "3年B組金八先生".
    expect(decodePunycode("3B-ww4c5e180e575a65lsy2b")).toBe("3年B組金八先生");
    expect(hostToUnicode("news.example")).toBe("news.example");
  });

  it("refuses what is not Punycode", () => {
    expect(decodePunycode("abc-!!")).toBeUndefined();
    expect(decodePunycode("abc-99999999999999")).toBeUndefined();
    expect(hostToUnicode("xn--abc-!!.example")).toBe("xn--abc-!!.example");
  });

  it("agrees with Node's IDNA conversion on random Unicode labels", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzäöüéèçñøåаеорсхуіαοπστλ日本語中文한국", "-"), minLength: 1, maxLength: 20 }),
        (label) => {
          const ascii = domainToASCII(`${label}.example`);
          fc.pre(ascii !== "" && ascii.startsWith("xn--"));
          expect(hostToUnicode(ascii)).toBe(domainToUnicode(ascii));
        },
      ),
      fuzzParams(300),
    );
  });
});

const OURS = ourHostNames(POLICY);

describe("ourHostNames", () => {
  it("lists public hosts, every host readers are sent to, and the onion address, without ports", () => {
    expect(OURS).toEqual(["news.example", "mirror-one.example", "mirror-two.example", "uk.example", `${"a".repeat(56)}.onion`]);
    const withStandby: DomainPolicy = {
      ...POLICY,
      hosts: [...POLICY.hosts, { host: "reserve.example", scheme: "https", public: false }],
      rules: [{ countries: ["IR"], hosts: ["reserve.example"] }],
    };
    expect(ourHostNames(withStandby)).toContain("reserve.example");
    expect(OURS).not.toContain("dev.example");
  });
});

describe("checkHost", () => {
  const check = (input: string) => checkHost(input, OURS);

  it("recognises our addresses however they are pasted", () => {
    for (const input of [
      "news.example",
      "NEWS.Example.",
      "https://news.example/world/story?x=1",
      "news.example:443",
      "mirror-one.example/",
      `http://${"a".repeat(56)}.onion/`,
    ])
      expect(check(input).verdict, input).toBe("ours");
    expect(check("https://news.example/a").explanation).toBe("news.example is one of this site's addresses.");
    // Full-width letters: the browser maps them to plain ones, so the address really is ours.
    expect(check("ｎｅｗｓ.example").verdict).toBe("ours");
  });

  it.each([
    ["nеws.example", "confusable", "news.example", 'Cyrillic "е"'],
    ["xn--nws-rdd.example", "confusable", "news.example", 'Cyrillic "е"'],
    ["mirr0r-one.example", "confusable", "mirror-one.example", "the digit 0"],
    ["mirror-οne.example", "confusable", "mirror-one.example", 'Greek "ο"'],
    ["néws.example", "confusable", "news.example", "U+00E9"],
    ["www.news.example", "extra-labels", "news.example", 'it adds "www." in front of news.example'],
    ["news.example.evil.com", "embedded", "news.example", "it starts like news.example but belongs to evil.com"],
    ["mirror-one.example-secure.com", "embedded", "mirror-one.example", "starts like mirror-one.example"],
    ["example", "missing-labels", "news.example", 'it leaves out "news." of news.example'],
    ["mirror-one.org", "other-ending", "mirror-one.example", "it is mirror-one under .org instead of .example"],
    ["nwes.example", "swapped", "news.example", "it swaps two letters of news.example"],
    ["mirror-tow.example", "swapped", "mirror-two.example", "swaps two letters"],
    ["mirror-onee.example", "misspelt", "mirror-one.example", "it differs from mirror-one.example by 1 letter"],
    ["mirrr-twoo.example", "misspelt", "mirror-two.example", "by 2 letters"],
  ])("%s imitates by %s", (input, how, imitates, why) => {
    const result = check(input);
    expect(result).toMatchObject({ verdict: "lookalike", how, imitates });
    expect(result.explanation).toContain(why);
    expect(result.explanation).toContain("is not one of this site's addresses");
  });

  it("shows a Punycode name in the letters the reader sees, with its ASCII form", () => {
    expect(check("xn--nws-rdd.example").explanation).toMatch(/^nеws\.example \(xn--nws-rdd\.example\) is not one of this site's addresses/);
  });

  it("calls other names unknown, not look-alikes, and refuses what is no address", () => {
    for (const input of ["bbc.co.uk", "news.bbc.co.uk", "uk.gov", "example.org", "127.0.0.1"]) expect(check(input).verdict, input).toBe("unknown");
    expect(check("bbc.co.uk").explanation).toBe("bbc.co.uk is not one of this site's addresses.");
    for (const input of ["", "  ", "not a host", "http://", "a".repeat(3000)]) expect(check(input).verdict, JSON.stringify(input)).toBe("invalid");
  });

  it("never calls a name ours unless it is exactly one of ours, and never throws", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.domain(),
          fc.webUrl(),
          fc.string(),
          fc.constantFrom(...OURS).map((h) => `${h}x`),
        ),
        (input) => {
          const result = checkHost(input, OURS);
          if (result.verdict === "ours") expect(OURS).toContain(result.host);
          expect(result.explanation.length).toBeGreaterThan(0);
        },
      ),
      fuzzParams(500),
    );
  });
});

describe("helpers", () => {
  it("folds look-alike shapes into one skeleton", () => {
    expect(skeleton("nеws")).toBe(skeleton("news"));
    expect(skeleton("rnirror-0ne")).toBe(skeleton("mirror-one"));
    expect(skeleton("paypa1")).toBe(skeleton("paypal"));
  });

  it("counts an adjacent swap as one edit", () => {
    expect(editDistance("news", "nwes")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
});

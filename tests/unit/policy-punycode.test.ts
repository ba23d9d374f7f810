// Punycode decoding (src/policy/punycode.ts): the Unicode name /verify shows for an "xn--" address.

import { domainToUnicode } from "node:url";
import { describe, expect, it } from "vitest";
import { decodePunycode, hostToUnicode } from "../../src/policy/punycode.ts";

describe("decodePunycode", () => {
  it("decodes the RFC 3492 section 7.1 samples", () => {
    const samples: [string, string][] = [
      // (A) Arabic (Egyptian)
      ["egbpdaj6bu4bxfgehfvwxn", "\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F"],
      // (B) Chinese (simplified)
      ["ihqwcrb4cv8a8dqg056pqjye", "他们为什么不说中文"],
      // (E) Hebrew
      ["4dbcagdahymbxekheh6e0a7fei0b", "למההםפשוטלאמדבריםעברית"],
      // (I) Russian (Cyrillic)
      ["b1abfaaepdrnnbgefbadotcwatmq2g4l", "почемужеонинеговорятпорусски"],
      // (J) Spanish
      ["PorqunopuedensimplementehablarenEspaol-fmd56a", "PorquénopuedensimplementehablarenEspañol"],
      // (K) Vietnamese
      ["TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g", "TạisaohọkhôngthểchỉnóitiếngViệt"],
      // (L) to (R): Japanese artists and phrases
      ["-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n", "安室奈美恵-with-SUPER-MONKEYS"],
      ["Hello-Another-Way--fc4qua05auwb3674vfr0b", "Hello-Another-Way-それぞれの場所"],
      ["2-u9tlzr9756bt3uc0v", "ひとつ屋根の下2"],
      ["MajiKoi5-783gue6qz075azm5e", "MajiでKoiする5秒前"],
      ["de-jg4avhby1noc0d", "パフィーdeルンバ"],
      ["d9juau41awczczp", "そのスピードで"],
      // (S) plain ASCII with a trailing delimiter
      ["-> $1.00 <--", "-> $1.00 <-"],
    ];
    for (const [encoded, decoded] of samples) expect(decodePunycode(encoded), encoded).toBe(decoded);
  });

  it("reads digits and both letter cases as Punycode digits", () => {
    expect(decodePunycode("mnchen-3ya")).toBe("münchen");
    expect(decodePunycode("MNCHEN-3YA")).toBe("MüNCHEN");
    expect(decodePunycode("mnchen-3YA")).toBe("münchen");
    expect(decodePunycode("ls8h")).toBe("💩");
    expect(decodePunycode("")).toBe("");
  });

  it("refuses input that is not Punycode", () => {
    // A character outside the alphabet, a number that runs off the end, a non-ASCII basic part.
    expect(decodePunycode("abc-a!")).toBeUndefined();
    expect(decodePunycode("abc-a[")).toBeUndefined();
    expect(decodePunycode("abc-a@")).toBeUndefined();
    expect(decodePunycode("abc-a`")).toBeUndefined();
    expect(decodePunycode("abc-a{")).toBeUndefined();
    expect(decodePunycode("abc-a/")).toBeUndefined();
    expect(decodePunycode("abc-a:")).toBeUndefined();
    expect(decodePunycode("abc-zz")).toBeUndefined();
    expect(decodePunycode("ü-3ya")).toBeUndefined();
    // Code points past U+10FFFF, and UTF-16 surrogates, are no characters.
    expect(decodePunycode("99999999")).toBeUndefined();
    expect(decodePunycode("a-9999999")).toBeUndefined();
    expect(decodePunycode("ib9b")).toBeUndefined(); // U+D800
    expect(decodePunycode("a-qo7g")).toBeUndefined(); // a, U+DFFF
    expect(decodePunycode("a-2")).toBeUndefined();
  });

  it("accepts the code points either side of the surrogates, and the last one", () => {
    expect(decodePunycode("hb9b")).toBe("\ud7ff");
    expect(decodePunycode("0y0c")).toBe("\ue000");
    expect(decodePunycode("a-pc4g")).toBe("a\ud7ff");
    expect(decodePunycode("2n7c")).toBe("\u{10000}");
    expect(decodePunycode("dn32g")).toBe("\u{10ffff}");
  });
});

describe("hostToUnicode", () => {
  it("decodes each xn-- label, in either case, and leaves other labels and broken ones alone", () => {
    expect(hostToUnicode("xn--mnchen-3ya.example")).toBe("münchen.example");
    expect(hostToUnicode("XN--mnchen-3ya.example")).toBe("münchen.example");
    expect(hostToUnicode("news.xn--mnchen-3ya.xn--p1ai")).toBe(domainToUnicode("news.xn--mnchen-3ya.xn--p1ai"));
    expect(hostToUnicode("xn--a!.example")).toBe("xn--a!.example");
    expect(hostToUnicode("axn--mnchen-3ya.example")).toBe("axn--mnchen-3ya.example");
    expect(hostToUnicode("news.example")).toBe("news.example");
  });
});

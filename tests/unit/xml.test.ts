import { describe, expect, it } from "vitest";
import { validateArticle } from "../../src/content/article.ts";
import { escapeXml, xml, xmlChars } from "../../src/render/xml.ts";
import { HOSTILE } from "../support/hostile.ts";
import { seedSite } from "../support/site.ts";
import { assertWellFormed, parseXml } from "../support/xml.ts";

describe("xml template", () => {
  it("escapes text so it reads back unchanged from element content and attributes", () => {
    const doc = xml`<doc a="${HOSTILE.headline}"><t>${HOSTILE.headline}</t></doc>`.value;
    const parsed = parseXml(doc) as { doc: { "@a": string; t: string } };
    expect(parsed.doc.t).toBe(HOSTILE.headline);
    expect(parsed.doc["@a"]).toBe(HOSTILE.headline);
  });

  it("never lets a CDATA end or a tag through unescaped", () => {
    expect(escapeXml("]]> </t> <x>")).toBe("]]&gt; &lt;/t&gt; &lt;x&gt;");
    expect(escapeXml(`a & "b"`)).toBe("a &amp; &quot;b&quot;");
  });

  it("drops every character XML 1.0 forbids and keeps the rest", () => {
    const text = "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi\uD800j\uDC00k";
    expect(xmlChars(text)).toBe("abcdefghijk");
    expect(() => assertWellFormed(xml`<t>${text}</t>`.value)).not.toThrow();
  });

  it("keeps tab, newline, carriage return, emoji pairs and right-to-left text", () => {
    const text = "tab\there\nline\rcr 🌊 فيضان \u202Eoverride";
    expect(xmlChars(text)).toBe(text);
  });

  it("a lone surrogate next to a real pair is dropped without breaking the pair", () => {
    expect(xmlChars("\uD800🌊\uDC00")).toBe("🌊");
  });

  it("nests fragments without escaping them twice, renders lists, and skips empty values", () => {
    const items = ["a&b", "c"].map((v) => xml`<i>${v}</i>`);
    expect(xml`<l>${items}${false}${undefined}${null}${3}</l>`.value).toBe("<l><i>a&amp;b</i><i>c</i>3</l>");
  });

  it("the strict parser used by the tests does reject a forbidden character", () => {
    expect(() => assertWellFormed("<t>\u0001</t>")).toThrow();
    expect(() => assertWellFormed("<t>a</b>")).toThrow();
  });
});

describe("publishing refuses what XML cannot carry", () => {
  const article = {
    headline: "H",
    standfirst: "S",
    section: "news",
    authors: ["ruth-calloway"],
    tags: [],
    language: "en",
    published: "2026-11-20T08:30:00Z",
    status: "published",
    body: "B",
  };

  it("a lone surrogate or a noncharacter in a headline is a named problem; an emoji is fine", () => {
    for (const bad of ["\uD800", "x\uDC00", "\uFFFE", "\uFFFF", "\u0001"]) {
      const checked = validateArticle({ ...article, headline: `Headline ${bad}` }, "a-story", seedSite());
      expect(checked.ok, JSON.stringify(bad)).toBe(false);
      if (!checked.ok) expect(checked.problems.map((p) => p.field)).toEqual(["headline"]);
    }
    expect(validateArticle({ ...article, headline: "Headline 🌊 فيضان" }, "a-story", seedSite()).ok).toBe(true);
  });
});

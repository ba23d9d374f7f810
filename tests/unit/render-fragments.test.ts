// Small rendering pieces (src/render/html.ts, format.ts, base64.ts, i18n.ts, lite.ts, body-html.ts,
// share-card.ts, share-image.ts): the escaped text, dates, data URIs, interface words, lite-edition
// pictures, body rewrites and the link-preview tags readers' apps show.

import { describe, expect, it } from "vitest";
import type { SiteConfig } from "../../src/content/site.ts";
import { base64Length, bytesToBase64, dataUri } from "../../src/render/base64.ts";
import { absoluteBodyLinks, bodyImageNames, rewriteBodyImages } from "../../src/render/body-html.ts";
import { formatDate, isoDate, joinNames } from "../../src/render/format.ts";
import { escapeHtml, html, raw } from "../../src/render/html.ts";
import { uiStrings } from "../../src/render/i18n.ts";
import { LITE_OFF, LITE_ON, liteBody, liteImageLink } from "../../src/render/lite.ts";
import { shareCardTags } from "../../src/render/share-card.ts";
import { LARGE_CARD_MIN_WIDTH, shareCardImage, shareImageFor, siteShareImage, twitterCardFor } from "../../src/render/share-image.ts";

const SITE: SiteConfig = {
  name: "Meridian",
  tagline: "",
  description: "d",
  language: "en",
  sections: [{ slug: "news", name: "News" }],
  authors: [],
  tags: {},
};

describe("html", () => {
  it("escapes the five special characters and nothing else", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
    expect(escapeHtml("a & b & c")).toBe("a &amp; b &amp; c");
    expect(escapeHtml("é/=`")).toBe("é/=`");
  });

  it("joins the template around each value, from the first string to the last", () => {
    expect(html`a${"b"}c${"d"}e`.value).toBe("abcde");
    expect(html`${"x"}`.value).toBe("x");
    expect(html``.value).toBe("");
    expect(html`only`.value).toBe("only");
    expect(String(html`<p>${"<"}</p>`)).toBe("<p>&lt;</p>");
    expect(`${raw("<i>")}`).toBe("<i>");
  });

  it("renders nested lists, 0 and empty strings, and other values as escaped text", () => {
    expect(html`${[["<a>", html`<b>`], 0, ""]}`.value).toBe("&lt;a&gt;<b>0");
    expect(html`${0}`.value).toBe("0");
    const other = true as unknown as string;
    expect(html`${other}`.value).toBe("true");
    const object = { toString: () => "<o>" } as unknown as string;
    expect(html`${object}`.value).toBe("&lt;o&gt;");
  });
});

describe("format", () => {
  it("writes dates long, in UTC, in the language asked for or English", () => {
    const ms = Date.parse("2026-11-25T23:30:00Z");
    expect(formatDate(ms, "en-GB")).toBe("25 November 2026");
    expect(formatDate(ms, "en-US")).toBe("November 25, 2026");
    expect(formatDate(ms, "fr")).toBe("25 novembre 2026");
    expect(formatDate(ms, "not a language!")).toBe("November 25, 2026");
    // Once made, a language's formatter is reused.
    expect(formatDate(ms, "fr")).toBe("25 novembre 2026");
  });

  it("writes ISO times without milliseconds when there are none", () => {
    expect(isoDate(Date.parse("2026-11-25T10:00:00Z"))).toBe("2026-11-25T10:00:00Z");
    expect(isoDate(Date.parse("2026-11-25T10:00:00.5Z"))).toBe("2026-11-25T10:00:00.500Z");
  });

  it("joins names as a reader would", () => {
    expect(joinNames([])).toBe("");
    expect(joinNames(["Amira"])).toBe("Amira");
    expect(joinNames(["Amira", "Tom"])).toBe("Amira and Tom");
    expect(joinNames(["A", "B", "C"])).toBe("A, B and C");
  });
});

describe("base64", () => {
  it("encodes bytes as btoa does, across chunk boundaries", () => {
    expect(bytesToBase64(new Uint8Array())).toBe("");
    expect(bytesToBase64(new TextEncoder().encode("Man"))).toBe("TWFu");
    expect(bytesToBase64(new Uint8Array([0, 255, 1]))).toBe("AP8B");
    for (const length of [1, 2, 3 * 8192 - 1, 3 * 8192, 3 * 8192 + 1, 3 * 8192 * 2 + 2]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);
      const encoded = bytesToBase64(bytes);
      expect(encoded, `length ${length}`).toBe(Buffer.from(bytes).toString("base64"));
      expect(encoded.length).toBe(base64Length(length));
    }
  });

  it("makes data URIs and predicts their length", () => {
    expect(dataUri("image/png", new Uint8Array([1, 2, 3, 4]))).toBe("data:image/png;base64,AQIDBA==");
    expect(base64Length(0)).toBe(0);
    expect(base64Length(1)).toBe(4);
    expect(base64Length(3)).toBe(4);
    expect(base64Length(4)).toBe(8);
  });
});

describe("uiStrings", () => {
  it("gives Arabic and Persian words for those languages, and English otherwise", () => {
    expect(uiStrings("ar-EG")).toEqual({ strings: { by: "بقلم", and: "و", updated: "حُدّث في", topics: "مواضيع", share: "شارك هذا المقال" }, language: "ar" });
    expect(uiStrings("FA")).toMatchObject({ strings: { by: "نوشتهٔ", share: "این گزارش را هم‌رسانی کنید" }, language: "fa" });
    expect(uiStrings("en-GB")).toEqual({
      strings: { by: "By", and: "and", updated: "Updated", topics: "Topics", share: "Share this story" },
      language: "en-GB",
    });
    expect(uiStrings("fr")).toEqual({ strings: uiStrings("en").strings, language: "en" });
    expect(uiStrings("")).toEqual({ strings: uiStrings("en").strings, language: "en" });
  });
});

describe("lite edition pieces", () => {
  it("switches edition by a relative query", () => {
    expect(LITE_ON).toBe("?lite=1");
    expect(LITE_OFF).toBe("?lite=0");
  });

  it("turns a picture into a link to it, labelled with its alt text", () => {
    expect(liteImageLink({ media: "map.svg", alt: "A <map>" }).value).toBe('<a class="image-link" href="/media/map.svg">Image: A &lt;map&gt; (view)</a>');
  });

  it("replaces each body image by a link, plain text inside a link, and a label for a foreign image", () => {
    const body =
      '<p><img src="/media/map.svg" alt="A &amp; B" loading="lazy"></p>' +
      '<p><a href="/x"><img src="/media/chart.png" alt="Chart"></a> <img src="https://t.example/p.png" alt="Pixel"></p>';
    expect(liteBody(body)).toBe(
      '<p><a class="image-link" href="/media/map.svg">Image: A &amp; B (view)</a></p>' + '<p><a href="/x">[Image: Chart]</a> [Image: Pixel]</p>',
    );
  });
});

describe("body rewrites", () => {
  it("tells each image's name, alt text and whether it sits inside a link", () => {
    const seen: unknown[] = [];
    const out = rewriteBodyImages(
      '<img src="/media/a.svg" alt="A"><a href="/x"><a name="y"></a><img src="/media/b.png" alt="B"></a><img src="/media/Bad Name.png" alt=""></a></a><img alt="no src">',
      (image) => {
        seen.push(image);
        return "[img]";
      },
    );
    expect(seen).toEqual([
      { src: "/media/a.svg", name: "a.svg", escapedAlt: "A", insideLink: false },
      { src: "/media/b.png", name: "b.png", escapedAlt: "B", insideLink: true },
      { src: "/media/Bad Name.png", name: "", escapedAlt: "", insideLink: false },
      { src: "", name: "", escapedAlt: "no src", insideLink: false },
    ]);
    expect(out).toBe('[img]<a href="/x"><a name="y"></a>[img]</a>[img]</a></a>[img]');
  });

  it("leaves everything but images as it was", () => {
    const body = '<p class="x">Text <a href="/y">link</a> <abbr>A</abbr> <imgx src="/media/a.svg"></p>';
    expect(rewriteBodyImages(body, () => "IMG")).toBe(body);
  });

  it("lists the media names a body shows, once each, in order", () => {
    expect(bodyImageNames('<img src="/media/b.png" alt=""><img src="/media/a.svg" alt=""><img src="/media/b.png" alt=""><img src="/x/c.png" alt="">')).toEqual([
      "b.png",
      "a.svg",
    ]);
    expect(bodyImageNames("<p>none</p>")).toEqual([]);
  });

  it("makes site-relative links absolute, and leaves other links alone", () => {
    const body =
      '<a href="/articles/x">x</a> <a class="c" href="https://other.example/">o</a> <a href="//cdn.example/y">y</a> <a href="#top">t</a> <img src="/media/a.svg">';
    expect(absoluteBodyLinks(body, "https://news.example")).toBe(
      '<a href="https://news.example/articles/x">x</a> <a class="c" href="https://other.example/">o</a> <a href="//cdn.example/y">y</a> <a href="#top">t</a> <img src="/media/a.svg">',
    );
    expect(absoluteBodyLinks('<a href="/a">a</a>', 'https://x.example/"&')).toBe('<a href="https://x.example/&quot;&amp;/a">a</a>');
  });
});

describe("share images", () => {
  const wide = { media: "lead.png", alt: "Lead", width: 1600, height: 900 };

  it("prefers a raster lead image, else the site's share image, else none", () => {
    const site = { ...SITE, shareImage: { media: "share.jpg", alt: "Masthead", width: 1200, height: 630 } };
    expect(shareImageFor({ image: wide }, site)).toEqual({ ...wide, type: "image/png", source: "lead" });
    expect(shareImageFor({ image: { ...wide, media: "lead.svg" } }, site)).toEqual({ ...site.shareImage, type: "image/jpeg", source: "site" });
    expect(shareImageFor({}, site)).toMatchObject({ media: "share.jpg", source: "site" });
    expect(shareImageFor({ image: { ...wide, media: "lead.avif" } }, SITE)).toBeUndefined();
    expect(siteShareImage(SITE)).toBeUndefined();
    expect(siteShareImage({ ...SITE, shareImage: { media: "share.svg", alt: "x", width: 1, height: 1 } })).toBeUndefined();
  });

  it("gives the card an absolute URL on the canonical origin", () => {
    expect(shareCardImage({ ...wide, type: "image/png", source: "lead" }, "https://news.example")).toEqual({
      url: "https://news.example/media/lead.png",
      alt: "Lead",
      width: 1600,
      height: 900,
      type: "image/png",
    });
  });

  it("uses the large card from 1200 pixels wide", () => {
    expect(LARGE_CARD_MIN_WIDTH).toBe(1200);
    expect(twitterCardFor({ width: 1200 })).toBe("summary_large_image");
    expect(twitterCardFor({ width: 1199 })).toBe("summary");
    expect(twitterCardFor(undefined)).toBe("summary");
  });
});

describe("shareCardTags", () => {
  const page = { title: "Rain & <hail>", description: "It rains", url: "https://news.example/articles/rain" };

  it("writes a website card with no picture", () => {
    expect(shareCardTags("Meridian", page, { type: "website" }).value).toBe(
      [
        '<meta property="og:site_name" content="Meridian">',
        '<meta property="og:type" content="website">',
        '<meta property="og:title" content="Rain &amp; &lt;hail&gt;">',
        '<meta property="og:description" content="It rains">',
        '<meta property="og:url" content="https://news.example/articles/rain">',
        '<meta name="twitter:card" content="summary">',
        '<meta name="twitter:title" content="Rain &amp; &lt;hail&gt;">',
        '<meta name="twitter:description" content="It rains">',
        "",
      ].join("\n"),
    );
  });

  it("writes an article card with locale, picture, times, section, tags and authors", () => {
    const tags = shareCardTags("Meridian", page, {
      type: "article",
      language: "en-GB",
      image: { url: "https://news.example/media/lead.png", alt: "Lead", width: 1600, height: 900, type: "image/png" },
      article: {
        published: "2026-11-25T10:00:00Z",
        modified: "2026-11-26T10:00:00Z",
        section: "News",
        tags: ["rain", "valley"],
        authors: ["https://news.example/author/amira", "https://news.example/author/tom"],
      },
    }).value;
    expect(tags).toBe(
      [
        '<meta property="og:site_name" content="Meridian">',
        '<meta property="og:type" content="article">',
        '<meta property="og:title" content="Rain &amp; &lt;hail&gt;">',
        '<meta property="og:description" content="It rains">',
        '<meta property="og:url" content="https://news.example/articles/rain">',
        '<meta property="og:locale" content="en_GB">',
        '<meta property="og:image" content="https://news.example/media/lead.png">',
        '<meta property="og:image:alt" content="Lead">',
        '<meta property="og:image:width" content="1600">',
        '<meta property="og:image:height" content="900">',
        '<meta property="og:image:type" content="image/png">',
        '<meta property="article:published_time" content="2026-11-25T10:00:00Z">',
        '<meta property="article:modified_time" content="2026-11-26T10:00:00Z">',
        '<meta property="article:section" content="News">',
        '<meta property="article:tag" content="rain">',
        '<meta property="article:tag" content="valley">',
        '<meta property="article:author" content="https://news.example/author/amira">',
        '<meta property="article:author" content="https://news.example/author/tom">',
        '<meta name="twitter:card" content="summary_large_image">',
        '<meta name="twitter:title" content="Rain &amp; &lt;hail&gt;">',
        '<meta name="twitter:description" content="It rains">',
        '<meta name="twitter:image" content="https://news.example/media/lead.png">',
        '<meta name="twitter:image:alt" content="Lead">',
        "",
      ].join("\n"),
    );
  });

  it("leaves out an image type it does not know, and writes every hyphen of a locale", () => {
    const tags = shareCardTags("M", page, { type: "website", language: "zh-Hant-TW", image: { url: "u", alt: "a", width: 600, height: 300 } }).value;
    expect(tags).toContain('<meta property="og:locale" content="zh_Hant_TW">');
    expect(tags).not.toContain("og:image:type");
    expect(tags).toContain('<meta name="twitter:card" content="summary">');
  });
});

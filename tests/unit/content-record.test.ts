// What publishing stores and lists for an article (src/content/record.ts, feed-item.ts, article.ts):
// the record and its version, the media it shows, the listing summary, the feed entry, and the
// site checks on an article (section, authors, slug) in field order.

import { describe, expect, it } from "vitest";
import { isRightToLeft, isVisible, validateArticle } from "../../src/content/article.ts";
import { feedItemOf } from "../../src/content/feed-item.ts";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { type ArticleRecord, mediaUsed, prepareRecord, summaryOf, versionOf } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";

const SITE: SiteConfig = {
  name: "Test",
  tagline: "",
  description: "Test site",
  language: "en",
  sections: [
    { slug: "news", name: "News" },
    { slug: "news/europe", name: "Europe" },
  ],
  authors: [
    { slug: "ada", name: "Ada" },
    { slug: "bo", name: "Bo" },
  ],
  tags: {},
};

const INPUT = {
  headline: "A headline",
  standfirst: "A standfirst.",
  section: "news/europe",
  authors: ["ada"],
  tags: ["rail"],
  language: "en-GB",
  published: "2026-11-20T10:30:00+02:00",
  status: "published",
  body: "Some *words* here.\n\n![A map](/media/map.svg)",
};
const IMAGE = { media: "lead.png", alt: "The harbour", width: 1200, height: 800 };

function record(input: object = INPUT): ArticleRecord {
  const prepared = prepareRecord(input, "a-story", SITE, renderMarkdown);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  return prepared.value;
}

describe("prepareRecord", () => {
  it("stores the validated article, its body rendered once, the media it shows and a version", () => {
    const r = record();
    expect(r.article).toMatchObject({ slug: "a-story", headline: "A headline", published: "2026-11-20T08:30:00Z" });
    expect(r.bodyHtml).toBe('<p>Some <em>words</em> here.</p>\n<p><img src="/media/map.svg" alt="A map" loading="lazy" decoding="async"></p>\n');
    // Words are counted in the Markdown source of each paragraph, the image's included.
    expect(r.words).toBe(8);
    expect(r.media).toEqual(["map.svg"]);
    expect(r.version).toBe(versionOf(r.article));
  });

  it("returns the article's problems, or the body's, and renders nothing for an invalid article", () => {
    let rendered = 0;
    const render = (source: string) => {
      rendered++;
      return renderMarkdown(source);
    };
    const bad = prepareRecord({ ...INPUT, headline: "" }, "a-story", SITE, render);
    expect(bad).toEqual({ ok: false, problems: [{ field: "headline", code: "required", message: "is required" }] });
    expect(rendered).toBe(0);
    const badBody = prepareRecord({ ...INPUT, body: "![x](https://t.example/p.png)" }, "a-story", SITE, render);
    expect(badBody.ok).toBe(false);
    expect(!badBody.ok && badBody.problems.map((p) => `${p.field} ${p.code}`)).toEqual(["body image_not_media"]);
  });
});

describe("versionOf", () => {
  it("is a content hash without its hyphen, and changes with the article", () => {
    const r = record();
    expect(r.version).toMatch(/^[0-9a-z]+$/);
    expect(versionOf({ ...r.article, headline: "Another" })).not.toBe(r.version);
    expect(versionOf({ ...r.article })).toBe(r.version);
  });
});

describe("mediaUsed", () => {
  it("lists the lead image first, then the body's media once each, with where each is named", () => {
    const r = record({ ...INPUT, image: IMAGE, body: "![a](/media/map.svg) ![b](/media/lead.png) ![c](/media/map.svg) ![d](/media/chart.png)" });
    expect(mediaUsed(r)).toEqual([
      { field: "image.media", name: "lead.png" },
      { field: "body", name: "map.svg" },
      { field: "body", name: "chart.png" },
    ]);
    expect(mediaUsed(record({ ...INPUT, body: "No pictures." }))).toEqual([]);
  });
});

describe("summaryOf", () => {
  it("keeps what a listing shows, with times in milliseconds", () => {
    const r = record({ ...INPUT, updated: "2026-11-21T00:00:00Z", image: { ...IMAGE, caption: "Dawn", credit: "Reuters" } });
    expect(summaryOf(r.article)).toEqual({
      slug: "a-story",
      headline: "A headline",
      standfirst: "A standfirst.",
      section: "news/europe",
      language: "en-GB",
      published: Date.parse("2026-11-20T08:30:00Z"),
      updated: Date.parse("2026-11-21T00:00:00Z"),
      authors: ["ada"],
      image: { media: "lead.png", alt: "The harbour", width: 1200, height: 800 },
    });
  });

  it("leaves out an update time and an image that are not there", () => {
    const summary = summaryOf(record().article);
    expect(summary).not.toHaveProperty("updated");
    expect(summary).not.toHaveProperty("image");
  });
});

describe("feedItemOf", () => {
  it("keeps the article without its Markdown, with the rendered body", () => {
    const r = record({ ...INPUT, updated: "2026-11-21T00:00:00Z", image: IMAGE });
    expect(feedItemOf(r)).toEqual({
      slug: "a-story",
      headline: "A headline",
      standfirst: "A standfirst.",
      section: "news/europe",
      language: "en-GB",
      published: "2026-11-20T08:30:00Z",
      updated: "2026-11-21T00:00:00Z",
      authors: ["ada"],
      tags: ["rail"],
      image: IMAGE,
      bodyHtml: r.bodyHtml,
    });
    const plain = feedItemOf(record());
    expect(plain).not.toHaveProperty("updated");
    expect(plain).not.toHaveProperty("image");
    expect(plain).not.toHaveProperty("body");
  });
});

describe("validateArticle against the site", () => {
  const problems = (input: object, slug = "a-story") => {
    const result = validateArticle(input, slug, SITE);
    return result.ok ? [] : result.problems;
  };

  it("names a section and authors the site does not have, listing its sections", () => {
    expect(problems({ ...INPUT, section: "sport", authors: ["ada", "zed", "bo", "yan"] })).toEqual([
      { field: "section", code: "not_a_section", message: '"sport" is not a section of this site; use one of: news, news/europe' },
      { field: "authors[1]", code: "not_an_author", message: '"zed" is not an author of this site (see site.json authors)' },
      { field: "authors[3]", code: "not_an_author", message: '"yan" is not an author of this site (see site.json authors)' },
    ]);
  });

  it("checks a slug field against where the article is stored, and the stored slug itself", () => {
    expect(problems({ ...INPUT, slug: "other" })).toEqual([
      { field: "slug", code: "slug_mismatch", message: 'is "other" but the article is stored as "a-story"; remove the field or make them agree' },
    ]);
    expect(problems({ ...INPUT, slug: "a-story" })).toEqual([]);
    expect(problems(INPUT, "Bad Slug")).toEqual([
      {
        field: "slug",
        code: "invalid_slug",
        message: '"Bad Slug" is not a valid slug: use lower-case letters a-z, digits and single hyphens (at most 80 characters)',
      },
    ]);
    // A slug field that is itself invalid is named once, for what is wrong with it.
    expect(problems({ ...INPUT, slug: "Other" }).map((p) => `${p.field} ${p.code}`)).toEqual(["slug invalid_slug"]);
  });

  it("checks the site only for fields that parsed", () => {
    expect(problems({ ...INPUT, section: "x".repeat(121) }).map((p) => `${p.field} ${p.code}`)).toEqual(["section too_long"]);
    expect(problems({ ...INPUT, authors: ["zed", 3] }).map((p) => `${p.field} ${p.code}`)).toEqual(["authors[1] not_text", "authors[0] not_an_author"]);
    expect(problems({ ...INPUT, authors: "ada" }).map((p) => `${p.field} ${p.code}`)).toEqual(["authors not_a_list"]);
    expect(problems({ ...INPUT, authors: ["zed", "zed"] }).map((p) => `${p.field} ${p.code}`)).toEqual(["authors[1] duplicate", "authors[0] not_an_author"]);
  });

  it("lists problems in the order of the article's fields, unknown fields first", () => {
    const found = problems({ ...INPUT, colour: "red", body: "", status: "maybe", section: "sport", headline: "" }, "Bad Slug");
    expect(found.map((p) => p.field)).toEqual(["colour", "slug", "headline", "section", "status", "body"]);
  });

  it("returns the article under the stored slug, without the slug field it was given", () => {
    const result = validateArticle({ ...INPUT, slug: "a-story" }, "a-story", SITE);
    expect(result.ok && Object.keys(result.value)[0]).toBe("slug");
    expect(result.ok && result.value.slug).toBe("a-story");
  });
});

describe("reading direction and visibility", () => {
  it("knows right-to-left languages by primary tag, whole tag or script", () => {
    for (const tag of [
      "AR",
      "ckb",
      "dv",
      "ps",
      "sd",
      "syr",
      "ug",
      "yi",
      "iw",
      "ku-Arab",
      "ku-arab-IQ",
      "pa-Arab",
      "en-Hebr",
      "x-Thaa",
      "x-Syrc",
      "x-Nkoo",
      "x-Adlm",
      "x-Rohg",
      "arc",
    ])
      expect(isRightToLeft(tag), tag).toBe(true);
    for (const tag of ["ku", "ku-Latn", "en-Arabic", "en-arabx", "pa", "", "arabic", "x-arab1"]) expect(isRightToLeft(tag), tag).toBe(false);
  });

  it("shows a published story from its publish time on", () => {
    const published = "2026-11-25T00:00:00Z";
    expect(isVisible({ status: "published", published }, Date.parse(published))).toBe(true);
    expect(isVisible({ status: "published", published }, Date.parse(published) - 1)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { ArticleRecord } from "../../src/content/record.ts";
import { mediaReferences } from "../../src/content/references.ts";

function recordWith(image: string | undefined, bodyHtml: string): ArticleRecord {
  return {
    article: {
      slug: "s",
      headline: "h",
      standfirst: "s",
      section: "news",
      authors: ["a"],
      tags: [],
      language: "en",
      published: "2026-11-20T00:00:00Z",
      status: "published",
      body: "",
      ...(image ? { image: { media: image, alt: "alt", width: 1, height: 1 } } : {}),
    },
    bodyHtml,
    words: 1,
    version: "v",
  };
}

describe("mediaReferences", () => {
  it("names the lead image and each body image once, in order", () => {
    const html = '<p><img src="/media/chart.svg" alt="a"></p><p><img src="/media/lead.png" alt="b"><img src="/media/chart.svg" alt="c"></p>';
    expect(mediaReferences(recordWith("lead.png", html))).toEqual([
      { field: "image.media", name: "lead.png" },
      { field: "body", name: "chart.svg" },
    ]);
  });

  it("is empty for a story without images", () => {
    expect(mediaReferences(recordWith(undefined, "<p>Text only</p>"))).toEqual([]);
  });
});

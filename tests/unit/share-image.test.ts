// Link previews: which picture an article's card shows, how large, and the site config that names the
// share image; the seed ships that image and raster leads that previewers can show.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { prepareRecord } from "../../src/content/record.ts";
import { validateSite } from "../../src/content/site.ts";
import type { Chrome } from "../../src/render/layout.ts";
import { renderArticlePage } from "../../src/render/pages/article.ts";
import { renderListingPage } from "../../src/render/pages/listing.ts";
import { shareImageFor, siteShareImage, twitterCardFor } from "../../src/render/share-image.ts";
import { loadContentFolder } from "../../scripts/lib/content-folder.ts";
import { metaValues, readPage } from "../support/html.ts";
import { seedSite } from "../support/site.ts";

const site = seedSite();
const CANONICAL = "https://www.meridian-courier.example";
const chrome: Chrome = { site, mirrors: [], canonicalOrigin: CANONICAL };
const lead = (media: string, width = 1600, height = 900) => ({ media, alt: `Alt of ${media}`, width, height });

describe("shareImageFor", () => {
  it("a raster lead image is the preview, whatever its raster format", () => {
    for (const [media, type] of [
      ["quay.jpg", "image/jpeg"],
      ["quay.jpeg", "image/jpeg"],
      ["quay.png", "image/png"],
      ["quay.webp", "image/webp"],
    ] as const) {
      expect(shareImageFor({ image: lead(media) }, site)).toEqual({ ...lead(media), type, source: "lead" });
    }
  });

  it("an SVG lead image gives way to the site's share image (previewers do not show SVG), and so does AVIF", () => {
    const expected = { media: "share-card.png", alt: site.shareImage?.alt, width: 1200, height: 630, type: "image/png", source: "site" };
    expect(shareImageFor({ image: lead("quay.svg") }, site)).toEqual(expected);
    expect(shareImageFor({ image: lead("quay.avif") }, site)).toEqual(expected);
  });

  it("a story without a lead image shows the site's share image", () => {
    expect(shareImageFor({}, site)).toMatchObject({ media: "share-card.png", source: "site" });
  });

  it("a narrow raster lead is still the story's own picture, with the small card", () => {
    const narrow = shareImageFor({ image: lead("quay.jpg", 800, 450) }, site);
    expect(narrow).toMatchObject({ media: "quay.jpg", width: 800, source: "lead" });
    expect(twitterCardFor(narrow)).toBe("summary");
  });

  it("no preview at all when the lead is SVG and the site has no share image", () => {
    const { shareImage: _none, ...bare } = site;
    expect(shareImageFor({ image: lead("quay.svg") }, bare)).toBeUndefined();
    expect(siteShareImage(bare)).toBeUndefined();
  });

  it("the large card from 1200 px wide, the small one below and without a picture", () => {
    expect(twitterCardFor({ width: 1200 })).toBe("summary_large_image");
    expect(twitterCardFor({ width: 1199 })).toBe("summary");
    expect(twitterCardFor(undefined)).toBe("summary");
  });
});

describe("site config shareImage", () => {
  const base = JSON.parse(JSON.stringify(site)) as Record<string, unknown>;
  const withShare = (shareImage: unknown) => validateSite({ ...base, shareImage });

  it("accepts a PNG, JPEG or WebP share image and leaves it optional", () => {
    expect(withShare({ media: "card.jpg", alt: "The masthead", width: 1200, height: 630 })).toMatchObject({ ok: true });
    const { shareImage: _none, ...without } = base;
    expect(validateSite(without)).toMatchObject({ ok: true });
  });

  it("names each problem precisely", () => {
    const problems = (value: unknown) => {
      const checked = withShare(value);
      return checked.ok ? [] : checked.problems;
    };
    expect(problems({ media: "card.svg", alt: "x", width: 1200, height: 630 })).toEqual([
      expect.objectContaining({ field: "shareImage.media", message: expect.stringContaining("PNG, JPEG or WebP") }),
    ]);
    expect(problems({ media: "card.avif", alt: "x", width: 1200, height: 630 })).toEqual([expect.objectContaining({ field: "shareImage.media" })]);
    expect(problems({ media: "Card One.png", alt: "x", width: 1200, height: 630 })).toEqual([expect.objectContaining({ field: "shareImage.media" })]);
    expect(problems({ media: "card.png", width: 0, height: 1.5 }).map((p) => p.field)).toEqual(["shareImage.alt", "shareImage.width", "shareImage.height"]);
    expect(problems({ media: "card.png", alt: "x", width: 1200, height: 630, url: "https://x" }).map((p) => p.field)).toEqual(["shareImage.url"]);
    expect(problems("card.png")).toEqual([
      { field: "shareImage", code: "not_an_object", message: "must be an object (media, alt, width, height), not a string" },
    ]);
  });

  it("refuses a section named page with subsections: /page/2 numbers pages", () => {
    const checked = validateSite({ ...base, sections: [...site.sections, { slug: "page", name: "Page" }, { slug: "page/2", name: "Two" }] });
    expect(checked.ok ? [] : checked.problems).toEqual([
      expect.objectContaining({ field: "sections[8].slug", message: expect.stringContaining('named "page"') }),
    ]);
  });
});

describe("article page link preview", async () => {
  async function page(image: Record<string, unknown> | undefined) {
    const prepared = await prepareRecord(
      {
        headline: "Harbour wall approved",
        standfirst: "The council voted.",
        section: "news",
        authors: ["ruth-calloway"],
        tags: [],
        language: "en",
        published: "2026-11-24T10:00:00Z",
        status: "published",
        ...(image ? { image } : {}),
        body: "Text.",
      },
      "harbour-wall",
      site,
      renderMarkdown,
    );
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
    return renderArticlePage(chrome, { record: prepared.value, related: [] });
  }

  it("an SVG lead: og:image is the share image with its size, alt and type; large card; JSON-LD the same picture", async () => {
    const head = readPage(await page({ media: "harbour.svg", alt: "A wall", width: 1200, height: 675 }));
    expect(metaValues(head, "og:image")).toEqual([`${CANONICAL}/media/share-card.png`]);
    expect(metaValues(head, "og:image:width")).toEqual(["1200"]);
    expect(metaValues(head, "og:image:height")).toEqual(["630"]);
    expect(metaValues(head, "og:image:alt")).toEqual([site.shareImage?.alt]);
    expect(metaValues(head, "og:image:type")).toEqual(["image/png"]);
    expect(metaValues(head, "twitter:card")).toEqual(["summary_large_image"]);
    expect(metaValues(head, "twitter:image")).toEqual([`${CANONICAL}/media/share-card.png`]);
    expect(head.jsonLd[0]).toMatchObject({ image: [`${CANONICAL}/media/share-card.png`] });
  });

  it("a narrow JPEG lead: its own picture and the small card", async () => {
    const head = readPage(await page({ media: "harbour.jpg", alt: "A wall", width: 640, height: 360 }));
    expect(metaValues(head, "og:image")).toEqual([`${CANONICAL}/media/harbour.jpg`]);
    expect(metaValues(head, "og:image:type")).toEqual(["image/jpeg"]);
    expect(metaValues(head, "twitter:card")).toEqual(["summary"]);
  });

  it("article pages ask for large image previews in search; a later listing page is noindex only; a first one has no robots meta", async () => {
    expect((await page(undefined)).match(/<meta name="robots"[^>]*>/g)).toEqual(['<meta name="robots" content="max-image-preview:large">']);
    const listing = (n: number) =>
      renderListingPage(chrome, { kind: "Section", title: "News", description: "", path: "/section/news", stories: [], page: n, pages: 3 });
    expect(listing(2).match(/<meta name="robots"[^>]*>/g)).toEqual(['<meta name="robots" content="noindex, follow">']);
    expect(listing(1)).not.toContain('name="robots"');
  });
});

describe("the seed's pictures", async () => {
  const root = join(import.meta.dirname, "../../kv-seed");
  const content = await loadContentFolder(root);

  it("validates, and ships the share image it names", async () => {
    expect(content.problems).toEqual([]);
    const share = site.shareImage;
    expect(share).toMatchObject({ media: "share-card.png", width: 1200, height: 630 });
    const bytes = await readFile(join(root, "media", share?.media ?? ""));
    // PNG IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 630]);
  });

  it("every published story has a raster preview, and several have their own raster lead of at least 1200 px and at most 120 KB", async () => {
    const own = [];
    for (const { record } of content.articles) {
      const preview = shareImageFor(record.article, site);
      expect(preview, record.article.slug).toBeDefined();
      if (preview?.source === "lead") {
        const file = content.media.find((m) => m.name === preview.media);
        expect(file?.bytes.byteLength ?? Infinity, preview.media).toBeLessThanOrEqual(120 * 1024);
        expect(preview.width).toBeGreaterThanOrEqual(1200);
        own.push(preview.media);
      }
    }
    expect(own.length).toBeGreaterThanOrEqual(5);
  });

  it("keeps charts and diagrams as SVG", () => {
    const names = content.media.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["flood-barrier-diagram.svg", "port-volumes-chart.svg"]));
  });
});

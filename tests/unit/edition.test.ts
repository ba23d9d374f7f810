// The daily edition file: one day's visible stories, self-contained (no request anywhere when opened),
// pictures inlined within a 1 MB budget, site links absolute, the site's addresses at the end; and the
// same edition as an EPUB 3 e-book that unzip and an XML parser accept.

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, type DefaultTreeAdapterMap } from "parse5";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { type ArticleRecord, prepareRecord } from "../../src/content/record.ts";
import { bytesToBase64 } from "../../src/render/base64.ts";
import { EDITION_CSP, EDITION_MAX_BYTES, type EditionImage, isDayClosed, isEditionDay, renderEdition, withinEditionBudget } from "../../src/render/edition.ts";
import { formatDate } from "../../src/render/format.ts";
import { renderEditionEpub, toXhtml } from "../../src/render/epub.ts";
import { renderEditionsIndex } from "../../src/render/pages/editions.ts";
import { crc32 } from "../../src/render/zip.ts";
import { assertWellFormed } from "../support/xml.ts";
import { activeContent, parseErrors } from "../support/html.ts";
import { chrome, longArticle, site } from "./seed-pages.ts";

type Element = DefaultTreeAdapterMap["element"];

function elements(node: DefaultTreeAdapterMap["parentNode"], out: Element[] = []): Element[] {
  for (const child of node.childNodes) {
    if ("tagName" in child) {
      out.push(child);
      elements(child, out);
    }
  }
  return out;
}

const DAY = "2026-11-25";
const NOW = Date.parse("2026-11-26T06:00:00Z");
const ORIGIN = "https://www.meridian-courier.example";
const ADDRESSES = [
  { label: "Main", url: "https://www.meridian-courier.example/" },
  { label: "Mirror 1", url: "https://mirror-one.example/" },
  { label: "Tor onion service", url: `http://${"a".repeat(56)}.onion/` },
];

/** Bytes that do not compress, like a real JPEG's, behind a JPEG signature. */
function jpegLike(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  bytes.set([0xff, 0xd8, 0xff, 0xe0].slice(0, size));
  return bytes;
}

/** Seed prose without its pictures: each test story names its own. */
const prose = (await longArticle(1500)).article.body.replace(/^!\[.*$/gm, "");

async function story(n: number, overrides: Record<string, unknown> = {}): Promise<ArticleRecord> {
  const prepared = await prepareRecord(
    {
      headline: `Story ${n} of the day`,
      standfirst: `What happened in story ${n}.`,
      section: "news",
      authors: ["ruth-calloway", "amira-haddad"],
      tags: [],
      language: "en",
      published: `${DAY}T${String(6 + (n % 17)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}:00Z`,
      status: "published",
      image: { media: `story-${n}.jpg`, alt: `Picture of story ${n}`, caption: `Caption ${n}`, width: 1200, height: 675 },
      body: `${prose}\n\nSee also [the chart](/articles/story-${(n % 20) + 1}) and [the archive](/section/news).\n\n![Chart for story ${n}](/media/chart-${n}.svg)`,
      ...overrides,
    },
    `story-${n}`,
    site,
    renderMarkdown,
  );
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  return prepared.value;
}

const twenty = await Promise.all(Array.from({ length: 20 }, (_, i) => story(i + 1)));
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');

function imagesOf(leadBytes: number): Map<string, EditionImage> {
  const images = new Map<string, EditionImage>();
  for (let n = 1; n <= 20; n++) {
    images.set(`story-${n}.jpg`, { type: "image/jpeg", bytes: jpegLike(leadBytes, n) });
    images.set(`chart-${n}.svg`, { type: "image/svg+xml", bytes: SVG });
  }
  return images;
}

const input = (images: Map<string, EditionImage>, stories = twenty) => ({ site, day: DAY, stories, images, origin: ORIGIN, addresses: ADDRESSES, now: NOW });

describe("daily edition", () => {
  /** Built inside each test, not when the file loads: Stryker credits a mutant only to the tests that ran it. */
  const smallEdition = () => {
    const small = renderEdition(input(imagesOf(20 * 1024)));
    return { small, all: elements(parse(small.html)) };
  };

  it("holds every story of the day, a table of contents, the day and the site's name", () => {
    const { small, all } = smallEdition();
    expect(small.stories).toBe(20);
    expect(all.filter((e) => e.tagName === "article")).toHaveLength(20);
    const toc = all.filter((e) => e.tagName === "a" && e.attrs.some((a) => a.name === "href" && a.value.startsWith("#story-")));
    expect(toc.length).toBeGreaterThanOrEqual(20);
    const date = formatDate(Date.parse(`${DAY}T00:00:00Z`), "en");
    expect(small.html).toContain(`<title>The Meridian Courier: ${date}</title>`);
    expect(small.html).toContain(`<h1>Daily edition: <time datetime="2026-11-25">${date}</time></h1>`);
  });

  it("requests nothing when opened: its CSP allows only data: images and inline style, and every picture is a data: URI", () => {
    const { small, all } = smallEdition();
    const csp = all.filter((e) => e.tagName === "meta" && e.attrs.some((a) => a.name === "http-equiv" && a.value === "Content-Security-Policy"));
    expect(csp.map((e) => e.attrs.find((a) => a.name === "content")?.value)).toEqual([EDITION_CSP]);
    expect(EDITION_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    for (const e of all) {
      for (const a of e.attrs)
        if (["src", "srcset", "poster", "data", "background"].includes(a.name)) expect(a.value, `<${e.tagName} ${a.name}>`).toMatch(/^data:image\//);
    }
    expect(all.filter((e) => ["link", "script", "iframe", "object", "embed", "video", "audio", "source"].includes(e.tagName))).toEqual([]);
    expect(small.html).not.toMatch(/url\(|@import/);
    expect(parseErrors(small.html)).toEqual([]);
    // The CSP meta is the one http-equiv the file may have, and data: images the only data: URLs.
    expect(activeContent(small.html).filter((found) => !found.startsWith('<img src="data:image/'))).toEqual(['<meta http-equiv="Content-Security-Policy">']);
  });

  it("with room, inlines every picture: lead images and body images", () => {
    const { small } = smallEdition();
    expect(small.omitted).toEqual([]);
    expect(small.inlined).toHaveLength(40);
    expect(small.html).toContain(`src="data:image/jpeg;base64,${bytesToBase64(jpegLike(20 * 1024, 1)).slice(0, 40)}`);
    expect(small.html).toContain('<img src="data:image/svg+xml;base64,');
  });

  it("links to the site absolute on the origin, links to stories in the file inside it; no site-relative link is left", () => {
    const { all } = smallEdition();
    const hrefs = all.flatMap((e) => e.attrs.filter((a) => a.name === "href").map((a) => a.value));
    expect(hrefs.filter((h) => h.startsWith("/"))).toEqual([]);
    expect(hrefs).toContain(`${ORIGIN}/section/news`);
    expect(hrefs).toContain("#story-story-2");
    expect(hrefs).toContain(`${ORIGIN}/articles/story-1`);
  });

  it("ends with the site's addresses", () => {
    const { small } = smallEdition();
    const tail = small.html.slice(small.html.indexOf('<footer class="addresses"'));
    for (const a of ADDRESSES) expect(tail).toContain(`<li>${a.label}: <a href="${a.url}">${a.url}</a></li>`);
  });

  it("prints each story on a new page in a readable serif", () => {
    const { small } = smallEdition();
    expect(small.html).toMatch(/@media print\{[^}]*@page\{margin:2cm\}.*\.story\{break-before:page/);
    expect(small.html).toContain("serif");
  });

  it("leaves out drafts, scheduled stories and other days' stories, whatever the caller passes", async () => {
    const draft = await story(21, { status: "draft" });
    const scheduled = await story(22, { published: "2026-11-25T23:30:00Z" });
    const yesterday = await story(23, { published: "2026-11-24T12:00:00Z" });
    const early = renderEdition({
      ...input(imagesOf(1024), [twenty[0] as ArticleRecord, draft, scheduled, yesterday]),
      now: Date.parse("2026-11-25T20:00:00Z"),
    });
    expect(early.stories).toBe(1);
    expect(early.html).not.toMatch(/Story 2[123] of the day/);
  });

  it("a picture not in the map is its alt text, with a link to view it online", () => {
    const images = imagesOf(1024);
    images.delete("story-1.jpg");
    images.delete("chart-1.svg");
    const edition = renderEdition(input(images));
    expect(edition.omitted).toEqual(["story-1.jpg", "chart-1.svg"]);
    expect(edition.html).toContain(`Image: Picture of story 1 (<a href="${ORIGIN}/media/story-1.jpg">view online</a>)`);
    expect(edition.html).toContain('<span class="image-alt">[Image: Chart for story 1]</span>');
  });

  it("20 stories of 1,500 words with a 60 KB picture each stay within 1 MB: pictures that do not fit become their alt text", () => {
    expect(twenty.every((s) => s.words >= 1500)).toBe(true);
    const edition = renderEdition(input(imagesOf(60 * 1024)));
    console.info(
      `edition of 20 stories × ${twenty[0]?.words} words, 60 KB pictures: ${edition.bytes} bytes, ${edition.inlined.length} of ${edition.inlined.length + edition.omitted.length} pictures inlined`,
    );
    expect(edition.bytes).toBeLessThanOrEqual(EDITION_MAX_BYTES);
    expect(withinEditionBudget(edition.html)).toBe(true);
    expect(edition.inlined.length).toBeGreaterThan(0);
    expect(edition.omitted.length).toBeGreaterThan(0);
    // In reading order: every story whose picture was inlined comes before every story whose picture was not.
    const place = (names: string[]) => names.filter((n) => n.endsWith(".jpg")).map((n) => edition.html.indexOf(`id="story-${n.replace(".jpg", "")}"`));
    expect(Math.max(...place(edition.inlined))).toBeLessThan(Math.min(...place(edition.omitted)));
  });

  it("knows real days and when a day has closed", () => {
    expect(isEditionDay("2026-11-25")).toBe(true);
    expect(isEditionDay("2026-02-30")).toBe(false);
    expect(isEditionDay("2026-11-25.html")).toBe(false);
    expect(isDayClosed(DAY, Date.parse("2026-11-25T23:59:59Z"))).toBe(false);
    expect(isDayClosed(DAY, Date.parse("2026-11-26T00:00:00Z"))).toBe(true);
  });
});

describe("bytesToBase64", () => {
  it("matches Node's encoder at every length around the chunk size", () => {
    for (const size of [0, 1, 2, 3, 4, 24575, 24576, 24577, 70000]) {
      const bytes = jpegLike(size, size + 7);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    }
  });
});

describe("editions index", () => {
  it("lists days newest first with their files", () => {
    const page = renderEditionsIndex(
      chrome,
      [
        { day: "2026-11-24", stories: 1 },
        { day: "2026-11-25", stories: 12 },
      ],
      { epub: true },
    );
    expect(page.indexOf("/editions/2026-11-25.html")).toBeLessThan(page.indexOf("/editions/2026-11-24.html"));
    expect(page).toContain("12 stories");
    expect(page).toContain("1 story");
    expect(page).toContain('href="/editions/2026-11-25.epub"');
    expect(page).toContain('<link rel="canonical" href="https://www.meridian-courier.example/editions">');
  });
});

describe("daily edition as EPUB", () => {
  const dir = mkdtempSync(join(tmpdir(), "edition-epub-"));
  /** The book written to a file, built inside each test (see smallEdition). */
  const smallBook = () => {
    const book = renderEditionEpub(input(imagesOf(20 * 1024)));
    const file = join(dir, "edition.epub");
    writeFileSync(file, book.bytes);
    return { book, file };
  };

  it("is a ZIP that unzip tests clean, the stored mimetype first", () => {
    const { book, file } = smallBook();
    expect(execFileSync("unzip", ["-t", file], { encoding: "utf8" })).toContain("No errors detected");
    const listing = execFileSync("unzip", ["-v", file], { encoding: "utf8" }).split("\n");
    const first = listing.find((line) => /Stored|Defl/.test(line));
    expect(first).toMatch(/Stored.*\smimetype$/);
    // Byte 30 onwards of the archive: the first entry's name, then its content.
    expect(new TextDecoder().decode(book.bytes.subarray(30, 38 + 20))).toBe("mimetypeapplication/epub+zip");
  });

  it("holds a well-formed package, navigation and XHTML with every picture it points to", () => {
    const { book, file } = smallBook();
    const read = (name: string) => execFileSync("unzip", ["-p", file, name], { encoding: "utf8" });
    for (const name of ["META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml", "EPUB/edition.xhtml"]) assertWellFormed(read(name));
    const opf = read("EPUB/package.opf");
    expect(opf).toContain('<dc:identifier id="book-id">tag:meridian-courier.example,2026:feed/editions/2026-11-25</dc:identifier>');
    expect(opf).toContain('<meta property="dcterms:modified">2026-11-25T23:59:59Z</meta>');
    const edition = read("EPUB/edition.xhtml");
    const names = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).split("\n");
    for (const [, src] of edition.matchAll(/<img src="([^"]+)"/g)) {
      expect(names).toContain(`EPUB/${src}`);
      expect(opf).toContain(`href="${src}"`);
    }
    expect(book.included).toHaveLength(40);
    expect((read("EPUB/nav.xhtml").match(/<li>/g) ?? []).length).toBe(20);
  });

  it("stays within 1 MB with 60 KB pictures, like the HTML file", () => {
    const big = renderEditionEpub(input(imagesOf(60 * 1024)));
    console.info(
      `EPUB of 20 stories, 60 KB pictures: ${big.bytes.byteLength} bytes, ${big.included.length} of ${big.included.length + big.omitted.length} pictures`,
    );
    expect(big.bytes.byteLength).toBeLessThanOrEqual(EDITION_MAX_BYTES);
    expect(big.included.length).toBeGreaterThan(0);
  });

  it("CRC-32 matches the standard check value", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("closes void elements for XHTML", () => {
    expect(toXhtml('<p>a<br>b<img src="x" alt="y"><hr/></p>')).toBe('<p>a<br />b<img src="x" alt="y" /><hr /></p>');
  });
});

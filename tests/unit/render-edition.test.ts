// The daily edition (src/render/edition.ts, epub.ts, zip.ts): one day's file and e-book exactly as a reader
// downloads them, the pictures that fit the budget, and the ZIP structure e-readers read.

import { describe, expect, it } from "vitest";
import type { SiteConfig } from "../../src/content/site.ts";
import {
  EDITION_CSP,
  EDITION_MAX_BYTES,
  type EditionImage,
  type EditionInput,
  type EditionStory,
  dayOf,
  fitPictures,
  isDayClosed,
  isEditionDay,
  pictureUses,
  picturesInOrder,
  renderEdition,
  storiesOfDay,
  withinEditionBudget,
} from "../../src/render/edition.ts";
import { EPUB_TYPE, renderEditionEpub, toXhtml } from "../../src/render/epub.ts";
import { EDITION_STYLESHEET } from "../../src/render/styles.ts";
import { crc32, zipStored } from "../../src/render/zip.ts";

const SITE: SiteConfig = {
  name: "Meridian",
  tagline: "",
  description: "d",
  language: "en",
  feedId: "news.example,2026",
  sections: [{ slug: "news", name: "News" }],
  authors: [
    { slug: "amira", name: "Amira" },
    { slug: "tom", name: "Tom" },
  ],
  tags: {},
};
const BODY =
  '<h2>Sub</h2>\n<p>See <a href="/articles/b">b</a>, <a href="/articles/zz">zz</a> and <a href="https://o.example/">o</a>.</p>\n<p><img src="/media/c.svg" alt="Chart"></p>\n';
const story = (slug: string, published: string, extra: Partial<EditionStory["article"]> = {}, bodyHtml = BODY): EditionStory => ({
  article: {
    slug,
    headline: `H ${slug}`,
    standfirst: `S ${slug}`,
    section: "news",
    authors: ["amira", "tom"],
    tags: [],
    language: "en",
    published,
    status: "published",
    ...extra,
  },
  bodyHtml,
});
const LEAD = { media: "lead.png", alt: "Lead", width: 4, height: 3, caption: "Cap", credit: "Cred" };
const STORIES = [
  story("b", "2026-11-25T12:00:00Z"),
  story("a", "2026-11-25T08:00:00Z", { image: LEAD }),
  story("c", "2026-11-24T08:00:00Z"),
  story("d", "2026-11-25T09:00:00Z", { status: "draft" }),
];
const IMAGES = new Map<string, EditionImage>([
  ["lead.png", { type: "image/png", bytes: new Uint8Array([1, 2, 3]) }],
  ["c.svg", { type: "image/svg+xml", bytes: new TextEncoder().encode("<svg/>") }],
]);
const INPUT: EditionInput = {
  site: SITE,
  day: "2026-11-25",
  stories: STORIES,
  images: IMAGES,
  origin: "https://news.example",
  addresses: [{ label: "Main", url: "https://news.example/" }],
  now: Date.parse("2026-11-26T06:00:00Z"),
};
const utf8 = (text: string) => new TextEncoder().encode(text).byteLength;

/** The entries of a ZIP whose entries are all stored, read from their local headers. */
function unzip(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const files = new Map<string, string>();
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const size = view.getUint32(at + 18, true);
    const nameLength = view.getUint16(at + 26, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
    files.set(name, new TextDecoder().decode(bytes.subarray(at + 30 + nameLength, at + 30 + nameLength + size)));
    at += 30 + nameLength + size;
  }
  return files;
}

const EDITION_HTML = `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:; style-src &#39;unsafe-inline&#39;">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Meridian: November 25, 2026</title>
<style>${EDITION_STYLESHEET}</style>
</head>
<body>
<header class="edition-head">
<p class="brand">Meridian</p>
<h1>Daily edition: <time datetime="2026-11-25">November 25, 2026</time></h1>
<p class="meta">2 stories. This file works without a connection: read it, print it, pass it on.</p>
</header>
<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading">In this edition</h2><ol>
<li><a href="#story-a">H a</a></li>
<li><a href="#story-b">H b</a></li>
</ol></nav>
<main>
<article class="story" id="story-a" lang="en" dir="ltr">
<p class="kicker">News</p>
<h2>H a</h2>
<p class="standfirst">S a</p>
<p class="byline">Amira and Tom · November 25, 2026</p>
<figure><img src="data:image/png;base64,AQID" alt="Lead" width="4" height="3"><figcaption>Cap Cred</figcaption></figure>
<div class="body">
<h3>Sub</h3>
<p>See <a href="#story-b">b</a>, <a href="https://news.example/articles/zz">zz</a> and <a href="https://o.example/">o</a>.</p>
<p><img src="data:image/svg+xml;base64,PHN2Zy8+" alt="Chart"></p>

</div>
<p class="source">Online: <a href="https://news.example/articles/a">https://news.example/articles/a</a></p>
</article><article class="story" id="story-b" lang="en" dir="ltr">
<p class="kicker">News</p>
<h2>H b</h2>
<p class="standfirst">S b</p>
<p class="byline">Amira and Tom · November 25, 2026</p>

<div class="body">
<h3>Sub</h3>
<p>See <a href="#story-b">b</a>, <a href="https://news.example/articles/zz">zz</a> and <a href="https://o.example/">o</a>.</p>
<p><img src="data:image/svg+xml;base64,PHN2Zy8+" alt="Chart"></p>

</div>
<p class="source">Online: <a href="https://news.example/articles/b">https://news.example/articles/b</a></p>
</article>
</main>
<footer class="addresses" aria-labelledby="addresses-heading">
<h2 id="addresses-heading">Where to read Meridian</h2>
<p>If one address is blocked where you are, try another.</p>
<ul>
<li>Main: <a href="https://news.example/">https://news.example/</a></li>
</ul>
</footer>
</body>
</html>
`;
const CONTAINER = `<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;
const PACKAGE = `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="en">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">tag:news.example,2026:feed/editions/2026-11-25</dc:identifier>
<dc:title>Meridian: November 25, 2026</dc:title>
<dc:language>en</dc:language>
<dc:publisher>Meridian</dc:publisher>
<dc:date>2026-11-25</dc:date>
<meta property="dcterms:modified">2026-11-25T23:59:59Z</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="edition" href="edition.xhtml" media-type="application/xhtml+xml"/>
<item id="style" href="style.css" media-type="text/css"/>
<item id="img-1" href="images/lead.png" media-type="image/png"/>
<item id="img-2" href="images/c.svg" media-type="image/svg+xml"/>
</manifest>
<spine><itemref idref="edition"/></spine>
</package>
`;
const NAV = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head>
<meta charset="utf-8" />
<title>Meridian: November 25, 2026</title>
<link rel="stylesheet" type="text/css" href="style.css" />
</head>
<body>
<nav epub:type="toc" id="toc"><h1>In this edition</h1><ol>
<li><a href="edition.xhtml#story-a">H a</a></li>
<li><a href="edition.xhtml#story-b">H b</a></li>
</ol></nav>
</body>
</html>
`;
const EDITION_XHTML = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head>
<meta charset="utf-8" />
<title>Meridian: November 25, 2026</title>
<link rel="stylesheet" type="text/css" href="style.css" />
</head>
<body>
<header class="edition-head">
<p class="brand">Meridian</p>
<h1>Daily edition: <time datetime="2026-11-25">November 25, 2026</time></h1>
</header>
<article class="story" id="story-a" lang="en" dir="ltr">
<p class="kicker">News</p>
<h2>H a</h2>
<p class="standfirst">S a</p>
<p class="byline">Amira and Tom · November 25, 2026</p>
<figure><img src="images/lead.png" alt="Lead" width="4" height="3" /><figcaption>Cap Cred</figcaption></figure>
<div class="body">
<h3>Sub</h3>
<p>See <a href="#story-b">b</a>, <a href="https://news.example/articles/zz">zz</a> and <a href="https://o.example/">o</a>.</p>
<p><img src="images/c.svg" alt="Chart" /></p>

</div>
<p class="source">Online: <a href="https://news.example/articles/a">https://news.example/articles/a</a></p>
</article><article class="story" id="story-b" lang="en" dir="ltr">
<p class="kicker">News</p>
<h2>H b</h2>
<p class="standfirst">S b</p>
<p class="byline">Amira and Tom · November 25, 2026</p>

<div class="body">
<h3>Sub</h3>
<p>See <a href="#story-b">b</a>, <a href="https://news.example/articles/zz">zz</a> and <a href="https://o.example/">o</a>.</p>
<p><img src="images/c.svg" alt="Chart" /></p>

</div>
<p class="source">Online: <a href="https://news.example/articles/b">https://news.example/articles/b</a></p>
</article>
<footer class="addresses" aria-labelledby="addresses-heading">
<h2 id="addresses-heading">Where to read Meridian</h2>
<p>If one address is blocked where you are, try another.</p>
<ul>
<li>Main: <a href="https://news.example/">https://news.example/</a></li>
</ul>
</footer>
</body>
</html>
`;

describe("the day's file", () => {
  it("holds the day's visible stories in order, pictures inlined, links made absolute or kept inside, and the addresses", () => {
    const edition = renderEdition(INPUT);
    expect(edition.html).toBe(EDITION_HTML);
    expect(edition).toMatchObject({ stories: 2, inlined: ["lead.png", "c.svg"], omitted: [] });
    expect(edition.bytes).toBe(utf8(edition.html));
  });

  it("forbids every load but data: pictures", () => {
    expect(EDITION_CSP).toBe("default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    expect(EDITION_MAX_BYTES).toBe(1_000_000);
  });

  it("says so when the day had no stories", () => {
    const edition = renderEdition({ ...INPUT, day: "2026-11-23" });
    expect(edition.stories).toBe(0);
    expect(edition.html).toContain('<p class="meta">0 stories. This file works');
    expect(edition.html).toContain("<p>No stories were published on this day.</p>\n<main>\n\n</main>");
    expect(edition.html).not.toContain("toc-heading");
    expect(renderEdition({ ...INPUT, stories: [STORIES[0] as EditionStory] }).html).toContain('<p class="meta">1 story. This file works');
  });

  it("shows a missing or unusable picture as its alt text, the lead with a link to view it online", () => {
    const images = new Map<string, EditionImage>([["c.svg", { type: "image/gif", bytes: new Uint8Array([1]) }]]);
    const edition = renderEdition({ ...INPUT, images });
    expect(edition.inlined).toEqual([]);
    expect(edition.omitted).toEqual(["lead.png", "c.svg"]);
    expect(edition.html).toContain(
      '<figure><p class="image-alt">Image: Lead (<a href="https://news.example/media/lead.png">view online</a>)</p><figcaption>Cap Cred</figcaption></figure>',
    );
    expect(edition.html).toContain('<p><span class="image-alt">[Image: Chart]</span></p>');
  });

  it("captions a lead by caption or credit, and not at all without either", () => {
    const only = (image: object) =>
      renderEdition({ ...INPUT, stories: [story("a", "2026-11-25T08:00:00Z", { image: { ...LEAD, caption: undefined, credit: undefined, ...image } })] }).html;
    expect(only({ caption: "Cap" })).toContain("<figcaption>Cap </figcaption>");
    expect(only({ credit: "Cred" })).toContain("<figcaption> Cred</figcaption>");
    expect(only({})).toContain('<figure><img src="data:image/png;base64,AQID" alt="Lead" width="4" height="3"></figure>');
  });

  it("marks a story in another language in the contents, and writes a right-to-left site right to left", () => {
    const html = renderEdition({
      ...INPUT,
      site: { ...SITE, language: "ar" },
      stories: [story("a", "2026-11-25T08:00:00Z", { language: "fr", section: "gone", authors: ["x"] })],
    }).html;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<li lang="fr" dir="ltr"><a href="#story-a">H a</a></li>');
    expect(html).toContain('<article class="story" id="story-a" lang="fr" dir="ltr">\n<p class="kicker">gone</p>');
    expect(html).toContain('<p class="byline">x · 25 novembre 2026</p>');
  });

  it("moves body headings one level down, never past h6", () => {
    const html = renderEdition({ ...INPUT, stories: [story("a", "2026-11-25T08:00:00Z", {}, "<h2>A</h2><h5>B</h5><h6>C</h6><h1>D</h1>")] }).html;
    expect(html).toContain("<h3>A</h3><h6>B</h6><h6>C</h6><h1>D</h1>");
  });

  it("inlines pictures in reading order while they fit, and counts each use of a picture", () => {
    const none = renderEdition({ ...INPUT, images: new Map() }).bytes;
    // lead.png: 4 base64 characters and "data:image/png;base64,", once; c.svg: 8 and its prefix, twice.
    const lead = 4 + 22;
    const chart = (8 + 26) * 2;
    const within = (budget: number) => renderEdition({ ...INPUT, maxBytes: none + budget });
    expect(within(lead - 1).inlined).toEqual([]);
    expect(within(lead).inlined).toEqual(["lead.png"]);
    expect(within(lead).omitted).toEqual(["c.svg"]);
    expect(within(lead + chart - 1).inlined).toEqual(["lead.png"]);
    expect(within(lead + chart).inlined).toEqual(["lead.png", "c.svg"]);
    expect(within(chart).inlined).toEqual(["lead.png"]);
    for (const budget of [0, lead, lead + chart]) expect(within(budget).bytes).toBeLessThanOrEqual(none + budget);
  });
});

describe("edition helpers", () => {
  it("knows real days, the day of a time, and when a day has closed", () => {
    expect(isEditionDay("2028-02-29")).toBe(true);
    for (const day of ["2026-02-29", "2026-13-01", "26-11-25", "2026-11-5", " 2026-11-25", "2026-11-25x", "2026-11-25T00:00:00Z"])
      expect(isEditionDay(day), day).toBe(false);
    expect(dayOf("2026-11-25T23:59:59Z")).toBe("2026-11-25");
    expect(dayOf("2026-11-26T01:00:00+02:00")).toBe("2026-11-25");
    expect(isDayClosed("2026-11-25", Date.parse("2026-11-25T23:59:59.999Z"))).toBe(false);
    expect(isDayClosed("2026-11-25", Date.parse("2026-11-26T00:00:00Z"))).toBe(true);
  });

  it("keeps a day's visible stories, first published first", () => {
    const now = Date.parse("2026-11-25T10:00:00Z");
    const scheduled = story("s", "2026-11-25T11:00:00Z");
    const exactlyNow = story("n", "2026-11-25T10:00:00Z");
    expect(storiesOfDay([...STORIES, scheduled, exactlyNow], "2026-11-25", now).map((s) => s.article.slug)).toEqual(["a", "n"]);
  });

  it("measures the budget in UTF-8 bytes, the limit included", () => {
    expect(withinEditionBudget("ab", 2)).toBe(true);
    expect(withinEditionBudget("abc", 2)).toBe(false);
    expect(withinEditionBudget("é", 1)).toBe(false);
    expect(withinEditionBudget("x".repeat(EDITION_MAX_BYTES))).toBe(true);
    expect(withinEditionBudget("x".repeat(EDITION_MAX_BYTES + 1))).toBe(false);
  });

  it("lists the pictures in reading order, once each, and counts their uses", () => {
    const stories = storiesOfDay(STORIES, "2026-11-25", INPUT.now);
    expect(picturesInOrder(stories)).toEqual(["lead.png", "c.svg"]);
    expect([...pictureUses(stories)]).toEqual([
      ["lead.png", 1],
      ["c.svg", 2],
    ]);
    expect(pictureUses([story("x", "2026-11-25T08:00:00Z", {}, '<img src="https://t.example/p.png" alt="">')]).size).toBe(0);
  });

  it("fits pictures in order, skipping one too big for what is left", () => {
    const cost = (name: string) => ({ a: 5, big: 50, b: 4, c: 2 })[name] ?? 0;
    expect(fitPictures(["a", "big", "b", "c"], 11, cost)).toEqual(["a", "b", "c"]);
    expect(fitPictures(["a", "big", "b", "c"], 9, cost)).toEqual(["a", "b"]);
    expect(fitPictures(["a"], 4, cost)).toEqual([]);
    expect(fitPictures([], 100, cost)).toEqual([]);
  });
});

describe("the day's e-book", () => {
  it("is a ZIP of the mimetype, container, package, navigation, the edition, its stylesheet and pictures", () => {
    const book = renderEditionEpub(INPUT);
    expect(book).toMatchObject({ stories: 2, included: ["lead.png", "c.svg"], omitted: [] });
    const files = unzip(book.bytes);
    expect([...files.keys()]).toEqual([
      "mimetype",
      "META-INF/container.xml",
      "EPUB/package.opf",
      "EPUB/nav.xhtml",
      "EPUB/edition.xhtml",
      "EPUB/style.css",
      "EPUB/images/lead.png",
      "EPUB/images/c.svg",
    ]);
    expect(files.get("mimetype")).toBe(EPUB_TYPE);
    expect(EPUB_TYPE).toBe("application/epub+zip");
    expect(files.get("META-INF/container.xml")).toBe(CONTAINER);
    expect(files.get("EPUB/package.opf")).toBe(PACKAGE);
    expect(files.get("EPUB/nav.xhtml")).toBe(NAV);
    expect(files.get("EPUB/edition.xhtml")).toBe(EDITION_XHTML);
    expect(files.get("EPUB/style.css")).toBe(EDITION_STYLESHEET);
    expect(files.get("EPUB/images/c.svg")).toBe("<svg/>");
  });

  it("dates the book at now while the day is open, at its last second once closed", () => {
    const opf = (now: number) => unzip(renderEditionEpub({ ...INPUT, now }).bytes).get("EPUB/package.opf");
    expect(opf(Date.parse("2026-11-25T15:30:45.678Z"))).toContain('<meta property="dcterms:modified">2026-11-25T15:30:45Z</meta>');
    expect(opf(Date.parse("2026-11-25T23:59:59Z"))).toContain('<meta property="dcterms:modified">2026-11-25T23:59:59Z</meta>');
  });

  it("says so when the day had no stories, and the contents link to the book itself", () => {
    const files = unzip(renderEditionEpub({ ...INPUT, day: "2026-11-23" }).bytes);
    expect(files.get("EPUB/edition.xhtml")).toContain("<p>No stories were published on this day.</p>");
    expect(files.get("EPUB/nav.xhtml")).toContain('<ol>\n<li><a href="edition.xhtml">Meridian: November 23, 2026</a></li></ol>');
  });

  it("carries only picture types every reader shows, and marks other-language stories in the contents", () => {
    const images = new Map<string, EditionImage>([
      ["lead.png", { type: "image/avif", bytes: new Uint8Array([1]) }],
      ["c.svg", { type: "image/svg+xml", bytes: new Uint8Array([2]) }],
    ]);
    const book = renderEditionEpub({ ...INPUT, images, stories: [story("a", "2026-11-25T08:00:00Z", { image: LEAD, language: "ar" })] });
    expect(book.included).toEqual(["c.svg"]);
    expect(book.omitted).toEqual(["lead.png"]);
    const files = unzip(book.bytes);
    expect(files.get("EPUB/nav.xhtml")).toContain('<li lang="ar" dir="rtl"><a href="edition.xhtml#story-a">H a</a></li>');
    expect(files.get("EPUB/package.opf")).toContain('<item id="img-1" href="images/c.svg" media-type="image/svg+xml"/>\n</manifest>');
  });

  it("leaves out pictures, last first, until the book fits its budget", () => {
    const name = (n: number) => `${String(n).repeat(70).slice(0, 70)}-picture.png`;
    const images = new Map<string, EditionImage>([1, 2, 3].map((n) => [name(n), { type: "image/png", bytes: new Uint8Array(100).fill(n) }]));
    const body = [1, 2, 3].map((n) => `<p><img src="/media/${name(n)}" alt="P${n}"></p>`).join("\n");
    const input = { ...INPUT, images, stories: [story("a", "2026-11-25T08:00:00Z", {}, body)] };
    const empty = renderEditionEpub({ ...input, images: new Map() }).bytes.byteLength;
    const two = renderEditionEpub({ ...input, images: new Map([...images].slice(0, 2)) }).bytes.byteLength;
    // The estimate (100 bytes and 220 of overhead each) has room for all three in the size of two; the book does not.
    expect(two - empty).toBeGreaterThanOrEqual(3 * 320);
    const book = renderEditionEpub({ ...input, maxBytes: two });
    expect(book.bytes.byteLength).toBe(two);
    expect(book.included).toEqual([name(1), name(2)]);
    expect(book.omitted).toEqual([name(3)]);
    const tight = renderEditionEpub({ ...input, maxBytes: empty + 100 });
    expect(tight.included).toEqual([]);
  });

  it("closes void elements for XHTML, attributes kept", () => {
    expect(toXhtml('<br><hr class="x"><img src="a" alt="b"/><wbr><col span="2"><p>x</p>')).toBe(
      '<br /><hr class="x" /><img src="a" alt="b" /><wbr /><col span="2" /><p>x</p>',
    );
    expect(toXhtml("<brx><image>")).toBe("<brx><image>");
  });
});

describe("ZIP", () => {
  it("computes CRC-32 as ZIP does", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(new Uint8Array([0]))).toBe(0xd202ef8d);
  });

  it("writes local headers, the central directory and its end record, every entry stored", () => {
    const a = new TextEncoder().encode("hello");
    const zip = zipStored(
      [
        { name: "a.txt", bytes: a },
        { name: "dir/b", bytes: new Uint8Array() },
      ],
      Date.parse("2026-11-25T13:45:31Z"),
    );
    const v = new DataView(zip.buffer);
    const time = (13 << 11) | (45 << 5) | 15;
    const date = ((2026 - 1980) << 9) | (11 << 5) | 25;
    // First local header.
    expect([v.getUint32(0, true), v.getUint16(4, true), v.getUint16(6, true), v.getUint16(8, true)]).toEqual([0x04034b50, 10, 0, 0]);
    expect([v.getUint16(10, true), v.getUint16(12, true)]).toEqual([time, date]);
    expect([v.getUint32(14, true), v.getUint32(18, true), v.getUint32(22, true), v.getUint16(26, true), v.getUint16(28, true)]).toEqual([crc32(a), 5, 5, 5, 0]);
    expect(new TextDecoder().decode(zip.subarray(30, 40))).toBe("a.txthello");
    // Second local header right after.
    expect(v.getUint32(40, true)).toBe(0x04034b50);
    expect(v.getUint16(40 + 26, true)).toBe(5);
    const central = 40 + 30 + 5;
    const c = (offset: number) => central + offset;
    expect([v.getUint32(c(0), true), v.getUint16(c(4), true), v.getUint16(c(6), true), v.getUint16(c(8), true), v.getUint16(c(10), true)]).toEqual([
      0x02014b50, 20, 10, 0, 0,
    ]);
    expect([v.getUint16(c(12), true), v.getUint16(c(14), true), v.getUint32(c(16), true), v.getUint32(c(20), true), v.getUint32(c(24), true)]).toEqual([
      time,
      date,
      crc32(a),
      5,
      5,
    ]);
    expect([v.getUint16(c(28), true), v.getUint32(c(42), true)]).toEqual([5, 0]);
    expect(new TextDecoder().decode(zip.subarray(c(46), c(51)))).toBe("a.txt");
    const second = c(51);
    expect([v.getUint32(second, true), v.getUint32(second + 42, true), v.getUint32(second + 16, true)]).toEqual([0x02014b50, 40, 0]);
    const end = zip.byteLength - 22;
    expect([v.getUint32(end, true), v.getUint16(end + 8, true), v.getUint16(end + 10, true), v.getUint32(end + 12, true), v.getUint32(end + 16, true)]).toEqual(
      [0x06054b50, 2, 2, 46 + 5 + 46 + 5, central],
    );
    expect(zip.byteLength).toBe(central + 46 + 5 + 46 + 5 + 22);
  });

  it("dates entries from 1980 at the earliest, in two-second steps", () => {
    const v = new DataView(zipStored([{ name: "x", bytes: new Uint8Array() }], Date.parse("1970-06-15T00:00:01Z")).buffer);
    expect(v.getUint16(12, true)).toBe((0 << 9) | (6 << 5) | 15);
    expect(v.getUint16(10, true)).toBe(0);
  });

  it("writes an empty archive as its end record alone", () => {
    expect([...zipStored([], 0)]).toEqual([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
  });
});

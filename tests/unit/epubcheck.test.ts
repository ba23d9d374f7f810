// The daily e-book checked by EPUBCheck (Debian's package `epubcheck`, the W3C's conformance checker
// for EPUB), as a publisher would check a book before sending it out: the seed's real pictures, a
// right-to-left story, pictures that fit and pictures that do not.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteConfig } from "../../src/content/site.ts";
import type { EditionImage, EditionInput, EditionStory } from "../../src/render/edition.ts";
import { renderEditionEpub } from "../../src/render/epub.ts";

const run = promisify(execFile);
const JAR = "/usr/share/java/epubcheck.jar";
const JAVA = ["/usr/bin/java"].find((path) => existsSync(path));
const available = JAVA !== undefined && existsSync(JAR);
if (!available && process.env.CI) throw new Error(`EPUBCheck is missing (${JAR}): CI installs the Debian package epubcheck`);

const MEDIA = join(import.meta.dirname, "../../kv-seed/media");
const TYPES: Record<string, string> = { jpg: "image/jpeg", png: "image/png", webp: "image/webp", svg: "image/svg+xml" };
const PICTURES = ["port-cranes.jpg", "share-card.png", "night-bus.webp", "flood-barrier-diagram.svg"];

const SITE: SiteConfig = {
  name: "The Meridian Courier",
  tagline: "News from the coast",
  description: "d",
  language: "en",
  feedId: "news.example,2026",
  sections: [{ slug: "news", name: "News" }],
  authors: [{ slug: "amira", name: "Amira Haddad" }],
  tags: {},
};

const story = (slug: string, published: string, extra: Partial<EditionStory["article"]>, bodyHtml: string): EditionStory => ({
  article: {
    slug,
    headline: `Headline ${slug} & more`,
    standfirst: `Standfirst of ${slug}`,
    section: "news",
    authors: ["amira"],
    tags: [],
    language: "en",
    published,
    status: "published",
    ...extra,
  },
  bodyHtml,
});

async function input(): Promise<EditionInput> {
  const images = new Map<string, EditionImage>();
  for (const name of PICTURES) {
    images.set(name, { type: TYPES[name.slice(name.lastIndexOf(".") + 1)] ?? "", bytes: new Uint8Array(await readFile(join(MEDIA, name))) });
  }
  const body = (picture: string) =>
    `<h2>What happened</h2>\n<p>Text with <a href="/articles/b">a link to b</a>, <a href="https://other.example/">another site</a> and a line<br>break.</p>\n<p><img src="/media/${picture}" alt="A picture"></p>\n<table><tr><th>A</th></tr><tr><td>1</td></tr></table>\n`;
  return {
    site: SITE,
    day: "2026-11-25",
    stories: [
      story(
        "a",
        "2026-11-25T08:00:00Z",
        { image: { media: "port-cranes.jpg", alt: "Cranes", width: 1200, height: 675, caption: "Cranes at dawn", credit: "Staff" } },
        body("flood-barrier-diagram.svg"),
      ),
      story("b", "2026-11-25T09:00:00Z", { image: { media: "night-bus.webp", alt: "Night bus", width: 1200, height: 675 } }, body("share-card.png")),
      story("c", "2026-11-25T10:00:00Z", { language: "ar" }, "<p>نص عربي</p>\n"),
      story("d", "2026-11-25T11:00:00Z", { image: { media: "missing.png", alt: "Not uploaded", width: 10, height: 10 } }, "<p>Last story.</p>\n"),
    ],
    images,
    origin: "https://news.example",
    addresses: [
      { label: "Main", url: "https://news.example/" },
      { label: "Mirror", url: "https://mirror-one.example/?stay=1" },
    ],
    now: Date.parse("2026-11-26T06:00:00Z"),
  };
}

describe.skipIf(!available)("the daily e-book under EPUBCheck", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "epubcheck-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(bytes: Uint8Array): Promise<{ code: number; messages: string[] }> {
    const file = join(dir, `edition-${Math.random().toString(36).slice(2)}.epub`);
    await writeFile(file, bytes);
    try {
      const { stdout, stderr } = await run(JAVA as string, ["-jar", JAR, "--quiet", file], { timeout: 120_000 });
      return { code: 0, messages: `${stdout}\n${stderr}`.split("\n").filter((l) => /^(FATAL|ERROR|WARNING)/.test(l)) };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? 1, messages: `${e.stdout ?? ""}\n${e.stderr ?? ""}`.split("\n").filter((l) => /^(FATAL|ERROR|WARNING)/.test(l)) };
    }
  }

  it("passes with no error or warning: pictures as files, a right-to-left story, a picture it does not carry", async () => {
    const book = renderEditionEpub(await input());
    expect(book.included).toEqual(expect.arrayContaining(["port-cranes.jpg", "flood-barrier-diagram.svg", "share-card.png"]));
    // WebP is a core media type only since EPUB 3.3: the book leaves it out and links it instead.
    expect(book.omitted).toContain("night-bus.webp");
    expect(await check(book.bytes)).toEqual({ code: 0, messages: [] });
  }, 150_000);

  it("fails it for a book with one byte of its package document changed (the checker is really checking)", async () => {
    const book = renderEditionEpub(await input());
    const bytes = book.bytes.slice();
    const at = Buffer.from(bytes).indexOf("<manifest>");
    bytes.set(new TextEncoder().encode("<manifesT>"), at);
    const result = await check(bytes);
    expect(result.code).not.toBe(0);
    expect(result.messages.join("\n")).toMatch(/ERROR|FATAL/);
  }, 150_000);
});

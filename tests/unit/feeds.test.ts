import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import type { FeedItem } from "../../src/content/feed-item.ts";
import { feedAuthority, validateSite } from "../../src/content/site.ts";
import { renderAtom } from "../../src/render/feeds/atom.ts";
import { renderJsonFeed } from "../../src/render/feeds/json-feed.ts";
import { absoluteLinks, feedDocument } from "../../src/render/feeds/model.ts";
import { renderRss } from "../../src/render/feeds/rss.ts";
import { xmlChars } from "../../src/render/xml.ts";
import { FORBIDDEN_IN_XML, HOSTILE, hostileSite } from "../support/hostile.ts";
import { seedSite } from "../support/site.ts";
import { figureOf } from "../support/html.ts";
import { assertWellFormed } from "../support/xml.ts";

const site = hostileSite(seedSite());
const MIRROR = "https://meridian-mirror.example";
const PRIMARY = "https://www.meridian-courier.example";
const SOURCE = { listingPath: "/section/news", title: "News | The Meridian Courier", description: "The latest News stories." };

const BODY = `<p>${HOSTILE.body.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</p>\n<p><a href="/articles/other">rel</a> <a href="//evil.example/x">pr</a> <img src="/media/x.png" alt="x"></p>\n`;

const hostileItem: FeedItem = {
  slug: "hostile-story",
  headline: HOSTILE.headline + FORBIDDEN_IN_XML,
  standfirst: HOSTILE.standfirst,
  section: "news",
  language: "ar",
  published: "2026-11-24T10:00:00Z",
  updated: "2026-11-24T12:30:00Z",
  authors: ["amira-haddad", "grace-okafor"],
  tags: ["water", "climate"],
  image: { media: "flood.png", alt: HOSTILE.alt, caption: HOSTILE.caption, credit: HOSTILE.credit, width: 1200, height: 675 },
  bodyHtml: BODY,
};

const plainItem: FeedItem = {
  slug: "plain-story",
  headline: "A plain story",
  standfirst: "Nothing odd here.",
  section: "news/europe",
  language: "en",
  published: "2026-11-23T08:00:00Z",
  authors: ["tomas-lindqvist"],
  tags: [],
  bodyHtml: "<p>Plain.</p>\n",
};

const items = [hostileItem, plainItem];

describe("RSS 2.0", () => {
  const text = renderRss(feedDocument(site, MIRROR, SOURCE, items, "2026-11-25T09:30:00Z"));
  const feed = parseRssFeed(text);
  const [first, second] = feed.items ?? [];

  it("is well-formed XML even with forbidden characters in a headline", () => {
    expect(() => assertWellFormed(text)).not.toThrow();
  });

  it("describes the channel with links on the requested host", () => {
    expect(feed.title).toBe(SOURCE.title);
    expect(feed.link).toBe(`${MIRROR}/section/news`);
    expect(feed.language).toBe("en");
    expect(feed.atom?.links?.[0]?.href).toBe(`${MIRROR}/section/news/feed.xml`);
    expect(feed.lastBuildDate).toBe("Tue, 24 Nov 2026 12:30:00 GMT");
  });

  it("carries every field of an item, hostile text intact", () => {
    expect(feed.items).toHaveLength(2);
    expect(first?.title).toBe(HOSTILE.headline);
    expect(first?.link).toBe(`${MIRROR}/articles/hostile-story`);
    expect(first?.guid).toEqual({ value: "tag:meridian-courier.example,2026:article/hostile-story", isPermaLink: false });
    expect(first?.pubDate).toBe("Tue, 24 Nov 2026 10:00:00 GMT");
    expect(first?.atom?.updated).toBe("2026-11-24T12:30:00Z");
    expect(first?.description).toBe(HOSTILE.standfirst);
    expect(first?.dc?.creators).toEqual([HOSTILE.authorName, "Grace Okafor"]);
    expect(first?.dc?.languages).toEqual(["ar"]);
    expect(first?.categories?.map((c) => c.name)).toEqual([HOSTILE.sectionName, HOSTILE.tagLabel, "Climate"]);
    expect(first?.enclosures).toEqual([{ url: `${MIRROR}/media/flood.png`, type: "image/png", length: 0 }]);
    const media = first?.media?.contents?.[0];
    expect(media?.url).toBe(`${MIRROR}/media/flood.png`);
    expect(media?.description?.value).toBe(HOSTILE.alt);
    expect(media?.credits?.[0]?.value).toBe(HOSTILE.credit);
  });

  it("carries the full body as escaped HTML, with the lead image and absolute links", () => {
    const content = first?.content?.encoded ?? "";
    expect(content).toContain(absoluteLinks(BODY, MIRROR).trim());
    expect(figureOf(content)).toEqual({
      src: `${MIRROR}/media/flood.png`,
      alt: HOSTILE.alt,
      caption: `${HOSTILE.caption} ${HOSTILE.credit}`,
      credit: HOSTILE.credit,
    });
  });

  it("leaves optional parts out of an item that has none", () => {
    expect(second?.enclosures).toBeUndefined();
    expect(second?.atom?.updated).toBe("2026-11-23T08:00:00Z");
    // feedsmith trims surrounding whitespace from element text.
    expect(second?.content?.encoded).toBe("<p>Plain.</p>");
  });
});

describe("Atom 1.0", () => {
  const text = renderAtom(feedDocument(site, MIRROR, SOURCE, items, "2026-11-25T09:30:00Z"));
  const feed = parseAtomFeed(text);
  const first = feed.entries?.[0];

  it("is well-formed XML", () => {
    expect(() => assertWellFormed(text)).not.toThrow();
  });

  it("has a host-independent feed id and self and alternate links on the requested host", () => {
    expect(feed.id).toBe("tag:meridian-courier.example,2026:feed/section/news");
    expect(feed.updated).toBe("2026-11-24T12:30:00Z");
    expect(feed.links).toEqual([
      { href: `${MIRROR}/section/news/atom.xml`, rel: "self", type: "application/atom+xml" },
      { href: `${MIRROR}/section/news`, rel: "alternate", type: "text/html" },
    ]);
    expect(feed.xml?.lang).toBe("en");
  });

  it("carries every field of an entry, hostile text intact", () => {
    expect(first?.id).toBe("tag:meridian-courier.example,2026:article/hostile-story");
    expect(first?.title).toEqual({ value: HOSTILE.headline, type: "text" });
    expect(first?.summary).toEqual({ value: HOSTILE.standfirst, type: "text" });
    expect(first?.published).toBe("2026-11-24T10:00:00Z");
    expect(first?.updated).toBe("2026-11-24T12:30:00Z");
    expect(first?.xml?.lang).toBe("ar");
    expect(first?.authors).toEqual([
      { name: HOSTILE.authorName, uri: `${MIRROR}/author/amira-haddad` },
      { name: "Grace Okafor", uri: `${MIRROR}/author/grace-okafor` },
    ]);
    expect(first?.categories).toEqual([
      { term: "news", label: HOSTILE.sectionName },
      { term: "water", label: HOSTILE.tagLabel },
      { term: "climate", label: "Climate" },
    ]);
    expect(first?.links).toEqual([
      { href: `${MIRROR}/articles/hostile-story`, rel: "alternate", type: "text/html" },
      { href: `${MIRROR}/media/flood.png`, rel: "enclosure", type: "image/png", title: HOSTILE.alt },
    ]);
    expect(first?.content?.type).toBe("html");
    expect(first?.content?.value).toContain(absoluteLinks(BODY, MIRROR).trim());
    expect(figureOf(first?.content?.value ?? "").caption).toBe(`${HOSTILE.caption} ${HOSTILE.credit}`);
  });
});

describe("JSON Feed 1.1", () => {
  const text = renderJsonFeed(feedDocument(site, MIRROR, SOURCE, items, "2026-11-25T09:30:00Z"));
  const raw = JSON.parse(text) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const feed = parseJsonFeed(text);
  const first = feed.items?.[0];

  it("follows the 1.1 rules: version, title, items with an id and content", () => {
    expect(raw.version).toBe("https://jsonfeed.org/version/1.1");
    expect(typeof raw.title).toBe("string");
    for (const item of raw.items) {
      expect(typeof item.id).toBe("string");
      expect(typeof item.content_html).toBe("string");
      expect(item.author).toBeUndefined(); // 1.0's field; 1.1 uses authors
      expect(Array.isArray(item.authors)).toBe(true);
    }
    expect(raw.feed_url).toBe(`${MIRROR}/section/news/feed.json`);
    expect(raw.home_page_url).toBe(`${MIRROR}/section/news`);
  });

  it("carries every field of an item; JSON keeps even the characters XML must drop", () => {
    expect(first?.id).toBe("tag:meridian-courier.example,2026:article/hostile-story");
    expect(first?.url).toBe(`${MIRROR}/articles/hostile-story`);
    expect(first?.title).toBe(HOSTILE.headline + FORBIDDEN_IN_XML);
    expect(first?.summary).toBe(HOSTILE.standfirst);
    expect(first?.image).toBe(`${MIRROR}/media/flood.png`);
    expect(first?.date_published).toBe("2026-11-24T10:00:00Z");
    expect(first?.date_modified).toBe("2026-11-24T12:30:00Z");
    expect(first?.authors?.map((a) => a.name)).toEqual([HOSTILE.authorName, "Grace Okafor"]);
    expect(first?.tags).toEqual([HOSTILE.sectionName, HOSTILE.tagLabel, "Climate"]);
    expect(first?.language).toBe("ar");
    expect(first?.content_html).toContain(absoluteLinks(BODY, MIRROR).trim());
  });
});

describe("feed ids and links across hosts", () => {
  const onMirror = feedDocument(site, MIRROR, SOURCE, items, "2026-11-25T09:30:00Z");
  const onPrimary = feedDocument(site, PRIMARY, SOURCE, items, "2026-11-25T09:30:00Z");

  it("ids are identical on every host while links follow the host", () => {
    expect(onMirror.id).toBe(onPrimary.id);
    expect(onMirror.entries.map((e) => e.id)).toEqual(onPrimary.entries.map((e) => e.id));
    expect(onMirror.entries.map((e) => e.url)).toEqual([`${MIRROR}/articles/hostile-story`, `${MIRROR}/articles/plain-story`]);
    expect(onPrimary.entries.map((e) => e.url)).toEqual([`${PRIMARY}/articles/hostile-story`, `${PRIMARY}/articles/plain-story`]);
  });

  it("an edited story keeps its id", () => {
    const edited = feedDocument(
      site,
      MIRROR,
      SOURCE,
      [{ ...hostileItem, headline: "Corrected headline", updated: "2026-11-25T09:00:00Z" }],
      "2026-11-25T09:30:00Z",
    );
    expect(edited.entries[0]?.id).toBe(onMirror.entries[0]?.id);
  });

  it("body links become absolute on the host; protocol-relative and outside links are left alone", () => {
    const body = absoluteLinks(BODY, MIRROR);
    expect(body).toContain(`<a href="${MIRROR}/articles/other">`);
    expect(body).toContain(`<img src="${MIRROR}/media/x.png"`);
    expect(body).toContain(`<a href="//evil.example/x">`);
  });

  it("an empty feed is still a valid document in every format", () => {
    const empty = feedDocument(site, MIRROR, SOURCE, [], "2026-11-25T09:30:00Z");
    expect(() => assertWellFormed(renderRss(empty))).not.toThrow();
    expect(() => assertWellFormed(renderAtom(empty))).not.toThrow();
    // Dated by when its content was built, never by the epoch.
    expect(parseAtomFeed(renderAtom(empty)).updated).toBe("2026-11-25T09:30:00Z");
    expect(JSON.parse(renderJsonFeed(empty)).items).toEqual([]);
  });

  it("XML feeds drop forbidden characters and nothing else", () => {
    expect(parseRssFeed(renderRss(onMirror)).items?.[0]?.title).toBe(xmlChars(hostileItem.headline));
  });
});

describe("site.json feedId", () => {
  const base = { name: "The Courier", description: "News.", language: "en", sections: [{ slug: "news", name: "News" }], authors: [], tags: {} };

  it("accepts a domain or e-mail address with a date, and names the problem otherwise", () => {
    for (const feedId of ["meridian-courier.example,2026", "courier.example,2026-03", "desk@courier.example,2026-03-01"]) {
      expect(validateSite({ ...base, feedId }).ok).toBe(true);
    }
    for (const feedId of ["https://courier.example", "courier.example", "courier.example,26", "Courier.Example,2026"]) {
      const checked = validateSite({ ...base, feedId });
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.problems[0]?.field).toBe("feedId");
    }
  });

  it("without one, ids are minted from the site name, which names no host", () => {
    const checked = validateSite(base);
    expect(checked.ok && feedAuthority(checked.value)).toBe("the-courier,2000");
  });
});

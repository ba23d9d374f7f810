// The site's, sections' and tags' feeds in RSS, Atom and JSON Feed, through the Worker with the seed.

import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { FEED_ITEMS } from "../../src/store/format.ts";
import { readPage } from "../support/html.ts";
import { assertWellFormed } from "../support/xml.ts";
import { MIRROR as MIRROR_HOST, ORIGIN, articleInput, minutesFromNow, publish, seedRecords, visibleSeedRecords, visit } from "../support/worker.ts";

const PRIMARY = ORIGIN;
const MIRROR = `http://${MIRROR_HOST}`;

/** A GET through the Worker, by default from a visitor in France (served in place on every host). */
function get(url: string, headers: Record<string, string> = {}, country = "FR"): Promise<Response> {
  return visit(url, { headers, country });
}

const DRAFT = "university-team-tests-seaweed-based-packaging";
const SCHEDULED = "coastal-railway-opens-between-dar-salwa-and-qasr-al-manar";

interface ParsedItem {
  id: string;
  url: string;
  title: string;
}

/** Fetches a feed, checks it with a strict XML parser (or JSON.parse) and a feed parser, and returns its items. */
async function readFeed(url: string): Promise<{ response: Response; text: string; items: ParsedItem[] }> {
  const response = await get(url);
  expect(response.status, url).toBe(200);
  const text = await response.text();
  let items: ParsedItem[];
  if (url.endsWith(".json")) {
    const raw = JSON.parse(text) as { version: string };
    expect(raw.version).toBe("https://jsonfeed.org/version/1.1");
    items = (parseJsonFeed(text).items ?? []).map((i) => ({ id: i.id ?? "", url: i.url ?? "", title: i.title ?? "" }));
  } else if (url.endsWith("atom.xml")) {
    assertWellFormed(text);
    items = (parseAtomFeed(text).entries ?? []).map((e) => ({ id: e.id ?? "", url: e.links?.[0]?.href ?? "", title: e.title?.value ?? "" }));
  } else {
    assertWellFormed(text);
    items = (parseRssFeed(text).items ?? []).map((i) => ({ id: i.guid?.value ?? "", url: i.link ?? "", title: i.title ?? "" }));
  }
  return { response, text, items };
}

const FILES = ["feed.xml", "atom.xml", "feed.json"] as const;
const slugOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

describe("site feeds", () => {
  const expected = visibleSeedRecords().slice(0, FEED_ITEMS);

  for (const file of FILES) {
    it(`/${file} lists the published seed stories newest first, with their headlines`, async () => {
      const { items } = await readFeed(`${PRIMARY}/${file}`);
      expect(items.map((i) => slugOf(i.url))).toEqual(expected.map((r) => r.article.slug));
      expect(items.map((i) => i.title)).toEqual(expected.map((r) => r.article.headline));
    });
  }

  it("the seed has 16 stories a reader can see, all in the feed (fewer than the 20-item cap)", () => {
    expect(expected).toHaveLength(16);
    expect(seedRecords()).toHaveLength(18);
  });

  it("drafts and scheduled stories appear in no feed, in any format", async () => {
    const feeds = ["", "/section/news", "/section/news/middle-east", "/section/science", "/tag/transport", "/tag/technology", "/tag/trade"];
    for (const listing of feeds) {
      for (const file of FILES) {
        const { text } = await readFeed(`${PRIMARY}${listing}/${file}`);
        expect(text, `${listing}/${file}`).not.toContain(DRAFT);
        expect(text, `${listing}/${file}`).not.toContain(SCHEDULED);
      }
    }
  });
});

describe("feeds on every host", () => {
  for (const file of FILES) {
    it(`/${file}: links follow the host the feed was fetched on; ids are the same everywhere`, async () => {
      const primary = await readFeed(`${PRIMARY}/${file}`);
      const mirror = await readFeed(`${MIRROR}/${file}`);
      expect(primary.items.length).toBeGreaterThan(0);
      for (const item of primary.items) expect(item.url.startsWith(`${PRIMARY}/articles/`)).toBe(true);
      for (const item of mirror.items) expect(item.url.startsWith(`${MIRROR}/articles/`)).toBe(true);
      expect(mirror.items.map((i) => i.id)).toEqual(primary.items.map((i) => i.id));
      for (const item of mirror.items) expect(item.id).toMatch(/^tag:meridian-courier\.example,2026:article\/[a-z0-9-]+$/);
      expect(mirror.text).not.toContain(PRIMARY);
    });
  }

  it("an unknown host gets links on the primary host, never its own name", async () => {
    const { text, items } = await readFeed("http://attacker.example/feed.xml");
    expect(items[0]?.url.startsWith(`${PRIMARY}/articles/`)).toBe(true);
    expect(text).not.toContain("attacker.example");
  });

  it("is served in place to a visitor the region rules would redirect", async () => {
    const response = await get(`${PRIMARY}/feed.xml`, {}, "GB");
    expect(response.status).toBe(200);
    expect(response.headers.get("Location")).toBeNull();
    expect(await response.text()).toContain(`<link>${PRIMARY}/articles/small-lenders-report-rise-in-first-time-buyers</link>`);
  });
});

describe("section and tag feeds", () => {
  const visible = visibleSeedRecords();

  it("a parent section's feed includes its subsections' stories", async () => {
    const { items } = await readFeed(`${PRIMARY}/section/news/feed.json`);
    const expected = visible.filter((r) => r.article.section === "news" || r.article.section.startsWith("news/"));
    expect(items.map((i) => slugOf(i.url))).toEqual(expected.map((r) => r.article.slug));
    expect(expected.some((r) => r.article.section === "news/europe")).toBe(true);
  });

  it("a subsection's feed holds only its own stories, titled after it", async () => {
    const response = await get(`${MIRROR}/section/news/europe/atom.xml`);
    expect(response.status).toBe(200);
    const feed = parseAtomFeed(await response.text());
    expect(feed.title?.value).toBe("Europe | The Meridian Courier");
    expect(feed.links?.find((l) => l.rel === "self")?.href).toBe(`${MIRROR}/section/news/europe/atom.xml`);
    expect(feed.entries?.map((e) => slugOf(e.links?.[0]?.href ?? ""))).toEqual(
      visible.filter((r) => r.article.section === "news/europe").map((r) => r.article.slug),
    );
  });

  it("a tag feed holds the stories with that tag", async () => {
    const { items } = await readFeed(`${PRIMARY}/tag/water/feed.xml`);
    expect(items.map((i) => slugOf(i.url))).toEqual(visible.filter((r) => r.article.tags.includes("water")).map((r) => r.article.slug));
  });

  it("unknown sections, unused tags and other file names are 404", async () => {
    for (const path of [
      "/section/weather/feed.xml",
      "/section/news/nowhere/atom.xml",
      "/tag/no-such-tag/feed.json",
      "/tag/water/feed.rss",
      "/tag/Water/feed.xml",
    ]) {
      const response = await get(`${PRIMARY}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain("We could not find that page");
    }
  });
});

describe("feed responses", () => {
  it("carry their media type, CORS for browser readers, public caching and an ETag", async () => {
    const types = { "feed.xml": "application/rss+xml", "atom.xml": "application/atom+xml", "feed.json": "application/feed+json" };
    for (const file of FILES) {
      const response = await get(`${MIRROR}/section/news/${file}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(`${MIRROR}/articles/lower-harbour-flood-defence-plan-approved`);
      expect(response.headers.get("Content-Type")).toBe(`${types[file]}; charset=utf-8`);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(response.headers.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=300");
      expect(response.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
    }
  });

  it("answer 304 with no body when the reader's copy is current, and 200 when it is not", async () => {
    const first = await get(`${MIRROR}/feed.xml`);
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag") ?? "";
    const again = await get(`${MIRROR}/feed.xml`, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("ETag")).toBe(etag);
    const changed = await get(`${MIRROR}/feed.xml`, { "If-None-Match": '"stale"' });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("<rss");
  });

  it("differ by host, so a mirror's copy is never served for the primary", async () => {
    const primary = await get(`${PRIMARY}/feed.xml`);
    const mirror = await get(`${MIRROR}/feed.xml`);
    expect(primary.status).toBe(200);
    expect(mirror.status).toBe(200);
    expect(primary.headers.get("ETag")).not.toBe(mirror.headers.get("ETag"));
    expect(await primary.text()).toContain(`<link>${PRIMARY}/articles/`);
    expect(await mirror.text()).toContain(`<link>${MIRROR}/articles/`);
  });
});

describe("feed discovery", () => {
  it("every page links the site feeds; section and tag pages link their own first", async () => {
    const cases: [string, string][] = [
      ["/", "/feed.xml"],
      ["/articles/lower-harbour-flood-defence-plan-approved", "/feed.xml"],
      ["/author/amira-haddad", "/feed.xml"],
      ["/section/news/europe", "/section/news/europe/feed.xml"],
      ["/tag/water", "/tag/water/feed.xml"],
    ];
    for (const [path, first] of cases) {
      const res = await get(`${MIRROR}${path}`);
      expect(res.status, path).toBe(200);
      const page = readPage(await res.text());
      expect(page.alternates[0]?.href, path).toBe(first);
      expect(page.alternates.map((a) => a.type)).toContain("application/feed+json");
      expect(page.alternates.some((a) => a.href === "/feed.xml")).toBe(true);
      for (const alternate of page.alternates) expect((await get(`${MIRROR}${alternate.href}`)).status, alternate.href).toBe(200);
    }
  });
});

describe("a withdrawn story", () => {
  const story = (status: string) =>
    articleInput({
      headline: "One-off story",
      section: "culture",
      authors: ["farah-karimi"],
      tags: ["one-off-topic", "arts"],
      published: minutesFromNow(-5),
      status,
    });

  it("leaves the feeds at once: a tag feed whose only story is withdrawn is a 404, not its last cached copy", async () => {
    await publish("one-off-story", story("published"));
    const { items } = await readFeed(`${PRIMARY}/tag/one-off-topic/feed.xml`);
    expect(items.map((i) => slugOf(i.url))).toEqual(["one-off-story"]);
    expect((await readFeed(`${PRIMARY}/tag/arts/feed.xml`)).items.map((i) => slugOf(i.url))).toContain("one-off-story");

    await publish("one-off-story", story("draft"));
    const gone = await get(`${PRIMARY}/tag/one-off-topic/feed.xml`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("We could not find that page");
    // A feed that still has stories keeps them, without the withdrawn one.
    const arts = await readFeed(`${PRIMARY}/tag/arts/feed.xml`);
    expect(arts.items.map((i) => slugOf(i.url))).not.toContain("one-off-story");
    expect(arts.items.map((i) => slugOf(i.url))).toContain("philharmonic-opens-season-with-harbour-symphony");
  });
});

import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { keys, listing } from "../../src/store/keys.ts";
import { FEED_ITEMS } from "../../src/store/feeds.ts";
import { readPage } from "../support/html.ts";
import { assertWellFormed } from "../support/xml.ts";
import { MIRROR, PRIMARY, get, minutesFromNow, newGeneration, prepare, publish, seedRecords, visibleSeedRecords } from "./publish.ts";

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
      expect((await get(`${PRIMARY}${path}`)).status, path).toBe(404);
    }
  });
});

describe("feed responses", () => {
  it("carry their media type, CORS for browser readers, public caching and an ETag", async () => {
    const types = { "feed.xml": "application/rss+xml", "atom.xml": "application/atom+xml", "feed.json": "application/feed+json" };
    for (const file of FILES) {
      const response = await get(`${MIRROR}/section/news/${file}`);
      expect(response.headers.get("Content-Type")).toBe(`${types[file]}; charset=utf-8`);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(response.headers.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=300");
      expect(response.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
    }
  });

  it("answer 304 with no body when the reader's copy is current, and 200 when it is not", async () => {
    const first = await get(`${MIRROR}/feed.xml`);
    const etag = first.headers.get("ETag") ?? "";
    const again = await get(`${MIRROR}/feed.xml`, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("ETag")).toBe(etag);
    expect((await get(`${MIRROR}/feed.xml`, { "If-None-Match": '"stale"' })).status).toBe(200);
  });

  it("differ by host, so a mirror's copy is never served for the primary", async () => {
    const primary = await get(`${PRIMARY}/feed.xml`);
    const mirror = await get(`${MIRROR}/feed.xml`);
    expect(primary.headers.get("ETag")).not.toBe(mirror.headers.get("ETag"));
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
      const page = readPage(await (await get(`${MIRROR}${path}`)).text());
      expect(page.alternates[0]?.href, path).toBe(first);
      expect(page.alternates.map((a) => a.type)).toContain("application/feed+json");
      expect(page.alternates.some((a) => a.href === "/feed.xml")).toBe(true);
      for (const alternate of page.alternates) expect((await get(`${MIRROR}${alternate.href}`)).status, alternate.href).toBe(200);
    }
  });
});

describe("a withdrawn story", () => {
  it("leaves the feeds at once: a tag feed whose only story is withdrawn is a 404, not its last cached copy", async () => {
    const record = await prepare(
      {
        headline: "One-off story",
        standfirst: "Published, then withdrawn.",
        section: "culture",
        authors: ["farah-karimi"],
        tags: ["one-off-topic"],
        language: "en",
        published: minutesFromNow(-5),
        status: "published",
        body: "Text.",
      },
      "one-off-story",
    );
    await publish(record);
    const { items } = await readFeed(`${PRIMARY}/tag/one-off-topic/feed.xml`);
    expect(items.map((i) => slugOf(i.url))).toEqual(["one-off-story"]);

    // Withdrawing, as the publishing routine does: the index entries and the snapshot go, the generation moves on.
    const list = listing.tag("one-off-topic");
    for (const key of (await env.CONTENT.list({ prefix: keys.indexPrefix(list) })).keys) await env.CONTENT.delete(key.name);
    await env.CONTENT.delete(keys.feed(list));
    await newGeneration();
    expect((await get(`${PRIMARY}/tag/one-off-topic/feed.xml`)).status).toBe(404);
  });
});

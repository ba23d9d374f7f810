// Feeds (src/render/feeds/): one feed document for a listing, written as RSS 2.0, Atom 1.0 and JSON Feed
// 1.1 exactly as feed readers receive them.

import { describe, expect, it } from "vitest";
import type { FeedItem } from "../../src/content/feed-item.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { renderAtom } from "../../src/render/feeds/atom.ts";
import { renderJsonFeed } from "../../src/render/feeds/json-feed.ts";
import { absoluteLinks, feedDocument, feedEntry } from "../../src/render/feeds/model.ts";
import { renderRss, rfc822 } from "../../src/render/feeds/rss.ts";

const SITE: SiteConfig = {
  name: "Meridian",
  tagline: "",
  description: "d",
  language: "en",
  logo: "logo.svg",
  feedId: "news.example,2026",
  sections: [{ slug: "news", name: "News" }],
  authors: [{ slug: "amira", name: "Amira" }],
  tags: { rail: "Railways" },
};
const ITEMS: FeedItem[] = [
  {
    slug: "a",
    headline: "A & B",
    standfirst: "S <1>",
    section: "news",
    language: "en-GB",
    published: "2026-11-24T10:00:00Z",
    updated: "2026-11-25T10:00:00Z",
    authors: ["amira", "tom"],
    tags: ["rail", "water-rights"],
    image: { media: "lead.png", alt: "Lead", width: 1600, height: 900, caption: "Dawn", credit: "Reuters" },
    bodyHtml: '<p><a href="/articles/b">b</a> <img src="/media/x.svg" alt=""></p>\n',
  },
  {
    slug: "b",
    headline: "B",
    standfirst: "S",
    section: "gone",
    language: "ar",
    published: "2026-11-23T10:00:00Z",
    authors: [],
    tags: [],
    bodyHtml: "<p>b</p>\n",
  },
];
const SOURCE = { listingPath: "/section/news", title: "News | Meridian", description: "News desc" };
/** Built in each test, not when the file loads: Stryker credits a mutant only to the tests that ran it. */
const BUILT_AT = "2026-11-25T09:30:00Z";
const doc = () => feedDocument(SITE, "https://m.example", SOURCE, ITEMS, BUILT_AT);

describe("RSS", () => {
  it("writes the channel and each item: body, authors, categories, the lead image as enclosure and media", () => {
    expect(renderRss(doc())).toBe(`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>News | Meridian</title>
<link>https://m.example/section/news</link>
<description>News desc</description>
<language>en</language>
<lastBuildDate>Wed, 25 Nov 2026 10:00:00 GMT</lastBuildDate>
<atom:link href="https://m.example/section/news/feed.xml" rel="self" type="application/rss+xml"/>
<item>
<title>A &amp; B</title>
<link>https://m.example/articles/a</link>
<guid isPermaLink="false">tag:news.example,2026:article/a</guid>
<pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate>
<atom:updated>2026-11-25T10:00:00Z</atom:updated>
<dc:creator>Amira</dc:creator>
<dc:creator>tom</dc:creator>
<dc:language>en-GB</dc:language>
<category>News</category>
<category>Railways</category>
<category>Water rights</category>
<description>S &lt;1&gt;</description>
<content:encoded>&lt;figure&gt;&lt;img src=&quot;https://m.example/media/lead.png&quot; alt=&quot;Lead&quot; width=&quot;1600&quot; height=&quot;900&quot;&gt;&lt;figcaption&gt;Dawn &lt;span class=&quot;credit&quot;&gt;Reuters&lt;/span&gt;&lt;/figcaption&gt;&lt;/figure&gt;
&lt;p&gt;&lt;a href=&quot;https://m.example/articles/b&quot;&gt;b&lt;/a&gt; &lt;img src=&quot;https://m.example/media/x.svg&quot; alt=&quot;&quot;&gt;&lt;/p&gt;
</content:encoded>
<enclosure url="https://m.example/media/lead.png" type="image/png" length="0"/>
<media:content url="https://m.example/media/lead.png" type="image/png" medium="image" width="1600" height="900">
<media:description type="plain">Lead</media:description>
<media:credit>Reuters</media:credit>
</media:content>
</item>
<item>
<title>B</title>
<link>https://m.example/articles/b</link>
<guid isPermaLink="false">tag:news.example,2026:article/b</guid>
<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>
<atom:updated>2026-11-23T10:00:00Z</atom:updated>
<dc:language>ar</dc:language>
<category>gone</category>
<description>S</description>
<content:encoded>&lt;p&gt;b&lt;/p&gt;
</content:encoded>
</item>
</channel>
</rss>
`);
  });

  it("writes dates the RFC 822 way", () => {
    expect(rfc822("2026-11-25T08:30:00Z")).toBe("Wed, 25 Nov 2026 08:30:00 GMT");
  });
});

describe("Atom", () => {
  it("writes the feed and each entry: ids, links, authors, categories, content and the enclosure", () => {
    expect(renderAtom(doc())).toBe(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>tag:news.example,2026:feed/section/news</id>
<title type="text">News | Meridian</title>
<subtitle type="text">News desc</subtitle>
<updated>2026-11-25T10:00:00Z</updated>
<link rel="self" type="application/atom+xml" href="https://m.example/section/news/atom.xml"/>
<link rel="alternate" type="text/html" href="https://m.example/section/news"/>
<icon>https://m.example/favicon.svg</icon>
<logo>https://m.example/media/logo.svg</logo>
<entry xml:lang="en-GB">
<id>tag:news.example,2026:article/a</id>
<title type="text">A &amp; B</title>
<link rel="alternate" type="text/html" href="https://m.example/articles/a"/>
<published>2026-11-24T10:00:00Z</published>
<updated>2026-11-25T10:00:00Z</updated>
<author><name>Amira</name><uri>https://m.example/author/amira</uri></author>
<author><name>tom</name><uri>https://m.example/author/tom</uri></author>
<category term="news" label="News"/>
<category term="rail" label="Railways"/>
<category term="water-rights" label="Water rights"/>
<summary type="text">S &lt;1&gt;</summary>
<content type="html">&lt;figure&gt;&lt;img src=&quot;https://m.example/media/lead.png&quot; alt=&quot;Lead&quot; width=&quot;1600&quot; height=&quot;900&quot;&gt;&lt;figcaption&gt;Dawn &lt;span class=&quot;credit&quot;&gt;Reuters&lt;/span&gt;&lt;/figcaption&gt;&lt;/figure&gt;
&lt;p&gt;&lt;a href=&quot;https://m.example/articles/b&quot;&gt;b&lt;/a&gt; &lt;img src=&quot;https://m.example/media/x.svg&quot; alt=&quot;&quot;&gt;&lt;/p&gt;
</content>
<link rel="enclosure" type="image/png" href="https://m.example/media/lead.png" title="Lead"/>
</entry>
<entry xml:lang="ar">
<id>tag:news.example,2026:article/b</id>
<title type="text">B</title>
<link rel="alternate" type="text/html" href="https://m.example/articles/b"/>
<published>2026-11-23T10:00:00Z</published>
<updated>2026-11-23T10:00:00Z</updated>
<category term="gone" label="gone"/>
<summary type="text">S</summary>
<content type="html">&lt;p&gt;b&lt;/p&gt;
</content>
</entry>
</feed>
`);
  });
});

describe("JSON Feed", () => {
  it("writes the same entries as JSON, indented, ending in a newline", () => {
    const text = renderJsonFeed(doc());
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n  "version": "https://jsonfeed.org/version/1.1",\n');
    expect(JSON.parse(text)).toEqual({
      version: "https://jsonfeed.org/version/1.1",
      title: "News | Meridian",
      home_page_url: "https://m.example/section/news",
      feed_url: "https://m.example/section/news/feed.json",
      description: "News desc",
      language: "en",
      favicon: "https://m.example/favicon.svg",
      icon: "https://m.example/media/logo.svg",
      items: [
        {
          id: "tag:news.example,2026:article/a",
          url: "https://m.example/articles/a",
          title: "A & B",
          summary: "S <1>",
          content_html:
            '<figure><img src="https://m.example/media/lead.png" alt="Lead" width="1600" height="900"><figcaption>Dawn <span class="credit">Reuters</span></figcaption></figure>\n<p><a href="https://m.example/articles/b">b</a> <img src="https://m.example/media/x.svg" alt=""></p>\n',
          image: "https://m.example/media/lead.png",
          date_published: "2026-11-24T10:00:00Z",
          date_modified: "2026-11-25T10:00:00Z",
          authors: [
            {
              name: "Amira",
              url: "https://m.example/author/amira",
            },
            {
              name: "tom",
              url: "https://m.example/author/tom",
            },
          ],
          tags: ["News", "Railways", "Water rights"],
          language: "en-GB",
        },
        {
          id: "tag:news.example,2026:article/b",
          url: "https://m.example/articles/b",
          title: "B",
          summary: "S",
          content_html: "<p>b</p>\n",
          date_published: "2026-11-23T10:00:00Z",
          date_modified: "2026-11-23T10:00:00Z",
          authors: [],
          tags: ["gone"],
          language: "ar",
        },
      ],
    });
  });
});

describe("the feed document", () => {
  it("is dated by its newest entry, or when the site was built when empty, and has no logo without one", () => {
    const { logo: _, ...noLogo } = SITE;
    const empty = feedDocument(noLogo, "https://m.example", { listingPath: "/", title: "T", description: "D" }, [], BUILT_AT);
    expect(empty).toEqual({
      id: "tag:news.example,2026:feed/latest",
      title: "T",
      description: "D",
      language: "en",
      homeUrl: "https://m.example/",
      feedUrls: { rss: "https://m.example/feed.xml", atom: "https://m.example/atom.xml", json: "https://m.example/feed.json" },
      iconUrl: "https://m.example/favicon.svg",
      updated: BUILT_AT,
      entries: [],
    });
    expect(renderAtom(empty)).not.toContain("<logo>");
    expect(JSON.parse(renderJsonFeed(empty))).not.toHaveProperty("icon");
    const b = ITEMS[1] as FeedItem;
    const older = feedDocument(SITE, "https://m.example", SOURCE, [b, { ...b, slug: "c", published: "2026-11-20T00:00:00Z" }], BUILT_AT);
    expect(older.updated).toBe("2026-11-23T10:00:00Z");
  });

  it("captions the lead image with caption, credit, both or neither", () => {
    const base = ITEMS[0] as FeedItem;
    const figure = (image: object) =>
      feedEntry(SITE, "https://m.example", { ...base, image: { media: "lead.png", alt: "Lead", width: 10, height: 5, ...image } }).contentHtml.split("\n")[0];
    expect(figure({})).toBe('<figure><img src="https://m.example/media/lead.png" alt="Lead" width="10" height="5"></figure>');
    expect(figure({ caption: "Dawn & dusk" })).toBe(
      '<figure><img src="https://m.example/media/lead.png" alt="Lead" width="10" height="5"><figcaption>Dawn &amp; dusk</figcaption></figure>',
    );
    expect(figure({ credit: "Reuters" })).toBe(
      '<figure><img src="https://m.example/media/lead.png" alt="Lead" width="10" height="5"><figcaption><span class="credit">Reuters</span></figcaption></figure>',
    );
    const entry = feedEntry(SITE, "https://m.example", { ...base, image: { media: "lead.png", alt: "Lead", width: 10, height: 5 } });
    expect(entry.image).toEqual({ url: "https://m.example/media/lead.png", type: "image/png", width: 10, height: 5, alt: "Lead" });
  });

  it("gives a lead image of an unknown type the generic type", () => {
    const base = ITEMS[0] as FeedItem;
    expect(feedEntry(SITE, "https://m.example", { ...base, image: { media: "lead.gif", alt: "x", width: 1, height: 1 } }).image?.type).toBe(
      "application/octet-stream",
    );
  });

  it("makes site-relative links and sources absolute, and leaves the rest", () => {
    expect(
      absoluteLinks(
        '<a href="/x">x</a><img src="/media/a.png"><a href="//cdn.example/y">y</a><a href="https://o.example/">o</a><a data-href="/z">z</a>',
        "https://m.example",
      ),
    ).toBe(
      '<a href="https://m.example/x">x</a><img src="https://m.example/media/a.png"><a href="//cdn.example/y">y</a><a href="https://o.example/">o</a><a data-href="/z">z</a>',
    );
  });
});

// The page shell (src/render/layout.ts) and the fragments pages share (src/render/components.ts): the
// document a browser gets, full and lite, and cards, bylines, dates, pictures and the pager.

import { describe, expect, it } from "vitest";
import type { ArticleSummary } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { authorLinks, card, cardList, headlineList, image, languageAttributes, pager, timeTag } from "../../src/render/components.ts";
import { html } from "../../src/render/html.ts";
import { type Chrome, layout, listingFeeds, robotsContent, siteFeeds } from "../../src/render/layout.ts";
import { LITE_STYLESHEET, STYLESHEET } from "../../src/render/styles.ts";

const SITE: SiteConfig = {
  name: "Meridian",
  tagline: "Daily",
  description: "News & views",
  language: "en",
  sections: [
    { slug: "news", name: "News" },
    { slug: "news/europe", name: "Europe" },
    { slug: "sport", name: "Sport" },
  ],
  authors: [
    { slug: "amira", name: "Amira Haddad" },
    { slug: "tom", name: "Tom Reyes" },
    { slug: "li", name: "Li Wei" },
  ],
  tags: {},
};
const CHROME: Chrome = {
  site: SITE,
  mirrors: [
    { label: "Main", host: "news.example", proto: "https", url: "https://news.example/", stayUrl: "https://news.example/?stay=1" },
    { label: "Mirror <1>", host: "m1.example", proto: "https", url: "https://m1.example/", stayUrl: "https://m1.example/?stay=1" },
  ],
  canonicalOrigin: "https://news.example",
};
/** Made in each test, not when the file loads: Stryker credits a mutant only to the tests that ran it. */
const body = () => html`<p>Body</p>`;

const HEAD_END = `<link rel="alternate" type="application/rss+xml" title="Meridian (RSS)" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Meridian (Atom)" href="/atom.xml">
<link rel="alternate" type="application/feed+json" title="Meridian (JSON Feed)" href="/feed.json">

<link rel="icon" href="/favicon.svg" type="image/svg+xml">`;

const BODY_AND_FOOTER = (current: string, lite: boolean) => `<body>
<a class="skip" href="#main">Skip to content</a>
<header class="masthead">
<div class="wrap masthead-brand">
<a class="brand" href="/">Meridian</a>
<p class="tagline">Daily</p>
</div>
<nav class="sections" aria-label="Sections"><ul class="wrap">
<li><a href="/section/news"${current === "news" ? ' aria-current="true"' : ""}>News</a></li><li><a href="/section/sport"${current === "sport" ? ' aria-current="true"' : ""}>Sport</a></li>
</ul></nav>
</header>
<main id="main" class="wrap" tabindex="-1">
<p>Body</p>
</main>
<footer class="site-footer">
<div class="wrap">
<p class="footer-brand">Meridian</p>
<nav class="addresses" aria-labelledby="addresses-heading">
<h2 id="addresses-heading">This site's addresses</h2>
<p>If one address is blocked where you are, try another. Each link keeps you on that address.</p>
<ul>
<li><a href="https://news.example/?stay=1" lang="en">Main</a> <span class="host">news.example</span></li><li><a href="https://m1.example/?stay=1" lang="en">Mirror &lt;1&gt;</a> <span class="host">m1.example</span></li>
</ul>
<p><a href="/mirrors">All addresses and how to use them</a></p>
</nav>
<p class="edition-switch">${lite ? '<a href="?lite=0">Full edition</a>' : '<a href="?lite=1">Lite edition (text only, less data)</a>'}</p>
<p class="colophon">© Meridian. News &amp; views</p>
</div>
</footer>
</body>
</html>
`;

describe("layout", () => {
  it("writes the full edition's document: head with canonical link and preview card, masthead, main, addresses", () => {
    const page = layout(CHROME, { title: "Rain", description: "It rains", path: "/articles/rain", section: "news/europe" }, body());
    expect(page).toBe(`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rain | Meridian</title>
<meta name="description" content="It rains">
<link rel="canonical" href="https://news.example/articles/rain">
<meta property="og:site_name" content="Meridian">
<meta property="og:type" content="website">
<meta property="og:title" content="Rain">
<meta property="og:description" content="It rains">
<meta property="og:url" content="https://news.example/articles/rain">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="Rain">
<meta name="twitter:description" content="It rains">


<meta name="color-scheme" content="light dark">
<meta name="theme-color" content="#fbfaf7" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#141414" media="(prefers-color-scheme: dark)">
${HEAD_END}
<style>${STYLESHEET}</style>

</head>
${BODY_AND_FOOTER("news", false)}`);
  });

  it("writes the lite edition's document: its own stylesheet, no card, theme colours or structured data", () => {
    const page = layout(
      { ...CHROME, lite: true },
      {
        title: "Rain",
        description: "It rains",
        path: "/articles/rain",
        section: "sport",
        structuredData: html`<script type="application/ld+json">{}</script>`,
      },
      body(),
    );
    expect(page).toBe(`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rain | Meridian</title>
<meta name="description" content="It rains">
<link rel="canonical" href="https://news.example/articles/rain">


<meta name="color-scheme" content="light dark">

${HEAD_END}
<style>${LITE_STYLESHEET}</style>

</head>
${BODY_AND_FOOTER("sport", true)}`);
  });

  it("titles the home page by the site name alone, and a page without a path has no canonical link or card", () => {
    const page = layout(CHROME, { title: "Meridian", description: "d" }, body());
    expect(page).toContain("<title>Meridian</title>");
    expect(page).not.toContain('rel="canonical"');
    expect(page).not.toContain("og:");
    expect(page).not.toContain('aria-current="true"');
  });

  it("marks robots, lists the page's own feeds, and adds structured data and head markup", () => {
    const page = layout(
      CHROME,
      {
        title: "Water",
        description: "d",
        path: "/tag/water/page/2",
        noindex: true,
        feeds: listingFeeds("Water", "/tag/water"),
        structuredData: html`<script type="application/ld+json">{"a":1}</script>`,
        head: html`<meta name="x" content="y">`,
      },
      body(),
    );
    expect(page).toContain('<meta name="robots" content="noindex, follow">');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Water (Atom)" href="/tag/water/atom.xml">\n');
    expect(page).not.toContain('href="/feed.xml"');
    expect(page).toContain('<script type="application/ld+json">{"a":1}</script><meta name="x" content="y">\n</head>');
  });

  it("uses the site's share image for the default card, large from 1200 pixels", () => {
    const site = { ...SITE, shareImage: { media: "share.png", alt: "Masthead", width: 1200, height: 630 } };
    const page = layout({ ...CHROME, site }, { title: "Rain", description: "d", path: "/" }, body());
    expect(page).toContain('<meta property="og:image" content="https://news.example/media/share.png">');
    expect(page).toContain('<meta name="twitter:card" content="summary_large_image">');
    const own = layout({ ...CHROME, site }, { title: "Rain", description: "d", path: "/", card: { type: "article" } }, body());
    expect(own).toContain('<meta property="og:type" content="article">');
    expect(own).not.toContain("og:image");
  });

  it("writes a right-to-left site's document right to left, and leaves out an empty tagline", () => {
    const page = layout({ ...CHROME, site: { ...SITE, language: "ar", tagline: "" } }, { title: "x", description: "d" }, body());
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).not.toContain('class="tagline"');
  });
});

describe("robots and feeds", () => {
  it("asks for large previews on articles and keeps paged pages out of results", () => {
    expect(robotsContent({})).toBeUndefined();
    expect(robotsContent({ largeImagePreview: true })).toBe("max-image-preview:large");
    expect(robotsContent({ noindex: true, largeImagePreview: true })).toBe("noindex, follow");
  });

  it("lists a listing's three feeds, the site's under its name", () => {
    expect(listingFeeds("News", "/section/news")).toEqual([
      { title: "News (RSS)", type: "application/rss+xml", href: "/section/news/feed.xml" },
      { title: "News (Atom)", type: "application/atom+xml", href: "/section/news/atom.xml" },
      { title: "News (JSON Feed)", type: "application/feed+json", href: "/section/news/feed.json" },
    ]);
    expect(siteFeeds(SITE).map((f) => f.href)).toEqual(["/feed.xml", "/atom.xml", "/feed.json"]);
    expect(siteFeeds(SITE)[0]?.title).toBe("Meridian (RSS)");
  });
});

const STORY: ArticleSummary = {
  slug: "rain",
  headline: "Rain & hail",
  standfirst: "It <rains>.",
  section: "news/europe",
  language: "en",
  published: Date.parse("2026-11-25T10:00:00Z"),
  authors: ["amira"],
  image: { media: "rain.png", alt: "Clouds", width: 800, height: 600 },
};
const TIME = '<time datetime="2026-11-25T10:00:00Z">November 25, 2026</time>';

describe("components", () => {
  it("marks content in another language, right to left where it is", () => {
    expect(languageAttributes("en", "en").value).toBe("");
    expect(languageAttributes("fr", "en").value).toBe(' lang="fr" dir="ltr"');
    expect(languageAttributes("ar", "en").value).toBe(' lang="ar" dir="rtl"');
  });

  it("writes a time a machine and a reader can read", () => {
    expect(timeTag(STORY.published, "en").value).toBe(TIME);
  });

  it("links each author, joined as a reader would, in the article's word for 'and'", () => {
    expect(authorLinks(SITE, ["amira"]).value).toBe('<a href="/author/amira" rel="author">Amira Haddad</a>');
    expect(authorLinks(SITE, ["amira", "tom", "li"]).value).toBe(
      '<a href="/author/amira" rel="author">Amira Haddad</a>, <a href="/author/tom" rel="author">Tom Reyes</a> and <a href="/author/li" rel="author">Li Wei</a>',
    );
    expect(authorLinks(SITE, ["amira", "gone"], "و").value).toBe(
      '<a href="/author/amira" rel="author">Amira Haddad</a> و <a href="/author/gone" rel="author">gone</a>',
    );
  });

  it("writes a picture with its size, loading and priority", () => {
    expect(image(STORY.image as NonNullable<ArticleSummary["image"]>, "lazy").value).toBe(
      '<img src="/media/rain.png" alt="Clouds" width="800" height="600" loading="lazy" decoding="async">',
    );
    expect(image({ media: "a.png", alt: '"x"', width: 1, height: 2 }, "eager", true).value).toBe(
      '<img src="/media/a.png" alt="&quot;x&quot;" width="1" height="2" loading="eager" decoding="async" fetchpriority="high">',
    );
  });

  it("writes a story card", () => {
    expect(card(SITE, STORY, { pageLanguage: "en" }).value).toBe(`<article class="card">


<h3><a href="/articles/rain">Rain &amp; hail</a></h3>
<p>It &lt;rains&gt;.</p>
<p class="meta">${TIME}</p>
</article>`);
    expect(
      card(SITE, { ...STORY, language: "fr" }, { pageLanguage: "en", heading: "h2", image: true, showSection: true, eager: true }).value,
    ).toBe(`<article class="card has-image" lang="fr" dir="ltr">
<img src="/media/rain.png" alt="Clouds" width="800" height="600" loading="eager" decoding="async">
<p class="kicker" lang="en" dir="ltr">Europe</p>
<h2><a href="/articles/rain">Rain &amp; hail</a></h2>
<p>It &lt;rains&gt;.</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">25 novembre 2026</time></p>
</article>`);
  });

  it("loads a card's picture lazily unless it is early or first, and skips a section the site lacks", () => {
    expect(card(SITE, STORY, { pageLanguage: "en", image: true }).value).toContain('loading="lazy" decoding="async">');
    expect(card(SITE, STORY, { pageLanguage: "en", image: true, priority: true }).value).toContain('loading="eager" decoding="async" fetchpriority="high">');
    const { image: _, ...noImage } = STORY;
    expect(card(SITE, noImage, { pageLanguage: "en", image: true }).value).toMatch(/^<article class="card">/);
    expect(card(SITE, { ...STORY, section: "gone" }, { pageLanguage: "en", showSection: true }).value).not.toContain("kicker");
  });

  it("loads the first three pictures of a card list at once, and fetches the first one first", () => {
    const stories = [1, 2, 3, 4].map((n) => ({ ...STORY, slug: `s${n}` }));
    const list = cardList(SITE, stories, { pageLanguage: "en", image: true, eager: true, priority: true }).value;
    expect(list.startsWith('<ul class="cards"><li><article')).toBe(true);
    expect(list.endsWith("</article></li></ul>")).toBe(true);
    expect(list.match(/loading="eager"/g)).toHaveLength(3);
    expect(list.match(/fetchpriority="high"/g)).toHaveLength(1);
    expect(list.indexOf('fetchpriority="high"')).toBeLessThan(list.indexOf('href="/articles/s1"'));
    const lazy = cardList(SITE, stories, { pageLanguage: "en", image: true }).value;
    expect(lazy.match(/loading="lazy"/g)).toHaveLength(4);
    expect(lazy).not.toContain("fetchpriority");
  });

  it("writes the home page's numbered headlines", () => {
    expect(headlineList(SITE, [STORY, { ...STORY, slug: "other", section: "gone", language: "ar" }], "en").value).toBe(`<ol class="headlines"><li><article>
<p class="kicker">Europe</p>
<h3><a href="/articles/rain">Rain &amp; hail</a></h3>
<p class="meta">${TIME}</p>
</article></li><li><article lang="ar" dir="rtl">

<h3><a href="/articles/other">Rain &amp; hail</a></h3>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">${timeTag(STORY.published, "ar").value.replace(/^<time[^>]*>|<\/time>$/g, "")}</time></p>
</article></li></ol>`);
  });
});

describe("pager", () => {
  it("shows nothing for a single page", () => {
    expect(pager("/tag/water", { page: 1, pages: 1 }).value).toBe("");
    expect(pager("/tag/water", { page: 1, pages: 0 }).value).toBe("");
  });

  it("links newer and older pages around the page count", () => {
    expect(
      pager("/tag/water", { page: 2, pages: 3 }).value,
    ).toBe(`<nav class="pager" aria-label="Pages"><a href="/tag/water" rel="prev"><span aria-hidden="true">← </span>Newer stories</a>
<span class="page-count">Page 2 of 3</span>
<a href="/tag/water/page/3" rel="next">Older stories<span aria-hidden="true"> →</span></a></nav>`);
  });

  it("has no newer link on the first page and no older link on the last, with the labels given", () => {
    const first = pager("/", { page: 1, pages: 2 }, { newer: "Newer", older: "Older" }).value;
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('<a href="/page/2" rel="next">Older<span');
    const last = pager("/", { page: 2, pages: 2 }).value;
    expect(last).toContain('<a href="/" rel="prev">');
    expect(last).not.toContain('rel="next"');
  });

  it("counts a page past the end as the last", () => {
    const past = pager("/tag/water", { page: 4, pages: 2 }).value;
    expect(past).toContain("Page 4 of 4");
    expect(past).toContain('<a href="/tag/water/page/3" rel="prev">');
    expect(pager("/tag/water", { page: 2, pages: 1 }).value).toContain("Page 2 of 2");
  });
});

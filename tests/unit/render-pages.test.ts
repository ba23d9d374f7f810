// Whole pages (src/render/pages/): the main content of each page as a reader's browser gets it, and the
// title, description, canonical address and robots rule in its head.

import { describe, expect, it } from "vitest";
import type { ArticleSummary, ReaderRecord } from "../../src/content/record.ts";
import type { SiteConfig } from "../../src/content/site.ts";
import { html } from "../../src/render/html.ts";
import type { Chrome } from "../../src/render/layout.ts";
import { renderArticlePage, shareLinks } from "../../src/render/pages/article.ts";
import { renderEditionsIndex } from "../../src/render/pages/editions.ts";
import { renderErrorPage } from "../../src/render/pages/error.ts";
import { renderHomePage } from "../../src/render/pages/home.ts";
import { renderLatestPage, renderListingPage } from "../../src/render/pages/listing.ts";
import { renderMirrorsPage } from "../../src/render/pages/mirrors.ts";
import { renderNotFoundPage } from "../../src/render/pages/not-found.ts";
import { renderVerifyPage } from "../../src/render/pages/verify.ts";
import { LITE_STYLESHEET, STYLESHEET } from "../../src/render/styles.ts";

const SITE: SiteConfig = {
  name: "Meridian",
  tagline: "",
  description: "News",
  language: "en",
  sections: [
    { slug: "news", name: "News" },
    { slug: "news/europe", name: "Europe" },
    { slug: "sport", name: "Sport" },
  ],
  authors: [{ slug: "amira", name: "Amira" }],
  tags: { rail: "Railways" },
};
const CHROME: Chrome = {
  site: SITE,
  mirrors: [
    {
      label: "Main",
      host: "news.example",
      proto: "https",
      url: "https://news.example/",
      stayUrl: "https://news.example/?stay=1",
      added: "2026-10-01T00:00:00Z",
    },
    { label: "Tor", host: "x.onion", proto: "tor", url: "http://x.onion/", stayUrl: "http://x.onion/" },
  ],
  canonicalOrigin: "https://news.example",
};
const LITE: Chrome = { ...CHROME, lite: true };
/** Made in each test, not when the file loads: Stryker credits a mutant only to the tests that ran it. */
const headExtra = () => html`<meta name="extra" content="1">`;

const MAIN_START = '<main id="main" class="wrap" tabindex="-1">\n';
/** The page's <main> content. */
const main = (page: string) => page.slice(page.indexOf(MAIN_START) + MAIN_START.length, page.indexOf("\n</main>"));
const head = (page: string) => page.slice(0, page.indexOf("</head>"));

const story = (n: number, extra: Partial<ArticleSummary> = {}): ArticleSummary => ({
  slug: `s${n}`,
  headline: `H${n}`,
  standfirst: `S${n}`,
  section: "news/europe",
  language: "en",
  published: Date.parse("2026-11-25T10:00:00Z"),
  authors: ["amira"],
  image: { media: `p${n}.png`, alt: `A${n}`, width: 800, height: 600 },
  ...extra,
});

const RECORD: ReaderRecord = {
  article: {
    slug: "rain",
    headline: "Rain",
    standfirst: "It rains",
    section: "news/europe",
    authors: ["amira", "tom"],
    tags: ["rail", "water-rights"],
    language: "en",
    published: "2026-11-24T10:00:00Z",
    updated: "2026-11-25T10:00:00Z",
    status: "published",
    image: { media: "lead.png", alt: "Lead", width: 1600, height: 900, caption: "Dawn", credit: "Reuters" },
  },
  bodyHtml: '<p>Body <img src="/media/x.svg" alt="X"></p>\n',
  words: 2,
  media: ["x.svg"],
  version: "v",
};

const ART = `<nav class="crumbs story" aria-label="Breadcrumb"><ol>
<li><a href="/">Home</a></li>
<li><a href="/section/news">News</a></li><li><a href="/section/news/europe">Europe</a></li>
</ol></nav>
<article class="story" lang="en" dir="ltr">
<header>
<h1>Rain</h1>
<p class="standfirst">It rains</p>
<p class="byline"><span>By</span> <a href="/author/amira" rel="author">Amira</a> and <a href="/author/tom" rel="author">tom</a> · <time datetime="2026-11-24T10:00:00Z">November 24, 2026</time> · <span>Updated</span> <time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</header>
<figure class="lead-figure">
<img src="/media/lead.png" alt="Lead" width="1600" height="900" loading="eager" decoding="async" fetchpriority="high">
<figcaption>Dawn <span class="credit">Reuters</span></figcaption>
</figure>
<div class="body">
<p>Body <img src="/media/x.svg" alt="X"></p>

</div>
<footer class="story-foot">
<h2>Topics</h2><ul class="tags" lang="en"><li><a href="/tag/rail" rel="tag">Railways</a></li><li><a href="/tag/water-rights" rel="tag">Water rights</a></li></ul>
<section class="share" aria-labelledby="share-heading">
<h2 id="share-heading">Share this story</h2>
<ul lang="en" dir="ltr"><li><a href="mailto:?subject=Rain&amp;body=https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">Email</a></li><li><a href="https://x.com/intent/post?url=https%3A%2F%2Fnews.example%2Farticles%2Frain&amp;text=Rain" rel="noopener noreferrer">X</a></li><li><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">Facebook</a></li><li><a href="https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">LinkedIn</a></li><li><a href="https://wa.me/?text=Rain%20https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">WhatsApp</a></li><li><a href="https://t.me/share/url?url=https%3A%2F%2Fnews.example%2Farticles%2Frain&amp;text=Rain" rel="noopener noreferrer">Telegram</a></li></ul>
</section>
</footer>
</article>
<aside class="related" aria-labelledby="related-heading">
<h2 id="related-heading">More from Europe</h2>
<ul class="cards"><li><article class="card has-image">
<img src="/media/p1.png" alt="A1" width="800" height="600" loading="lazy" decoding="async">

<h3><a href="/articles/s1">H1</a></h3>
<p>S1</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</article></li></ul>
</aside>`;
const ART_LITE = `<nav class="crumbs story" aria-label="Breadcrumb"><ol>
<li><a href="/">Home</a></li>
<li><a href="/section/news">News</a></li><li><a href="/section/news/europe">Europe</a></li>
</ol></nav>
<article class="story" lang="fr" dir="ltr">
<header>
<h1>Rain</h1>
<p class="standfirst">It rains</p>
<p class="byline"><span lang="en">By</span> <a href="/author/amira" rel="author">Amira</a> and <a href="/author/tom" rel="author">tom</a> · <time datetime="2026-11-24T10:00:00Z">24 novembre 2026</time> · <span lang="en">Updated</span> <time datetime="2026-11-25T10:00:00Z">25 novembre 2026</time></p>
</header>
<figure class="lead-figure">
<a class="image-link" href="/media/lead.png">Image: Lead (view)</a>
<figcaption>Dawn <span class="credit">Reuters</span></figcaption>
</figure>
<div class="body">
<p>Body <a class="image-link" href="/media/x.svg">Image: X (view)</a></p>

</div>
<footer class="story-foot">

<section class="share" aria-labelledby="share-heading">
<h2 id="share-heading" lang="en">Share this story</h2>
<ul lang="en" dir="ltr"><li><a href="mailto:?subject=Rain&amp;body=https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">Email</a></li><li><a href="https://x.com/intent/post?url=https%3A%2F%2Fnews.example%2Farticles%2Frain&amp;text=Rain" rel="noopener noreferrer">X</a></li><li><a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">Facebook</a></li><li><a href="https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">LinkedIn</a></li><li><a href="https://wa.me/?text=Rain%20https%3A%2F%2Fnews.example%2Farticles%2Frain" rel="noopener noreferrer">WhatsApp</a></li><li><a href="https://t.me/share/url?url=https%3A%2F%2Fnews.example%2Farticles%2Frain&amp;text=Rain" rel="noopener noreferrer">Telegram</a></li></ul>
</section>
</footer>
</article>
`;
const HOME = `<h1 class="visually-hidden">Meridian: latest news</h1>
<div class="front">
<div class="lead-col">
<article class="lead-story has-image">
<a class="lead-image" href="/articles/s1" tabindex="-1" aria-hidden="true"><img src="/media/p1.png" alt="A1" width="800" height="600" loading="eager" decoding="async" fetchpriority="high"></a>
<div class="lead-text">
<p class="kicker">Europe</p>
<h2><a href="/articles/s1">H1</a></h2>
<p class="standfirst">S1</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</div>
</article>
<div class="seconds"><ul class="cards"><li><article class="card has-image">
<img src="/media/p2.png" alt="A2" width="800" height="600" loading="eager" decoding="async">
<p class="kicker">Europe</p>
<h2><a href="/articles/s2">H2</a></h2>
<p>S2</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</article></li><li><article class="card has-image">
<img src="/media/p3.png" alt="A3" width="800" height="600" loading="eager" decoding="async">
<p class="kicker">Europe</p>
<h2><a href="/articles/s3">H3</a></h2>
<p>S3</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</article></li></ul></div>
</div>
<section class="rail" aria-labelledby="latest-heading">
<h2 id="latest-heading" class="rail-head">Latest</h2>
<ol class="headlines"><li><article>
<p class="kicker">Europe</p>
<h3><a href="/articles/s4">H4</a></h3>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</article></li></ol>
</section>
</div>
<section class="block" aria-labelledby="block-news">
<div class="block-head"><h2 id="block-news">News</h2><a class="more" href="/section/news">More<span class="visually-hidden"> News stories</span> <span aria-hidden="true">→</span></a></div>
<ul class="cards"><li><article class="card has-image">
<img src="/media/p5.png" alt="A5" width="800" height="600" loading="lazy" decoding="async">

<h3><a href="/articles/s5">H5</a></h3>
<p>S5</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</article></li></ul>
</section>
<nav class="pager" aria-label="Pages">
<span class="page-count">Page 1 of 2</span>
<a href="/page/2" rel="next">Older stories<span aria-hidden="true"> →</span></a></nav>`;
const HOME_EMPTY = `<h1 class="visually-hidden">Meridian: latest news</h1>
<div class="front">
<div class="lead-col">
<p>No stories have been published yet.</p>

</div>

</div>

`;
const LISTING = `<header class="page-head">
<p class="kicker">Section</p>
<h1>News, page 2</h1>
<p>All news</p>
<nav aria-label="News sections"><ul class="subsections tags"><li><a href="/section/news/europe">Europe</a></li></ul></nav>
</header>
<div class="river"><ul class="cards"><li><article class="card has-image">
<img src="/media/p1.png" alt="A1" width="800" height="600" loading="lazy" decoding="async">

<h2><a href="/articles/s1">H1</a></h2>
<p>S1</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</article></li></ul></div>
<nav class="pager" aria-label="Pages"><a href="/section/news" rel="prev"><span aria-hidden="true">← </span>Newer stories</a>
<span class="page-count">Page 2 of 3</span>
<a href="/section/news/page/3" rel="next">Older stories<span aria-hidden="true"> →</span></a></nav>`;
const LATEST = `<header class="page-head">
<p class="kicker">Latest</p>
<h1>All stories, page 2</h1>
<p>Every story from Meridian, newest first.</p>

</header>
<p>No stories here yet.</p>
<nav class="pager" aria-label="Pages"><a href="/" rel="prev"><span aria-hidden="true">← </span>Newer stories</a>
<span class="page-count">Page 2 of 2</span>
</nav>`;
const MIRRORS = `<header class="page-head">
<p class="kicker">Addresses</p>
<h1>Where to read Meridian</h1>
<p>Meridian is published at several addresses with the same content. We send each visitor to the address that works best where they are. If an address is blocked for you, or you use a VPN and landed on the wrong one, open another below: the link keeps you there.</p>
</header>
<ul class="mirror-list">
<li><a href="https://news.example/?stay=1">Main</a> <span class="meta">https://news.example/ · since October 1, 2026</span></li><li><a href="http://x.onion/">Tor</a> <span class="meta">Tor Browser only: http://x.onion/</span></li>
</ul>
<section aria-labelledby="blocked-heading"><h2 id="blocked-heading">Reported blocked</h2>
<p>Measurements by volunteers (OONI) and our own visitor numbers say these addresses do not work in some places. Use another address from the list above there.</p>
<ul><li>x is blocked</li></ul></section>
<section aria-labelledby="check-heading"><h2 id="check-heading">Is this address really ours?</h2>
<p>Fake copies of news sites use addresses that look like the real ones. <a href="/verify">Check an address</a> to see whether it is one of ours.</p>
<p class="meta">Tools that help people get around censorship can read this list as <a href="/.well-known/mirrors.json">/.well-known/mirrors.json</a>, signed with our key (<a href="/.well-known/mirrors.json.minisig">signature</a>): <code id="mirrors-signing-key">RWKEY</code>. Check it with <code>minisign -Vm mirrors.json -P RWKEY</code>.</p></section>
`;
const NOT_FOUND = `<header class="page-head">
<p class="kicker">Error 404</p>
<h1>We could not find that page</h1>
<p>The address may be mistyped, or the story may have been moved or withdrawn. Here is what we have now.</p>
</header>
<section class="block" aria-labelledby="sections-heading">
<div class="block-head"><h2 id="sections-heading">Sections</h2></div>
<ul class="tags"><li><a href="/section/news">News</a></li><li><a href="/section/sport">Sport</a></li></ul>
</section>
<section class="block" aria-labelledby="latest-heading">
<div class="block-head"><h2 id="latest-heading">Latest stories</h2><a class="more" href="/">Front page <span aria-hidden="true">→</span></a></div>
<ul class="cards"><li><article class="card">

<p class="kicker">Europe</p>
<h3><a href="/articles/s1">H1</a></h3>
<p>S1</p>
<p class="meta"><time datetime="2026-11-25T10:00:00Z">November 25, 2026</time></p>
</article></li></ul>
</section>`;
const VERIFY = `<header class="page-head">
<p class="kicker">Addresses</p>
<h1>Is this address really Meridian?</h1>
<p>Paste an address you were sent or found. We tell you whether it is one of ours.</p>
</header>
<form method="get" action="/verify" class="verify-form">
<label for="host">Address</label>
<input id="host" name="host" type="text" inputmode="url" autocomplete="off" spellcheck="false" value="nws.example">
<button type="submit">Check</button>
</form>
<section aria-live="polite" class="verify-result verify-lookalike">
<h2>No. This is not one of ours: it imitates one of our addresses.</h2>
<p>E</p>
<p>Our real addresses are:</p>
</section>
<ul class="mirror-list"><li><a href="https://news.example/?stay=1">Main</a> <span class="meta">https://news.example/</span></li><li><a href="http://x.onion/">Tor</a> <span class="meta">http://x.onion/</span></li></ul>
<p><a href="/mirrors">All addresses and how to use them</a></p>`;
const EDITIONS = `<header class="page-head">
<p class="kicker">Daily editions</p>
<h1>Each day in one file</h1>
<p>Every story of a day in one file that works without a connection. Download it, read it offline, print it, or pass it on by messaging app, memory stick or Bluetooth. Opening it connects to nothing.</p>
</header>
<ul class="mirror-list">
<li><a href="/editions/2026-11-25.html" download>November 25, 2026</a> <span class="meta">3 stories · <a href="/editions/2026-11-25.epub" download>e-book (EPUB)</a></span></li><li><a href="/editions/2026-11-24.html" download>November 24, 2026</a> <span class="meta">1 story · <a href="/editions/2026-11-24.epub" download>e-book (EPUB)</a></span></li>
</ul>`;
const ERROR = `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Unavailable | Edge News</title>
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<style>${STYLESHEET}</style>
</head>
<body>
<header class="masthead"><div class="wrap"><a class="brand" href="/">Edge News</a></div></header>
<main id="main" class="wrap">
<p class="kicker">Error 503</p>
<h1>Unavailable</h1>
<p>Try later</p>
<p><a href="/">Go to the front page</a></p>
<p><a href="?lite=1">Lite edition (text only, less data)</a></p>
</main>
</body>
</html>
`;
const SHARE = [
  {
    label: "Email",
    href: "mailto:?subject=Rain%20%26%20%EF%BF%BD%20hail&body=https%3A%2F%2Fnews.example%2Farticles%2Frain",
  },
  {
    label: "X",
    href: "https://x.com/intent/post?url=https%3A%2F%2Fnews.example%2Farticles%2Frain&text=Rain%20%26%20%EF%BF%BD%20hail",
  },
  {
    label: "Facebook",
    href: "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example%2Farticles%2Frain",
  },
  {
    label: "LinkedIn",
    href: "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fnews.example%2Farticles%2Frain",
  },
  {
    label: "WhatsApp",
    href: "https://wa.me/?text=Rain%20%26%20%EF%BF%BD%20hail%20https%3A%2F%2Fnews.example%2Farticles%2Frain",
  },
  {
    label: "Telegram",
    href: "https://t.me/share/url?url=https%3A%2F%2Fnews.example%2Farticles%2Frain&text=Rain%20%26%20%EF%BF%BD%20hail",
  },
];

describe("the article page", () => {
  it("shows breadcrumbs, headline, byline with update, lead figure, body, topics, share links and related stories", () => {
    expect(main(renderArticlePage(CHROME, { record: RECORD, related: [story(1)] }))).toBe(ART);
  });

  it("in the lite edition and another language: pictures as links, interface words marked English, no topics or related", () => {
    const record: ReaderRecord = { ...RECORD, article: { ...RECORD.article, language: "fr", tags: [] } };
    expect(main(renderArticlePage(LITE, { record, related: [] }))).toBe(ART_LITE);
  });

  it("has the article's title, card, large previews and structured data in its head", () => {
    const whole = renderArticlePage(CHROME, { record: RECORD, related: [], head: headExtra() });
    expect(whole).toContain('<a href="/section/news" aria-current="true">News</a>');
    const page = head(whole);
    expect(page).toContain("<title>Rain | Meridian</title>");
    expect(page).toContain('<meta name="description" content="It rains">');
    expect(page).toContain('<link rel="canonical" href="https://news.example/articles/rain">');
    expect(page).toContain('<meta name="robots" content="max-image-preview:large">');
    expect(page).toContain('<meta property="og:type" content="article">');
    expect(page).toContain('<meta property="og:locale" content="en">');
    expect(page).toContain('<meta property="og:image" content="https://news.example/media/lead.png">');
    expect(page).toContain('<meta property="article:modified_time" content="2026-11-25T10:00:00Z">');
    expect(page).toContain('<meta property="article:section" content="Europe">');
    expect(page).toContain('<meta property="article:tag" content="Water rights">');
    expect(page).toContain('<meta property="article:author" content="https://news.example/author/tom">');
    expect(page).toContain('"@type":"NewsArticle"');
    expect(page).toContain('<meta name="extra" content="1">');
  });

  it("dates an unchanged story once, and names a section the site lacks by its path", () => {
    const { updated: _, image: _i, ...plain } = RECORD.article;
    const page = renderArticlePage(CHROME, { record: { ...RECORD, article: { ...plain, section: "gone" } }, related: [story(2)] });
    expect(main(page)).toContain('<time datetime="2026-11-24T10:00:00Z">November 24, 2026</time></p>');
    expect(main(page)).not.toContain("Updated");
    expect(main(page)).not.toContain("<figure");
    expect(main(page)).toContain('<li><a href="/section/gone">gone</a></li>');
    expect(main(page)).toContain('<h2 id="related-heading">More from this section</h2>');
    expect(head(page)).toContain('<meta property="article:modified_time" content="2026-11-24T10:00:00Z">');
    expect(head(page)).toContain('<meta property="article:section" content="gone">');
    expect(head(page)).not.toContain("og:image");
  });

  it("captions a lead image by its credit alone", () => {
    const image = { media: "lead.png", alt: "Lead", width: 1600, height: 900, credit: "Reuters" };
    const page = main(renderArticlePage(CHROME, { record: { ...RECORD, article: { ...RECORD.article, image } }, related: [] }));
    expect(page).toContain('<figcaption> <span class="credit">Reuters</span></figcaption>');
    const bare = main(
      renderArticlePage(CHROME, { record: { ...RECORD, article: { ...RECORD.article, image: { ...image, credit: undefined } } }, related: [] }),
    );
    expect(bare).not.toContain("figcaption");
  });

  it("writes Arabic interface words for an Arabic story, right to left", () => {
    const page = main(renderArticlePage(CHROME, { record: { ...RECORD, article: { ...RECORD.article, language: "ar" } }, related: [] }));
    expect(page).toContain('<article class="story" lang="ar" dir="rtl">');
    expect(page).toContain("<span>بقلم</span>");
    expect(page).toContain(" و ");
  });
});

describe("shareLinks", () => {
  it("links to each network with the address and the headline, replacing half a surrogate pair", () => {
    expect(shareLinks("https://news.example/articles/rain", "Rain & \ud800 hail")).toEqual(SHARE);
    expect(shareLinks("u", "\udc00\ud83c\udf0a")[0]?.href).toBe("mailto:?subject=%EF%BF%BD%F0%9F%8C%8A&body=u");
  });
});

describe("the home page", () => {
  it("leads with a story, two more with pictures, a rail of the rest, a block per section with stories, and the pager", () => {
    const page = renderHomePage(CHROME, {
      latest: [story(1), story(2), story(3), story(4)],
      blocks: [
        { section: { slug: "news", name: "News" }, stories: [story(5)] },
        { section: { slug: "sport", name: "Sport" }, stories: [] },
      ],
      pages: 2,
    });
    expect(main(page)).toBe(HOME);
    expect(head(page)).toContain("<title>Meridian</title>");
    expect(head(page)).toContain('<link rel="canonical" href="https://news.example/">');
    expect(head(page)).toContain('"@type":"WebSite"');
  });

  it("says so when nothing is published", () => {
    expect(main(renderHomePage(LITE, { latest: [], blocks: [] }))).toBe(HOME_EMPTY);
  });

  it("puts the first picture first when the lead has none, and shows no pictures in the lite edition", () => {
    const { image: _, ...noImage } = story(1);
    const page = main(renderHomePage(CHROME, { latest: [noImage, story(2), story(3)], blocks: [] }));
    expect(page).toContain('<article class="lead-story">');
    expect(page).toContain('loading="eager" decoding="async" fetchpriority="high"');
    expect(page).not.toContain('class="rail"');
    const lite = main(renderHomePage(LITE, { latest: [story(1), story(2)], blocks: [{ section: { slug: "news", name: "News" }, stories: [story(3)] }] }));
    expect(lite).not.toContain("<img");
    expect(lite).toContain('<article class="lead-story">');
    expect(main(renderHomePage(CHROME, { latest: [story(1, { section: "gone", language: "fr" })], blocks: [] }))).toContain(
      '<article class="lead-story has-image" lang="fr" dir="ltr">',
    );
  });
});

describe("listing pages", () => {
  it("shows a later page of a section with its subsections, stories and pager, out of search results", () => {
    const page = renderListingPage(CHROME, {
      kind: "Section",
      title: "News",
      description: "All news",
      path: "/section/news",
      stories: [story(1)],
      page: 2,
      pages: 3,
      section: "news",
      subsections: [{ slug: "news/europe", name: "Europe" }],
    });
    expect(main(page)).toBe(LISTING);
    expect(head(page)).toContain("<title>News, page 2 | Meridian</title>");
    expect(head(page)).toContain('<link rel="canonical" href="https://news.example/section/news/page/2">');
    expect(head(page)).toContain('<meta name="robots" content="noindex, follow">');
    expect(head(page)).toContain('<meta name="description" content="All news">');
  });

  it("keeps a first page in search results, loads its first pictures at once, and titles it by its head title", () => {
    const page = renderListingPage(CHROME, {
      kind: "Topic",
      title: "Sport",
      headTitle: "Topic: Sport",
      description: "",
      path: "/tag/sport",
      stories: [story(1)],
      page: 1,
      pages: 1,
      subsections: [],
      feeds: [{ title: "Sport (RSS)", type: "application/rss+xml", href: "/tag/sport/feed.xml" }],
      head: headExtra(),
    });
    expect(head(page)).toContain("<title>Topic: Sport | Meridian</title>");
    expect(head(page)).toContain('<meta name="description" content="Topic: Sport">');
    expect(head(page)).not.toContain('name="robots"');
    expect(head(page)).toContain('<link rel="alternate" type="application/rss+xml" title="Sport (RSS)" href="/tag/sport/feed.xml">');
    expect(head(page)).not.toContain('href="/feed.xml"');
    expect(head(page)).toContain('<meta name="extra" content="1">');
    expect(main(page)).toContain("<h1>Sport</h1>\n\n\n</header>");
    expect(main(page)).toContain('loading="eager"');
    expect(main(page)).not.toContain("<nav aria-label");
  });

  it("shows older stories from the whole site", () => {
    const page = renderLatestPage(CHROME, { page: 2, pages: 2, stories: [], head: headExtra() });
    expect(main(page)).toBe(LATEST);
    expect(head(page)).toContain('<link rel="canonical" href="https://news.example/page/2">');
    expect(head(page)).toContain('<link rel="alternate" type="application/rss+xml" title="Meridian (RSS)" href="/feed.xml">');
    expect(head(page)).toContain('<meta name="extra" content="1">');
    expect(main(renderLatestPage(LITE, { page: 2, pages: 2, stories: [story(1)] }))).not.toContain("<img");
  });
});

describe("the other pages", () => {
  it("/mirrors lists every address, the blocked ones, the check and the signed list", () => {
    const page = renderMirrorsPage(CHROME, { notices: [{ text: "x is blocked" }], signingKey: "RWKEY" });
    expect(main(page)).toBe(MIRRORS);
    expect(head(page)).toContain("<title>Addresses of this site | Meridian</title>");
    expect(head(page)).toContain('<meta name="description" content="Every address where Meridian can be read.">');
    expect(head(page)).toContain('<link rel="canonical" href="https://news.example/mirrors">');
    const bare = main(renderMirrorsPage(CHROME, { notices: [] }));
    expect(bare).not.toContain("Reported blocked");
    expect(bare).toContain('<a href="/.well-known/mirrors.json">/.well-known/mirrors.json</a>.</p></section>');
    expect(main(renderMirrorsPage(CHROME, { help: {} }))).toContain('<section class="reader-help"');
  });

  it("the 404 page offers the sections and the latest stories, out of search results", () => {
    const page = renderNotFoundPage(CHROME, [story(1)]);
    expect(main(page)).toBe(NOT_FOUND);
    expect(head(page)).toContain("<title>Page not found | Meridian</title>");
    expect(head(page)).toContain('<meta name="description" content="The page you asked for does not exist.">');
    expect(head(page)).toContain('<meta name="robots" content="noindex, follow">');
    expect(head(page)).not.toContain('rel="canonical"');
    expect(main(renderNotFoundPage(CHROME, []))).not.toContain("Latest stories");
  });

  it("/verify shows the form, the verdict and our addresses", () => {
    const page = renderVerifyPage(CHROME, {
      verdict: "lookalike",
      input: "nws.example",
      host: "nws.example",
      unicode: "nws.example",
      imitates: "news.example",
      how: "misspelt",
      explanation: "E",
    });
    expect(main(page)).toBe(VERIFY);
    expect(head(page)).toContain("<title>Check an address | Meridian</title>");
    expect(head(page)).toContain(`<meta name="description" content="Check whether an address is one of Meridian&#39;s.">`);
    expect(head(page)).toContain('<meta name="robots" content="noindex, follow">');
    const empty = renderVerifyPage(CHROME, undefined);
    expect(head(empty)).not.toContain('name="robots"');
    expect(main(empty)).toContain('spellcheck="false" value="">');
    expect(main(empty)).not.toContain("verify-result");
    const verdict = (check: Parameters<typeof renderVerifyPage>[1]) => main(renderVerifyPage(CHROME, check));
    const ours = verdict({ verdict: "ours", input: "news.example", host: "news.example", unicode: "news.example", explanation: "Ours" });
    expect(ours).toContain("<h2>Yes, this is one of our addresses.</h2>");
    expect(ours).not.toContain("Our real addresses are:");
    expect(verdict({ verdict: "unknown", input: "a.example", host: "a.example", unicode: "a.example", explanation: "U" })).toContain(
      '<section aria-live="polite" class="verify-result verify-unknown">\n<h2>No. This is not one of ours.</h2>',
    );
    expect(verdict({ verdict: "invalid", input: "x y", explanation: "I" })).toContain('value="x y">');
    expect(verdict({ verdict: "invalid", input: "x y", explanation: "I" })).toContain("<h2>That is not a web address.</h2>");
  });

  it("/editions lists each day newest first, with the e-book when offered", () => {
    const page = renderEditionsIndex(
      CHROME,
      [
        { day: "2026-11-24", stories: 1 },
        { day: "2026-11-25", stories: 3 },
      ],
      { epub: true },
    );
    expect(main(page)).toBe(EDITIONS);
    expect(head(page)).toContain("<title>Daily editions | Meridian</title>");
    expect(head(page)).toContain('<meta name="description" content="Each day of Meridian in one file to read offline and share.">');
    expect(head(page)).toContain('<link rel="canonical" href="https://news.example/editions">');
    expect(main(renderEditionsIndex(CHROME, [{ day: "2026-11-24", stories: 2 }]))).toContain('<span class="meta">2 stories</span>');
    expect(main(renderEditionsIndex(CHROME, []))).toContain("<p>No editions yet.</p>");
  });

  it("the error page needs nothing from storage and shows no internals", () => {
    expect(renderErrorPage(503, "Unavailable", "Try later")).toBe(ERROR);
    const lite = renderErrorPage(500, "Broken <x>", "Sorry", "Meridian", true);
    expect(lite).toContain("<title>Broken &lt;x&gt; | Meridian</title>");
    expect(lite).toContain(`<style>${LITE_STYLESHEET}</style>`);
    expect(lite).toContain('<p><a href="?lite=0">Full edition</a></p>');
    expect(lite).toContain('<p class="kicker">Error 500</p>');
  });
});

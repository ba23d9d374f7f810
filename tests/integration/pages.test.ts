// What a reader sees on each page type, through the Worker with the seed content.

import { describe, expect, it } from "vitest";
import { articleInput, hrefs, publish, publishMany, visit } from "../support/worker.ts";

const FLOOD = "lower-harbour-flood-defence-plan-approved";
const RESERVOIRS = "wadi-sarim-reservoirs-recover-after-autumn-rains";

describe("home page", () => {
  it("shows the latest stories and a block per top-level section", async () => {
    const res = await visit("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    const page = await res.text();
    expect(page).toContain("<title>The Meridian Courier</title>");
    // The newest published story leads.
    expect(page.indexOf("Small lenders")).toBeGreaterThan(-1);
    for (const [slug, name] of [
      ["news", "News"],
      ["business", "Business"],
      ["science", "Science"],
      ["culture", "Culture"],
      ["sport", "Sport"],
    ]) {
      expect(page).toContain(`<h2 id="block-${slug}">${name}</h2>`);
    }
    expect(page).toContain('href="/articles/city-marathon-sets-participation-record"');
  });

  it("links only with site-relative URLs, apart from the canonical link and the mirror list", async () => {
    const page = await (await visit("/")).text();
    const absolute = hrefs(page).filter((h) => /^[a-z]+:/i.test(h));
    for (const href of absolute)
      expect(href).toMatch(/^http:\/\/(news|mirror-one|mirror-two|uk)\.localhost:8787\/(\?stay=1)?$|^http:\/\/meridiancourier[a-z2-7]+\.onion\/$/);
  });

  it("is the same page on every host, so one cached copy serves all mirrors", async () => {
    const primary = await (await visit("/")).text();
    const mirror = await (await visit("/", { host: "mirror-one.localhost:8787" })).text();
    expect(mirror).toBe(primary);
  });
});

describe("article page", () => {
  it("has breadcrumbs, headline, standfirst, figure with caption and credit, byline, dates, body, tags and share links", async () => {
    const res = await visit(`/articles/${FLOOD}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<title>Council approves Lower Harbour flood defence plan after nine-hour session | The Meridian Courier</title>");
    expect(page).toMatch(
      /<nav class="crumbs[^"]*" aria-label="Breadcrumb"><ol>\s*<li><a href="\/">Home<\/a><\/li>\s*<li><a href="\/section\/news">News<\/a><\/li>/,
    );
    expect(page).toContain("<h1>Council approves Lower Harbour flood defence plan after nine-hour session</h1>");
    expect(page).toContain('<p class="standfirst">Councillors voted 31 to 14');
    expect(page).toMatch(
      /<figure class="lead-figure">\s*<img src="\/media\/harbour-flood-wall.svg" alt="Illustration of a calm grey-blue harbour[^"]*" width="1200" height="675" loading="eager"/,
    );
    expect(page).toMatch(/<figcaption>The plan would raise[^<]*<span class="credit">Illustration: The Meridian Courier<\/span><\/figcaption>/);
    expect(page).toContain('<a href="/author/ruth-calloway" rel="author">Ruth Calloway</a>');
    expect(page).toContain('<a href="/author/daniel-reyes" rel="author">Daniel Reyes</a>');
    expect(page).toContain('<time datetime="2026-11-18T07:00:00Z">November 18, 2026</time>');
    expect(page).toContain('<time datetime="2026-11-18T16:45:00Z">');
    expect(page).toContain("<h2>What the plan includes</h2>");
    expect(page).toContain('<a href="/tag/climate" rel="tag">Climate</a>');
    expect(page).toContain("mailto:?subject=");
    expect(page).toContain("https://x.com/intent/post?url=http%3A%2F%2Fnews.localhost%3A8787%2Farticles%2F" + FLOOD);
    expect(page.match(/<script[^>]*>/g) ?? []).toEqual(Array(2).fill('<script type="application/ld+json">'));
  });

  it("lists related stories from the same section, without the story itself", async () => {
    const page = await (await visit(`/articles/${FLOOD}`)).text();
    const related = page.slice(page.indexOf('<aside class="related"'));
    expect(related).toContain("More from News");
    expect(related).toContain('href="/articles/meridian-schools-trial-later-start-times"');
    expect(related).not.toContain(`href="/articles/${FLOOD}"`);
  });

  it("marks a right-to-left article with its language and direction", async () => {
    const page = await (await visit(`/articles/${RESERVOIRS}`)).text();
    expect(page).toMatch(/<html lang="en" dir="ltr">/);
    expect(page).toMatch(/<article class="story" lang="ar" dir="rtl">/);
    expect(page).toContain("<span>بقلم</span>");
  });

  it("renders the body's Markdown at publish time, with the body's own headings below the headline", async () => {
    await publish("markdown-check", articleInput({ body: "# Top\n\nText with *emphasis* and a [link](https://example.org/).\n\n## Lower" }));
    const page = await (await visit("/articles/markdown-check")).text();
    expect(page).toContain("<h2>Top</h2>");
    expect(page).toContain("<h3>Lower</h3>");
    expect(page).toContain('<a href="https://example.org/">link</a>');
  });
});

describe("section, tag and author pages", () => {
  it("lists a section's stories newest first, including its subsections' stories", async () => {
    const page = await (await visit("/section/news")).text();
    expect(page).toContain("<h1>News</h1>");
    const order = [
      FLOOD,
      "carrowmere-wind-cooperative-votes-to-expand",
      "meridian-schools-trial-later-start-times",
      "dar-salwa-desalination-plant-begins-trial-operation",
    ].map((s) => page.indexOf(`href="/articles/${s}"`));
    for (const position of order) expect(position).toBeGreaterThan(-1);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain('href="/section/news/middle-east">Middle East</a>');
  });

  it("serves a nested section with its parent in the heading's kicker", async () => {
    const res = await visit("/section/news/middle-east");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<p class="kicker">News</p>');
    expect(page).toContain("<h1>Middle East</h1>");
    expect(page).toContain(`href="/articles/${RESERVOIRS}"`);
    expect(page).not.toContain('href="/articles/meridian-schools-trial-later-start-times"');
  });

  it("serves tag and author pages", async () => {
    const tag = await (await visit("/tag/climate")).text();
    expect(tag).toContain("<h1>Climate</h1>");
    expect(tag).toContain(`href="/articles/${FLOOD}"`);
    const author = await (await visit("/author/amira-haddad")).text();
    expect(author).toContain("<h1>Amira Haddad</h1>");
    expect(author).toContain("Middle East correspondent");
  });

  it("pages through a long listing by number, each story once", async () => {
    const slugs = Array.from({ length: 45 }, (_, i) => `paging-story-${String(i).padStart(2, "0")}`);
    await publishMany(
      slugs.map((slug, i) => ({
        slug,
        input: articleInput({ headline: `Paging story ${i}`, tags: ["paging-check"], published: new Date(Date.UTC(2026, 9, 1, 0, i)).toISOString() }),
      })),
    );
    const seen: string[] = [];
    let path: string | undefined = "/tag/paging-check";
    let pages = 0;
    while (path) {
      const page: string = await (await visit(path)).text();
      pages++;
      seen.push(...[...page.matchAll(/href="\/articles\/(paging-story-\d+)"/g)].map((m) => m[1] ?? ""));
      const next: string | undefined = /<a href="([^"]+)" rel="next">/.exec(page)?.[1];
      path = next?.replace(/&amp;/g, "&");
      // Only the first page is for search engines.
      if (pages === 1) expect(page).not.toContain('content="noindex');
      else expect(page).toContain('<meta name="robots" content="noindex, follow">');
      expect(page).toContain(`Page ${pages} of 3`);
    }
    expect(pages).toBe(3);
    expect((await visit("/tag/paging-check/page/4")).status).toBe(404);
    const old = await visit("/tag/paging-check?cursor=opaque-kv-cursor");
    expect(old.status).toBe(301);
    expect(old.headers.get("Location")).toBe("http://news.localhost:8787/tag/paging-check/page/2");
    expect(seen).toEqual([...slugs].reverse());
  });

  it("answers 404 for unknown sections, tags and authors", async () => {
    for (const path of ["/section/weather", "/section/news/asia", "/tag/nothing-here", "/author/nobody"]) expect((await visit(path)).status).toBe(404);
  });
});

describe("media", () => {
  it("serves images from KV with their type and immutable caching", async () => {
    const svg = await visit("/media/harbour-flood-wall.svg");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("Content-Type")).toBe("image/svg+xml");
    expect(svg.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await svg.text()).toMatch(/^<svg/);
    const png = await visit("/media/meteor-shower-night-sky.png");
    expect(png.headers.get("Content-Type")).toBe("image/png");
    expect(new Uint8Array(await png.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  });

  it("answers 404 for missing or badly named media", async () => {
    for (const path of ["/media/none.svg", "/media/..%2Fsite.json", "/media/script.js"]) expect((await visit(path)).status).toBe(404);
  });
});

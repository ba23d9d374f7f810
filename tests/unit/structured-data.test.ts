import { renderMarkdown } from "../../src/content/markdown.ts";
import { describe, expect, it } from "vitest";
import { prepareRecord } from "../../src/content/record.ts";
import { jsonForScript } from "../../src/render/json-ld.ts";
import type { Chrome } from "../../src/render/layout.ts";
import { renderArticlePage } from "../../src/render/pages/article.ts";
import { renderHomePage } from "../../src/render/pages/home.ts";
import { HOSTILE, hostileSite } from "../support/hostile.ts";
import { NEWS_ARTICLE_PROPERTIES, metaValues, readPage } from "../support/html.ts";
import { seedSite } from "../support/site.ts";

const CANONICAL = "https://www.meridian-courier.example";
const site = hostileSite(seedSite());
const chrome: Chrome = { site, mirrors: [], canonicalOrigin: CANONICAL };

async function record(overrides: Record<string, unknown> = {}) {
  const prepared = await prepareRecord(
    {
      headline: HOSTILE.headline,
      standfirst: HOSTILE.standfirst,
      section: "news/middle-east",
      authors: ["amira-haddad", "grace-okafor"],
      tags: ["water", "climate"],
      language: "ar",
      published: "2026-11-24T10:00:00Z",
      updated: "2026-11-24T12:30:00Z",
      status: "published",
      image: { media: "flood.png", alt: HOSTILE.alt, caption: HOSTILE.caption, credit: HOSTILE.credit, width: 1200, height: 675 },
      body: HOSTILE.body,
      ...overrides,
    },
    "hostile-story",
    site,
    renderMarkdown,
  );
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
  return prepared.value;
}

describe("jsonForScript", () => {
  it("writes no character that could end a script element or a JavaScript string, and parses back exactly", () => {
    const value = { a: "</script><!-- & \u2028 \u2029 >", b: [HOSTILE.headline] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("article page structured data and share card", async () => {
  const page = readPage(renderArticlePage(chrome, { record: await record(), related: [] }));
  const [article, breadcrumbs] = page.jsonLd;

  it("has no script but the two JSON-LD data blocks, even with </script> in every field", () => {
    expect(page.scripts.map((s) => s.type)).toEqual(["application/ld+json", "application/ld+json"]);
  });

  it("NewsArticle has the properties Google documents, with hostile text intact", () => {
    for (const property of NEWS_ARTICLE_PROPERTIES) expect(article, property).toHaveProperty(property);
    expect(article).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: HOSTILE.headline,
      description: HOSTILE.standfirst,
      image: [`${CANONICAL}/media/flood.png`],
      datePublished: "2026-11-24T10:00:00Z",
      dateModified: "2026-11-24T12:30:00Z",
      inLanguage: "ar",
      mainEntityOfPage: `${CANONICAL}/articles/hostile-story`,
      author: [
        { "@type": "Person", name: HOSTILE.authorName, url: `${CANONICAL}/author/amira-haddad` },
        { "@type": "Person", name: "Grace Okafor", url: `${CANONICAL}/author/grace-okafor` },
      ],
      publisher: {
        "@type": "NewsMediaOrganization",
        name: "The Meridian Courier",
        logo: { "@type": "ImageObject", url: `${CANONICAL}/media/meridian-logo.svg` },
      },
      keywords: [HOSTILE.tagLabel, "Climate"],
    });
  });

  it("BreadcrumbList runs home, section lineage, story, numbered from 1", () => {
    expect(breadcrumbs).toEqual({
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: [
        { "@type": "ListItem", position: 1, name: "Home", item: `${CANONICAL}/` },
        { "@type": "ListItem", position: 2, name: HOSTILE.sectionName, item: `${CANONICAL}/section/news` },
        { "@type": "ListItem", position: 3, name: "Middle East", item: `${CANONICAL}/section/news/middle-east` },
        { "@type": "ListItem", position: 4, name: HOSTILE.headline, item: `${CANONICAL}/articles/hostile-story` },
      ],
    });
  });

  it("Open Graph and Twitter tags describe the story with a large image card", () => {
    expect(page.title).toBe(`${HOSTILE.headline} | The Meridian Courier`);
    expect(page.description).toBe(HOSTILE.standfirst);
    expect(page.canonical).toBe(`${CANONICAL}/articles/hostile-story`);
    expect(metaValues(page, "og:type")).toEqual(["article"]);
    expect(metaValues(page, "og:title")).toEqual([HOSTILE.headline]);
    expect(metaValues(page, "og:description")).toEqual([HOSTILE.standfirst]);
    expect(metaValues(page, "og:url")).toEqual([`${CANONICAL}/articles/hostile-story`]);
    expect(metaValues(page, "og:image")).toEqual([`${CANONICAL}/media/flood.png`]);
    expect(metaValues(page, "og:image:alt")).toEqual([HOSTILE.alt]);
    expect(metaValues(page, "article:published_time")).toEqual(["2026-11-24T10:00:00Z"]);
    expect(metaValues(page, "article:modified_time")).toEqual(["2026-11-24T12:30:00Z"]);
    expect(metaValues(page, "article:section")).toEqual(["Middle East"]);
    expect(metaValues(page, "article:tag")).toEqual([HOSTILE.tagLabel, "Climate"]);
    expect(metaValues(page, "twitter:card")).toEqual(["summary_large_image"]);
    expect(metaValues(page, "twitter:image:alt")).toEqual([HOSTILE.alt]);
  });

  it("a story without a lead image shows the site's share image, large, in its card and its JSON-LD", async () => {
    const plain = readPage(renderArticlePage(chrome, { record: await record({ image: undefined, updated: undefined }), related: [] }));
    expect(metaValues(plain, "twitter:card")).toEqual(["summary_large_image"]);
    expect(metaValues(plain, "og:image")).toEqual([`${CANONICAL}/media/share-card.png`]);
    expect(metaValues(plain, "og:image:width")).toEqual(["1200"]);
    expect(metaValues(plain, "og:image:height")).toEqual(["630"]);
    expect(metaValues(plain, "og:image:type")).toEqual(["image/png"]);
    expect(plain.jsonLd[0]).toMatchObject({ image: [`${CANONICAL}/media/share-card.png`], dateModified: "2026-11-24T10:00:00Z" });
  });

  it("without a share image in the site config, a story without a lead image gets a summary card and the publisher logo as its JSON-LD image", async () => {
    const { shareImage: _none, ...bare } = site;
    const plain = readPage(renderArticlePage({ ...chrome, site: bare }, { record: await record({ image: undefined, updated: undefined }), related: [] }));
    expect(metaValues(plain, "twitter:card")).toEqual(["summary"]);
    expect(metaValues(plain, "og:image")).toEqual([]);
    expect(plain.jsonLd[0]).toMatchObject({ image: [`${CANONICAL}/media/meridian-logo.svg`], dateModified: "2026-11-24T10:00:00Z" });
  });
});

describe("home page structured data", () => {
  const page = readPage(renderHomePage(chrome, { latest: [], blocks: [] }));

  it("carries WebSite and NewsMediaOrganization", () => {
    expect(page.jsonLd.map((d) => d["@type"])).toEqual(["WebSite", "NewsMediaOrganization"]);
    expect(page.jsonLd[0]).toMatchObject({ name: "The Meridian Courier", url: `${CANONICAL}/`, publisher: { "@id": `${CANONICAL}/#organization` } });
    expect(page.jsonLd[1]).toMatchObject({
      "@id": `${CANONICAL}/#organization`,
      name: "The Meridian Courier",
      url: `${CANONICAL}/`,
      logo: { "@type": "ImageObject", url: `${CANONICAL}/media/meridian-logo.svg` },
    });
    expect(metaValues(page, "og:type")).toEqual(["website"]);
    expect(metaValues(page, "og:image")).toEqual([`${CANONICAL}/media/share-card.png`]);
    expect(metaValues(page, "twitter:card")).toEqual(["summary_large_image"]);
  });
});

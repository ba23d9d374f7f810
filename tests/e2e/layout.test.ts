// Layout in the browser: no sideways scrolling on a 360-px phone, a readable measure, right-to-left
// articles laid out right to left, dark mode, print showing just the article, and images and requests
// that keep the first paint down to the HTML.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTICLE_PATH, PAGE_TYPES, PRIMARY, RTL_ARTICLE_PATH, browserTestsEnabled, launchBrowser, visitor } from "./support/browser.ts";

const PHONE = { width: 360, height: 740 };

function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.skipIf(!browserTestsEnabled)("layout", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("never scrolls sideways at 360 px, on any page type", async () => {
    const context = await visitor(browser, { viewport: PHONE });
    const page = await context.newPage();
    for (const { name, path } of PAGE_TYPES) {
      await page.goto(`${PRIMARY}${path}`);
      expect(await horizontalOverflow(page), name).toBe(0);
    }
    await context.close();
  });

  it("wraps long words, long links, wide tables and code inside the article body at 360 px", async () => {
    // bypassCSP only so the test can add stress content to the rendered page; the page's styles still apply.
    const context = await visitor(browser, { viewport: PHONE, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${PRIMARY}${ARTICLE_PATH}`);
    await page.evaluate(() => {
      const body = document.querySelector(".body");
      const long = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt".repeat(2);
      const url = `https://council.example.org/${"very-long-path-segment/".repeat(8)}report.pdf`;
      const cells = (tag: string) =>
        Array.from({ length: 8 }, (_, i) => `<${tag}>${tag === "th" ? `Column ${i + 1}` : `${long.slice(0, 30)}${i}`}</${tag}>`).join("");
      body?.insertAdjacentHTML(
        "afterbegin",
        `<p>${long}</p><p><a href="${url}">${url}</a></p><table><tr>${cells("th")}</tr><tr>${cells("td")}</tr></table><pre><code>const x = "${long}";</code></pre>`,
      );
    });
    expect(await horizontalOverflow(page)).toBe(0);
    const body = await page.locator(".body").boundingBox();
    expect(body && body.x >= 0 && body.x + body.width <= PHONE.width).toBe(true);
    await context.close();
  });

  it("sets article text at a readable measure on a wide screen", async () => {
    const context = await visitor(browser, { viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${PRIMARY}${ARTICLE_PATH}`);
    const perLine = await page.evaluate(() => {
      // Characters per full line of the longest paragraphs, measured from where each character lands.
      const counts: number[] = [];
      for (const p of [...document.querySelectorAll(".body > p")].slice(1, 6)) {
        const text = p.firstChild;
        if (!text || text.nodeType !== Node.TEXT_NODE) continue;
        const range = document.createRange();
        const lines = new Map<number, number>();
        for (let i = 0; i < (text.textContent ?? "").length; i++) {
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          const top = Math.round(range.getBoundingClientRect().top);
          lines.set(top, (lines.get(top) ?? 0) + 1);
        }
        counts.push(...[...lines.values()].slice(0, -1));
      }
      return counts.reduce((a, b) => a + b, 0) / counts.length;
    });
    expect(perLine).toBeGreaterThanOrEqual(55);
    expect(perLine).toBeLessThanOrEqual(80);
    const size = await page
      .locator(".body p")
      .first()
      .evaluate((p) => Number.parseFloat(getComputedStyle(p).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);
    await context.close();
  });

  it("lays a right-to-left article out from the right", async () => {
    const context = await visitor(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${PRIMARY}${RTL_ARTICLE_PATH}`);
    const facts = await page.evaluate(() => {
      const article = document.querySelector("article.story") as HTMLElement;
      const box = article.getBoundingClientRect();
      const h1 = document.querySelector("h1") as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(h1);
      const text = range.getClientRects()[0];
      const quote = document.querySelector(".body blockquote");
      return {
        direction: getComputedStyle(article).direction,
        // In right-to-left text the first line starts at the right edge of the column.
        startsRight: text ? Math.abs(text.right - box.right) < 2 : false,
        quoteRule: quote ? Number.parseFloat(getComputedStyle(quote).borderRightWidth) : -1,
      };
    });
    expect(facts.direction).toBe("rtl");
    expect(facts.startsRight).toBe(true);
    expect(facts.quoteRule).toBeGreaterThan(0);
    await context.close();
  });

  it("follows the reader's dark colour scheme", async () => {
    const luminance = async (colorScheme: "light" | "dark") => {
      const context = await visitor(browser, { colorScheme });
      const page = await context.newPage();
      await page.goto(`${PRIMARY}/`);
      const [bg, fg] = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
      await context.close();
      const level = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, n) => sum + Number(n), 0) / 3;
      return { bg: level(bg ?? ""), fg: level(fg ?? "") };
    };
    const light = await luminance("light");
    const dark = await luminance("dark");
    expect(light.bg).toBeGreaterThan(200);
    expect(light.fg).toBeLessThan(60);
    expect(dark.bg).toBeLessThan(40);
    expect(dark.fg).toBeGreaterThan(200);
  });

  it("prints just the article", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    await page.goto(`${PRIMARY}${ARTICLE_PATH}`);
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        ["nav.sections", ".crumbs", ".share", ".related", ".site-footer", ".skip", "article.story h1", "article.story .body", "article.story figure"].map(
          (selector) => {
            const el = document.querySelector(selector);
            return [selector, el !== null && getComputedStyle(el).display !== "none" && (el as HTMLElement).offsetHeight > 0];
          },
        ),
      ),
    );
    expect(shown).toEqual({
      "nav.sections": false,
      ".crumbs": false,
      ".share": false,
      ".related": false,
      ".site-footer": false,
      ".skip": false,
      "article.story h1": true,
      "article.story .body": true,
      "article.story figure": true,
    });
    await context.close();
  });

  it("needs nothing but the HTML for the first paint: no scripts, no stylesheets, no fonts", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    const types: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => types.push(request.resourceType()));
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    for (const path of ["/", ARTICLE_PATH, RTL_ARTICLE_PATH]) {
      await page.goto(`${PRIMARY}${path}`, { waitUntil: "load" });
      // JSON-LD data blocks are the only scripts, and browsers never run them.
      expect(await page.locator('script:not([type="application/ld+json"]), link[rel=stylesheet], link[rel=preload]').count()).toBe(0);
    }
    expect(new Set(types.filter((t) => t !== "document" && t !== "image" && t !== "other"))).toEqual(new Set());
    // A CSP violation (a stylesheet whose hash no longer matches) would show up here.
    expect(problems).toEqual([]);
    await context.close();
  });

  it("gives images their size, loads the lead image first and the rest lazily below the fold", async () => {
    const context = await visitor(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    for (const path of ["/", "/section/news", ARTICLE_PATH]) {
      await page.goto(`${PRIMARY}${path}`);
      const images = await page.evaluate(() =>
        [...document.querySelectorAll("img")].map((img) => ({
          src: img.getAttribute("src"),
          sized: img.hasAttribute("width") && img.hasAttribute("height"),
          inBody: img.closest(".body") !== null,
          loading: img.getAttribute("loading"),
          priority: img.getAttribute("fetchpriority"),
          top: img.getBoundingClientRect().top + window.scrollY,
        })),
      );
      for (const img of images) {
        // Body images come from the Markdown, which carries no dimensions; the page's own images do.
        if (!img.inBody) expect(img.sized, `${path} ${img.src} has width and height`).toBe(true);
        if (img.top > 2 * 844) expect(img.loading, `${path} ${img.src} is below the fold`).toBe("lazy");
      }
      expect(images.filter((img) => img.priority === "high").length, `${path}: one image first at most`).toBeLessThanOrEqual(1);
      if (path !== "/section/news") expect(images[0], `${path}: the first picture is fetched first`).toMatchObject({ loading: "eager", priority: "high" });
    }
    await context.close();
  });
});

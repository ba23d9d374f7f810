// A reader's path through the site in a real browser: home → section → article → author page, on the
// primary host and on a mirror, without ever being moved to another host.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIRROR, PRIMARY, browserTestsEnabled, launchBrowser, visitor } from "./support/browser.ts";

describe.skipIf(!browserTestsEnabled)("reading the site in a browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const origin of [PRIMARY, MIRROR]) {
    it(`goes home → section → article → author on ${new URL(origin).host}`, async () => {
      const context = await visitor(browser);
      const page = await context.newPage();

      await page.goto(`${origin}/`);
      expect(await page.title()).toContain("The Meridian Courier");
      await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "News", exact: true }).click();
      await page.waitForURL(`${origin}/section/news`);
      await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("News");

      const story = page.locator("main .cards h2 a").first();
      const headline = (await story.textContent())?.trim();
      await story.click();
      await page.waitForURL(new RegExp(`^${origin}/articles/`));
      expect((await page.getByRole("heading", { level: 1 }).textContent())?.trim()).toBe(headline);

      const byline = page.locator("article.story .byline a[rel=author]").first();
      const author = (await byline.textContent())?.trim();
      await byline.click();
      await page.waitForURL(new RegExp(`^${origin}/author/`));
      expect((await page.getByRole("heading", { level: 1 }).textContent())?.trim()).toBe(author);
      await context.close();
    });
  }

  it("follows the lead story and a related story from an article", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    await page.goto(`${PRIMARY}/`);
    const lead = page.locator(".lead-story h2 a");
    const headline = (await lead.textContent())?.trim();
    await lead.click();
    await page.waitForURL(new RegExp(`^${PRIMARY}/articles/`));
    expect((await page.locator("h1").textContent())?.trim()).toBe(headline);

    const related = page.getByRole("complementary").locator("h3 a").first();
    const next = (await related.textContent())?.trim();
    await related.click();
    await page.waitForURL(new RegExp(`^${PRIMARY}/articles/`));
    expect((await page.locator("h1").textContent())?.trim()).toBe(next);
    await context.close();
  });

  it("leads from an article's topics to the topic page", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    await page.goto(`${PRIMARY}/articles/lower-harbour-flood-defence-plan-approved`);
    await page.locator(".tags a", { hasText: "Water" }).click();
    await page.waitForURL(`${PRIMARY}/tag/water`);
    expect((await page.locator("h1").textContent())?.trim()).toBe("Water");
    expect(await page.locator("main .cards > li").count()).toBeGreaterThan(0);
    await context.close();
  });
});

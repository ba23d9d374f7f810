// The region redirect as a browser sees it: visitors from a country with a rule land on that rule's host
// with the same path; the override link (?stay=1) keeps a visitor where they chose to be.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTICLE_PATH, DEV_HOSTS, PRIMARY, browserTestsEnabled, launchBrowser, visitor } from "./support/browser.ts";

describe.skipIf(!browserTestsEnabled)("region redirects in the browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const cases = [
    { country: "GB", host: DEV_HOSTS.uk },
    { country: "CN", host: DEV_HOSTS.mirrorOne },
  ];
  for (const { country, host } of cases) {
    it(`sends a visitor from ${country} on the primary host to ${host}, same path`, async () => {
      const context = await visitor(browser, { country });
      const page = await context.newPage();
      const response = await page.goto(`${PRIMARY}${ARTICLE_PATH}?ref=home`);
      expect(page.url()).toBe(`http://${host}${ARTICLE_PATH}?ref=home`);
      expect(response?.status()).toBe(200);
      const hop = response?.request().redirectedFrom();
      expect(hop?.url()).toBe(`${PRIMARY}${ARTICLE_PATH}?ref=home`);
      expect([301, 302, 303, 307, 308]).toContain((await hop?.response())?.status());
      expect(await page.locator("h1").textContent()).toContain("Council approves Lower Harbour flood defence plan");
      await context.close();
    });
  }

  it("keeps a visitor from GB on the primary host after the override link, page after page", async () => {
    const context = await visitor(browser, { country: "GB" });
    const page = await context.newPage();
    await page.goto(`${PRIMARY}/?stay=1`);
    expect(new URL(page.url()).host).toBe(DEV_HOSTS.primary);
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Business" }).click();
    await page.waitForURL(`${PRIMARY}/section/business`);
    await page.locator("main .cards h2 a").first().click();
    await page.waitForURL(new RegExp(`^${PRIMARY}/articles/`));
    await context.close();
  });

  it("lets a redirected visitor choose another address from the footer and stay there", async () => {
    const context = await visitor(browser, { country: "GB" });
    const page = await context.newPage();
    await page.goto(`${PRIMARY}/`);
    expect(new URL(page.url()).host).toBe(DEV_HOSTS.uk);
    await page.getByRole("contentinfo").getByRole("link", { name: "Main site" }).click();
    await page.waitForURL(`${PRIMARY}/?stay=1`);
    await page.goto(`${PRIMARY}${ARTICLE_PATH}`);
    expect(page.url()).toBe(`${PRIMARY}${ARTICLE_PATH}`);
    await context.close();
  });
});

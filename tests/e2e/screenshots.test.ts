// Screenshots of the home page and an article on a phone (390×844) and a desktop (1440×900), light and
// dark, into tests/e2e/artifacts/ (git-ignored) for people to look at; each shot checks the styles applied.

import { mkdir, stat } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTICLE_PATH, ARTIFACTS, PRIMARY, browserTestsEnabled, launchBrowser, visitor } from "./support/browser.ts";

const SHOTS = [
  { name: "home", path: "/" },
  { name: "article", path: ARTICLE_PATH },
];
const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1440, height: 900 },
];

describe.skipIf(!browserTestsEnabled)("screenshots", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("keeps a page styled when the reader comes back and the browser revalidates it (304)", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    await page.goto(`${PRIMARY}${ARTICLE_PATH}`);
    const reload = await page.reload();
    // The browser asked whether its copy is current (and the Worker answered 304 Not Modified).
    expect((await reload?.request().allHeaders())?.["if-none-match"]).toMatch(/^"[0-9a-f]+"$/);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(250, 248, 243)");
    await context.close();
  });

  for (const { name, path } of SHOTS) {
    for (const viewport of VIEWPORTS) {
      for (const colorScheme of ["light", "dark"] as const) {
        const file = `${name}-${viewport.width}x${viewport.height}-${colorScheme}.png`;
        it(`captures ${file} with the site's styles applied`, async () => {
          const context = await visitor(browser, { viewport, colorScheme, deviceScaleFactor: 1 });
          const page = await context.newPage();
          await page.goto(`${PRIMARY}${path}`, { waitUntil: "load" });
          // An unstyled page (stylesheet blocked by the CSP) would have a transparent body and serif-less masthead.
          const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          expect(background).toBe(colorScheme === "light" ? "rgb(250, 248, 243)" : "rgb(19, 20, 21)");
          await page.screenshot({ path: `${ARTIFACTS}${file}`, fullPage: false });
          expect((await stat(`${ARTIFACTS}${file}`)).size).toBeGreaterThan(10_000);
          await context.close();
        });
      }
    }
  }
});

// Readers under censorship, in a real browser and from outside: the lite edition (by the footer link and
// by the data saver), a day's edition opened from a file with every address blocked, the link-preview
// tags a messaging app reads, and the mirror list verified with the minisign tool.

import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTICLE_PATH, PRIMARY, browserTestsEnabled, launchBrowser, visitor } from "./support/browser.ts";
import { siteFetch } from "./support/site-fetch.ts";

describe.skipIf(!browserTestsEnabled)("readers on slow, metered or censored connections", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("switches to the lite edition from the footer link, keeps it, and loads no picture", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    const images: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "image") images.push(r.url());
    });
    await page.goto(`${PRIMARY}${ARTICLE_PATH}`);
    expect(await page.locator("main img").count()).toBeGreaterThan(0);
    await page.getByRole("link", { name: "Lite edition (text only, less data)" }).click();
    await page.waitForURL(`${PRIMARY}${ARTICLE_PATH}?lite=1`);
    images.length = 0;
    // The choice is kept: the next page is lite without asking again.
    await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "News", exact: true }).click();
    await page.waitForURL(`${PRIMARY}/section/news`);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Full edition" }).count()).toBe(1);
    await page.goto(`${PRIMARY}${ARTICLE_PATH}`);
    expect(await page.locator("img").count()).toBe(0);
    // Each picture is a link the reader may choose to open.
    expect(await page.locator("a.image-link").first().textContent()).toMatch(/^Image: .+ \(view\)$/);
    expect(images).toEqual([]);
    await page.getByRole("link", { name: "Full edition" }).click();
    await page.waitForURL(`${PRIMARY}${ARTICLE_PATH}?lite=0`);
    expect(await page.locator("main img").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("serves the lite edition to a browser in data-saver mode", async () => {
    const context = await visitor(browser, { extraHTTPHeaders: { "Save-Data": "on" } });
    const page = await context.newPage();
    const response = await page.goto(`${PRIMARY}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers().vary).toBe("Save-Data");
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.getByRole("link", { name: "Full edition" }).count()).toBe(1);
    await context.close();
  });

  it("opens a day's edition from a file with every address blocked: every story, its pictures, no request out", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    await page.goto(`${PRIMARY}/editions`);
    const link = page.locator('a[href$=".html"]').first();
    const href = await link.getAttribute("href");
    const res = await siteFetch(`${PRIMARY}${href}`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename=".+\.html"$/);
    const file = res.text();
    expect(Buffer.byteLength(file)).toBeLessThanOrEqual(1_000_000);
    const dir = await mkdtemp(join(tmpdir(), "edition-"));
    const path = join(dir, "edition.html");
    await writeFile(path, file);
    await context.close();

    // Offline: the browser may reach nothing at all, not even this site.
    const offline = await browser.newContext({ offline: true });
    const reader = await offline.newPage();
    const requests: string[] = [];
    reader.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
    });
    await reader.goto(`file://${path}`);
    expect(await reader.locator("h1").first().textContent()).toBeTruthy();
    expect(await reader.locator("article").count()).toBeGreaterThan(0);
    const images = reader.locator("img");
    for (let i = 0; i < (await images.count()); i++) {
      expect(await images.nth(i).getAttribute("src")).toMatch(/^data:image\//);
      expect(await images.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    }
    expect(requests).toEqual([]);
    await offline.close();
  });

  it("names a raster picture a messaging app can show, large enough for the large card", async () => {
    const html = (await siteFetch(`${PRIMARY}/articles/dar-salwa-desalination-plant-begins-trial-operation`)).text();
    const meta = (property: string) => new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(html)?.[1];
    const image = meta("og:image");
    expect(image).toMatch(/\.(jpg|png|webp)$/);
    expect(Number(meta("og:image:width"))).toBeGreaterThanOrEqual(1200);
    expect(meta("og:image:alt")).toBeTruthy();
    expect(meta("twitter:card")).toBe("summary_large_image");
    expect(meta("robots")).toBe("max-image-preview:large");
    // The picture itself is served, as the raster type it claims.
    const picture = await siteFetch(`${PRIMARY}${new URL(image ?? "").pathname}`);
    expect(picture.status).toBe(200);
    expect(picture.headers["content-type"]).toMatch(/^image\/(jpeg|png|webp)$/);
  });
});

describe("the mirror list as a reader checks it", () => {
  it("verifies with the minisign tool and the key shown on /mirrors, and fails after one changed byte", async () => {
    const mirrors = (await siteFetch(`${PRIMARY}/mirrors`)).text();
    const key = /<code id="mirrors-signing-key">([^<]+)<\/code>/.exec(mirrors)?.[1] ?? "";
    expect(key).toMatch(/^RW/);
    const dir = await mkdtemp(join(tmpdir(), "mirrors-"));
    const list = join(dir, "mirrors.json");
    await writeFile(list, (await siteFetch(`${PRIMARY}/.well-known/mirrors.json`)).body);
    await writeFile(`${list}.minisig`, (await siteFetch(`${PRIMARY}/.well-known/mirrors.json.minisig`)).body);
    expect(execFileSync("minisign", ["-Vm", list, "-P", key], { encoding: "utf8" })).toContain("Signature and comment signature verified");
    const bytes = await readFile(list);
    bytes[10] = bytes[10] === 0x41 ? 0x42 : 0x41;
    await writeFile(list, bytes);
    expect(() => execFileSync("minisign", ["-Vm", list, "-P", key], { stdio: "pipe" })).toThrow();
  });
});

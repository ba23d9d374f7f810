// Accessibility in the browser: axe-core on every page type in both colour schemes, and the things axe
// cannot judge alone: a skip link that moves focus, visible focus, headings in order, lang everywhere.

import { mkdir, writeFile } from "node:fs/promises";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, PAGE_TYPES, PRIMARY, RTL_ARTICLE_PATH, browserTestsEnabled, launchBrowser, visitor } from "./support/browser.ts";

type Impact = "minor" | "moderate" | "serious" | "critical";
interface Violation {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

async function runAxe(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, AXE_TAGS);
}

describe.skipIf(!browserTestsEnabled)("accessibility", () => {
  let browser: Browser;
  const summary: Record<string, Record<string, Record<Impact, number>>> = {};
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (Object.keys(summary).length === 0) return;
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(`${ARTIFACTS}axe-summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(
      `axe-core violations by impact (critical/serious/moderate/minor):\n${PAGE_TYPES.map(({ name }) => [name, summary[name] ?? {}] as const)
        .map(
          ([name, schemes]) =>
            `  ${name.padEnd(15)} ${Object.entries(schemes)
              .map(([scheme, c]) => `${scheme} ${c.critical}/${c.serious}/${c.moderate}/${c.minor}`)
              .join("   ")}`,
        )
        .join("\n")}`,
    );
  });

  for (const { name, path } of PAGE_TYPES) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`${name} page (${colorScheme}) has no serious or critical axe violations`, async () => {
        // The page's CSP allows no scripts at all; bypassCSP lets axe's own script in, for this run only.
        const context = await visitor(browser, { bypassCSP: true, colorScheme, viewport: { width: 390, height: 844 } });
        const page = await context.newPage();
        await page.goto(`${PRIMARY}${path}`);
        const violations = await runAxe(page);
        const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
        for (const v of violations) if (v.impact) counts[v.impact] += 1;
        summary[name] = { ...summary[name], [colorScheme]: counts };
        const blocking = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(blocking.map((v) => `${v.impact} ${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
        await context.close();
      });
    }
  }

  it("has lang on every page, headings in order with one h1, and alt text on every image", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    for (const { name, path } of PAGE_TYPES) {
      await page.goto(`${PRIMARY}${path}`);
      const facts = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        headings: [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1])),
        landmarks: ["header", "nav", "main", "footer"].filter((tag) => document.querySelector(tag) !== null),
        imagesWithoutAlt: [...document.images].filter((img) => !img.hasAttribute("alt") || (img.alt.trim() === "" && !img.closest("[aria-hidden=true]")))
          .length,
      }));
      expect(facts.lang, name).toMatch(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
      expect(facts.landmarks, name).toEqual(["header", "nav", "main", "footer"]);
      expect(
        facts.headings.filter((level) => level === 1),
        name,
      ).toHaveLength(1);
      expect(facts.headings[0], name).toBe(1);
      const skips = facts.headings.filter((level, i) => i > 0 && level > (facts.headings[i - 1] ?? 1) + 1);
      expect(skips, `${name}: a heading level is skipped in ${facts.headings.join(",")}`).toEqual([]);
      expect(facts.imagesWithoutAlt, name).toBe(0);
    }
    await context.close();
  });

  it("marks right-to-left content with its language and direction", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    await page.goto(`${PRIMARY}${RTL_ARTICLE_PATH}`);
    const article = page.locator("article.story");
    expect(await article.getAttribute("lang")).toBe("ar");
    expect(await article.getAttribute("dir")).toBe("rtl");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.goto(`${PRIMARY}/`);
    const cards = await page.locator("main article[lang]").evaluateAll((nodes) => nodes.map((n) => [n.getAttribute("lang"), n.getAttribute("dir")]));
    expect(cards).toContainEqual(["ar", "rtl"]);
    await context.close();
  });

  it("offers a skip link as the first stop that moves focus to the main content", async () => {
    const context = await visitor(browser, { viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${PRIMARY}/articles/lower-harbour-flood-defence-plan-approved`);
    await page.keyboard.press("Tab");
    const skip = page.locator("a.skip");
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    const box = await skip.boundingBox();
    expect(box && box.y >= 0 && box.height > 0).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
    await context.close();
  });

  it("shows where keyboard focus is and follows links with Enter", async () => {
    const context = await visitor(browser);
    const page = await context.newPage();
    await page.goto(`${PRIMARY}/`);
    const stops: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { text: el.textContent?.trim() ?? "", outline: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) >= 2 };
      });
      expect(stop.outline, `focus ring on "${stop.text}"`).toBe(true);
      stops.push(stop.text);
    }
    expect(stops).toEqual(["Skip to content", "The Meridian Courier", "News", "Business"]);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${PRIMARY}/section/business`);
    await context.close();
  });
});

// Launching Debian's Chromium through playwright-core, and the page types every browser test visits.

import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from "playwright-core";
import { inject } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../../scripts/lib/chromium.ts";
import { DEV_HOSTS } from "../../../scripts/lib/dev-server.ts";

export { DEV_HOSTS };
export const PRIMARY = `http://${DEV_HOSTS.primary}`;
export const MIRROR = `http://${DEV_HOSTS.mirrorOne}`;
export const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

/** False when global-setup found no Chromium outside CI: the suites skip instead of failing. */
export const browserTestsEnabled = inject("e2eEnabled");

/** A country with no rule in the dev policy, so pages are served on the host asked for. */
export const NEUTRAL_COUNTRY = "US";

/** Each launch gets a fresh temporary profile (Playwright's default), so no state leaks between files. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A context that stands in a visitor from `country` (the dev Worker reads X-Geo-Country). */
export function visitor(browser: Browser, options: BrowserContextOptions & { country?: string } = {}): Promise<BrowserContext> {
  const { country = NEUTRAL_COUNTRY, ...rest } = options;
  return browser.newContext({ ...rest, extraHTTPHeaders: { "X-Geo-Country": country, ...rest.extraHTTPHeaders } });
}

export interface PageType {
  name: string;
  path: string;
}

/** One page of every type the site renders, from kv-seed/. */
export const PAGE_TYPES: PageType[] = [
  { name: "home", path: "/" },
  { name: "section", path: "/section/news" },
  { name: "nested section", path: "/section/news/middle-east" },
  { name: "tag", path: "/tag/water" },
  { name: "author", path: "/author/amira-haddad" },
  { name: "article", path: "/articles/lower-harbour-flood-defence-plan-approved" },
  { name: "RTL article", path: "/articles/wadi-sarim-reservoirs-recover-after-autumn-rains" },
  { name: "mirrors", path: "/mirrors" },
  { name: "404", path: "/no-such-page" },
];

export const ARTICLE_PATH = "/articles/lower-harbour-flood-defence-plan-approved";
export const RTL_ARTICLE_PATH = "/articles/wadi-sarim-reservoirs-recover-after-autumn-rains";

// Where Debian's Chromium lives and how the browser tests and Lighthouse launch it on this network.

import { existsSync } from "node:fs";

/** Debian's package; CHROMIUM_PATH points elsewhere on machines that keep it somewhere else. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** What CI runs (and what the notice tells a developer to run) to get the browser. */
export const CHROMIUM_INSTALL = "apt-get update && apt-get install -y chromium";

/**
 * Flags for a machine without open internet: no QUIC, no background fetches of components, sync or
 * field trials, which otherwise stall while they wait for servers they cannot reach.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Whether the browser runs can go ahead: yes with Chromium; without it, a notice and a skip on a
 * developer's machine, and an error in CI (the CI script installs Chromium, so its absence is a fault).
 */
export function chromiumOrSkip(what: string): boolean {
  if (chromiumInstalled()) return true;
  const message = `${CHROMIUM_PATH} is missing, so ${what} cannot run. Install Debian's Chromium: ${CHROMIUM_INSTALL}`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\nNOTICE: ${message}\n(skipped; with CI set this is an error)\n`);
  return false;
}

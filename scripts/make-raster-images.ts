// node scripts/make-raster-images.ts: renders the seed's raster images once, in Debian's Chromium: the
// site share image (designed here from site.json's name and tagline) and raster versions of some
// illustrations, because link previewers (messaging apps, social networks) do not show SVG.

import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM_INSTALL, CHROMIUM_PATH, chromiumInstalled } from "./lib/chromium.ts";

const HELP = `Usage: node scripts/make-raster-images.ts [-- --dir kv-seed]

Writes into <dir>/media/:
  share-card.png              1200×630, the site's share image (site.json "shareImage")
  <illustration>.jpg / .webp  1200×675 raster versions of the SVG illustrations listed in RASTERS

Needs Debian's Chromium (${CHROMIUM_PATH}); never downloads a browser: ${CHROMIUM_INSTALL}`;

/** The flags the brief fixes: no network of its own, no sandbox (containers), no GPU. */
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

interface Raster {
  source: string;
  out: string;
  type: "image/png" | "image/jpeg" | "image/webp";
  /** 0..1 for JPEG and WebP. */
  quality?: number;
  width: number;
  height: number;
}

/**
 * Illustrations that lead stories and so appear in link previews. Charts and diagrams stay SVG (they
 * sit in article bodies, where sharp lines and small files matter more than previews), and so do the
 * illustrations whose stories show the site's share image instead.
 */
const RASTERS: Raster[] = [
  { source: "port-cranes.svg", out: "port-cranes.jpg", type: "image/jpeg", quality: 0.86, width: 1200, height: 675 },
  { source: "coastal-railway.svg", out: "coastal-railway.jpg", type: "image/jpeg", quality: 0.86, width: 1200, height: 675 },
  { source: "desalination-plant.svg", out: "desalination-plant.jpg", type: "image/jpeg", quality: 0.86, width: 1200, height: 675 },
  { source: "concert-hall.svg", out: "concert-hall.jpg", type: "image/jpeg", quality: 0.86, width: 1200, height: 675 },
  { source: "night-bus.svg", out: "night-bus.webp", type: "image/webp", quality: 0.9, width: 1200, height: 675 },
  { source: "wind-cooperative.svg", out: "wind-cooperative.webp", type: "image/webp", quality: 0.9, width: 1200, height: 675 },
];

const SHARE_IMAGE = { out: "share-card.png", width: 1200, height: 630 } as const;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A tagline on one line, or on two of about equal length when it is too long for one. */
function lines(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const words = text.split(/\s+/);
  let best = 1;
  for (let i = 1; i < words.length; i++) {
    const split = (n: number) => Math.abs(words.slice(0, n).join(" ").length - words.slice(n).join(" ").length);
    if (split(i) < split(best)) best = i;
  }
  return [words.slice(0, best).join(" "), words.slice(best).join(" ")];
}

/** The share image: the masthead on the site's night-blue band, the meridian globe and the harbour line. */
function shareImageSvg(name: string, tagline: string): string {
  const { width, height } = SHARE_IMAGE;
  const size = name.length > 22 ? 76 : 88;
  const tag = lines(tagline, 56)
    .map((line, i) => `<text x="600" y="${425 + i * 50}" text-anchor="middle" class="tag">${escapeXml(line)}</text>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<style>
.name{font:700 ${size}px "DejaVu Serif",Georgia,serif;fill:#faf8f3;letter-spacing:-1px}
.tag{font:italic 36px "DejaVu Serif",Georgia,serif;fill:#b7c0cc}
</style>
<rect width="${width}" height="${height}" fill="#15202e"/>
<rect width="${width}" height="14" fill="#a3161b"/>
<g transform="translate(600 170)" fill="none">
<circle r="78" stroke="#faf8f3" stroke-width="7"/>
<ellipse rx="32" ry="78" stroke="#faf8f3" stroke-width="5"/>
<line x1="-74" y1="0" x2="74" y2="0" stroke="#faf8f3" stroke-width="5"/>
<line x1="0" y1="-86" x2="0" y2="86" stroke="#ffb4a8" stroke-width="8"/>
</g>
<text x="600" y="340" text-anchor="middle" class="name">${escapeXml(name)}</text>
<rect x="520" y="362" width="160" height="6" fill="#ffb4a8"/>
${tag}
<path d="M0 560 q50 -18 100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 V630 H0 Z" fill="#1f3a5f"/>
<path d="M0 586 q50 -14 100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0 t100 0" fill="none" stroke="#2f6f86" stroke-width="4"/>
</svg>`;
}

/** Runs in the page (so as text: this script is typed for Node, not the DOM): SVG → canvas → encoded data URL. */
const DRAW_IN_PAGE = `async ({ svg, type, quality, width, height }) => {
  const image = new Image();
  image.src = "data:image/svg+xml;base64," + btoa(unescape(encodeURIComponent(svg)));
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2D canvas");
  context.drawImage(image, 0, 0, width, height);
  return canvas.toDataURL(type, quality);
}`;

/** Draws SVG markup onto a canvas of the given size in the page and returns the encoded bytes. */
async function rasterise(page: import("playwright-core").Page, svg: string, raster: Omit<Raster, "source" | "out">): Promise<Buffer> {
  const args = { svg, type: raster.type, quality: raster.quality ?? 0.9, width: raster.width, height: raster.height };
  const dataUrl: unknown = await page.evaluate(`(${DRAW_IN_PAGE})(${JSON.stringify(args)})`);
  const [prefix, base64] = typeof dataUrl === "string" ? dataUrl.split(",") : [];
  if (!prefix?.startsWith(`data:${raster.type}`) || !base64) throw new Error(`Chromium did not encode ${raster.type} (got ${String(prefix)})`);
  return Buffer.from(base64, "base64");
}

const { values } = parseArgs({ options: { dir: { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
if (!chromiumInstalled()) {
  console.error(`${CHROMIUM_PATH} is missing. Install Debian's Chromium first: ${CHROMIUM_INSTALL}`);
  process.exit(1);
}

const dir = values.dir ?? join(import.meta.dirname, "../kv-seed");
const media = join(dir, "media");
const site = JSON.parse(await readFile(join(dir, "site.json"), "utf8")) as { name: string; tagline?: string };

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
try {
  const page = await browser.newPage();
  // A blank page with no network: every image is drawn from the SVG text passed in.
  await page.route("**/*", (route) => route.abort());
  await page.setContent("<!doctype html><title>raster</title>");
  const written: string[] = [];
  const share = await rasterise(page, shareImageSvg(site.name, site.tagline ?? ""), {
    type: "image/png",
    width: SHARE_IMAGE.width,
    height: SHARE_IMAGE.height,
  });
  await writeFile(join(media, SHARE_IMAGE.out), share);
  written.push(SHARE_IMAGE.out);
  for (const raster of RASTERS) {
    const svg = await readFile(join(media, raster.source), "utf8");
    await writeFile(join(media, raster.out), await rasterise(page, svg, raster));
    written.push(raster.out);
  }
  for (const name of written) console.log(`${name.padEnd(28)} ${((await stat(join(media, name))).size / 1024).toFixed(1)} KB`);
} finally {
  await browser.close();
}

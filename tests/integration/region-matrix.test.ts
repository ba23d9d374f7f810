// Every (host × region × path kind × method) cell of the dev policy, through the Worker. The expected
// answers come from a table written by hand from wrangler.toml, not from the code under test. A cell
// "served here" is checked for what the reader gets (status and content), not for the absence of a redirect.

import { beforeAll, describe, expect, it } from "vitest";
import { visit, writer } from "../support/worker.ts";

const NEWS = "news.localhost:8787";
const ONE = "mirror-one.localhost:8787";
const TWO = "mirror-two.localhost:8787";
const UK = "uk.localhost:8787";
const LOCAL = "localhost:8787";
const KNOWN = [NEWS, ONE, TWO, UK, LOCAL];
const UNKNOWN = ["evil.localhost:8787", "127.0.0.1:8787", "news.localhost:9999"];

/** Which hosts serve each region (first = where others are sent); undefined = served anywhere. */
const REGIONS: { name: string; cf: { country?: string; continent?: string }; serves?: string[] }[] = [
  { name: "United States", cf: { country: "US", continent: "NA" } },
  { name: "Germany", cf: { country: "DE", continent: "EU" } },
  { name: "unknown (XX)", cf: { country: "XX" } },
  { name: "no cf at all", cf: {} },
  { name: "Tor (T1)", cf: { country: "T1" } },
  { name: "United Kingdom", cf: { country: "GB", continent: "EU" }, serves: [UK] },
  { name: "China", cf: { country: "CN", continent: "AS" }, serves: [ONE, TWO] },
  { name: "Iran", cf: { country: "IR", continent: "AS" }, serves: [ONE, TWO] },
  { name: "Russia", cf: { country: "RU", continent: "EU" }, serves: [ONE, TWO] },
  { name: "Japan (Asia rule)", cf: { country: "JP", continent: "AS" }, serves: [TWO, ONE] },
  { name: "Australia (Oceania rule)", cf: { country: "AU", continent: "OC" }, serves: [TWO, ONE] },
];

/** Page paths and what a reader served there gets: the status and a line of the page. */
const PAGES: { path: string; status: number; shows: string }[] = [
  { path: "/", status: 200, shows: "<title>The Meridian Courier</title>" },
  {
    path: "/articles/city-marathon-sets-participation-record?ref=share&x=%2F",
    status: 200,
    shows: "<h1>Meridian Marathon sets participation record as 9,000 runners take to the streets</h1>",
  },
  { path: "/section/news/middle-east", status: 200, shows: 'href="/articles/dar-salwa-desalination-plant-begins-trial-operation"' },
  { path: "/no-such-page", status: 404, shows: "We could not find that page" },
];

/** Exempt paths and what they answer on any host, from any region: GET (HEAD the same, no body), and POST. */
const EXEMPT: { path: string; status: number; type: string; shows: string; post: number }[] = [
  { path: "/feed.xml", status: 200, type: "application/rss+xml", shows: "<rss", post: 405 },
  { path: "/section/news/atom.xml", status: 200, type: "application/atom+xml", shows: "<feed", post: 405 },
  { path: "/media/harbour-flood-wall.svg", status: 200, type: "image/svg+xml", shows: "<svg", post: 405 },
  // No token: the API answers for itself (401), on every host and from every region.
  { path: "/api/articles", status: 401, type: "application/json", shows: '"code": "token_required"', post: 401 },
  { path: "/.well-known/mirrors.json", status: 200, type: "application/json", shows: '"url": "http://mirror-one.localhost:8787/"', post: 405 },
  { path: "/healthz", status: 200, type: "application/json", shows: '"status": "ok"', post: 200 },
  { path: "/robots.txt", status: 200, type: "text/plain", shows: "Sitemap: http://news.localhost:8787/sitemap.xml", post: 405 },
  { path: "/sitemap.xml", status: 200, type: "application/xml", shows: "<sitemapindex", post: 405 },
];

function expectedPageTarget(host: string, region: (typeof REGIONS)[number]): string | undefined {
  const known = KNOWN.includes(host);
  if (region.cf.country === "T1") return known ? undefined : NEWS;
  if (!region.serves) return known ? undefined : NEWS;
  if (known && region.serves.includes(host)) return undefined;
  return region.serves[0];
}

// /healthz is "ok" once the cron has passed: one pass, as the cron makes every minute.
beforeAll(async () => {
  await writer().tick();
});

describe("region decision matrix (dev policy)", () => {
  for (const region of REGIONS) {
    it(`page requests from ${region.name}`, async () => {
      for (const host of [...KNOWN, ...UNKNOWN]) {
        const want = expectedPageTarget(host, region);
        for (const page of PAGES) {
          for (const method of ["GET", "HEAD"]) {
            const res = await visit(page.path, { host, method, ...region.cf });
            const cell = `${method} ${host}${page.path} from ${region.name}`;
            const body = await res.text();
            if (want) {
              expect(res.status, cell).toBe(302);
              expect(res.headers.get("Location"), cell).toBe(`http://${want}${page.path}`);
              expect(res.headers.get("Cache-Control"), cell).toBe("private, no-store");
            } else {
              expect(res.status, cell).toBe(page.status);
              expect(res.headers.get("Content-Type"), cell).toBe("text/html; charset=utf-8");
              expect(res.headers.get("Location"), cell).toBeNull();
              if (method === "GET") expect(body, cell).toContain(page.shows);
              else expect(body, cell).toBe("");
            }
          }
          const post = await visit(page.path, { host, method: "POST", body: "x", ...region.cf });
          expect(post.status, `POST ${host}${page.path}`).toBe(405);
          expect(post.headers.get("Allow"), `POST ${host}${page.path}`).toBe("GET, HEAD, OPTIONS");
        }
      }
    });

    it(`exempt paths from ${region.name} are served wherever asked`, async () => {
      for (const host of [...KNOWN, ...UNKNOWN]) {
        for (const exempt of EXEMPT) {
          for (const method of ["GET", "HEAD", "POST"]) {
            const res = await visit(exempt.path, { host, method, ...region.cf, ...(method === "POST" ? { body: "{}" } : {}) });
            const cell = `${method} ${host}${exempt.path} from ${region.name}`;
            const body = await res.text();
            expect(res.headers.get("Location"), cell).toBeNull();
            if (method === "POST") {
              expect(res.status, cell).toBe(exempt.post);
              continue;
            }
            expect(res.status, cell).toBe(exempt.status);
            expect(res.headers.get("Content-Type"), cell).toContain(exempt.type);
            if (method === "GET") expect(body, cell).toContain(exempt.shows);
            else expect(body, cell).toBe("");
          }
        }
      }
    });
  }
});

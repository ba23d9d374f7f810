// Every (host × region × path kind × method) cell of the dev policy, through the Worker. The expected
// answers come from a table written by hand from wrangler.toml, not from the code under test.

import { describe, expect, it } from "vitest";
import { visit } from "./helpers.ts";

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

const PAGES = ["/", "/articles/city-marathon-sets-participation-record?ref=share&x=%2F", "/section/news/middle-east", "/no-such-page"];
const EXEMPT = [
  "/feed.xml",
  "/section/news/atom.xml",
  "/media/harbour-flood-wall.svg",
  "/api/articles",
  "/.well-known/mirrors.json",
  "/healthz",
  "/robots.txt",
  "/sitemap.xml",
];

function expectedPageTarget(host: string, region: (typeof REGIONS)[number]): string | undefined {
  const known = KNOWN.includes(host);
  if (region.cf.country === "T1") return known ? undefined : NEWS;
  if (!region.serves) return known ? undefined : NEWS;
  if (known && region.serves.includes(host)) return undefined;
  return region.serves[0];
}

describe("region decision matrix (dev policy)", () => {
  for (const region of REGIONS) {
    it(`page requests from ${region.name}`, async () => {
      for (const host of [...KNOWN, ...UNKNOWN]) {
        for (const path of PAGES) {
          for (const method of ["GET", "HEAD"]) {
            const res = await visit(path, { host, method, ...region.cf });
            const want = expectedPageTarget(host, region);
            const cell = `${method} ${host}${path} from ${region.name}`;
            if (want) {
              expect(res.status, cell).toBe(302);
              expect(res.headers.get("Location"), cell).toBe(`http://${want}${path}`);
              expect(res.headers.get("Cache-Control"), cell).toBe("private, no-store");
            } else {
              expect(res.status, cell).not.toBe(302);
            }
          }
          const post = await visit(path, { host, method: "POST", body: "x", ...region.cf });
          expect(post.status, `POST ${host}${path}`).toBe(405);
        }
      }
    });

    it(`exempt paths from ${region.name} are served wherever asked`, async () => {
      for (const host of [...KNOWN, ...UNKNOWN]) {
        for (const path of EXEMPT) {
          for (const method of ["GET", "HEAD", "POST"]) {
            const res = await visit(path, { host, method, ...region.cf, ...(method === "POST" ? { body: "{}" } : {}) });
            expect([301, 302, 303, 307, 308], `${method} ${host}${path}`).not.toContain(res.status);
          }
        }
      }
    });
  }
});

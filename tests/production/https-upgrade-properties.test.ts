// Property test of the region decision and the HTTPS upgrade together, in the deployed configuration:
// for any plain-HTTP request (any host, region, path and query), one redirect reaches an HTTPS address
// on a configured host with the same path and query, and that address serves instead of redirecting.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_COUNTRIES, CONTINENTS } from "../../src/policy/countries.ts";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";
import { visit } from "../support/worker.ts";

const HOSTS = ["www.meridian-courier.example", "meridian-mirror.example", "courier-mirror.example", "meridian-courier.example.uk"];
const params = fuzzParams(150);

const host = fc.oneof(fc.constantFrom(...HOSTS, "WWW.MERIDIAN-COURIER.EXAMPLE", "meridian-mirror.example.", "evil.example"), fc.domain());
const page = fc.oneof(
  fc.constantFrom("/", "/section/news", "/articles/city-marathon-sets-participation-record", "/tag/water", "/author/amira-haddad", "/mirrors", "/no-such-page"),
  fc.webPath().filter((p) => p.startsWith("/")),
);
const query = fc.oneof(
  fc.constant(""),
  fc.webQueryParameters().map((q) => `?${q}`),
);
const region = fc.record({ country: fc.constantFrom(...ALL_COUNTRIES, "T1", "XX"), continent: fc.constantFrom(...CONTINENTS) });

describe("HTTPS upgrade and region decision together", () => {
  it(
    "any plain-HTTP page request: one hop to HTTPS on a configured host, same path and query, then served",
    async () => {
      await fc.assert(
        fc.asyncProperty(host, page, query, region, async (h, p, q, r) => {
          let url: URL;
          try {
            url = new URL(`http://${h}${p}${q}`);
          } catch {
            fc.pre(false);
            return;
          }
          const first = await visit(url.href, r);
          await first.arrayBuffer();
          const label = `${url.href} from ${r.country}/${r.continent} → ${first.status}`;
          expect([301, 302], label).toContain(first.status);
          const target = new URL(first.headers.get("Location") ?? "");
          expect(target.protocol, label).toBe("https:");
          expect(HOSTS, label).toContain(target.host);
          expect(target.pathname + target.search, label).toBe(url.pathname + url.search);
          const second = await visit(target.href, r);
          const body = await second.text();
          // Served: a page or a 404, never another redirect.
          expect(second.status >= 300 && second.status < 400, `${label} → ${target.href} → ${second.status}`).toBe(false);
          expect(second.status, label).toBeLessThan(500);
          // What is served is the site's own page (a story, a listing, the addresses page or its 404).
          expect(body, label).toContain("The Meridian Courier</");
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );
});

// Property tests: for arbitrary hosts, paths, queries and countries, a redirect never leaves the
// configured hosts, never loops, and keeps path and query exactly.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_COUNTRIES, CONTINENTS } from "../../src/policy/countries.ts";
import { decide, normaliseHost, redirectUrl } from "../../src/policy/decide.ts";
import { fuzzParams, fuzzTimeout } from "../support/fuzz.ts";
import { POLICY } from "./policy-fixture.ts";

const configured = POLICY.hosts.map((h) => h.host);
const params = fuzzParams(500);

const hostArb = fc.oneof(
  fc.constantFrom(...configured),
  fc.constantFrom("evil.example", "news.example.evil.example", "NEWS.EXAMPLE", "news.example.", "localhost", "127.0.0.1:8787", "[::1]"),
  fc.domain(),
);
const countryArb = fc.option(fc.oneof(fc.constantFrom(...ALL_COUNTRIES, "XX", "T1"), fc.string({ maxLength: 3 })), { nil: undefined });
const continentArb = fc.option(fc.constantFrom(...CONTINENTS), { nil: undefined });
const pathArb = fc.oneof(
  fc.webPath(),
  fc.constantFrom("//evil.example", "/\\evil.example", "/%2F%2Fevil.example", "/..//evil.example", "/%09/evil.example", "/@evil.example", "///evil.example/x"),
  fc.string().map((s) => `/${s}`),
);
const queryArb = fc.oneof(
  fc.constant(""),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.string().map((s) => `?${encodeURIComponent(s)}`),
);

describe("region decision properties", () => {
  it(
    "redirects only to configured hosts, in one hop, keeping path and query",
    () => {
      fc.assert(
        fc.property(hostArb, countryArb, continentArb, pathArb, queryArb, (host, country, continent, path, query) => {
          let url: URL;
          try {
            url = new URL(`https://${host}${path}${query}`);
          } catch {
            return; // Not a URL a request could have.
          }
          const facts = {
            host: normaliseHost(url.host),
            ...(country ? { country } : {}),
            ...(continent ? { continent } : {}),
            method: "GET",
            exempt: false,
            override: false,
          };
          const decision = decide(POLICY, facts);
          if (decision.action === "serve") {
            expect(configured).toContain(facts.host);
            return;
          }
          expect(configured).toContain(decision.to.host);
          const target = new URL(redirectUrl(url, decision.to));
          expect(target.host).toBe(decision.to.host);
          expect(target.pathname).toBe(url.pathname);
          expect(target.search).toBe(url.search);
          const second = decide(POLICY, { ...facts, host: decision.to.host });
          expect(second.action).toBe("serve");
        }),
        params,
      );
    },
    fuzzTimeout(params),
  );
});

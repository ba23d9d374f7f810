// The test helpers that judge security, judged themselves: the Observatory scorer and the active-content
// finder must fail the responses and pages they exist to catch, or the suites using them prove nothing.

import { describe, expect, it } from "vitest";
import { activeContent } from "../support/html.ts";
import { observatory, penalties } from "../support/observatory.ts";

const page = (headers: Record<string, string>, body = "<!doctype html><title>x</title>") =>
  observatory({ url: "https://example.org/", headers: new Headers({ "Content-Type": "text/html", ...headers }), body });

const STRONG = {
  "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'sha256-abc='; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

describe("the Observatory scorer", () => {
  it("gives a page with no security headers the penalties the Observatory lists", () => {
    const scan = page({});
    expect(penalties(scan)).toEqual([
      "csp-not-implemented (-25)",
      "hsts-not-implemented (-20)",
      "x-content-type-options-not-implemented (-5)",
      "x-frame-options-not-implemented (-20)",
    ]);
    expect(scan.score).toBe(30);
    expect(scan.grade).toBe("D");
  });

  it("penalises unsafe-inline scripts, short HSTS, insecure cookies, credentialed CORS and a missing HTTPS redirect", () => {
    expect(penalties(page({ ...STRONG, "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'" }))).toContain(
      "csp-implemented-with-unsafe-inline (-20)",
    );
    expect(penalties(page({ ...STRONG, "Strict-Transport-Security": "max-age=300" }))).toEqual(["hsts-implemented-max-age-less-than-six-months (-10)"]);
    const cookie = observatory({ url: "http://example.org/", headers: new Headers({ ...STRONG, "Set-Cookie": "id=1" }), body: "" });
    expect(penalties(cookie)).toContain("cookies-without-secure-flag (-20)");
    expect(penalties(page({ ...STRONG, "Access-Control-Allow-Origin": "https://a.example", "Access-Control-Allow-Credentials": "true" }))).toEqual([
      "cross-origin-resource-sharing-implemented-with-universal-access (-50)",
    ]);
    const stays = observatory({ url: "https://example.org/", headers: new Headers(STRONG), body: "", route: ["http://example.org/"] });
    expect(penalties(stays)).toEqual(["redirection-missing (-20)"]);
  });

  it("grants bonuses only to a page already at 90 or more", () => {
    expect(page(STRONG).score).toBe(130);
    expect(page({ ...STRONG, "Strict-Transport-Security": "" }).score).toBe(80);
  });
});

describe("the active-content finder", () => {
  it("finds event handlers, script URLs, scripts, frames and meta refresh, as a browser parses them", () => {
    const found = activeContent(`<p onclick="x">a</p><a href=" java\tscript:alert(1)">b</a><img src="data:image/svg+xml,x">
      <script>alert(1)</script><iframe src="/"></iframe><meta http-equiv="refresh" content="0"><base href="/">`);
    expect(found).toEqual([
      "<p onclick>",
      '<a href=" java\tscript:alert(1)">',
      '<img src="data:image/svg+xml,x">',
      "<script>",
      "<iframe>",
      '<meta http-equiv="refresh">',
      "<base>",
    ]);
  });

  it("passes JSON-LD, site links, http(s) and mailto links, and text that only looks like markup", () => {
    expect(
      activeContent(`<script type="application/ld+json">{}</script><a href="/x">a</a><a href="https://e.example">b</a>
        <a href="mailto:a@b.example">c</a><a href="java%09script:x">d</a><p>&lt;script&gt;onclick=</p>`),
    ).toEqual([]);
  });
});

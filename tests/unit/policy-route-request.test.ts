// Where one request goes (src/policy/route.ts): the region decision and the HTTPS upgrade together, in
// one hop, as the Worker and `npm run policy` both decide it.

import { describe, expect, it } from "vitest";
import { type RouteFacts, routeRequest } from "../../src/policy/route.ts";
import { POLICY } from "./policy-fixture.ts";

const route = (url: string, facts: Partial<RouteFacts> = {}) => routeRequest(POLICY, new URL(url), { method: "GET", override: false, ...facts });

describe("routeRequest", () => {
  it("serves a visitor on the HTTPS host they asked for, with the host's entry", () => {
    const r = route("https://news.example/articles/x", { country: "US" });
    expect(r.action).toBe("serve");
    expect(r.host?.label).toBe("Main");
  });

  it("a region redirect is a 302 that names the target's scheme: HTTP to HTTPS in the same hop, path and query kept", () => {
    expect(route("http://news.example/articles/x?a=1&b=%2F", { country: "CN" })).toMatchObject({
      action: "redirect",
      status: 302,
      location: "https://mirror-one.example/articles/x?a=1&b=%2F",
    });
  });

  it("plain HTTP on an HTTPS host it serves: 301 for GET and HEAD, 308 for other methods (the method is kept)", () => {
    for (const method of ["GET", "HEAD"]) {
      expect(route("http://news.example/section/news?p=2", { country: "US", method })).toMatchObject({
        action: "redirect",
        status: 301,
        location: "https://news.example/section/news?p=2",
      });
    }
    expect(route("http://news.example/", { country: "US", method: "POST" })).toMatchObject({
      action: "redirect",
      status: 308,
      location: "https://news.example/",
    });
  });

  it("paths served on every host are still upgraded to HTTPS, never sent to another region's host", () => {
    expect(route("http://news.example/feed.xml", { country: "CN" })).toMatchObject({
      action: "redirect",
      status: 301,
      location: "https://news.example/feed.xml",
    });
    expect(route("https://news.example/feed.xml", { country: "CN" }).action).toBe("serve");
  });

  it("refuses the API over plain HTTP on an HTTPS host, naming the HTTPS address, instead of redirecting", () => {
    const r = route("http://news.example/api/articles/x", { method: "PUT" });
    expect(r).toMatchObject({ action: "refuse-insecure-api", location: "https://news.example/api/articles/x" });
    expect(route("https://news.example/api/articles/x", { method: "PUT" }).action).toBe("serve");
  });

  it("Tor visitors and visitors who chose the host stay, upgraded to HTTPS if they came over HTTP", () => {
    expect(route("https://news.example/", { country: "T1" }).action).toBe("serve");
    expect(route("http://news.example/", { country: "T1" })).toMatchObject({ action: "redirect", status: 301, location: "https://news.example/" });
    expect(route("https://news.example/", { country: "CN", override: true }).action).toBe("serve");
  });

  it("an HTTP host (development) is served over HTTP without an upgrade", () => {
    expect(route("http://dev.example:8787/x", { country: "US" })).toMatchObject({ action: "serve", host: { host: "dev.example:8787" } });
  });

  it("an unknown host goes to the host that serves the visitor's region, in one 302", () => {
    expect(route("http://evil.example/x?y=1", { country: "US" })).toMatchObject({ action: "redirect", status: 302, location: "https://news.example/x?y=1" });
    expect(route("http://evil.example/x", { country: "GB" })).toMatchObject({ action: "redirect", status: 302, location: "https://uk.example/x" });
  });
});

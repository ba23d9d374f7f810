// Where one request goes (src/policy/route.ts) and whether the policy's hosts are routed to the Worker
// (src/policy/routing.ts): the answers `npm run policy` prints and the Worker acts on.

import { describe, expect, it } from "vitest";
import { type RouteFacts, routeRequest } from "../../src/policy/route.ts";
import { isRouted, routedHostsOf, routingProblems } from "../../src/policy/routing.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { POLICY } from "./policy-fixture.ts";

const GET: RouteFacts = { method: "GET", override: false };
const route = (url: string, facts: Partial<RouteFacts> = {}) => routeRequest(POLICY, new URL(url), { ...GET, ...facts });

describe("routeRequest", () => {
  it("serves a visitor no rule moves on the host asked for, naming that host and why", () => {
    const r = route("https://news.example/articles/x", { country: "US" });
    expect(r).toEqual({
      action: "serve",
      host: POLICY.hosts[0],
      decision: { action: "serve", host: POLICY.hosts[0], reason: "no rule matches; the default serves the requested host", rule: "default" },
    });
  });

  it("compares the Host case-insensitively and without a trailing dot", () => {
    const r = route("https://NEWS.Example./", { country: "US" });
    expect(r.action).toBe("serve");
    expect(r.host?.host).toBe("news.example");
  });

  it("redirects a region with 302 to its host, keeping path and query", () => {
    const r = route("https://news.example/articles/x?a=1", { country: "GB" });
    expect(r.action).toBe("redirect");
    expect(r.action === "redirect" && r.status).toBe(302);
    expect(r.action === "redirect" && r.location).toBe("https://uk.example/articles/x?a=1");
    expect(r.host?.host).toBe("news.example");
    expect(r.decision.rule).toBe('rule 2 "UK"');
  });

  it("passes the continent from request.cf on to the decision", () => {
    const r = route("https://news.example/", { continent: "OC" });
    expect(r.action === "redirect" && r.location).toBe("https://mirror-two.example/");
    // Without country or continent nobody is moved.
    expect(route("https://news.example/").action).toBe("serve");
  });

  it("never moves exempt paths (the API, feeds, media) by region", () => {
    for (const path of ["/api/articles", "/feed.xml", "/media/a.png", "/robots.txt"]) {
      const r = route(`https://news.example${path}`, { country: "GB" });
      expect(r.action, path).toBe("serve");
      expect(r.decision.reason).toBe("this path is served on every host");
    }
  });

  it("keeps a visitor who chose the host there", () => {
    const r = route("https://news.example/", { country: "GB", override: true });
    expect(r.action).toBe("serve");
    expect(r.decision.reason).toBe("the visitor chose this host (override)");
  });

  it("upgrades plain HTTP on an HTTPS host: 301 for GET and HEAD, 308 keeping any other method", () => {
    const get = route("http://news.example/articles/x?y=2#top", { country: "US" });
    expect(get).toMatchObject({ action: "redirect", status: 301, location: "https://news.example/articles/x?y=2" });
    expect(get.host?.host).toBe("news.example");
    expect(route("http://news.example/", { method: "HEAD" })).toMatchObject({ action: "redirect", status: 301 });
    expect(route("http://news.example/", { method: "POST" })).toMatchObject({ action: "redirect", status: 308, location: "https://news.example/" });
  });

  it("refuses the API over plain HTTP on an HTTPS host instead of redirecting it", () => {
    const r = route("http://news.example/api/articles?x=1", { method: "PUT" });
    expect(r).toMatchObject({ action: "refuse-insecure-api", location: "https://news.example/api/articles?x=1" });
    expect(r.host?.host).toBe("news.example");
    // Not API: a page path that only starts like it is upgraded.
    expect(route("http://news.example/apis").action).toBe("redirect");
  });

  it("serves plain HTTP on a host configured for HTTP, and HTTPS on any host", () => {
    const dev = route("http://dev.example:8787/", { country: "US" });
    expect(dev.action).toBe("serve");
    expect(dev.host?.host).toBe("dev.example:8787");
    expect(route("https://news.example/", { country: "US" }).action).toBe("serve");
  });

  it("serves an exempt path or another method on an unknown host, with no host entry and no upgrade", () => {
    expect(route("http://evil.example/api/articles")).toMatchObject({ action: "serve", host: undefined });
    expect(route("http://evil.example/x", { method: "POST" })).toMatchObject({ action: "serve", host: undefined });
  });

  it("sends an unknown host where the primary would, with no host entry of its own", () => {
    const r = route("http://evil.example/x", { country: "US" });
    expect(r).toMatchObject({ action: "redirect", status: 302, location: "https://news.example/x", host: undefined });
  });
});

describe("isRouted", () => {
  it("matches a host exactly, or any subdomain of a *. pattern but not the bare domain", () => {
    expect(isRouted("news.example", ["news.example"])).toBe(true);
    expect(isRouted("news.example", ["mirror.example"])).toBe(false);
    expect(isRouted("a.news.example", ["*.news.example"])).toBe(true);
    expect(isRouted("news.example", ["*.news.example"])).toBe(false);
    expect(isRouted("badnews.example", ["*.news.example"])).toBe(false);
    expect(isRouted("x.other.example", ["*.news.example", "x.other.example"])).toBe(true);
    expect(isRouted("news.example", [])).toBe(false);
    // A plain pattern is exact: a longer name ending in it is not routed.
    expect(isRouted("anews.example", ["news.example"])).toBe(false);
    expect(isRouted("a.news.example", ["news.example"])).toBe(false);
    // "*." is only a pattern at the start.
    expect(isRouted("news.example", ["news.*.example"])).toBe(false);
  });

  it("does not count the pattern's own dot as a subdomain", () => {
    expect(isRouted(".news.example", ["*.news.example"])).toBe(false);
  });
});

describe("routedHostsOf", () => {
  it("takes a list of strings, and nothing else", () => {
    expect(routedHostsOf(["a.example", "*.b.example"])).toEqual(["a.example", "*.b.example"]);
    expect(routedHostsOf([])).toEqual([]);
    expect(routedHostsOf(["a.example", 3])).toBeUndefined();
    expect(routedHostsOf("a.example")).toBeUndefined();
    expect(routedHostsOf(undefined)).toBeUndefined();
  });
});

describe("routingProblems", () => {
  const routed = ["news.example", "*.example", "dev.example:8787"];

  it("finds nothing when every host is routed and the HTTPS site stays on HTTPS", () => {
    const https: DomainPolicy = { ...POLICY, hosts: POLICY.hosts.filter((h) => h.scheme === "https") };
    expect(routingProblems(https, routed)).toEqual([]);
  });

  it("names each host that is not routed, with the routed list", () => {
    const problems = routingProblems(POLICY, ["news.example", "uk.example", "dev.example:8787"]);
    expect(problems.filter((p) => p.code === "not_routed").map((p) => p.field)).toEqual(["hosts[1].host", "hosts[2].host"]);
    const first = problems.find((p) => p.code === "not_routed");
    expect(first?.message).toContain('"mirror-one.example" is not routed to this Worker');
    expect(first?.message).toContain("routed: news.example, uk.example, dev.example:8787");
  });

  it("refuses every host when ROUTED_HOSTS is missing, and says so", () => {
    const problems = routingProblems(POLICY, undefined).filter((p) => p.code === "not_routed");
    expect(problems).toHaveLength(POLICY.hosts.length);
    expect(problems[0]?.message).toContain("ROUTED_HOSTS is not set");
  });

  it("refuses plain HTTP hosts on an HTTPS site, and allows them when the primary is plain HTTP", () => {
    expect(routingProblems(POLICY, routed)).toEqual([
      { field: "hosts[4].scheme", code: "plain_http", message: 'the site is served over HTTPS, so "dev.example:8787" must be "https" too' },
    ]);
    const httpSite: DomainPolicy = { ...POLICY, primary: "dev.example:8787" };
    expect(routingProblems(httpSite, routed)).toEqual([]);
    // A primary that is not among the hosts (checkPolicy names that) does not make the site HTTPS.
    expect(routingProblems({ ...POLICY, primary: "gone.example" }, routed)).toEqual([]);
  });
});

// Plain HTTP on the deployed hosts (all configured as HTTPS): upgraded in one hop, to the same host,
// path and query, or straight to the host that serves the visitor's region, never in two hops.

import { describe, expect, it } from "vitest";
import { observatory } from "../support/observatory.ts";
import { visit, writer } from "../support/worker.ts";

const HOSTS = ["www.meridian-courier.example", "meridian-mirror.example", "courier-mirror.example", "meridian-courier.example.uk"];
const REGIONS: { country: string; continent: string }[] = [
  { country: "US", continent: "NA" },
  { country: "GB", continent: "EU" },
  { country: "CN", continent: "AS" },
  { country: "AU", continent: "OC" },
  { country: "T1", continent: "T1" },
];

function get(url: string, region = REGIONS[0], init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return visit(url, { ...region, ...init });
}

describe("plain HTTP on production hosts", () => {
  it("is upgraded with 301 to the same host, path and query", async () => {
    for (const host of HOSTS) {
      const region = host.endsWith(".uk") ? { country: "GB", continent: "EU" } : { country: "US", continent: "NA" };
      const res = await get(`http://${host}/articles/city-marathon-sets-participation-record?utm_source=x&q=a%20b`, region);
      expect(res.status, host).toBe(301);
      expect(res.headers.get("Location")).toBe(`https://${host}/articles/city-marathon-sets-participation-record?utm_source=x&q=a%20b`);
    }
  });

  it("combines the upgrade with the region decision: one hop from any host and region, then served", async () => {
    // An unknown Host (which no custom domain routes here) is sent to a configured host like any page request.
    /** Each path, the status it is served with, and a line of what is served. */
    const served: Record<string, [number, string]> = {
      "/": [200, "<title>The Meridian Courier</title>"],
      "/section/news?utm_source=x": [200, "<h1>News</h1>"],
      "/feed.xml": [200, "<rss"],
      "/no-such-page": [404, "We could not find that page"],
      "/media/harbour-flood-wall.svg": [200, "<svg"],
    };
    const paths = (host: string) => (host === "unknown.example" ? ["/", "/section/news?utm_source=x"] : Object.keys(served));
    for (const host of [...HOSTS, "unknown.example"]) {
      for (const region of REGIONS) {
        for (const path of paths(host)) {
          const first = await get(`http://${host}${path}`, region);
          const label = `${host}${path} from ${region.country}`;
          expect([301, 302], label).toContain(first.status);
          const target = new URL(first.headers.get("Location") ?? "");
          expect(target.protocol, label).toBe("https:");
          expect(HOSTS, label).toContain(target.host);
          expect(target.pathname + target.search, label).toBe(new URL(`http://x${path}`).pathname + new URL(`http://x${path}`).search);
          const second = await get(target.href, region);
          const [status, shows] = served[path] ?? [0, ""];
          expect(second.status, `${label} → ${target.href}`).toBe(status);
          expect(await second.text(), `${label} → ${target.href}`).toContain(shows);
        }
      }
    }
  });

  it("keeps the method of other requests with 308, and refuses the API over HTTP without touching it", async () => {
    const post = await get("http://www.meridian-courier.example/?a=1", REGIONS[0], { method: "POST", body: "x" });
    expect(post.status).toBe(308);
    expect(post.headers.get("Location")).toBe("https://www.meridian-courier.example/?a=1");
    const before = JSON.stringify(await writer().audit({ limit: 1 }));
    const api = await get("http://www.meridian-courier.example/api/articles/over-http", REGIONS[0], {
      method: "PUT",
      headers: { Authorization: "Bearer production-test-token-0123456789abcdef", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(api.status).toBe(403);
    expect(api.headers.get("Location")).toBeNull();
    const answer = (await api.json()) as { error: string };
    expect(answer.error).toContain("https://www.meridian-courier.example/api/articles/over-http");
    expect(answer.error).toContain("replace it");
    // Nothing reached the writer: no story, no audit entry.
    expect(await writer().getArticle("over-http")).toBeNull();
    expect(JSON.stringify(await writer().audit({ limit: 1 }))).toBe(before);
  });

  it("passes the Observatory's redirection test from a region served where it asks", async () => {
    const first = await get("http://www.meridian-courier.example/");
    const final = await get(first.headers.get("Location") ?? "");
    expect(final.status).toBe(200);
    const scan = observatory({
      url: "https://www.meridian-courier.example/",
      headers: final.headers,
      body: await final.text(),
      route: ["http://www.meridian-courier.example/", first.headers.get("Location") ?? ""],
    });
    expect(scan.modifiers.find((m) => m.test === "redirection")?.result).toBe("redirection-to-https");
    expect(scan.grade).toBe("A+");
  });

  it("costs 5 Observatory points from a region sent elsewhere (documented: one hop beats HSTS on the first host)", async () => {
    const gb = { country: "GB", continent: "EU" };
    const first = await get("http://www.meridian-courier.example/", gb);
    const target = first.headers.get("Location") ?? "";
    expect(target).toBe("https://meridian-courier.example.uk/");
    const final = await get(target, gb);
    const scan = observatory({ url: target, headers: final.headers, body: await final.text(), route: ["http://www.meridian-courier.example/", target] });
    expect(scan.modifiers.find((m) => m.test === "redirection")).toMatchObject({ result: "redirection-off-host-from-http", score: -5 });
    expect(scan.score).toBe(125);
    expect(scan.grade).toBe("A+");
  });

  it("sends HSTS with two years and includeSubDomains on every HTTPS host", async () => {
    for (const host of HOSTS) {
      const res = await get(`https://${host}/robots.txt`);
      expect(res.headers.get("Strict-Transport-Security"), host).toBe("max-age=63072000; includeSubDomains");
    }
  });
});

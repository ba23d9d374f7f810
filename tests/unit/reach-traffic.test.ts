// The readers' signal: the data point each page request writes, the SQL query and its client, and the
// drop-against-own-baseline classification.

import { describe, expect, it } from "vitest";
import {
  classifyTraffic,
  parseTrafficAnswer,
  readTraffic,
  runTraffic,
  type TrafficRow,
  trafficDataPoint,
  trafficQuery,
  trafficWindow,
} from "../../src/reach/traffic.ts";

const NOW = new Date("2026-11-25T09:30:00Z");
const WINDOW = trafficWindow(NOW);
const HOUR = 3_600_000;

describe("the data point of a page request", () => {
  it("carries host, country, route kind and decision, counts one, and is indexed by country and host", () => {
    expect(trafficDataPoint({ host: "news.example", country: "IR", routeKind: "article", decision: "redirect" })).toEqual({
      blobs: ["news.example", "IR", "article", "redirect"],
      doubles: [1],
      indexes: ["IR news.example"],
    });
    expect(trafficDataPoint({ host: "news.example", routeKind: "home", decision: "serve" }).blobs?.[1]).toBe("XX");
    const long = trafficDataPoint({ host: `${"a".repeat(120)}.example`, country: "IR", routeKind: "home", decision: "serve" });
    expect(String(long.indexes?.[0])).toHaveLength(96);
  });
});

describe("the SQL query", () => {
  it("covers six complete hours and the same hours of the seven days before", () => {
    expect(WINDOW.end).toBe(Date.parse("2026-11-25T09:00:00Z"));
    expect(WINDOW.start).toBe(Date.parse("2026-11-18T03:00:00Z"));
    expect(WINDOW.hours).toEqual([3, 4, 5, 6, 7, 8]);
    expect(trafficWindow(new Date("2026-11-25T02:10:00Z")).hours).toEqual([20, 21, 22, 23, 0, 1]);
  });

  it("counts sampled rows by their sample interval, per host, country and hour", () => {
    expect(trafficQuery({ hosts: ["news.example", "mirror.example"], countries: ["IR", "CN"], window: WINDOW })).toBe(
      [
        "SELECT blob1 AS host, blob2 AS country, toStartOfInterval(timestamp, INTERVAL '1' HOUR) AS hour, SUM(_sample_interval) AS requests",
        "FROM edge_news_requests",
        "WHERE timestamp >= toDateTime(1794970800) AND timestamp < toDateTime(1795597200)",
        "  AND toHour(timestamp) IN (3, 4, 5, 6, 7, 8)",
        "  AND blob1 IN ('news.example', 'mirror.example')",
        "  AND blob2 IN ('IR', 'CN')",
        "GROUP BY host, country, hour",
        "ORDER BY hour",
        "FORMAT JSON",
      ].join("\n"),
    );
  });

  it("refuses anything that could break out of the SQL text", () => {
    expect(() => trafficQuery({ hosts: ["x'; DROP"], countries: ["IR"], window: WINDOW })).toThrow(/not a plain host name/);
    expect(() => trafficQuery({ hosts: ["a.example"], countries: ["IR'"], window: WINDOW })).toThrow(/not a country code/);
    expect(() => trafficQuery({ dataset: "x y", hosts: ["a.example"], countries: ["IR"], window: WINDOW })).toThrow(/dataset/);
  });
});

describe("the SQL API client", () => {
  const answer = JSON.stringify({
    meta: [{ name: "host" }, { name: "country" }, { name: "hour" }, { name: "requests" }],
    data: [{ host: "news.example", country: "IR", hour: "2026-11-25 08:00:00", requests: "42" }],
    rows: 1,
  });

  it("is off without the secrets, and says which", async () => {
    const calls: string[] = [];
    const fetch = async (url: string) => {
      calls.push(url);
      return new Response("");
    };
    const read = await readTraffic({ fetch, hosts: ["news.example"], countries: ["IR"], window: WINDOW, token: "t" });
    expect(read).toEqual({ status: "off", reason: "the traffic signal is off: ANALYTICS_ACCOUNT_ID is not set (an API token with Account Analytics Read)" });
    const none = await readTraffic({ fetch, hosts: ["news.example"], countries: ["IR"], window: WINDOW });
    expect(none).toMatchObject({ status: "off", reason: expect.stringContaining("ANALYTICS_ACCOUNT_ID and ANALYTICS_API_TOKEN are not set") });
    expect(calls).toEqual([]);
  });

  it("posts the query with the bearer token and reads the rows", async () => {
    let seen: { url: string; init?: RequestInit } | undefined;
    const read = await readTraffic({
      fetch: async (url, init) => {
        seen = { url, ...(init ? { init } : {}) };
        return new Response(answer);
      },
      accountId: "0123456789abcdef0123456789abcdef",
      token: "secret-token",
      hosts: ["news.example"],
      countries: ["IR"],
      window: WINDOW,
    });
    expect(seen?.url).toBe("https://api.cloudflare.com/client/v4/accounts/0123456789abcdef0123456789abcdef/analytics_engine/sql");
    expect(seen?.init?.method).toBe("POST");
    expect(new Headers(seen?.init?.headers).get("authorization")).toBe("Bearer secret-token");
    expect(String(seen?.init?.body)).toContain("FROM edge_news_requests");
    expect(read).toEqual({ status: "ok", rows: [{ host: "news.example", country: "IR", hour: Date.parse("2026-11-25T08:00:00Z"), requests: 42 }] });
  });

  it("reports refusals, errors, bad answers and timeouts as failed", async () => {
    const base = { accountId: "a", token: "t", hosts: ["news.example"], countries: ["IR"], window: WINDOW };
    const status = async (response: () => Promise<Response>, timeoutMs?: number) =>
      readTraffic({ ...base, fetch: response, ...(timeoutMs ? { timeoutMs } : {}) });
    expect(await status(async () => new Response("no", { status: 403 }))).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("Account Analytics Read"),
    });
    expect(await status(async () => new Response("busy", { status: 500 }))).toMatchObject({ reason: "the Analytics Engine SQL API answered HTTP 500: busy" });
    expect(await status(async () => new Response("{"))).toMatchObject({ reason: "the Analytics Engine answer is not JSON" });
    expect(await status(async () => new Response(JSON.stringify({ data: [{ host: "x" }] })))).toMatchObject({
      reason: expect.stringContaining("a row without"),
    });
    expect(await status(() => new Promise<Response>(() => {}), 50)).toMatchObject({ reason: "the Analytics Engine SQL API did not answer within 0.05 s" });
    expect(parseTrafficAnswer(JSON.stringify({ data: [] }))).toEqual([]);
  });
});

/** Rows for one host and country: `perHour` requests in each baseline hour, `recentPerHour` in the recent ones. */
function rows(host: string, country: string, perHour: number, recentPerHour: number): TrafficRow[] {
  const out: TrafficRow[] = [];
  for (let day = 0; day <= 7; day++) {
    for (let i = 0; i < 6; i++) {
      const hour = WINDOW.end - (6 - i) * HOUR - day * 24 * HOUR;
      out.push({ host, country, hour, requests: day === 0 ? recentPerHour : perHour });
    }
  }
  // Hours outside the compared clock hours are ignored.
  out.push({ host, country, hour: WINDOW.end - 12 * HOUR, requests: 10_000 });
  return out;
}

const HOSTS = ["a.example", "b.example", "c.example"];
const classify = (data: TrafficRow[], extra: { routingChanged?: Set<string> } = {}) =>
  Object.fromEntries(classifyTraffic(data, { hosts: HOSTS, countries: ["IR"], window: WINDOW, ...extra }).map((f) => [f.host, f]));

describe("classifyTraffic", () => {
  it("flags a host that lost its readers while the others kept theirs", () => {
    const found = classify([...rows("a.example", "IR", 20, 1), ...rows("b.example", "IR", 20, 19), ...rows("c.example", "IR", 10, 11)]);
    expect(found["a.example"]).toMatchObject({
      verdict: "blocked",
      figures: { recent: 6, baseline: 120, keptPercent: 5, othersRecent: 180, othersBaseline: 180, othersKeptPercent: 100, hours: 6, baselineDays: 7 },
    });
    expect(found["a.example"]?.reason).toBe(
      "traffic fell to 5% of its baseline (6 requests in the last 6 hours, baseline 120) while the other hosts kept 100%",
    );
    expect(found["b.example"]).toMatchObject({ verdict: "reachable", reason: "traffic held: 114 requests in the last 6 hours, 95% of its baseline 120" });
  });

  it("does not blame one host when every host fell", () => {
    const found = classify([...rows("a.example", "IR", 20, 1), ...rows("b.example", "IR", 20, 2), ...rows("c.example", "IR", 20, 2)]);
    expect(found["a.example"]).toMatchObject({ verdict: "unknown", reason: expect.stringContaining("an outage, not a block") });
  });

  it("is unknown on little traffic, a middling fall, no one to compare with, or routing we changed", () => {
    expect(classify([...rows("a.example", "IR", 4, 0), ...rows("b.example", "IR", 20, 20)])["a.example"]).toMatchObject({
      verdict: "unknown",
      reason: "too little traffic to judge: 24 requests on average in these hours (needs 30)",
    });
    expect(classify([...rows("a.example", "IR", 20, 6), ...rows("b.example", "IR", 20, 20)])["a.example"]?.reason).toContain(
      "fell to 30% of its baseline: less than a block",
    );
    expect(classify(rows("a.example", "IR", 20, 0))["a.example"]?.reason).toContain("no other host has enough traffic");
    expect(classify([...rows("a.example", "IR", 20, 0), ...rows("b.example", "IR", 20, 20)], { routingChanged: new Set(["IR"]) })["a.example"]).toMatchObject({
      verdict: "unknown",
      reason: expect.stringContaining("routing for this country changed"),
    });
  });

  it("follows the policy's drop threshold", () => {
    const data = [...rows("a.example", "IR", 20, 3), ...rows("b.example", "IR", 20, 20)];
    expect(classifyTraffic(data, { hosts: HOSTS, countries: ["IR"], window: WINDOW }).find((f) => f.host === "a.example")?.verdict).toBe("blocked");
    expect(
      classifyTraffic(data, { hosts: HOSTS, countries: ["IR"], window: WINDOW, thresholds: { dropPercent: 90 } }).find((f) => f.host === "a.example")?.verdict,
    ).toBe("unknown");
  });
});

describe("runTraffic", () => {
  it("makes no request and marks everything unknown when off", async () => {
    const pass = await runTraffic({ fetch: () => Promise.reject(new Error("must not be called")), hosts: HOSTS, countries: ["IR"], now: NOW });
    expect(pass.signal).toBe("off");
    expect(pass.requests).toBe(0);
    expect(pass.findings).toHaveLength(3);
    expect(pass.findings.every((f) => f.verdict === "unknown" && f.reason.startsWith("the traffic signal is off"))).toBe(true);
  });

  it("reads and classifies in one request", async () => {
    const data = [...rows("a.example", "IR", 20, 0), ...rows("b.example", "IR", 20, 20)].map((r) => ({
      ...r,
      hour: new Date(r.hour).toISOString().replace("T", " ").slice(0, 19),
      requests: String(r.requests),
    }));
    const pass = await runTraffic({
      fetch: async () => new Response(JSON.stringify({ data })),
      accountId: "a",
      token: "t",
      hosts: ["a.example", "b.example"],
      countries: ["IR"],
      now: NOW,
    });
    expect(pass).toMatchObject({ signal: "on", requests: 1 });
    expect(pass.findings.map((f) => f.verdict)).toEqual(["blocked", "reachable"]);
  });
});

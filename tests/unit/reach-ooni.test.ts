// The OONI signal: request planning, answer reading and classification, and whole passes replayed from
// recorded answers (tests/fixtures/ooni) through the fake OONI server.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyOoni, type OoniFigures, ooniDomains, parseOoniAnswer, planOoniRequests, runOoni } from "../../src/reach/ooni.ts";
import { type FakeOoni, startFakeOoni } from "../support/fake-ooni.ts";

const NOW = new Date("2026-11-25T09:30:00Z");
const hostsN = (n: number) => Array.from({ length: n }, (_, i) => `mirror-${i}.example`);
const COUNTRIES_10 = ["IR", "CN", "RU", "TM", "BY", "VN", "EG", "SA", "PK", "MM"];

describe("planOoniRequests", () => {
  it("builds the documented request: both spellings, comma lists, four days by day", () => {
    const [request] = planOoniRequests(["a.example"], ["IR"], { now: NOW, baseUrl: "https://api.ooni.io/" });
    expect(request?.url).toBe(
      "https://api.ooni.io/api/v1/aggregation?probe_cc=IR&domain=a.example,www.a.example&test_name=web_connectivity&since=2026-11-22&until=2026-11-26&time_grain=day&axis_x=measurement_start_day&axis_y=domain",
    );
  });

  it("asks once per country for 10 hosts × 10 countries", () => {
    const plan = planOoniRequests(hostsN(10), COUNTRIES_10, { now: NOW });
    expect(plan).toHaveLength(10);
    for (const request of plan) {
      expect(request.axis).toBe("domain");
      expect(new URL(request.url).searchParams.get("domain")?.split(",")).toHaveLength(20);
    }
    expect(plan.map((r) => r.countries[0])).toEqual(COUNTRIES_10);
  });

  it("asks once per host when there are fewer hosts than countries", () => {
    const plan = planOoniRequests(hostsN(2), COUNTRIES_10, { now: NOW });
    expect(plan.map((r) => [r.axis, r.hosts, new URL(r.url).searchParams.get("probe_cc")])).toEqual([
      ["probe_cc", ["mirror-0.example"], COUNTRIES_10.join(",")],
      ["probe_cc", ["mirror-1.example"], COUNTRIES_10.join(",")],
    ]);
  });

  it("splits long lists and picks the grouping with fewer requests", () => {
    expect(planOoniRequests(hostsN(25), ["IR", "CN", "RU"], { now: NOW })).toHaveLength(6);
    expect(planOoniRequests([], ["IR"], { now: NOW })).toEqual([]);
  });

  it("measures a host with and without www., without its port", () => {
    expect(ooniDomains("www.news.example")).toEqual(["news.example", "www.news.example"]);
    expect(ooniDomains("news.localhost:8787")).toEqual(["news.localhost", "www.news.localhost"]);
  });
});

const figures = (counts: Partial<OoniFigures>): OoniFigures => ({
  measurements: 0,
  ok: 0,
  anomaly: 0,
  confirmed: 0,
  failure: 0,
  since: "2026-11-22",
  until: "2026-11-26",
  days: 1,
  ...counts,
});

describe("classifyOoni", () => {
  it.each([
    [{}, "unknown", "no OONI measurements"],
    [{ measurements: 4, anomaly: 4 }, "unknown", "only 4 OONI measurements (fewer than 5)"],
    [{ measurements: 25, anomaly: 10, confirmed: 1, failure: 4, ok: 10 }, "blocked", "known block page 1 time in 25"],
    [{ measurements: 10, failure: 7, ok: 3 }, "unknown", "7 of 10 OONI measurements failed"],
    [{ measurements: 10, anomaly: 5, ok: 5 }, "blocked", "5 of 10 OONI measurements (50%) were anomalous"],
    [{ measurements: 10, anomaly: 2, ok: 8 }, "reachable", "8 of 10 OONI measurements (80%) were OK"],
    [{ measurements: 10, anomaly: 3, ok: 7 }, "unknown", "30% of 10 OONI measurements were anomalous"],
  ])("%j → %s", (counts, verdict, reason) => {
    const result = classifyOoni(figures(counts));
    expect(result.verdict).toBe(verdict);
    expect(result.reason).toContain(reason);
  });

  it("follows the policy's thresholds", () => {
    expect(classifyOoni(figures({ measurements: 8, anomaly: 8 }), { minMeasurements: 10 }).verdict).toBe("unknown");
    expect(classifyOoni(figures({ measurements: 10, anomaly: 5, ok: 5 }), { blockedPercent: 60 }).verdict).toBe("unknown");
  });
});

describe("parseOoniAnswer", () => {
  const row = {
    measurement_start_day: "2026-11-24",
    domain: "a.example",
    anomaly_count: 1,
    confirmed_count: 0,
    failure_count: 0,
    ok_count: 4,
    measurement_count: 5,
  };
  it("reads rows and refuses anything doubtful", () => {
    expect(parseOoniAnswer(200, JSON.stringify({ result: [row] }), "domain")).toEqual({
      ok: true,
      rows: [{ day: "2026-11-24", key: "a.example", measurements: 5, ok: 4, anomaly: 1, confirmed: 0, failure: 0 }],
    });
    const problem = (status: number, body: unknown) => {
      const answer = parseOoniAnswer(status, typeof body === "string" ? body : JSON.stringify(body), "domain");
      return answer.ok ? "ok" : answer.problem;
    };
    expect(problem(429, { error: "quota exceeded" })).toBe("OONI rate limit (HTTP 429: quota exceeded); try again next pass");
    expect(problem(400, { detail: [{ msg: "bad" }] })).toMatch(/^OONI refused the request \(HTTP 400: \[/);
    expect(problem(502, "Bad gateway")).toBe("OONI answered HTTP 502");
    expect(problem(200, "<html>")).toBe("OONI's answer is not JSON");
    expect(problem(200, { error: "Invalid axis name", v: 0 })).toBe("OONI reported an error: Invalid axis name");
    expect(problem(200, { result: { ...row } })).toBe("OONI's answer has no result list");
    expect(problem(200, { result: [{ ...row, ok_count: -1 }] })).toContain("not whole numbers");
    expect(problem(200, { result: [{ ...row, ok_count: 9 }] })).toContain("do not add up");
    expect(problem(200, { result: [{ ...row, domain: undefined }] })).toContain("without measurement_start_day or domain");
  });
});

describe("an OONI pass replayed from recorded answers", () => {
  let ooni: FakeOoni;
  beforeAll(async () => {
    ooni = await startFakeOoni({ fixtures: "tests/fixtures/ooni" });
  });
  afterAll(async () => {
    await ooni.close();
  });

  it("reads every recorded case in one country with one request", async () => {
    const before = ooni.requests.length;
    const pass = await runOoni({
      hosts: ["blocked-confirmed.example", "anomalies.example", "few.example", "empty.example", "open.example"],
      countries: ["IR"],
      baseUrl: ooni.url,
      now: NOW,
      fetch: (url, init) => fetch(url, init),
    });
    expect(pass.requests).toBe(1);
    expect(ooni.requests.length - before).toBe(1);
    expect(pass.problems).toEqual([]);
    const byHost = Object.fromEntries(pass.findings.map((f) => [f.host, f]));
    expect(byHost["blocked-confirmed.example"]).toMatchObject({
      country: "IR",
      verdict: "blocked",
      figures: { measurements: 38, confirmed: 3, anomaly: 17, failure: 5, ok: 13, days: 3, lastDay: "2026-11-25" },
    });
    // Both spellings add up: 18 measurements of anomalies.example and 2 of www.anomalies.example.
    expect(byHost["anomalies.example"]).toMatchObject({ verdict: "blocked", figures: { measurements: 20, anomaly: 16, ok: 3, failure: 1 } });
    expect(byHost["few.example"]).toMatchObject({ verdict: "unknown", reason: "only 4 OONI measurements (fewer than 5)" });
    expect(byHost["empty.example"]).toMatchObject({ verdict: "unknown", figures: { measurements: 0, days: 0 } });
    expect(byHost["empty.example"]?.reason).toContain("no OONI measurements from 2026-11-22 to 2026-11-26");
    // The day outside the window (D-9, 55 blocked measurements) is not counted.
    expect(byHost["open.example"]).toMatchObject({ verdict: "reachable", figures: { measurements: 45, ok: 41 } });
  });

  it.each([
    ["TM", "OONI rate limit (HTTP 429: quota exceeded); try again next pass"],
    ["BY", "OONI refused the request (HTTP 400: Choose time_grain between hour, day, auto for the given time range)"],
    ["KZ", "OONI reported an error: Axis X and Y cannot be the same"],
    ["CN", "OONI's answer is not JSON"],
    ["VN", "OONI's answer has a row (open.example, 2026-11-24) whose counts do not add up to measurement_count"],
  ])("a failed answer (%s) leaves its pairs unknown: %s", async (country, problem) => {
    const pass = await runOoni({
      hosts: ["open.example", "anomalies.example"],
      countries: [country],
      baseUrl: ooni.url,
      now: NOW,
      fetch: (u, i) => fetch(u, i),
    });
    expect(pass.findings.map((f) => [f.host, f.verdict, f.reason])).toEqual([
      ["open.example", "unknown", problem],
      ["anomalies.example", "unknown", problem],
    ]);
    expect(pass.problems).toHaveLength(1);
  });

  it("gives up on a slow answer at the timeout: unknown, not the blocked it would have said", async () => {
    const started = Date.now();
    const pass = await runOoni({ hosts: ["open.example"], countries: ["RU"], baseUrl: ooni.url, now: NOW, timeoutMs: 300, fetch: (u, i) => fetch(u, i) });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(pass.findings).toEqual([{ host: "open.example", country: "RU", signal: "ooni", verdict: "unknown", reason: "OONI did not answer within 0.3 s" }]);
  });

  it("says so when OONI cannot be reached at all", async () => {
    const pass = await runOoni({
      hosts: ["open.example"],
      countries: ["IR"],
      now: NOW,
      fetch: () => Promise.reject(new TypeError("fetch failed")),
    });
    expect(pass.findings[0]).toMatchObject({ verdict: "unknown", reason: "OONI could not be reached: fetch failed" });
  });

  it("splits a many-country answer by country for one host", async () => {
    const pass = await runOoni({ hosts: ["open.example"], countries: ["IR", "EG"], baseUrl: ooni.url, now: NOW, fetch: (u, i) => fetch(u, i) });
    expect(pass.requests).toBe(1);
    expect(pass.findings.map((f) => [f.country, f.verdict])).toEqual([
      ["IR", "reachable"],
      ["EG", "unknown"],
    ]);
  });
});

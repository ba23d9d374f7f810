// The cost arithmetic of `npm run cost` (bench/lib/cost-model.ts), on made-up measurements, checked
// against Cloudflare's own worked examples where there is one. Run: npm run test:bench

import { describe, expect, it } from "vitest";
import type { CostInputs, RouteCost } from "./lib/cost-inputs.ts";
import {
  type Assumptions,
  DEFAULT_ASSUMPTIONS,
  DEFAULT_MIX,
  MIX_ROUTES,
  checkMix,
  freeChecks,
  heaviestInvocation,
  monthlyUsage,
  overage,
  paidBill,
  publishCost,
  routeCost,
} from "./lib/cost-model.ts";
import { PAID } from "./lib/prices.ts";

const route = (cpuMs: number, kvOps: Record<string, number> = {}, logLines = 0): RouteCost => ({
  label: "route",
  cpuMs,
  workerdCpuMs: cpuMs,
  kvOps,
  kvOpsSteady: {},
  logLines,
  logBytes: 0,
  aePoints: 1,
  durableObject: { requests: 0, ms: 0, rowsRead: 0, rowsWritten: 0 },
});

function inputs(overrides: Partial<CostInputs> = {}): CostInputs {
  const cells = ["article-hit", "article-miss", "home", "section", "rss", "sitemap", "redirect", "not-found"];
  return {
    measuredAt: "2026-11-27T00:00:00Z",
    command: "test",
    machine: "test",
    helloCpuMs: 0.1,
    routes: Object.fromEntries(cells.map((c) => [c, route(1)])),
    publish: {
      cpuMs: 20,
      kvOps: { get: 10, put: 30, list: 20, delete: 1 },
      logLines: 1,
      durableObject: { requests: 2, ms: 30, rowsRead: 100, rowsWritten: 40 },
    },
    cron: {
      idle: { cpuMs: 1, kvOps: { list: 2 }, logLines: 0, durableObject: { requests: 1, ms: 2, rowsRead: 20, rowsWritten: 3 } },
      afterPublish: { kvOps: { list: 3, put: 2 }, logLines: 1, durableObject: { requests: 2, ms: 10, rowsRead: 50, rowsWritten: 10 } },
    },
    ...overrides,
  };
}

/** Only article hits, nothing but requests and CPU: the shape of Cloudflare's Workers pricing examples. */
function requestsOnly(views: number, cpuMs: number): { inputs: CostInputs; assumptions: Assumptions } {
  const base = inputs();
  return {
    inputs: { ...base, routes: { ...base.routes, "article-hit": route(cpuMs) } },
    assumptions: {
      ...DEFAULT_ASSUMPTIONS,
      views,
      publishes: 0,
      cronRunsPerDay: 0,
      mix: { ...Object.fromEntries(MIX_ROUTES.map((r) => [r, 0])), article: 1 } as Assumptions["mix"],
      hitRate: 1,
      analyticsPointsPerView: 0,
      invocationLogs: true,
      logEventKb: 0,
      kvStoredGb: 0,
      date: "2026-12-01",
    },
  };
}

describe("overage", () => {
  it("is nothing within the allowance and linear beyond it", () => {
    expect(overage(10_000_000, PAID.requests)).toBe(0);
    expect(overage(15_000_000, PAID.requests)).toBeCloseTo(1.5, 10);
  });
});

describe("Workers Paid bill", () => {
  it("matches Cloudflare's example 1: 15 M requests at 7 ms CPU cost $8.00", () => {
    const { inputs: i, assumptions: a } = requestsOnly(15_000_000, 7);
    expect(paidBill(monthlyUsage(i, a), a.date).total).toBeCloseTo(8, 10);
  });

  it("matches Cloudflare's example 4: 100 M requests at 7 ms CPU cost $45.40", () => {
    const { inputs: i, assumptions: a } = requestsOnly(100_000_000, 7);
    expect(paidBill(monthlyUsage(i, a), a.date).total).toBeCloseTo(45.4, 10);
  });

  it("prices Workers Logs per event before 2026-12-01 and per GB from then", () => {
    const { inputs: i, assumptions: a } = requestsOnly(30_000_000, 0);
    const usage = monthlyUsage(i, { ...a, logEventKb: 5 });
    // 30 M invocation logs: 10 M beyond the 20 M included, at $0.60 a million.
    expect(paidBill(usage, "2026-11-30").lines.find((l) => l.item === "Workers Logs events")?.cost).toBeCloseTo(6, 10);
    // 30 M × 5 KB = 150 GB: 100 GB beyond 50 GB at $0.25; storage 150 / 30 × 7 = 35 GB-month, 23 beyond 12 at $0.10.
    const perGb = paidBill(usage, "2026-12-01").lines;
    expect(perGb.find((l) => l.item === "Workers Logs ingestion")?.cost).toBeCloseTo(25, 10);
    expect(perGb.find((l) => l.item === "Workers Logs storage")?.cost).toBeCloseTo(2.3, 10);
  });
});

describe("monthly usage", () => {
  it("counts readers' requests, publishes and cron runs, each with its invocation log", () => {
    const a = { ...DEFAULT_ASSUMPTIONS, views: 1_000_000, publishes: 100, cronRunsPerDay: 1440, invocationLogs: true };
    const u = monthlyUsage(inputs(), a);
    expect(u.requests).toBe(1_000_000 + 100 + 1440 * 30);
    // Every route writes no console line here, a publish one, its cron pass one more.
    expect(u.logEvents).toBe(1_000_000 + 100 * 3 + 1440 * 30);
  });

  it("splits article requests into hits and misses by the hit rate", () => {
    const base = inputs();
    const i = { ...base, routes: { ...base.routes, "article-hit": route(1, { get: 1 }), "article-miss": route(5, { get: 3 }) } };
    const cost = routeCost(i, "article", 0.75);
    expect(cost.cpuMs).toBeCloseTo(0.75 * 1 + 0.25 * 5, 10);
    expect(cost.kvReads).toBeCloseTo(0.75 * 1 + 0.25 * 3, 10);
  });

  it("charges a publish its API request plus what its cron pass does beyond a quiet one", () => {
    const cost = publishCost(inputs(), { ...DEFAULT_ASSUMPTIONS, invocationLogs: true });
    expect(cost).toEqual({
      cpuMs: 20,
      kvReads: 10,
      kvWrites: 32,
      kvDeletes: 1,
      kvLists: 21,
      logEvents: 3,
      aePoints: 0,
      doRequests: 2 + 1,
      doMs: 30 + 8,
      doRowsRead: 100 + 30,
      doRowsWritten: 40 + 7,
    });
  });

  it("counts no invocation log where they are off (wrangler.toml), only console lines", () => {
    const a = { ...DEFAULT_ASSUMPTIONS, views: 1_000_000, publishes: 100, cronRunsPerDay: 1440, invocationLogs: false };
    // No route writes a console line here; a publish writes one and its cron pass one more.
    expect(monthlyUsage(inputs(), a).logEvents).toBe(100 * 2);
  });

  it("prices request lines at another sample rate, keeping every other line", () => {
    const base = inputs();
    const sampled = { ...route(1), logLines: 0.01 + 1, requestLogLines: 1 };
    const i = { ...base, logSampleRate: 0.01, routes: { ...base.routes, home: sampled } };
    const a = { ...DEFAULT_ASSUMPTIONS, invocationLogs: false };
    expect(routeCost(i, "home", 1, a).logEvents).toBeCloseTo(1.01, 10);
    expect(routeCost(i, "home", 1, { ...a, logSampleRate: 1 }).logEvents).toBeCloseTo(2, 10);
    expect(routeCost(i, "home", 1, { ...a, logSampleRate: 0 }).logEvents).toBeCloseTo(1, 10);
  });

  it("adds the cron trigger's KV lists every minute", () => {
    const a = { ...DEFAULT_ASSUMPTIONS, views: 0, publishes: 0, cronRunsPerDay: 1440 };
    expect(monthlyUsage(inputs(), a).kvLists).toBe(1440 * 30 * 2);
  });
});

describe("Durable Objects", () => {
  const quiet = { ...DEFAULT_ASSUMPTIONS, views: 0, publishes: 0, cronRunsPerDay: 1440 };

  it("counts the writer's tick on every cron run and a publish's requests, duration and rows", () => {
    const u = monthlyUsage(inputs(), { ...quiet, publishes: 100 });
    expect(u.doRequests).toBe(1440 * 30 * 1 + 100 * 3);
    expect(u.doRowsRead).toBe(1440 * 30 * 20 + 100 * 130);
    expect(u.doRowsWritten).toBe(1440 * 30 * 3 + 100 * 47);
    // Wall time at 128 MB: (43,200 × 2 ms + 100 × 38 ms) / 1000 × 0.128 GB.
    expect(u.doGbSeconds).toBeCloseTo(((1440 * 30 * 2 + 100 * 38) / 1000) * 0.128, 10);
  });

  it("prices requests beyond the million included at $0.15 a million", () => {
    const u = { ...monthlyUsage(inputs(), quiet), doRequests: 3_000_000 };
    expect(paidBill(u, "2026-12-01").lines.find((l) => l.item === "Durable Objects requests")?.cost).toBeCloseTo(0.3, 10);
  });

  it("takes per-publish figures given in place of the measured ones", () => {
    const a = { ...quiet, cronRunsPerDay: 0, publishes: 10, durableObjects: { storedGb: 0, requestsPerPublish: 5, rowsWrittenPerPublish: 100 } };
    const u = monthlyUsage(inputs(), a);
    // The per-publish figures replace the API request's; what its cron pass adds stays measured.
    expect(u.doRequests).toBe(10 * (5 + 1));
    expect(u.doRowsWritten).toBe(10 * (100 + 7));
    expect(u.doRowsRead).toBe(10 * 130);
  });

  it("reads inputs measured before the writer existed as using none of it", () => {
    const base = inputs();
    const old = JSON.parse(JSON.stringify(base)) as CostInputs;
    delete old.publish.durableObject;
    delete old.cron.idle.durableObject;
    delete old.cron.afterPublish.durableObject;
    expect(monthlyUsage(old, { ...quiet, publishes: 10 }).doRequests).toBe(0);
  });
});

describe("Workers Free", () => {
  const quiet = { ...DEFAULT_ASSUMPTIONS, publishes: 0, cronRunsPerDay: 0, analyticsPointsPerView: 0 };

  it("fits 100,000 requests a day and not one more", () => {
    const fits = (views: number) =>
      freeChecks(inputs(), monthlyUsage(inputs(), { ...quiet, views }), { ...quiet, views }).find((c) => c.limit.startsWith("Worker requests"))?.fits;
    expect(fits(3_000_000)).toBe(true);
    expect(fits(3_000_030)).toBe(false);
  });

  it("names the heaviest invocation against the 10 ms CPU limit", () => {
    expect(heaviestInvocation(inputs(), { ...DEFAULT_ASSUMPTIONS })).toEqual({ what: "publish (API)", cpuMs: 20 });
    expect(heaviestInvocation(inputs(), quiet).cpuMs).toBe(1);
  });
});

describe("traffic mix", () => {
  it("must add up to 1", () => {
    expect(checkMix(DEFAULT_MIX)).toBeUndefined();
    expect(checkMix({ ...DEFAULT_MIX, article: 0.5 })).toMatch(/add up to 0.950/);
  });
});

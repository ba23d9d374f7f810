// Cloudflare's prices and Workers Free limits, in one place. Read on 2026-11-27 from Cloudflare's
// developer documentation (stored copies of github.com/cloudflare/cloudflare-docs and of
// developers.cloudflare.com); each figure names its page. Check the pages again before relying on them.

export const PRICES_READ_ON = "2026-11-27";

export const SOURCES = {
  workers: "https://developers.cloudflare.com/workers/platform/pricing/ (cloudflare-docs src/content/docs/workers/platform/pricing.mdx)",
  workersLimits: "https://developers.cloudflare.com/workers/platform/limits/ (Account plan limits)",
  kv: "https://developers.cloudflare.com/kv/platform/pricing/ (cloudflare-docs src/content/partials/workers/kv_pricing.mdx)",
  workersLogs:
    "https://developers.cloudflare.com/workers/observability/logs/workers-logs/ (cloudflare-docs src/content/partials/workers/workers_logs_pricing.mdx; page last updated 2026-10-02)",
  observability:
    "https://developers.cloudflare.com/observability/pricing/ and /observability/logs/datasets/ (cloudflare-docs src/content/docs/observability/pricing/index.mdx, logs/datasets.mdx)",
  analyticsEngine: "https://developers.cloudflare.com/analytics/analytics-engine/pricing/",
  durableObjects:
    "https://developers.cloudflare.com/durable-objects/platform/pricing/ (cloudflare-docs src/content/partials/durable-objects/durable-objects-pricing.mdx)",
};

/** An allowance included in Workers Paid each month, and the price per unit beyond it. */
export interface Metered {
  included: number;
  /** US dollars per `per` units beyond the allowance. */
  price: number;
  per: number;
}

const M = 1_000_000;

export const PAID = {
  baseMonthly: 5,
  requests: { included: 10 * M, price: 0.3, per: M },
  cpuMs: { included: 30 * M, price: 0.02, per: M },
  kvReads: { included: 10 * M, price: 0.5, per: M },
  kvWrites: { included: 1 * M, price: 5, per: M },
  kvDeletes: { included: 1 * M, price: 5, per: M },
  kvLists: { included: 1 * M, price: 5, per: M },
  kvStoredGb: { included: 1, price: 0.5, per: 1 },
  /** Workers Logs until 2026-11-30: per log event. */
  logEvents: { included: 20 * M, price: 0.6, per: M },
  /** Cloudflare Observability from 2026-12-01 (Workers Logs included): ingestion and storage. */
  logIngestGb: { included: 50, price: 0.25, per: 1 },
  logStorageGbMonth: { included: 12, price: 0.1, per: 1 },
  analyticsEnginePoints: { included: 10 * M, price: 0.25, per: M },
  doRequests: { included: 1 * M, price: 0.15, per: M },
  doGbSeconds: { included: 400_000, price: 12.5, per: M },
  doRowsRead: { included: 25_000 * M, price: 0.001, per: M },
  doRowsWritten: { included: 50 * M, price: 1, per: M },
  doStoredGbMonth: { included: 5, price: 0.2, per: 1 },
} satisfies Record<string, Metered | number>;

/** Workers Free: per-day limits (reset 00:00 UTC), except where noted. */
export const FREE = {
  requestsPerDay: 100_000,
  cpuMsPerInvocation: 10,
  kvReadsPerDay: 100_000,
  kvWritesPerDay: 1_000,
  kvDeletesPerDay: 1_000,
  kvListsPerDay: 1_000,
  kvStoredGb: 1,
  logEventsPerDay: 200_000,
  logIngestGbPerDay: 0.5,
  analyticsEnginePointsPerDay: 100_000,
  doRequestsPerDay: 100_000,
  doGbSecondsPerDay: 13_000,
  doRowsReadPerDay: 5 * M,
  doRowsWrittenPerDay: 100_000,
  doStoredGb: 5,
};

/** Workers Logs moves from per-event pricing to Cloudflare Observability's per-GB pricing on this day. */
export const OBSERVABILITY_PRICING_FROM = "2026-12-01";

/** Average size of a Workers log event (Cloudflare Observability datasets page). */
export const WORKERS_LOG_EVENT_KB = 4.84;

/** Logs and traces stay queryable (and billed as storage) for seven days. */
export const LOG_RETENTION_DAYS = 7;

/** Durable Objects are billed for 128 MB of memory while active. */
export const DO_MEMORY_GB = 0.128;

// Secrets the Worker reads when they are set (wrangler.toml [secrets] lists the required ones).
// Set with `npx wrangler secret put NAME`; locally in .dev.vars.

interface Env {
  /** The Analytics Engine SQL API: the reach pass's traffic signal is off without them. */
  ANALYTICS_ACCOUNT_ID?: string;
  ANALYTICS_API_TOKEN?: string;
  /** An incoming-webhook URL that gets one message per reach finding or change. */
  REACH_WEBHOOK_URL?: string;
}

// Reads the domain policies from wrangler.toml through wrangler's own parser, so the scripts see
// exactly what a deploy (top level) and `npm start` ([env.dev]) see.

import { join } from "node:path";
import { unstable_readConfig } from "wrangler";

export const ENVIRONMENTS = ["production", "dev"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface PolicySource {
  environment: Environment;
  /** Where the policy was read from, for messages. */
  label: string;
  policy: unknown;
  /** Host names routed to the Worker (custom domains and route patterns), production only. */
  routedHosts?: string[];
  /** The ROUTED_HOSTS var: what the Worker itself accepts in a live policy (src/policy/routing.ts). */
  routedVar: unknown;
}

const CONFIG = join(import.meta.dirname, "../../wrangler.toml");

export function readPolicy(environment: Environment): PolicySource {
  const config = unstable_readConfig({ config: CONFIG, ...(environment === "dev" ? { env: "dev" } : {}) }, { hideWarnings: true });
  const vars = (config.vars ?? {}) as Record<string, unknown>;
  const patterns: string[] = (config.routes ?? []).map((r: string | { pattern: string }) => (typeof r === "string" ? r : r.pattern));
  const routes = patterns.map((p) => p.replace(/\/.*$/, "").replace(/^\*\.?/, ""));
  return {
    environment,
    label: environment === "dev" ? "wrangler.toml [env.dev.vars.DOMAIN_POLICY]" : "wrangler.toml [vars.DOMAIN_POLICY]",
    policy: vars.DOMAIN_POLICY,
    routedVar: vars.ROUTED_HOSTS,
    ...(environment === "production" ? { routedHosts: routes } : {}),
  };
}

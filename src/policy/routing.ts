// Checks a policy against how the site is reachable: every host must be routed to this Worker (a typo
// host that anyone could register would otherwise receive the redirected readers), and an HTTPS site
// never sends readers to plain HTTP.

import type { Problem } from "../content/problems.ts";
import type { DomainPolicy } from "./types.ts";

/** Whether a host matches a routed pattern: exact, or "*.example.org" for any subdomain. */
export function isRouted(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern));
}

/**
 * The routed host patterns from the ROUTED_HOSTS var (a list in wrangler.toml kept equal to `routes`
 * by `npm run check-config`); undefined when the var is missing or malformed, which refuses every host.
 */
export function routedHostsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

export function routingProblems(policy: DomainPolicy, routed: readonly string[] | undefined): Problem[] {
  const problems: Problem[] = [];
  const https = policy.hosts.find((h) => h.host === policy.primary)?.scheme === "https";
  policy.hosts.forEach((entry, i) => {
    if (!routed || !isRouted(entry.host, routed)) {
      problems.push({
        field: `hosts[${i}].host`,
        code: "not_routed",
        message: `"${entry.host}" is not routed to this Worker (${routed ? `routed: ${routed.join(", ")}` : "ROUTED_HOSTS is not set"}); add it to routes and ROUTED_HOSTS in wrangler.toml and deploy first`,
      });
    }
    if (https && entry.scheme === "http") {
      problems.push({ field: `hosts[${i}].scheme`, code: "plain_http", message: `the site is served over HTTPS, so "${entry.host}" must be "https" too` });
    }
  });
  return problems;
}

// npm run check-config: validates the domain policies before a deploy, naming every problem.

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isRouted, routedHostsOf, routingProblems } from "../src/policy/routing.ts";
import { checkPolicy } from "../src/policy/validate.ts";
import { ENVIRONMENTS, type Environment, type PolicySource, readPolicy } from "./lib/wrangler-config.ts";

const HELP = `Usage: npm run check-config [-- options]

Checks the domain policy the same way the Worker and PUT /api/policy do, and names every problem:
unknown or duplicate hosts, rules naming hosts that are not configured, invalid country or continent
codes, rules (or parts of rules) shadowed by earlier ones.
Warns when the canonical host would redirect visitors from the United States (search engine crawlers).
For production it also checks that every host is routed to the Worker in wrangler.toml, and that the
ROUTED_HOSTS var (what the Worker accepts in a policy saved through the API) names exactly those hosts;
for both, that every host is in ROUTED_HOSTS and that an HTTPS site names no plain-HTTP host. The
reach settings ("reach", standby hosts) are checked like the rest.

Options:
  --env <production|dev|all>  which wrangler.toml policy to check (default: all)
  --file <policy.json>        check a policy document instead (e.g. one you are about to PUT)
  -h, --help                  show this help

Exit status: 0 when there are no errors (warnings allowed), 1 otherwise.`;

const { values } = parseArgs({ options: { env: { type: "string" }, file: { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

let sources: PolicySource[];
if (values.file) {
  let policy: unknown;
  try {
    policy = JSON.parse(await readFile(values.file, "utf8"));
  } catch (error) {
    console.error(`${values.file}: cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  // Accept the document GET /api/policy returns as well as a bare policy.
  const bare = typeof policy === "object" && policy !== null && "policy" in policy ? (policy as { policy: unknown }).policy : policy;
  sources = [{ ...readPolicy("production"), label: values.file, policy: bare }];
} else {
  const wanted = values.env ?? "all";
  if (wanted !== "all" && !ENVIRONMENTS.includes(wanted as Environment)) {
    console.error(`--env must be production, dev or all, not "${wanted}"`);
    process.exit(1);
  }
  sources = (wanted === "all" ? ENVIRONMENTS : [wanted as Environment]).map(readPolicy);
}

let failed = false;
for (const source of sources) {
  const check = checkPolicy(source.policy);
  const errors = [...check.errors];
  const warnings = [...check.warnings];
  if (check.policy && source.routedHosts) {
    for (const entry of check.policy.hosts) {
      const name = entry.host.replace(/:\d+$/, "");
      if (!source.routedHosts.includes(name))
        errors.push({
          field: "hosts",
          code: "host_not_routed",
          message: `${entry.host} is not routed to the Worker: add { pattern = "${name}", custom_domain = true } to routes in wrangler.toml`,
        });
    }
    for (const routed of source.routedHosts) {
      if (!check.policy.hosts.some((h) => h.host.replace(/:\d+$/, "") === routed))
        warnings.push({
          field: "routes",
          code: "route_not_in_policy",
          message: `${routed} is routed to the Worker but is not in the policy, so its visitors are sent to the primary host`,
        });
    }
  }
  const routedVar = routedHostsOf(source.routedVar);
  if (!routedVar)
    errors.push({
      field: "ROUTED_HOSTS",
      code: "required",
      message: "the ROUTED_HOSTS var is missing or not a list of host names: the Worker then refuses every live policy",
    });
  else if (source.routedHosts) {
    const missing = source.routedHosts.filter((h) => !isRouted(h, routedVar));
    const extra = routedVar.filter((h) => !source.routedHosts?.includes(h));
    if (missing.length > 0 || extra.length > 0) {
      errors.push({
        field: "ROUTED_HOSTS",
        code: "routes_mismatch",
        message: `must name exactly the hosts in routes (missing: ${missing.join(", ") || "none"}; not routed: ${extra.join(", ") || "none"})`,
      });
    }
  }
  // What PUT /api/policy checks on top: every host routed, and no plain HTTP on an HTTPS site.
  if (check.policy && routedVar) errors.push(...routingProblems(check.policy, routedVar));
  const summary = check.policy ? `${check.policy.hosts.length} hosts, ${check.policy.rules.length} rules` : "unusable";
  console.log(
    `${source.environment} (${source.label}): ${errors.length === 0 ? "OK" : `${errors.length} error(s)`}, ${warnings.length} warning(s); ${summary}`,
  );
  for (const e of errors) console.log(`  error    ${e.field}: ${e.message}`);
  for (const w of warnings) console.log(`  warning  ${w.field}: ${w.message}`);
  if (errors.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);

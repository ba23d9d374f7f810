// npm run reach: the reach status of every host in every country (GET /api/reach) as a table, or what a
// pass would cost for a policy (--budget).

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkPolicy } from "../src/policy/validate.ts";
import { passBudget } from "../src/reach/budget.ts";
import { countriesToCheck, hostsToCheck, reachTable } from "../src/reach/report.ts";
import type { PairStatus } from "../src/reach/status.ts";
import { ApiClient, DEFAULT_SITE, apiBase, findToken } from "./lib/api-client.ts";
import { type Environment, readPolicy } from "./lib/wrangler-config.ts";

const HELP = `Usage: npm run reach [-- options]

Prints, for every public host in every country the policy names, the reach status (blocked,
reachable, unknown), since when, when it was last checked, and the figures behind it: OONI
measurements and the readers' traffic against its baseline (see docs/reach.md).

Options:
  --remote <url>   the site to ask (default ${DEFAULT_SITE})
  --token <token>  the admin API token; default: $EDGE_NEWS_TOKEN, else ADMIN_TOKEN from .dev.vars
                   when the site is local
  --file <json>    print a saved GET /api/reach answer instead of asking a site
  --budget         print the subrequests a pass makes for the policy, and the plan it needs
  --env <production|dev>  the wrangler.toml policy for --budget (default: production)
  -h, --help       show this help`;

const { values } = parseArgs({
  options: {
    remote: { type: "string" },
    token: { type: "string" },
    file: { type: "string" },
    budget: { type: "boolean" },
    env: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

if (values.budget) {
  const check = checkPolicy(readPolicy((values.env ?? "production") as Environment).policy);
  if (!check.policy) {
    console.error("The policy is invalid (run npm run check-config).");
    process.exit(1);
  }
  const hosts = hostsToCheck(check.policy);
  const countries = countriesToCheck(check.policy);
  console.log(passBudget(hosts.length, countries.length, { traffic: true, webhook: true }).summary);
  console.log(`hosts: ${hosts.join(" ")}\ncountries: ${countries.join(" ")}`);
  process.exit(0);
}

/** The pairs in an answer: { pairs }, { state: { pairs } } or { reach: { pairs } }. */
function pairsOf(answer: unknown): PairStatus[] | undefined {
  const candidates = [answer, (answer as { state?: unknown })?.state, (answer as { reach?: unknown })?.reach];
  for (const c of candidates) {
    const pairs = (c as { pairs?: unknown } | undefined)?.pairs;
    if (Array.isArray(pairs)) return pairs as PairStatus[];
  }
  return undefined;
}

let answer: unknown;
if (values.file) {
  answer = JSON.parse(await readFile(values.file, "utf8"));
} else {
  const base = apiBase(values.remote);
  const token = await findToken(base, values.token);
  if (!token) {
    console.error("No API token: pass --token or set EDGE_NEWS_TOKEN (for a local site, npm start writes ADMIN_TOKEN to .dev.vars).");
    process.exit(1);
  }
  try {
    const reply = await new ApiClient(base, token).request("GET", "/api/reach");
    if (reply.status !== 200) throw new Error(`GET /api/reach answered HTTP ${reply.status}: ${String(reply.body.error ?? "")}`);
    answer = reply.body;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

const pairs = pairsOf(answer);
if (!pairs) {
  console.error("The answer has no reach pairs (expected { pairs: [...] }).");
  process.exit(1);
}
console.log(reachTable(pairs));

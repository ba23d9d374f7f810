// npm run policy -- --host H --country CC [--path P]: prints the region decision and the rule behind it.

import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { continentOf, countriesOf } from "../src/policy/countries.ts";
import { decide, normaliseHost } from "../src/policy/decide.ts";
import { routeRequest } from "../src/policy/route.ts";
import type { DomainPolicy } from "../src/policy/types.ts";
import { checkPolicy } from "../src/policy/validate.ts";
import { type Environment, readPolicy } from "./lib/wrangler-config.ts";

const HELP = `Usage: npm run policy -- --host <host> --country <CC> [options]
       npm run policy -- --matrix [--env dev]

Prints what the Worker does with one request: serve it, or redirect it (and where), and the rule that
decided, HTTPS upgrade included. Uses the same function as the Worker's region stage.

Options:
  --host <host>         the Host asked for, e.g. www.meridian-courier.example or news.localhost:8787
  --country <CC>        ISO 3166-1 alpha-2 country (request.cf.country), XX for unknown, T1 for Tor
  --continent <CC>      continent (default: the country's), one of AF AN AS EU NA OC SA
  --path <path>         path and query (default: /)
  --method <METHOD>     HTTP method (default: GET)
  --stay                the visitor has chosen this host (override cookie or ?stay=1)
  --http                the request arrives over plain HTTP (an HTTPS host then upgrades it)
  --matrix              print every host against the countries the rules name, plus US, XX and T1
  --env <production|dev>  which wrangler.toml policy (default: production)
  --file <policy.json>  use a policy document instead
  -h, --help            show this help`;

const { values } = parseArgs({
  options: {
    host: { type: "string" },
    country: { type: "string" },
    continent: { type: "string" },
    path: { type: "string" },
    method: { type: "string" },
    stay: { type: "boolean" },
    http: { type: "boolean" },
    matrix: { type: "boolean" },
    env: { type: "string" },
    file: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help || (!values.matrix && (!values.host || !values.country))) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}

const raw = values.file ? JSON.parse(await readFile(values.file, "utf8")) : readPolicy((values.env ?? "production") as Environment).policy;
const check = checkPolicy(typeof raw === "object" && raw !== null && "policy" in raw ? raw.policy : raw);
if (!check.policy) {
  console.error("The policy is invalid, so the Worker would refuse to serve with it (run npm run check-config):");
  for (const e of check.errors) console.error(`  ${e.field}: ${e.message}`);
  process.exit(1);
}
const policy: DomainPolicy = check.policy;

/** What the Worker answers, from the same function its region stage calls (src/policy/route.ts). */
function describe(host: string, country: string, path: string): string {
  const entry = policy.hosts.find((h) => h.host === normaliseHost(host));
  // The request as it reaches the Worker: over the scheme the host is configured for (plain HTTP with --http).
  const scheme = values.http ? "http" : (entry?.scheme ?? "https");
  const url = new URL(`${scheme}://${host}${path.startsWith("/") ? path : `/${path}`}`);
  const upper = country.toUpperCase();
  const continent = values.continent?.toUpperCase() ?? continentOf(upper);
  const route = routeRequest(policy, url, {
    country: upper,
    ...(continent ? { continent } : {}),
    method: (values.method ?? "GET").toUpperCase(),
    override: values.stay === true,
  });
  const why = route.decision.reason;
  if (route.action === "serve") return `serve on ${host} (${why})`;
  if (route.action === "refuse-insecure-api") return `403: the API is refused over plain HTTP; send it to ${route.location}`;
  return `${route.status} → ${route.location} (${route.status === 302 ? why : "this host is served over HTTPS"})`;
}

if (values.matrix) {
  const named = policy.rules.flatMap((r) => r.countries ?? []);
  // One country for each continent a rule names, so continent rules show up too.
  const byContinent = policy.rules.flatMap((r) => r.continents ?? []).map((c) => countriesOf(c).find((country) => !named.includes(country)) ?? c);
  const countries = [...new Set([...named, ...byContinent, "US", "XX", "T1"])];
  const width = Math.max(...policy.hosts.map((h) => h.host.length));
  console.log(`${"host".padEnd(width)}  ${countries.map((c) => c.padEnd(4)).join("")}  (s = served there, → n = redirected to host n)`);
  for (const [i, h] of policy.hosts.entries()) console.log(`${String(i + 1)}. ${h.host}`);
  for (const h of policy.hosts) {
    const cells = countries.map((c) => {
      const d = decide(policy, {
        host: h.host,
        country: c,
        ...(continentOf(c) ? { continent: continentOf(c) } : {}),
        method: "GET",
        exempt: false,
        override: false,
      });
      return (d.action === "serve" ? "s" : `→${policy.hosts.findIndex((x) => x.host === d.to.host) + 1}`).padEnd(4);
    });
    console.log(`${h.host.padEnd(width)}  ${cells.join("")}`);
  }
} else {
  console.log(describe(values.host ?? "", values.country ?? "", values.path ?? "/"));
}

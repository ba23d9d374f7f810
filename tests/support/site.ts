// The seed site config for unit tests (read from kv-seed/ in Node).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type SiteConfig, validateSite } from "../../src/content/site.ts";

export function seedSite(): SiteConfig {
  const checked = validateSite(JSON.parse(readFileSync(join(import.meta.dirname, "../../kv-seed/site.json"), "utf8")));
  if (!checked.ok) throw new Error(`kv-seed/site.json is invalid: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}

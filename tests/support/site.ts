// The seed site config for unit tests, and a variant whose section, tag and author names are hostile.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type SiteConfig, validateSite } from "../../src/content/site.ts";
import { HOSTILE } from "./hostile.ts";

export function seedSite(): SiteConfig {
  const checked = validateSite(JSON.parse(readFileSync(join(import.meta.dirname, "../../kv-seed/site.json"), "utf8")));
  if (!checked.ok) throw new Error(`kv-seed/site.json is invalid: ${JSON.stringify(checked.problems)}`);
  return checked.value;
}

/** The seed site with one hostile section name ("news"), tag label ("water") and author name ("amira-haddad"). */
export function hostileSite(site: SiteConfig): SiteConfig {
  return {
    ...site,
    sections: site.sections.map((s) => (s.slug === "news" ? { ...s, name: HOSTILE.sectionName } : s)),
    tags: { ...site.tags, water: HOSTILE.tagLabel },
    authors: site.authors.map((a) => (a.slug === "amira-haddad" ? { ...a, name: HOSTILE.authorName } : a)),
  };
}

// A policy shaped like the dev one, for unit tests of the region decision.

import type { DomainPolicy } from "../../src/policy/types.ts";

export const POLICY: DomainPolicy = {
  primary: "news.example",
  canonical: "news.example",
  onion: `http://${"a".repeat(56)}.onion`,
  hosts: [
    { host: "news.example", scheme: "https", label: "Main", public: true },
    { host: "mirror-one.example", scheme: "https", label: "Mirror 1", public: true },
    { host: "mirror-two.example", scheme: "https", label: "Mirror 2", public: true },
    { host: "uk.example", scheme: "https", label: "UK", public: true },
    { host: "dev.example:8787", scheme: "http", public: false },
  ],
  rules: [
    { name: "Blocked", countries: ["CN", "IR", "RU"], hosts: ["mirror-one.example", "mirror-two.example"] },
    { name: "UK", countries: ["GB"], hosts: ["uk.example"] },
    { name: "Asia-Pacific", continents: ["AS", "OC"], hosts: ["mirror-two.example", "mirror-one.example"] },
  ],
  default: { serve: "requested" },
};

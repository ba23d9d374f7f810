// The public list of addresses: page footers, the /mirrors page and /.well-known/mirrors.json.

import { originOf } from "./decide.ts";
import type { DomainPolicy } from "./types.ts";

export const OVERRIDE_PARAM = "stay";

export interface MirrorLink {
  label: string;
  host: string;
  proto: "https" | "http" | "tor";
  /** The address itself. */
  url: string;
  /** The address with the override parameter: opening it keeps the visitor on that host. */
  stayUrl: string;
  added?: string;
}

/** Every public host, the primary first, then the onion address when there is one. */
export function publicMirrors(policy: DomainPolicy): MirrorLink[] {
  const hosts = [...policy.hosts].filter((h) => h.public).sort((a, b) => Number(b.host === policy.primary) - Number(a.host === policy.primary));
  const links: MirrorLink[] = hosts.map((h) => ({
    label: h.label ?? h.host,
    host: h.host,
    proto: h.scheme,
    url: `${originOf(h)}/`,
    stayUrl: `${originOf(h)}/?${OVERRIDE_PARAM}=1`,
    ...(h.added ? { added: h.added } : {}),
  }));
  if (policy.onion) {
    const host = policy.onion.replace(/^https?:\/\//, "");
    links.push({ label: "Tor onion service", host, proto: "tor", url: `${policy.onion}/`, stayUrl: `${policy.onion}/` });
  }
  return links;
}

/**
 * The bypass-mirrors v2 document that censorship-circumvention tools read.
 * `updatedAt` is when the policy last changed (the live policy's save time, or the deploy).
 */
export function mirrorsDocument(policy: DomainPolicy, updatedAt: string): unknown {
  const alternatives = publicMirrors(policy)
    .filter((m) => m.host !== policy.primary)
    .map((m) => ({ proto: m.proto, type: "mirror", url: m.url, created_at: m.added ?? updatedAt, updated_at: updatedAt }));
  return { version: "2.0", sites: [{ main_domain: policy.primary.replace(/:\d+$/, ""), available_alternatives: alternatives }] };
}

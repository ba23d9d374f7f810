// The site as the bench runs it under Miniflare: the ONE list of its bindings. Every copy of the site
// the bench hosts (cached, PAGE_CACHE=off, counting, archive sizes) is built here, from the bindings
// wrangler.toml's [env.dev] declares (read by servers.ts devEnv), so a binding added there reaches
// every copy; one of a kind this file does not map stops the bench rather than being left out.

import type { Json, V4SourceOptions, V4WorkerOptions } from "miniflare";

/**
 * Its own HTTP socket straight into a Worker, on a free port: Miniflare's entry worker (routing, cf
 * blob, logging) costs about four hello worlds per request and is not in production's path.
 */
export const DIRECT_SOCKET = { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] };

/** The bindings of wrangler.toml's dev environment, as wrangler reads them. */
export interface SiteBindings {
  kvNamespaces: string[];
  durableObjects: { name: string; className: string; sqlite: boolean }[];
  analyticsEngineDatasets: { binding: string; dataset: string }[];
  ratelimits: { name: string; namespace_id: string; simple: { limit: number; period: 10 | 60 } }[];
}

export interface SiteEnv {
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** The dev environment's vars and the secrets the bench sets (servers.ts devEnv says which values). */
  vars: Record<string, Json>;
  bindings: SiteBindings;
}

export interface SiteCopy {
  name: string;
  /** The built Worker, or a wrapper around it (the counting copies). */
  code: V4SourceOptions;
  pageCache: "on" | "off";
  /** The KV namespace the copy reads: copies of one archive share it. */
  contentNamespace: string;
  /**
   * The Worker whose Durable Objects this copy's bindings reach (default: its own). Copies that share a
   * KV namespace must share its one writer too: two Newsroom objects projecting into one namespace would
   * overwrite each other's pointer.
   */
  writer?: string;
  /** Vars this copy sets differently (the counting copies log every request to count its log line). */
  vars?: Record<string, Json>;
}

export function siteWorker(env: SiteEnv, copy: SiteCopy): V4WorkerOptions {
  const b = env.bindings;
  const [content, ...otherKv] = b.kvNamespaces;
  if (content !== "CONTENT" || otherKv.length > 0)
    throw new Error(`siteWorker maps one KV namespace, CONTENT; wrangler.toml [env.dev] has ${b.kvNamespaces.join(", ")}`);
  return {
    name: copy.name,
    compatibilityDate: env.compatibilityDate,
    compatibilityFlags: env.compatibilityFlags,
    ...copy.code,
    bindings: { ...env.vars, ...copy.vars, PAGE_CACHE: copy.pageCache },
    kvNamespaces: { CONTENT: copy.contentNamespace },
    durableObjects: Object.fromEntries(
      b.durableObjects.map((d) => [
        d.name,
        { className: d.className, useSQLite: d.sqlite, ...(copy.writer && copy.writer !== copy.name ? { scriptName: copy.writer } : {}) },
      ]),
    ),
    analyticsEngineDatasets: Object.fromEntries(b.analyticsEngineDatasets.map((d) => [d.binding, { dataset: d.dataset }])),
    ratelimits: Object.fromEntries(b.ratelimits.map((r) => [r.name, { namespace_id: r.namespace_id, simple: r.simple }])),
    ...DIRECT_SOCKET,
  };
}

// The site as the bench runs it under Miniflare: the ONE list of its bindings. Every copy of the site
// the bench hosts (cached, PAGE_CACHE=off, counting, archive sizes) is built here, so a new binding
// (the Newsroom Durable Object, an Analytics Engine dataset) is added once.

import type { Json, V4SourceOptions, V4WorkerOptions } from "miniflare";

/**
 * Its own HTTP socket straight into a Worker, on a free port: Miniflare's entry worker (routing, cf
 * blob, logging) costs about four hello worlds per request and is not in production's path.
 */
export const DIRECT_SOCKET = { unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }] };

export interface SiteEnv {
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** The dev environment's vars and secrets, as wrangler.toml [env.dev] defines them. */
  vars: Record<string, Json>;
}

export interface SiteCopy {
  name: string;
  /** The built Worker, or a wrapper around it (the counting copies). */
  code: V4SourceOptions;
  pageCache: "on" | "off";
  /** The KV namespace the copy reads: copies of one archive share it. */
  contentNamespace: string;
}

export function siteWorker(env: SiteEnv, copy: SiteCopy): V4WorkerOptions {
  return {
    name: copy.name,
    compatibilityDate: env.compatibilityDate,
    compatibilityFlags: env.compatibilityFlags,
    ...copy.code,
    bindings: { ...env.vars, PAGE_CACHE: copy.pageCache },
    kvNamespaces: { CONTENT: copy.contentNamespace },
    ratelimits: {
      API_LIMITER: { namespace_id: "1001", simple: { limit: 60, period: 60 } },
      API_AUTH_LIMITER: { namespace_id: "1002", simple: { limit: 10, period: 60 } },
    },
    ...DIRECT_SOCKET,
  };
}

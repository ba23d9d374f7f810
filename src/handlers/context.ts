// The per-request context every router stage and handler receives after the request itself.

import type { ActivePolicy } from "../store/config.ts";
import type { Kv } from "../store/kv.ts";
import type { CacheStatus } from "../store/page-cache.ts";
import type { Decision, HostEntry } from "../policy/types.ts";

export interface Context {
  env: Env;
  exec: ExecutionContext;
  kv: Kv;
  url: URL;
  requestId: string;
  /** Milliseconds since the epoch when the request arrived; "now" for visibility checks. */
  started: number;
  /** The request method as the client sent it (HEAD is routed as GET). */
  method: string;
  /** Filled by the first router stage. */
  active?: ActivePolicy;
  /** The configured host the request named, if any. */
  host?: HostEntry;
  /** Origin for absolute links on this host: the configured host asked for, else the primary. */
  origin?: string;
  country?: string;
  continent?: string;
  decision?: Decision;
  cache?: CacheStatus;
  /** Set-Cookie for the visitor's host choice (the override link). */
  setCookie?: string;
  /** Who made an API call (a token id), for the log. */
  actor?: string;
}

/** The active policy, for handlers that run after the region stage (which always sets it). */
export function activePolicy(ctx: Context): ActivePolicy {
  if (!ctx.active) throw new Error("router stage order: the policy is loaded before any handler runs");
  return ctx.active;
}

/** The origin links on this response point at: the configured host asked for, else the primary. */
export function requestOrigin(ctx: Context): string {
  if (!ctx.origin) throw new Error("router stage order: the origin is set before any handler runs");
  return ctx.origin;
}

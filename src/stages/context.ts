// What every stage and handler receives besides the request: built once per request, then extended
// by the stages, each adding what it guarantees (the page context has the view and the host for sure).

import type { HostEntry } from "../policy/types.ts";
import type { Kv } from "../store/kv.ts";
import type { CacheStatus } from "../store/page-cache.ts";
import type { View } from "../store/view.ts";

/** Things learnt while answering, for the finishing stages (headers, the log). */
export interface Notes {
  cache?: CacheStatus;
  /** Who made an API call (a token id). */
  actor?: string;
  /** Set-Cookie values: the visitor's host choice (?stay=1), their edition (?lite=1). */
  cookies?: string[];
  /** The answer depends on this visitor's own cookie: shared caches must not keep it. */
  personal?: boolean;
  /** The visitor switched edition: their browser drops the pages it kept of the other one. */
  clearCache?: boolean;
  /** Request headers the answer depends on (Vary). */
  vary?: string[];
  country?: string;
  /** The region decision, as the log shows it: "redirect mirror.example: rule 1 …". */
  decision?: string;
  /** The configured host asked for is served over HTTPS. */
  https?: boolean;
  /** The onion address, for Onion-Location on HTML pages. */
  onion?: string;
  /** A page request's kind for the request count ("page"): set once the region stage ran for a page. */
  routeKind?: string;
}

export interface RequestContext {
  env: Env;
  exec: ExecutionContext;
  kv: Kv;
  url: URL;
  requestId: string;
  /** Milliseconds since the epoch when the request arrived: "now" for visibility checks. */
  started: number;
  /** The request method as the client sent it (HEAD is routed as GET). */
  method: string;
  notes: Notes;
}

/** A page request past the region decision: served on this host, from this view. */
export interface PageContext extends RequestContext {
  view: View;
  /** The configured host the request named; undefined for an unlisted one (only exempt paths get here). */
  host: HostEntry | undefined;
  /** Origin for absolute links on this host: the configured host asked for, else the primary. */
  origin: string;
  /** The lite edition: text first, no pictures (Save-Data, ?lite=1 or its cookie). */
  lite: boolean;
}

/** What a page handler gets besides its context: the route's parameters, as the path spells them (not decoded). */
export interface PageRequest {
  params: Record<string, string>;
}

export type PageHandler = (request: PageRequest, ctx: PageContext) => Promise<Response> | Response;

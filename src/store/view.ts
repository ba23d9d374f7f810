// The pointer as readers hold it: read from KV at most once a second per isolate, never older than the
// last one this isolate saw, with the site config and the policy in force. When KV fails, the last
// pointer seen here (or in this data centre) stands in: never the deployed policy in place of a live one.

import { contentHash } from "../content/hash.ts";
import type { SiteConfig } from "../content/site.ts";
import { logEvent } from "../log.ts";
import { type MirrorLink, publicMirrors } from "../policy/mirrors.ts";
import { canonicalHost, originOf } from "../policy/decide.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { checkPolicy } from "../policy/validate.ts";
import { type ContentRefs, FORMAT, type Pointer, refsOf } from "./format.ts";
import { keys } from "./keys.ts";
import { type Kv, MIN_CACHE_TTL, StorageError } from "./kv.ts";
import { CACHE_PREFIX } from "./page-cache.ts";

/**
 * How long an isolate trusts its copy of the pointer. It adds to KV's own delay (propagation and the
 * 30 s edge cache) in every visibility bound (docs/architecture.md "When a change is visible").
 */
export const POINTER_MEMO_MS = 1_000;

export interface View {
  seq: number;
  /** When the writer built the pointer (ms): the update time of a feed with nothing in it. */
  builtAt: number;
  site: SiteConfig;
  policy: DomainPolicy;
  policySource: "live" | "deployed";
  /** The policy's identity: its live version, or "deployed:<hash>" of wrangler.toml's. */
  policyId: string;
  /** When the policy in force last changed (mirrors.json). */
  policyUpdatedAt: string;
  mirrors: MirrorLink[];
  canonicalOrigin: string;
  refs: ContentRefs;
  /**
   * Earlier content versions, newest first (the previous pointer's, then older ones written shortly
   * before), for a page whose new blobs have not arrived here yet.
   */
  fallbacks: ContentRefs[];
  /** No page rendered before this sequence number may be served as a last good copy. */
  withdrawn: number;
  extras: Record<string, string>;
}

/** Why there is no view: nothing seeded yet, a deployed policy that does not validate, or storage failing. */
export class ViewUnavailable extends Error {
  override readonly name = "ViewUnavailable";
  readonly reason: "not-seeded" | "invalid-policy" | "storage" | "format";
  constructor(reason: ViewUnavailable["reason"], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

let memo: { view: View; readAt: number } | undefined;
let deployedMemo: { source: unknown; policy?: DomainPolicy; problems: string[]; hash: string } | undefined;

/** The deployed policy (wrangler.toml), validated once per isolate. */
export function deployedPolicy(source: unknown): { policy?: DomainPolicy; problems: string[]; hash: string } {
  if (deployedMemo && deployedMemo.source === source) return deployedMemo;
  const check = checkPolicy(source);
  const memo = {
    source,
    ...(check.policy ? { policy: check.policy } : {}),
    problems: check.errors.map((p) => `${p.field}: ${p.message}`),
    hash: contentHash(JSON.stringify(source ?? null)),
  };
  deployedMemo = memo;
  return memo;
}

/** The earlier versions a lagging page may be made from, newest first, each content once and none the pointer's own. */
function fallbacksOf(pointer: Pointer): ContentRefs[] {
  const content = (refs: ContentRefs) => JSON.stringify([refs.articles, refs.listings, refs.days, refs.tags]);
  const seen = new Set([content(pointer)]);
  const out: ContentRefs[] = [];
  for (const refs of pointer.previous ? [pointer.previous, ...(pointer.earlier ?? []).map((diff) => refsOf(diff, pointer))] : []) {
    const key = content(refs);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(refs);
  }
  return out;
}

function viewOf(pointer: Pointer, env: { DOMAIN_POLICY: unknown }): View {
  let policy: DomainPolicy;
  let updatedAt: string;
  let policyId: string;
  if (pointer.policy) {
    policy = pointer.policy.policy;
    updatedAt = pointer.policy.savedAt;
    policyId = pointer.policy.version;
  } else {
    const deployed = deployedPolicy(env.DOMAIN_POLICY);
    if (!deployed.policy) {
      logEvent("error", "deployed domain policy invalid", { problems: deployed.problems });
      throw new ViewUnavailable(
        "invalid-policy",
        "This site's domain configuration is invalid, so it cannot decide where to send you. Its operators have been told.",
      );
    }
    policy = deployed.policy;
    policyId = `deployed:${deployed.hash}`;
    // The writer notes when it first saw this deployed policy; a newer deploy than it has seen dates from the pointer.
    updatedAt = new Date(pointer.deployed?.hash === deployed.hash ? pointer.deployed.since : pointer.at).toISOString();
  }
  const { seq, articles, listings, days, tags, scheduled } = pointer;
  return {
    seq,
    builtAt: pointer.at,
    site: pointer.site,
    policy,
    policySource: pointer.policy ? "live" : "deployed",
    policyId,
    policyUpdatedAt: updatedAt,
    mirrors: publicMirrors(policy),
    canonicalOrigin: originOf(canonicalHost(policy)),
    refs: { seq, articles, listings, days, tags, scheduled },
    fallbacks: fallbacksOf(pointer),
    withdrawn: pointer.withdrawn,
    extras: pointer.extras ?? {},
  };
}

/** Where this data centre keeps its copy of the pointer, under a host of the site (see page-cache.ts). */
export const dcCopy = (origin: string) => `${origin}${CACHE_PREFIX}/pointer`;

/**
 * The one origin every isolate here keeps and finds the copy under, whichever host its request came to
 * (a copy per host would leave an isolate blind to a takedown another isolate read through another
 * host): the deployed policy's canonical host, routed to this Worker; the request's own when that is invalid.
 */
function copyOrigin(env: { DOMAIN_POLICY: unknown }, requestOrigin: string): string {
  const deployed = deployedPolicy(env.DOMAIN_POLICY).policy;
  return deployed ? originOf(canonicalHost(deployed)) : requestOrigin;
}

function dataCentreCache(): Cache | undefined {
  return typeof caches === "undefined" ? undefined : (caches as unknown as { default: Cache }).default;
}

/**
 * Keeps the pointer in this data centre's cache, so a new isolate can stand on it while KV fails. The
 * copy only moves forward: an isolate whose read was slower must not put an older pointer over a newer.
 */
function keepInDataCentre(pointer: Pointer, origin: string, exec: { waitUntil(promise: Promise<unknown>): void } | undefined): void {
  const cache = dataCentreCache();
  if (!cache || !exec) return;
  const keep = async () => {
    const kept = await fromDataCentre(origin);
    if (kept && kept.seq >= pointer.seq) return;
    const copy = new Response(JSON.stringify(pointer), { headers: { "Cache-Control": "public, max-age=604800", "Content-Type": "application/json" } });
    await cache.put(dcCopy(origin), copy);
  };
  exec.waitUntil(keep().catch(() => undefined));
}

async function fromDataCentre(origin: string): Promise<Pointer | undefined> {
  const hit = await dataCentreCache()
    ?.match(dcCopy(origin))
    .catch(() => undefined);
  return hit ? ((await hit.json()) as Pointer) : undefined;
}

/**
 * The view in force for a request at `now`. A pointer older than the one this isolate already holds
 * (another edge's cached copy, during propagation) is ignored: an isolate never goes back.
 */
export async function loadView(
  env: { DOMAIN_POLICY: unknown },
  kv: Kv,
  now: number,
  where?: { origin: string; exec: { waitUntil(promise: Promise<unknown>): void } },
): Promise<View> {
  if (memo && now - memo.readAt < POINTER_MEMO_MS) return memo.view;
  let pointer: Pointer | null;
  try {
    pointer = await kv.getJson<Pointer>(keys.pointer(), MIN_CACHE_TTL);
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    // This isolate's copy may predate one another isolate here has already read (a takedown, a policy
    // change): the newer of the two stands in, never the older.
    const kept = where ? await fromDataCentre(copyOrigin(env, where.origin)) : undefined;
    if (kept && (!memo || kept.seq > memo.view.seq)) {
      logEvent("warn", "pointer unreadable; using this data centre's last copy", { seq: kept.seq, error: String(error) });
      memo = { view: viewOf(kept, env), readAt: memo?.readAt ?? now };
      return memo.view;
    }
    if (!memo) throw new ViewUnavailable("storage", "We cannot reach our story archive right now. Please try again in a minute.", { cause: error });
    logEvent("warn", "pointer unreadable; using the last one seen", { seq: memo.view.seq, error: String(error) });
    return memo.view;
  }
  if (!pointer) throw new ViewUnavailable("not-seeded", "This site has no content yet. Its operators need to run `npm run seed` (see docs/publishing.md).");
  if (pointer.format !== FORMAT)
    throw new ViewUnavailable("format", "This site's storage was written by another version of its software. Its operators have been told.");
  if (memo && pointer.seq <= memo.view.seq) {
    memo.readAt = now;
    return memo.view;
  }
  const view = viewOf(pointer, env);
  memo = { view, readAt: now };
  if (where) keepInDataCentre(pointer, copyOrigin(env, where.origin), where.exec);
  return view;
}

/** Forgets the pointer this isolate holds (tests). */
export function forgetView(): void {
  memo = undefined;
}

/**
 * Makes the next request read the pointer again (the API, right after it changed something) while
 * keeping the one held as the floor: a slower read of an older pointer, started before, must not become
 * this isolate's pointer again.
 */
export function expireView(): void {
  if (memo) memo.readAt = Number.NEGATIVE_INFINITY;
}

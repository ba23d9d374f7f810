// Live configuration read on the request path: the content generation, the site config and the domain
// policy. Each is memoised in the isolate so a page view normally costs no KV read for them.

import { type SiteConfig, validateSite } from "../content/site.ts";
import { unavailable } from "../http/errors.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { checkPolicy } from "../policy/validate.ts";
import { keys } from "./keys.ts";
import type { Kv } from "./kv.ts";
import { logEvent } from "../log.ts";

/** How long an isolate trusts its copy of the generation before asking KV again. */
export const GENERATION_TTL_MS = 5_000;

let generationMemo: { value: string; expires: number } | undefined;
let siteMemo: { generation: string; site: SiteConfig } | undefined;
let policyMemo: { generation: string; live: StoredPolicy | undefined } | undefined;
let deployedMemo: { source: unknown; policy: DomainPolicy; problems: string[] } | undefined;

/** The generation while storage cannot say: nothing may be remembered under it. */
export const UNKNOWN_GENERATION = "unavailable";

/** Forgets every memoised value (tests, and the API right after it changes something). */
export function forgetConfig(): void {
  generationMemo = undefined;
  siteMemo = undefined;
  policyMemo = undefined;
  for (const forget of forgetHooks) forget();
}

const forgetHooks: (() => void)[] = [];

/** Other memos keyed by the generation (listing pages) are dropped along with it. */
export function onForgetConfig(forget: () => void): void {
  forgetHooks.push(forget);
}

/**
 * The content generation: changed by every publish, unpublish, seed and policy change. Cached pages are
 * keyed by it, so a change reaches every edge within the KV propagation time without a purge API.
 */
export async function getGeneration(kv: Kv): Promise<string> {
  const now = Date.now();
  if (generationMemo && generationMemo.expires > now) return generationMemo.value;
  try {
    const value = (await kv.getText(keys.generation(), 30)) ?? "0";
    generationMemo = { value, expires: now + GENERATION_TTL_MS };
    return value;
  } catch (error) {
    // Storage is failing: keep the last known generation so cached pages (and last good copies)
    // can still be served; pages that must be rendered will fail on their own reads.
    logEvent("warn", "generation unreadable; using the last known one", { error: String(error) });
    return generationMemo?.value ?? UNKNOWN_GENERATION;
  }
}

/** Starts a new generation: call after any change readers must see. */
export async function bumpGeneration(kv: Kv): Promise<string> {
  const value = `${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  await kv.put(keys.generation(), value);
  generationMemo = { value, expires: Date.now() + GENERATION_TTL_MS };
  return value;
}

export async function getSite(kv: Kv): Promise<SiteConfig> {
  const generation = await getGeneration(kv);
  if (siteMemo?.generation === generation) return siteMemo.site;
  const raw = await kv.getJson<unknown>(keys.site());
  if (raw === null) throw unavailable("This site has no content yet. Its operators need to run `npm run seed` (see README).", 60);
  const checked = validateSite(raw);
  if (!checked.ok) {
    logEvent("error", "site config invalid", { problems: checked.problems });
    throw unavailable("This site is misconfigured. Its operators have been told.", 60);
  }
  siteMemo = { generation, site: checked.value };
  return checked.value;
}

/** A policy saved through the API, with when and by whom. */
export interface StoredPolicy {
  policy: DomainPolicy;
  savedAt: string;
  savedBy: string;
  /** The version id in policy-history: (absent on policies saved before versions existed). */
  version?: string;
}

export interface ActivePolicy {
  policy: DomainPolicy;
  source: "live" | "deployed";
  /** When the active policy last changed, for mirrors.json. */
  updatedAt: string;
}

/** The deployed policy (wrangler.toml), validated once per isolate; undefined with its problems if invalid. */
export function deployedPolicy(source: unknown): { policy?: DomainPolicy; problems: string[] } {
  if (deployedMemo && deployedMemo.source === source) return deployedMemo;
  const check = checkPolicy(source);
  const problems = check.errors.map((p) => `${p.field}: ${p.message}`);
  if (!check.policy) return { problems };
  const memo = { source, policy: check.policy, problems };
  deployedMemo = memo;
  return memo;
}

/** When this Worker's code was loaded: the deployed policy's "updated" time in mirrors.json. */
const LOADED_AT = new Date().toISOString();

/**
 * The policy in force: the live one from KV when there is a valid one, else the deployed one. A KV
 * failure here falls back to the deployed policy rather than failing the request.
 */
export async function getPolicy(env: { DOMAIN_POLICY: unknown }, kv: Kv): Promise<ActivePolicy> {
  const live = await readLivePolicy(kv);
  if (live) return { policy: live.policy, source: "live", updatedAt: live.savedAt };
  const deployed = deployedPolicy(env.DOMAIN_POLICY);
  if (!deployed.policy) {
    logEvent("error", "deployed domain policy invalid", { problems: deployed.problems });
    throw unavailable("This site's domain configuration is invalid, so it cannot decide where to send you. Its operators have been told.", 300);
  }
  return { policy: deployed.policy, source: "deployed", updatedAt: LOADED_AT };
}

async function readLivePolicy(kv: Kv): Promise<StoredPolicy | undefined> {
  try {
    const generation = await getGeneration(kv);
    if (policyMemo?.generation === generation) return policyMemo.live;
    const stored = await kv.getJson<StoredPolicy>(keys.policy());
    let live: StoredPolicy | undefined;
    if (stored) {
      const check = checkPolicy(stored.policy);
      if (check.policy) live = { ...stored, policy: check.policy };
      else logEvent("error", "live domain policy invalid; using the deployed one", { problems: check.errors });
    }
    policyMemo = { generation, live };
    return live;
  } catch (error) {
    logEvent("error", "live domain policy unreadable; using the deployed one", { error: String(error) });
    return policyMemo?.live;
  }
}

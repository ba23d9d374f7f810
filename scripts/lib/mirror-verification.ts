// What `npm run verify-mirrors` does, apart from printing: fetch a site's mirror list and its minisign
// signature, find the key (given, or shown on the site's /mirrors page), verify, and list the addresses.

import { type Verification, parsePublicKey, verify } from "../../src/policy/minisign.ts";

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface MirrorCheck {
  ok: boolean;
  documentUrl: string;
  /** Where the public key came from: "--key" or the /mirrors page's address. */
  keySource?: string;
  publicKey?: string;
  addresses: string[];
  verification?: Verification;
  /** Why the check failed, in words a reader can act on. */
  problem?: string;
}

/** The mirror list's address: the URL itself when it ends in .json, else the site's /.well-known/mirrors.json. */
export function documentUrlFor(input: string): string {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`);
  if (url.pathname.endsWith(".json")) return url.href;
  return new URL("/.well-known/mirrors.json", url.origin).href;
}

/** The key in the element with id="mirrors-signing-key" on a /mirrors page. */
export function keyFromPage(html: string): string | undefined {
  const match = /<[a-z]+[^>]*\bid=["']?mirrors-signing-key["']?[^>]*>\s*([^<]*?)\s*</i.exec(html);
  return match?.[1] || undefined;
}

/** Every address the bypass-mirrors document lists: each site's main domain, then its alternatives. */
export function addressesOf(document: unknown): string[] {
  const sites = (document as { sites?: unknown } | null)?.sites;
  if (!Array.isArray(sites)) return [];
  return sites.flatMap((site: { main_domain?: unknown; available_alternatives?: unknown }) => [
    ...(typeof site.main_domain === "string" ? [`https://${site.main_domain}/`] : []),
    ...(Array.isArray(site.available_alternatives)
      ? site.available_alternatives.flatMap((a: { url?: unknown }) => (typeof a.url === "string" ? [a.url] : []))
      : []),
  ]);
}

async function get(fetchFn: Fetch, url: string, timeoutMs: number): Promise<{ status: number; body: Uint8Array } | { error: string }> {
  try {
    const response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
    return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    return { error: error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : String(error) };
  }
}

export async function checkMirrors(options: { url: string; key?: string; fetch?: Fetch; timeoutMs?: number }): Promise<MirrorCheck> {
  const fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 15_000;
  let documentUrl: string;
  try {
    documentUrl = documentUrlFor(options.url);
  } catch {
    return { ok: false, documentUrl: options.url, addresses: [], problem: `"${options.url}" is not a web address` };
  }
  const fail = (problem: string, extra: Partial<MirrorCheck> = {}): MirrorCheck => ({ ok: false, documentUrl, addresses: [], problem, ...extra });

  let publicKey = options.key;
  let keySource = "--key";
  if (!publicKey) {
    keySource = new URL("/mirrors", documentUrl).href;
    const page = await get(fetchFn, keySource, timeoutMs);
    if ("error" in page) return fail(`the /mirrors page could not be fetched (${page.error}); give the key with --key RW...`);
    publicKey = page.status === 200 ? keyFromPage(new TextDecoder().decode(page.body)) : undefined;
    if (!publicKey) return fail(`no signing key found on ${keySource} (an element with id="mirrors-signing-key"); give it with --key RW...`);
  }
  const key = parsePublicKey(publicKey);
  if ("error" in key) return fail(`the public key ${keySource === "--key" ? "given" : `from ${keySource}`} is ${key.error}`, { keySource, publicKey });

  const [document, signature] = await Promise.all([get(fetchFn, documentUrl, timeoutMs), get(fetchFn, `${documentUrl}.minisig`, timeoutMs)]);
  const known = { keySource, publicKey };
  if ("error" in document) return fail(`the mirror list could not be fetched: ${document.error}`, known);
  if (document.status !== 200) return fail(`the mirror list answered HTTP ${document.status}`, known);
  if ("error" in signature) return fail(`the signature could not be fetched: ${signature.error}`, known);
  if (signature.status !== 200) return fail(`the signature ${documentUrl}.minisig answered HTTP ${signature.status}: the list is not signed`, known);

  let addresses: string[] = [];
  try {
    addresses = addressesOf(JSON.parse(new TextDecoder().decode(document.body)));
  } catch {
    addresses = [];
  }
  const verification = await verify(document.body, new TextDecoder().decode(signature.body), key);
  if (!verification.ok) return fail(verification.reason, { ...known, addresses, verification });
  return { ok: true, documentUrl, ...known, addresses, verification };
}

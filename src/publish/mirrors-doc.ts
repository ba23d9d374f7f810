// The mirror list readers can verify: /.well-known/mirrors.json exactly as served, with its minisign
// signature, made by the writer when the list changes (never per request) and projected as one blob.

import { contentHash } from "../content/hash.ts";
import { logEvent } from "../log.ts";
import { mirrorsDocument } from "../policy/mirrors.ts";
import { signMirrorList } from "../policy/minisign.ts";
import type { DomainPolicy } from "../policy/types.ts";

/** What readers serve: the document's text, its signature (absent without a signing key), and the policy it lists. */
export interface MirrorsBlob {
  text: string;
  signature?: string;
  /** The policy the list was made from: a live version, or "deployed:<hash>" (store/view.ts policyId). */
  policy: string;
}

/** The document as served: pretty JSON and a final newline, like every JSON answer of the site. */
export function mirrorsText(policy: DomainPolicy, updatedAt: string): string {
  return `${JSON.stringify(mirrorsDocument(policy, updatedAt), null, 2)}\n`;
}

/** The list for a policy, signed with the MIRRORS_SIGNING_KEY secret when there is one. */
export async function makeMirrorsBlob(
  policy: DomainPolicy,
  policyId: string,
  updatedAt: string,
  secret: string | undefined,
  now: number,
): Promise<MirrorsBlob> {
  const text = mirrorsText(policy, updatedAt);
  if (!secret) return { text, policy: policyId };
  const signed = await signMirrorList(text, secret, new Date(now));
  if ("error" in signed) {
    logEvent("error", "mirror list not signed: MIRRORS_SIGNING_KEY is unusable", { error: signed.error });
    return { text, policy: policyId };
  }
  return { text, signature: signed.signature, policy: policyId };
}

/** The policy id of the deployed policy: what mirrors.json was made from when no live policy is in force. */
export function deployedPolicyId(source: unknown): string {
  return `deployed:${contentHash(JSON.stringify(source ?? null))}`;
}

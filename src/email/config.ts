// What the email answerer needs to know about the site's own mail: the address it answers, the
// addresses it must never answer, whose authentication verdicts it trusts, and how often it replies.

export interface EmailReplyConfig {
  /** The address readers write to, and the reply's sender: "mirrors@example.org". */
  address: string;
  /** Every other address the site sends from; mail from any of them, or from `address`, gets no answer. */
  ownAddresses: readonly string[];
  /** authserv-ids whose Authentication-Results header is believed: the receiving platform's own. */
  trustedAuthServIds: readonly string[];
}

/** The authserv-id Cloudflare Email Routing writes in the Authentication-Results it adds. */
export const CLOUDFLARE_AUTHSERV_ID = "mx.cloudflare.net";

/** One reply per sender per hour. */
export const REPLY_INTERVAL_MS = 60 * 60 * 1000;

/** "Reader@Example.ORG " → "reader@example.org": how addresses are compared and how the rate limit is keyed. */
export function normaliseAddress(address: string): string {
  return address.trim().replace(/^<|>$/g, "").toLowerCase();
}

export function localPart(address: string): string {
  const normal = normaliseAddress(address);
  return normal.slice(0, Math.max(0, normal.lastIndexOf("@")));
}

export function domainOf(address: string): string {
  const normal = normaliseAddress(address);
  return normal.slice(normal.lastIndexOf("@") + 1);
}

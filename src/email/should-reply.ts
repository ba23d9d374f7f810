// Whether a message to the answering address gets the one reply: only from a sender the platform
// authenticated, never to automatic mail, bounces, mailing lists or the site itself, and at most once
// an hour per sender (RFC 3834's rules for automatic responses, and Email Routing's own for reply()).

import type { Email } from "postal-mime";
import { senderVerdict } from "./authentication.ts";
import { type EmailReplyConfig, REPLY_INTERVAL_MS, localPart, normaliseAddress } from "./config.ts";

/** The SMTP envelope: ForwardableEmailMessage.from and .to. */
export interface Envelope {
  from: string;
  to: string;
}

export type NoReplyReason =
  | "not-addressed"
  | "own-address"
  | "bounce"
  | "auto-submitted"
  | "bulk-or-list"
  | "no-authentication-results"
  | "dmarc-not-pass"
  | "spf-fail"
  | "no-message-id"
  | "thread-too-long"
  | "replied-recently";

export type ReplyDecision = { reply: true; sender: string } | { reply: false; reason: NoReplyReason; detail?: string };

/** Senders that are machines: delivery reports and addresses that read nothing. */
const MACHINE_SENDERS = new Set(["mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"]);
const FAILED_SPF = new Set(["fail", "softfail", "permerror"]);
/** The platform's reply() refuses a message whose References list is this long. */
const MAX_REFERENCES = 100;

function header(email: Email, name: string): string | undefined {
  return email.headers.find((h) => h.key === name)?.value.trim();
}

function no(reason: NoReplyReason, detail?: string): ReplyDecision {
  return detail === undefined ? { reply: false, reason } : { reply: false, reason, detail };
}

/**
 * Every check but the hourly limit, cheapest first, so a caller can skip the rate-limit lookup for
 * mail that gets no answer anyway. `email` is the parsed header block (parse.ts).
 */
export function screenMessage(email: Email, envelope: Envelope, config: EmailReplyConfig): ReplyDecision {
  const to = normaliseAddress(envelope.to);
  if (to !== normaliseAddress(config.address)) return no("not-addressed", to);

  const sender = normaliseAddress(envelope.from);
  const fromHeader = normaliseAddress(email.from?.address ?? "");
  const own = new Set([config.address, ...config.ownAddresses].map(normaliseAddress));
  if (own.has(sender) || own.has(fromHeader)) return no("own-address");

  const returnPath = header(email, "return-path");
  if (sender === "" || returnPath === "<>") return no("bounce", "empty return path");
  if (MACHINE_SENDERS.has(localPart(sender)) || MACHINE_SENDERS.has(localPart(fromHeader))) return no("bounce", "machine sender");
  const contentType = (header(email, "content-type") ?? "").toLowerCase();
  if (contentType.startsWith("multipart/report")) return no("bounce", "delivery or feedback report");

  const autoSubmitted = (header(email, "auto-submitted") ?? "no").split(";")[0]?.trim().toLowerCase();
  if (autoSubmitted !== "no") return no("auto-submitted", `Auto-Submitted: ${autoSubmitted}`);
  const suppress = header(email, "x-auto-response-suppress");
  if (suppress !== undefined && suppress.toLowerCase() !== "none") return no("auto-submitted", `X-Auto-Response-Suppress: ${suppress}`);
  const precedence = (header(email, "precedence") ?? "").toLowerCase();
  if (["bulk", "junk", "list"].includes(precedence)) return no("bulk-or-list", `Precedence: ${precedence}`);
  if (header(email, "list-id") !== undefined || header(email, "list-unsubscribe") !== undefined) return no("bulk-or-list", "mailing list headers");

  const verdict = senderVerdict(email.headers, config.trustedAuthServIds);
  if (!verdict) return no("no-authentication-results");
  if (verdict.dmarc !== "pass") return no("dmarc-not-pass", `dmarc=${verdict.dmarc}`);
  if (FAILED_SPF.has(verdict.spf)) return no("spf-fail", `spf=${verdict.spf}`);

  if (!email.messageId) return no("no-message-id");
  if ((email.references?.match(/</g)?.length ?? 0) >= MAX_REFERENCES) return no("thread-too-long");
  return { reply: true, sender };
}

/** The whole decision; `lastRepliedAt` (ms) is when this sender last got a reply, from the caller's store. */
export function shouldReply(email: Email, envelope: Envelope, config: EmailReplyConfig, lastRepliedAt: number | undefined, now: number): ReplyDecision {
  const screened = screenMessage(email, envelope, config);
  if (!screened.reply) return screened;
  if (lastRepliedAt !== undefined && now - lastRepliedAt < REPLY_INTERVAL_MS) return no("replied-recently");
  return screened;
}

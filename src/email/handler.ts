// The email() handler: answers a reader's message to the mirrors address with every address of the
// site and the newest headlines, at most once an hour per sender, never to bounces, automatic mail,
// mail that fails DMARC/SPF, or the site's own addresses (docs/readers.md "News by email").

import { EmailMessage } from "cloudflare:email";
import { urls } from "../content/urls.ts";
import { logEvent } from "../log.ts";
import { newsroom } from "../publish/stub.ts";
import { Snapshot } from "../store/snapshot.ts";
import { Kv, kvOptionsOf } from "../store/kv.ts";
import { listing } from "../store/format.ts";
import { loadView } from "../store/view.ts";
import { composeReply } from "./compose.ts";
import { CLOUDFLARE_AUTHSERV_ID, type EmailReplyConfig, REPLY_INTERVAL_MS } from "./config.ts";
import { newMessageId, replyMime } from "./mime.ts";
import { parseHeaders } from "./parse.ts";
import { screenMessage, shouldReply } from "./should-reply.ts";

/** The site's mail settings from its vars; none configured: no answers. */
export function emailConfig(env: { MIRRORS_EMAIL?: string; OWN_EMAILS?: string[] }): EmailReplyConfig | undefined {
  if (!env.MIRRORS_EMAIL) return undefined;
  return { address: env.MIRRORS_EMAIL, ownAddresses: env.OWN_EMAILS ?? [], trustedAuthServIds: [CLOUDFLARE_AUTHSERV_ID] };
}

/** The one answer to a reader's message, ready to send. */
export interface Answer {
  from: string;
  to: string;
  /** The MIME message: headers, then the base64 plain-text body. */
  raw: string;
  headlines: number;
}

export async function answerEmail(message: ForwardableEmailMessage, env: Env): Promise<void> {
  const answer = await composeAnswer(message, env);
  if (!answer) return;
  try {
    await message.reply(new EmailMessage(answer.from, answer.to, answer.raw));
    logEvent("info", "email: answered", { headlines: answer.headlines });
  } catch (error) {
    logEvent("warn", "email: reply refused by the platform", { error: String(error) });
  }
}

function notAnswered(detail: Record<string, unknown>): undefined {
  logEvent("info", "email: not answered", detail);
  return undefined;
}

/** Decides whether the message gets an answer (claiming the sender's hourly slot) and writes it. */
export async function composeAnswer(message: ForwardableEmailMessage, env: Env): Promise<Answer | undefined> {
  const config = emailConfig(env);
  if (!config) return;
  const email = await parseHeaders(message.raw);
  if (!email) return notAnswered({ reason: "unreadable" });
  const envelope = { from: message.from, to: message.to };
  const screened = screenMessage(email, envelope, config);
  if (!screened.reply) return notAnswered({ reason: screened.reason, detail: screened.detail });
  const now = Date.now();
  // Claimed before replying, so two messages arriving together get one answer between them.
  const claim = await newsroom(env).claimEmailReply(screened.sender, now, REPLY_INTERVAL_MS);
  const decision = shouldReply(email, envelope, config, claim.granted ? undefined : (claim.last ?? undefined), now);
  if (!decision.reply) return notAnswered({ reason: decision.reason });

  const kv = new Kv(env.CONTENT, kvOptionsOf(env));
  const view = await loadView(env, kv, now);
  const mirror = view.mirrors.find((m) => m.proto !== "tor" && m.host !== view.policy.primary) ?? view.mirrors[0];
  const origin = mirror ? mirror.url.replace(/\/$/, "") : view.canonicalOrigin;
  const latest = await new Snapshot(kv, view.refs, now).listing(listing.latest(), 1, 10);
  const text = composeReply({
    site: view.site,
    address: config.address,
    mirrors: view.mirrors.filter((m) => m.proto !== "tor"),
    ...(view.policy.onion ? { onion: view.policy.onion } : {}),
    ...(view.site.signingKey ? { signingKey: view.site.signingKey } : {}),
    headlines: latest.stories.map((s) => ({ headline: s.headline, url: `${origin}${urls.article(s.slug)}` })),
  });
  const raw = replyMime({
    from: config.address,
    fromName: view.site.name,
    to: message.from,
    incoming: email,
    text,
    date: now,
    messageId: newMessageId(config.address),
  });
  return { from: config.address, to: message.from, raw, headlines: latest.stories.length };
}

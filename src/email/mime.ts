// The reply as a MIME message (RFC 5322, 2045, 2047, 3834), for `new EmailMessage(from, to, raw)` from
// "cloudflare:email" and message.reply(); or as the fields of reply()'s message-builder form. Header
// values are built from checked parts only, so no stored or incoming text can add a header line.

import { bytesToBase64 } from "../render/base64.ts";
import { domainOf } from "./config.ts";

export interface ReplyParts {
  /** The answering address, exactly as passed to new EmailMessage(from, …): the platform checks that From matches it. */
  from: string;
  /** The site's name, shown as the sender's name. */
  fromName: string;
  /** The envelope sender of the message answered (message.from): the platform replies only to it. */
  to: string;
  /** The parsed message answered (postal-mime's Email will do): its Subject, Message-ID and References. */
  incoming: { subject?: string | undefined; messageId?: string | undefined; references?: string | undefined };
  text: string;
  /** ms since the epoch. */
  date: number;
  /** A fresh Message-ID (newMessageId); the platform may set its own. */
  messageId: string;
}

const ADDRESS = /^[^\s<>()[\]\\,;:"@]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const MESSAGE_ID = /^<[^<>\s]+>$/;

function checkedAddress(address: string): string {
  const bare = address.trim().replace(/^<|>$/g, "");
  if (!ADDRESS.test(bare)) throw new Error(`not a mail address: ${JSON.stringify(address)}`);
  return bare;
}

/** "<uuid@example.org>": a Message-ID on the sending address's domain. */
export function newMessageId(from: string, unique: string = crypto.randomUUID()): string {
  return `<${unique.replace(/[^A-Za-z0-9.-]/g, "")}@${domainOf(checkedAddress(from))}>`;
}

/** "Re: " and the original subject (once, however many times it was already answered). */
export function replySubject(subject: string | undefined): string {
  const original = (subject ?? "").replace(/[\r\n]+/g, " ").trim();
  if (!original) return "Re: your message";
  return /^re\s*:/i.test(original) ? original : `Re: ${original}`;
}

/** RFC 2047 encoded words for text that is not plain ASCII, whole characters per word. */
export function encodeWords(text: string): string {
  // Plain text that looks like an encoded word ("=?") is encoded too, or readers' mail apps would decode it.
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes("=?")) return text;
  const encoder = new TextEncoder();
  const words: string[] = [];
  let chunk: number[] = [];
  for (const char of text) {
    const bytes = encoder.encode(char);
    // 45 bytes → 60 base64 characters: each word stays within the 75-character limit.
    if (chunk.length + bytes.length > 45) {
      words.push(`=?UTF-8?B?${bytesToBase64(Uint8Array.from(chunk))}?=`);
      chunk = [];
    }
    chunk.push(...bytes);
  }
  if (chunk.length > 0) words.push(`=?UTF-8?B?${bytesToBase64(Uint8Array.from(chunk))}?=`);
  return words.join("\r\n ");
}

/** A display name and address: Name <a@b>, "Name, Inc." <a@b>, or encoded words. */
export function mailbox(name: string, address: string): string {
  const clean = name.replace(/[\r\n]+/g, " ").trim();
  const bare = checkedAddress(address);
  if (!clean) return `<${bare}>`;
  if (!/^[\x20-\x7e]*$/.test(clean) || clean.includes("=?")) return `${encodeWords(clean)} <${bare}>`;
  if (/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(clean)) return `${clean} <${bare}>`;
  return `"${clean.replace(/(["\\])/g, "\\$1")}" <${bare}>`;
}

/** Folds a one-line header at spaces so no line passes 78 characters where a space allows (unfolding restores it exactly). */
function fold(line: string): string {
  if (line.length <= 78 || /[\r\n]/.test(line)) return line;
  const out: string[] = [];
  let current = "";
  for (const piece of line.split(" ")) {
    if (current && current.length + 1 + piece.length > 78) {
      out.push(current);
      current = piece;
    } else current = current ? `${current} ${piece}` : piece;
  }
  out.push(current);
  return out.join("\r\n ");
}

/** Encoded words come folded already; a plain subject is folded at its spaces. */
function subjectHeader(subject: string): string {
  const encoded = encodeWords(subject);
  return encoded === subject ? fold(`Subject: ${subject}`) : `Subject: ${encoded}`;
}

/** RFC 5322 date: "Wed, 25 Nov 2026 10:00:00 +0000". */
export function mailDate(ms: number): string {
  const [day, date, month, year, time] = new Date(ms).toUTCString().split(" ");
  return `${day} ${date} ${month} ${year} ${time} +0000`;
}

/** The References of a reply: the original's References and its Message-ID, as the platform checks them. */
function references(incoming: ReplyParts["incoming"], messageId: string): string {
  const earlier = (incoming.references ?? "").replace(/[\r\n]+/g, " ").trim();
  return earlier ? `${earlier} ${messageId}` : messageId;
}

/** The raw reply, CRLF line ends, body base64 (UTF-8 text in any script survives every relay). */
export function replyMime(parts: ReplyParts): string {
  const inReplyTo = parts.incoming.messageId ?? "";
  if (!MESSAGE_ID.test(inReplyTo)) throw new Error(`not a Message-ID: ${JSON.stringify(parts.incoming.messageId)}`);
  if (!MESSAGE_ID.test(parts.messageId)) throw new Error(`not a Message-ID: ${JSON.stringify(parts.messageId)}`);
  const body = bytesToBase64(new TextEncoder().encode(parts.text.replace(/\r?\n/g, "\r\n")))
    .replace(/.{76}/g, "$&\r\n")
    .replace(/\r\n$/, "");
  const headers = [
    `From: ${mailbox(parts.fromName, parts.from)}`,
    `To: ${mailbox("", parts.to)}`,
    subjectHeader(replySubject(parts.incoming.subject)),
    `Date: ${mailDate(parts.date)}`,
    `Message-ID: ${parts.messageId}`,
    `In-Reply-To: ${inReplyTo}`,
    fold(`References: ${references(parts.incoming, inReplyTo)}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    // RFC 3834: an automatic answer, which other responders must not answer in turn.
    "Auto-Submitted: auto-replied",
    "X-Auto-Response-Suppress: All",
  ];
  return `${headers.join("\r\n")}\r\n\r\n${body}\r\n`;
}

/**
 * The same reply as fields for reply()'s message-builder form (workers-types EmailReplyMessageBuilder):
 * the platform then writes the MIME and the threading headers itself.
 */
export function replyFields(parts: Omit<ReplyParts, "date" | "messageId">): {
  from: { name: string; email: string };
  subject: string;
  text: string;
  headers: Record<string, string>;
} {
  return {
    from: { name: parts.fromName.replace(/[\r\n]+/g, " ").trim(), email: checkedAddress(parts.from) },
    subject: replySubject(parts.incoming.subject),
    text: parts.text,
    headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
  };
}

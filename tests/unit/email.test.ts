// News by email: which messages get the one reply (authenticated senders only; never automatic mail,
// bounces, lists, the site itself, or a sender answered within the hour), what the reply says, and the
// MIME message handed to the platform's reply().

import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { parseAuthenticationResults, senderVerdict } from "../../src/email/authentication.ts";
import { composeReply } from "../../src/email/compose.ts";
import { CLOUDFLARE_AUTHSERV_ID, type EmailReplyConfig, REPLY_INTERVAL_MS } from "../../src/email/config.ts";
import { encodeWords, mailbox, newMessageId, replyFields, replyMime, replySubject } from "../../src/email/mime.ts";
import { MAX_HEADER_BYTES, parseHeaders } from "../../src/email/parse.ts";
import { type Envelope, screenMessage, shouldReply } from "../../src/email/should-reply.ts";
import { publicMirrors } from "../../src/policy/mirrors.ts";
import { POLICY } from "./policy-fixture.ts";

const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures/email", name), "utf8");
const REQUEST = fixture("request.eml");
const CONFIG: EmailReplyConfig = { address: "mirrors@news.localhost", ownAddresses: ["editor@news.localhost"], trustedAuthServIds: [CLOUDFLARE_AUTHSERV_ID] };
const ENVELOPE: Envelope = { from: "reader@example.org", to: "mirrors@news.localhost" };
const NOW = Date.parse("2026-11-25T10:00:00Z");

/** The request with its Cloudflare Authentication-Results replaced (or removed, with undefined). */
function withVerdict(results: string | undefined): string {
  const start = REQUEST.indexOf("Authentication-Results: mx.cloudflare.net;");
  const end = REQUEST.indexOf("Received: by mail.example.org");
  return REQUEST.slice(0, start) + (results === undefined ? "" : `Authentication-Results: ${results}\r\n`) + REQUEST.slice(end);
}

/** The request with extra header lines just above its From. */
function withHeaders(...lines: string[]): string {
  return REQUEST.replace("From: Reader", `${lines.join("\r\n")}\r\nFrom: Reader`);
}

async function decide(raw: string, envelope: Envelope = ENVELOPE, lastRepliedAt?: number) {
  const email = await parseHeaders(raw);
  if (!email) throw new Error("did not parse");
  return shouldReply(email, envelope, CONFIG, lastRepliedAt, NOW);
}

describe("shouldReply", () => {
  it("answers a reader whose mail passed DMARC and SPF at Cloudflare", async () => {
    expect(await decide(REQUEST)).toEqual({ reply: true, sender: "reader@example.org" });
  });

  it("DMARC fail, or no DMARC result to speak of: no reply", async () => {
    const fail = withVerdict(
      "mx.cloudflare.net; dkim=fail header.d=example.org; dmarc=fail (p=reject) header.from=example.org; spf=fail smtp.mailfrom=reader@example.org",
    );
    expect(await decide(fail)).toEqual({ reply: false, reason: "dmarc-not-pass", detail: "dmarc=fail" });
    expect(
      await decide(withVerdict("mx.cloudflare.net; dkim=none; dmarc=none header.from=example.org; spf=pass smtp.mailfrom=reader@example.org")),
    ).toMatchObject({
      reason: "dmarc-not-pass",
      detail: "dmarc=none",
    });
  });

  it("SPF fail or softfail for the envelope sender: no reply, even with DMARC passing on DKIM", async () => {
    for (const spf of ["fail", "softfail", "permerror"]) {
      const raw = withVerdict(
        `mx.cloudflare.net; dkim=pass header.d=example.org; dmarc=pass header.from=example.org; spf=${spf} smtp.mailfrom=reader@example.org`,
      );
      expect(await decide(raw)).toEqual({ reply: false, reason: "spf-fail", detail: `spf=${spf}` });
    }
  });

  it("only the SPF result for the envelope sender counts, not the HELO name's", async () => {
    const raw = withVerdict(
      "mx.cloudflare.net; dmarc=pass header.from=example.org; spf=fail smtp.helo=mail.example.org; spf=pass smtp.mailfrom=reader@example.org",
    );
    expect(await decide(raw)).toMatchObject({ reply: true });
  });

  it("no Authentication-Results from Cloudflare on top (none, or one from anyone else): no reply", async () => {
    expect(await decide(withVerdict(undefined))).toEqual({ reply: false, reason: "no-authentication-results" });
    const forged = withVerdict("mx.forger.example; dkim=pass; dmarc=pass header.from=example.org; spf=pass smtp.mailfrom=reader@example.org");
    expect(await decide(forged)).toEqual({ reply: false, reason: "no-authentication-results" });
    // A passing header lower down, under a failing one from Cloudflare, is the sender's own writing.
    const under = withHeaders("Authentication-Results: mx.cloudflare.net; dmarc=pass header.from=example.org; spf=pass smtp.mailfrom=reader@example.org");
    const failing = under.replace(
      "dmarc=pass header.from=example.org policy.dmarc=reject;\r\n\tspf=none",
      "dmarc=fail header.from=example.org policy.dmarc=reject;\r\n\tspf=none",
    );
    expect(await decide(failing)).toMatchObject({ reply: false, reason: "dmarc-not-pass" });
  });

  it("automatic mail: Auto-Submitted other than no, X-Auto-Response-Suppress, Precedence bulk/junk/list, list headers", async () => {
    expect(await decide(withHeaders("Auto-Submitted: auto-replied"))).toMatchObject({ reason: "auto-submitted" });
    expect(await decide(withHeaders("Auto-Submitted: auto-generated; owner-email=x@example.org"))).toMatchObject({ reason: "auto-submitted" });
    expect(await decide(withHeaders("Auto-Submitted: no"))).toMatchObject({ reply: true });
    expect(await decide(withHeaders("X-Auto-Response-Suppress: All"))).toMatchObject({ reason: "auto-submitted" });
    expect(await decide(withHeaders("X-Auto-Response-Suppress: None"))).toMatchObject({ reply: true });
    for (const value of ["bulk", "junk", "list", "Bulk"]) expect(await decide(withHeaders(`Precedence: ${value}`))).toMatchObject({ reason: "bulk-or-list" });
    expect(await decide(withHeaders("List-Id: <news.lists.example.org>"))).toMatchObject({ reason: "bulk-or-list" });
  });

  it("bounces: an empty return path, a mailer-daemon or postmaster sender, a multipart/report", async () => {
    expect(await decide(fixture("bounce.eml"), { from: "", to: "mirrors@news.localhost" })).toMatchObject({ reply: false, reason: "bounce" });
    expect(await decide(fixture("bounce.eml"), { from: "bounces@mx.example.net", to: "mirrors@news.localhost" })).toMatchObject({ reason: "bounce" });
    expect(await decide(REQUEST, { from: "<>", to: "mirrors@news.localhost" })).toMatchObject({ reason: "bounce", detail: "empty return path" });
    expect(await decide(REQUEST, { from: "postmaster@example.org", to: "mirrors@news.localhost" })).toMatchObject({
      reason: "bounce",
      detail: "machine sender",
    });
    expect(await decide(REQUEST.replace("From: Reader <reader@example.org>", "From: <MAILER-DAEMON@example.org>"))).toMatchObject({ reason: "bounce" });
    const report = REQUEST.replace(
      "Content-Type: text/plain; charset=utf-8",
      'Content-Type: multipart/report; report-type=disposition-notification; boundary="b"',
    );
    expect(await decide(report)).toMatchObject({ reason: "bounce", detail: "delivery or feedback report" });
  });

  it("mail from the site's own addresses, envelope or From: no reply (no loops)", async () => {
    expect(await decide(REQUEST, { from: "Mirrors@News.Localhost", to: "mirrors@news.localhost" })).toEqual({ reply: false, reason: "own-address" });
    expect(await decide(REQUEST.replace("From: Reader <reader@example.org>", "From: <editor@news.localhost>"))).toEqual({
      reply: false,
      reason: "own-address",
    });
  });

  it("a sender answered less than an hour ago gets nothing; an hour later, the next reply", async () => {
    expect(await decide(REQUEST, ENVELOPE, NOW - 10 * 60 * 1000)).toEqual({ reply: false, reason: "replied-recently" });
    expect(await decide(REQUEST, ENVELOPE, NOW - REPLY_INTERVAL_MS + 1)).toMatchObject({ reason: "replied-recently" });
    expect(await decide(REQUEST, ENVELOPE, NOW - REPLY_INTERVAL_MS)).toMatchObject({ reply: true });
  });

  it("screens without the rate limit, so junk never costs a lookup", async () => {
    const email = await parseHeaders(REQUEST);
    expect(email && screenMessage(email, ENVELOPE, CONFIG)).toEqual({ reply: true, sender: "reader@example.org" });
  });

  it("mail to another address, or without a Message-ID to answer: no reply", async () => {
    expect(await decide(REQUEST, { from: "reader@example.org", to: "letters@news.localhost" })).toMatchObject({ reason: "not-addressed" });
    expect(await decide(REQUEST.replace(/Message-ID: .*\r\n/, ""))).toMatchObject({ reason: "no-message-id" });
  });
});

describe("Authentication-Results", () => {
  it("parses methods, results and properties, skipping comments that hold ; and =", () => {
    expect(parseAuthenticationResults('mx.cloudflare.net; spf=pass (mx: a=b; c) smtp.mailfrom="r@example.org"; dmarc=pass header.from=example.org')).toEqual({
      authservId: "mx.cloudflare.net",
      results: [
        { method: "spf", result: "pass", properties: { "smtp.mailfrom": "r@example.org" } },
        { method: "dmarc", result: "pass", properties: { "header.from": "example.org" } },
      ],
    });
    expect(parseAuthenticationResults("mx.microsoft.com 1; spf=pass smtp.mailfrom=a.example")?.authservId).toBe("mx.microsoft.com");
  });

  it("believes only the topmost header, and only from a trusted authserv-id", () => {
    const headers = [
      { key: "authentication-results", value: "mx.cloudflare.net; dmarc=fail; spf=pass smtp.mailfrom=a@b.example" },
      { key: "authentication-results", value: "mx.cloudflare.net; dmarc=pass; spf=pass smtp.mailfrom=a@b.example" },
    ];
    expect(senderVerdict(headers, ["mx.cloudflare.net"])).toEqual({ authservId: "mx.cloudflare.net", dmarc: "fail", spf: "pass" });
    expect(senderVerdict(headers, ["mx.example.net"])).toBeUndefined();
  });
});

describe("parseHeaders", () => {
  it("reads a raw stream's header block only, with postal-mime", async () => {
    const body = "x".repeat(5 * 1024 * 1024);
    const stream = new Blob([REQUEST, body]).stream();
    const email = await parseHeaders(stream);
    expect(email).toMatchObject({
      subject: "addresses?",
      messageId: "<20261125095800.reader@example.org>",
      from: { address: "reader@example.org", name: "Reader" },
    });
  });

  it("gives up on a header block larger than the limit", async () => {
    expect(await parseHeaders(`X-Padding: ${"y".repeat(MAX_HEADER_BYTES)}\r\n${REQUEST}`)).toBeUndefined();
  });
});

const mirrors = publicMirrors(POLICY);
const headlines = Array.from({ length: 10 }, (_, i) => ({ headline: `Headline ${i + 1}`, url: `https://mirror-one.example/articles/story-${i + 1}` }));
const text = composeReply({
  site: { name: "The Meridian Courier" },
  address: "mirrors@news.localhost",
  mirrors,
  signingKey: "RWTJ+lCBqjjO9Wnh2dWmVJdxtqgDWy14xD1QtxssENph5fu9L88suDIN",
  headlines,
});

describe("composeReply", () => {
  it("lists every public address with its stay link, the onion address, the signing public key and ten headlines on a mirror", () => {
    for (const m of mirrors) {
      expect(text).toContain(`  ${m.url}\n`);
      if (m.proto !== "tor") expect(text).toContain(`  ${m.stayUrl}\n`);
    }
    expect(text).toContain(`In Tor Browser only:\n  http://${"a".repeat(56)}.onion/\n`);
    expect(text).toContain("  RWTJ+lCBqjjO9Wnh2dWmVJdxtqgDWy14xD1QtxssENph5fu9L88suDIN\n");
    expect(text).toContain("Latest stories (links on mirror-one.example):");
    for (const [i, h] of headlines.entries()) expect(text).toContain(`${i + 1}. ${h.headline}\n   ${h.url}\n`);
  });

  it("keeps stored text on one line", () => {
    const odd = composeReply({
      site: { name: "Site" },
      address: "a@b.example",
      mirrors: [],
      headlines: [{ headline: "One\r\nBcc: x@y.example", url: "https://b.example/x" }],
    });
    expect(odd).toContain("1. One Bcc: x@y.example\n");
  });
});

describe("the reply message", () => {
  const incoming = { subject: "addresses?", messageId: "<20261125095800.reader@example.org>", references: "<root@example.org>" };
  const raw = replyMime({
    from: "mirrors@news.localhost",
    fromName: "The Meridian Courier",
    to: "reader@example.org",
    incoming,
    text,
    date: NOW,
    messageId: newMessageId("mirrors@news.localhost", "0b7c2a51-4bd1-4c55-9d6b-1a1f0e6f2a10"),
  });

  it("threads under the message, says it is automatic, and parses back to the same text", async () => {
    const parsed = await PostalMime.parse(raw);
    expect(parsed.from).toEqual({ address: "mirrors@news.localhost", name: "The Meridian Courier" });
    expect(parsed.to).toEqual([{ address: "reader@example.org", name: "" }]);
    expect(parsed.subject).toBe("Re: addresses?");
    expect(parsed.inReplyTo).toBe(incoming.messageId);
    expect(parsed.references).toBe("<root@example.org> <20261125095800.reader@example.org>");
    expect(parsed.messageId).toBe("<0b7c2a51-4bd1-4c55-9d6b-1a1f0e6f2a10@news.localhost>");
    expect(parsed.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-replied");
    expect(parsed.date).toBe("2026-11-25T10:00:00.000Z");
    expect(parsed.text?.replace(/\r\n/g, "\n")).toBe(text);
  });

  it("uses CRLF line ends and no line over 998 characters", () => {
    expect(raw).not.toMatch(/[^\r]\n/);
    for (const l of raw.split("\r\n")) expect(l.length).toBeLessThanOrEqual(998);
  });

  it("encodes non-ASCII subjects and names whole characters at a time, and lets no line break into a header", async () => {
    const rtl = replyMime({
      from: "mirrors@news.localhost",
      fromName: "صحيفة ميريديان",
      to: "reader@example.org",
      incoming: { subject: `سؤال عن العناوين ${"و".repeat(40)}\r\nBcc: victim@example.net`, messageId: "<m@example.org>" },
      text: "نص",
      date: NOW,
      messageId: "<r@news.localhost>",
    });
    const parsed = await PostalMime.parse(rtl);
    expect(parsed.from?.name).toBe("صحيفة ميريديان");
    expect(parsed.subject).toBe(`Re: سؤال عن العناوين ${"و".repeat(40)} Bcc: victim@example.net`);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.text).toBe("نص");
  });

  it("for any subject and sender name: the same text parses back, and no header is added", async () => {
    const text = fc.string({ unit: "grapheme", maxLength: 120 });
    const pieces = fc.array(fc.oneof(text, fc.constantFrom("\r\n", "\n", "\r\nBcc: v@example.net", "=?UTF-8?B?", "?=", '"', "\\", " ", "Re: ")), {
      maxLength: 8,
    });
    await fc.assert(
      fc.asyncProperty(pieces, pieces, async (subjectParts, nameParts) => {
        const subject = subjectParts.join("");
        const name = nameParts.join("");
        const message = replyMime({
          from: "mirrors@news.localhost",
          fromName: name,
          to: "r@example.org",
          incoming: { subject, messageId: "<m@example.org>" },
          text: "t",
          date: NOW,
          messageId: "<r@news.localhost>",
        });
        const parsed = await PostalMime.parse(message);
        expect(parsed.subject).toBe(replySubject(subject));
        expect(parsed.from?.address).toBe("mirrors@news.localhost");
        expect(parsed.bcc).toBeUndefined();
        expect(parsed.headers.map((h) => h.key)).toEqual([
          "from",
          "to",
          "subject",
          "date",
          "message-id",
          "in-reply-to",
          "references",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "auto-submitted",
          "x-auto-response-suppress",
        ]);
      }),
      { numRuns: 200, seed: 20261125 },
    );
  });

  it("refuses what is not an address or a Message-ID", () => {
    expect(() => mailbox("x", "reader@example.org>\r\nBcc: y@example.net")).toThrow();
    expect(() =>
      replyMime({
        from: "mirrors@news.localhost",
        fromName: "S",
        to: "r@example.org",
        incoming: { messageId: "no brackets" },
        text: "",
        date: NOW,
        messageId: "<a@b>",
      }),
    ).toThrow();
  });

  it("subjects: one Re:, a default for none", () => {
    expect(replySubject("RE: addresses")).toBe("RE: addresses");
    expect(replySubject(undefined)).toBe("Re: your message");
    expect(encodeWords("plain")).toBe("plain");
    expect(mailbox("Courier, Inc.", "a@b.example")).toBe('"Courier, Inc." <a@b.example>');
  });

  it("the message-builder form for reply(builder) carries the same sender, subject, text and automatic-reply headers", () => {
    expect(replyFields({ from: "mirrors@news.localhost", fromName: "The Meridian Courier", to: "reader@example.org", incoming, text })).toEqual({
      from: { name: "The Meridian Courier", email: "mirrors@news.localhost" },
      subject: "Re: addresses?",
      text,
      headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
    });
  });
});

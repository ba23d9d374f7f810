// News by email, through the Worker's email() handler in workerd: a reader's message to the mirrors
// address gets one plain-text answer with every address (and the links that keep the reader there),
// the onion address, the mirror list's signing key and the ten newest headlines on a mirror; a second message within the hour,
// automatic mail and mail failing DMARC get none.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../src/email/handler.ts";
import worker from "../../src/index.ts";
import { seedSite, visibleSeedRecords } from "../support/worker.ts";

const REQUEST = [
  "Authentication-Results: mx.cloudflare.net; dkim=pass header.d=example.org; dmarc=pass header.from=example.org; spf=pass smtp.mailfrom={from}",
  "From: Reader <{from}>",
  "To: mirrors@news.localhost",
  "Subject: addresses?",
  "Date: Wed, 25 Nov 2026 09:58:00 +0000",
  "Message-ID: <{id}@example.org>",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
  "{extra}",
  "Hello, the site does not open here. Where else can I read it?",
].join("\r\n");

interface Delivered {
  /** What the handler passed to reply(): workerd's EmailMessage keeps its content internal. */
  replies: unknown[];
}

/** A message as Email Routing hands it to the Worker; reply() collects what the handler sends. */
function incoming(from: string, replies: unknown[], options: { extra?: string; dmarc?: string } = {}): ForwardableEmailMessage {
  const raw = REQUEST.replaceAll("{from}", from)
    .replace("{id}", crypto.randomUUID())
    .replace("{extra}\r\n", options.extra ? `${options.extra}\r\n\r\n` : "\r\n")
    .replace("dmarc=pass", `dmarc=${options.dmarc ?? "pass"}`);
  const bytes = new TextEncoder().encode(raw);
  return {
    from,
    to: "mirrors@news.localhost",
    headers: new Headers(),
    raw: new Response(bytes).body,
    rawSize: bytes.byteLength,
    canBeForwarded: true,
    setReject: () => undefined,
    forward: async () => undefined,
    reply: async (reply: unknown) => {
      replies.push(reply);
    },
  } as unknown as ForwardableEmailMessage;
}

/** Delivers a message through the Worker's email() handler. */
async function deliver(from: string, options: { extra?: string; dmarc?: string } = {}): Promise<Delivered> {
  const replies: unknown[] = [];
  await worker.email(incoming(from, replies, options), env);
  return { replies };
}

/** The reply's body: base64 lines after the headers. */
function bodyOf(reply: string): string {
  const [, encoded = ""] = reply.split("\r\n\r\n");
  return new TextDecoder().decode(Uint8Array.from(atob(encoded.replace(/\r\n/g, "")), (c) => c.charCodeAt(0)));
}

describe("news by email", () => {
  it("answers with every address, the onion address and the ten newest headlines on a mirror", async () => {
    const answer = await composeAnswer(incoming("reader-one@example.org", []), env);
    expect(answer).toMatchObject({ from: "mirrors@news.localhost", to: "reader-one@example.org", headlines: 10 });
    const reply = answer?.raw ?? "";
    expect(reply).toMatch(/^From: .*mirrors@news\.localhost/m);
    expect(reply).toContain("\r\nIn-Reply-To: <");
    expect(reply).toContain("\r\nAuto-Submitted: auto-replied");
    const text = bodyOf(reply);
    expect(text).toContain("http://mirror-one.localhost:8787/?stay=1");
    expect(text).toContain("http://uk.localhost:8787/?stay=1");
    expect(text).toContain(".onion");
    expect(text).toContain(`  ${seedSite().signingKey}\r\n`);
    const newest = visibleSeedRecords().slice(0, 10);
    for (const record of newest) expect(text).toContain(record.article.headline);
    expect(text).toContain(`http://mirror-one.localhost:8787/articles/${newest[0]?.article.slug}`);
    expect(text).toContain(seedSite().name);
  });

  it("sends the answer through the platform's reply()", async () => {
    const { replies } = await deliver("reader-four@example.org");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toBeTypeOf("object");
  });

  it("answers a sender at most once an hour", async () => {
    expect((await deliver("reader-two@example.org")).replies).toHaveLength(1);
    expect((await deliver("reader-two@example.org")).replies).toHaveLength(0);
    expect((await deliver("reader-three@example.org")).replies).toHaveLength(1);
  });

  it("never answers automatic mail, or mail that fails DMARC", async () => {
    expect((await deliver("robot@example.org", { extra: "Auto-Submitted: auto-replied" })).replies).toHaveLength(0);
    expect((await deliver("list@example.org", { extra: "Precedence: bulk" })).replies).toHaveLength(0);
    expect((await deliver("spoofed@example.org", { dmarc: "fail" })).replies).toHaveLength(0);
    expect((await deliver("news@news.localhost")).replies).toHaveLength(0);
  });
});

// The signed mirror list (src/policy/minisign.ts, blake2b.ts): key and signature formats byte for byte,
// and every reason a reader's check can fail, in the words `npm run verify-mirrors` prints.

import { createPrivateKey, sign as nodeSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blake2b } from "../../src/policy/blake2b.ts";
import {
  type MinisignSecretKey,
  checkSecretKey,
  formatPublicKey,
  formatSecretKey,
  generateSecretKey,
  keyIdHex,
  parsePublicKey,
  parseSecretKey,
  publicKeyFile,
  sign,
  signMirrorList,
  toBase64,
  trustedCommentFor,
  verify,
} from "../../src/policy/minisign.ts";

const text = (s: string) => new TextEncoder().encode(s);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

const KEY_ID = Uint8Array.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0a]);
/** A fixed key pair: RFC 8032's first Ed25519 test key. */
const SEED = Uint8Array.from(Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex"));
const PUBLIC = Uint8Array.from(Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex"));
const SECRET: MinisignSecretKey = { keyId: KEY_ID, seed: SEED, key: PUBLIC };
const PUBLIC_LINE = b64(Uint8Array.from([...text("Ed"), ...KEY_ID, ...PUBLIC]));

/** Signs as `minisign -S -l` does: the legacy kind, Ed25519 over the file itself. */
function legacySignature(data: Uint8Array, trusted: string): string {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(SEED)]),
    format: "der",
    type: "pkcs8",
  });
  const signature = new Uint8Array(nodeSign(null, data, key));
  const global = new Uint8Array(nodeSign(null, Buffer.concat([signature, text(trusted)]), key));
  return `untrusted comment: legacy\n${b64(Uint8Array.from([...text("Ed"), ...KEY_ID, ...signature]))}\ntrusted comment: ${trusted}\n${b64(global)}\n`;
}

describe("key formats", () => {
  it("prints the key id as minisign does: little-endian capital hex", () => {
    expect(keyIdHex(KEY_ID)).toBe("0A07060504030201");
    expect(keyIdHex(new Uint8Array(8))).toBe("0000000000000000");
  });

  it("writes the public key line and file", () => {
    expect(formatPublicKey(SECRET)).toBe(PUBLIC_LINE);
    expect(PUBLIC_LINE.startsWith("RW")).toBe(true);
    expect(publicKeyFile(SECRET)).toBe(`untrusted comment: minisign public key 0A07060504030201\n${PUBLIC_LINE}\n`);
  });

  it("reads the public key line alone or in a file, with CRLF and spaces", () => {
    const expected = { keyId: KEY_ID, key: PUBLIC };
    expect(parsePublicKey(PUBLIC_LINE)).toEqual(expected);
    expect(parsePublicKey(`\r\n  untrusted comment: mine\r\n  ${PUBLIC_LINE}  \r\n`)).toEqual(expected);
  });

  it("refuses a public key that is not one, or not Ed25519", () => {
    const notKey = { error: "not a minisign public key: expected one line of 56 base64 characters starting with RW" };
    expect(parsePublicKey("")).toEqual(notKey);
    expect(parsePublicKey("untrusted comment: only a comment")).toEqual(notKey);
    expect(parsePublicKey(PUBLIC_LINE.slice(0, -4))).toEqual(notKey);
    expect(parsePublicKey(`${PUBLIC_LINE}AAAA`)).toEqual(notKey);
    expect(parsePublicKey(`${PUBLIC_LINE.slice(0, -1)}!`)).toEqual(notKey);
    expect(parsePublicKey(PUBLIC_LINE.slice(1))).toEqual(notKey);
    expect(parsePublicKey(b64(Uint8Array.from([...text("Ex"), ...KEY_ID, ...PUBLIC])))).toEqual({
      error: "not an Ed25519 minisign public key (it should start with RW)",
    });
  });

  it("writes and reads the secret as stored", () => {
    const stored = formatSecretKey(SECRET);
    expect(stored).toBe(`edge-news-minisign-1:${b64(Uint8Array.from([...KEY_ID, ...SEED, ...PUBLIC]))}`);
    expect(parseSecretKey(`  ${stored}\n`)).toEqual(SECRET);
  });

  it("refuses a secret without the prefix, or damaged", () => {
    expect(parseSecretKey("RWabc")).toEqual({ error: 'MIRRORS_SIGNING_KEY must start with "edge-news-minisign-1:"; make one with npm run keygen-mirrors' });
    const damaged = {
      error: "MIRRORS_SIGNING_KEY is damaged (wrong length or not base64); paste the whole line npm run keygen-mirrors printed",
    };
    const stored = formatSecretKey(SECRET);
    expect(parseSecretKey(stored.slice(0, -4))).toEqual(damaged);
    expect(parseSecretKey(`${stored}AAAA`)).toEqual(damaged);
    expect(parseSecretKey(`${stored.slice(0, -2)}=A`)).toEqual(damaged);
    expect(parseSecretKey("edge-news-minisign-1:")).toEqual(damaged);
  });

  it("encodes base64 as btoa does", () => {
    expect(toBase64(Uint8Array.from([0, 255, 1]))).toBe("AP8B");
    expect(toBase64(new Uint8Array())).toBe("");
  });

  it("checks that a secret's seed belongs to its public key", async () => {
    expect(await checkSecretKey(SECRET)).toBeUndefined();
    expect(await checkSecretKey({ ...SECRET, key: new Uint8Array(32).fill(7) })).toBe(
      "MIRRORS_SIGNING_KEY does not match its own public key; generate a new one with npm run keygen-mirrors",
    );
  });

  it("generates fresh key pairs with random key ids", async () => {
    const a = await generateSecretKey();
    const b = await generateSecretKey();
    expect(a.keyId).toHaveLength(8);
    expect(a.seed).toHaveLength(32);
    expect(a.key).toHaveLength(32);
    expect(hex(a.keyId)).not.toBe(hex(b.keyId));
    expect(await checkSecretKey(a)).toBeUndefined();
  });
});

describe("signatures", () => {
  const data = text('{"version":"2.0"}');

  it("writes the prehashed kind: untrusted comment, signature, trusted comment, global signature", async () => {
    const signature = await sign(data, SECRET, { trustedComment: "timestamp:1\tfile:mirrors.json\thashed" });
    const lines = signature.split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe("untrusted comment: signature from minisign secret key 0A07060504030201");
    const raw = unb64(lines[1] ?? "");
    expect(raw).toHaveLength(74);
    expect(new TextDecoder().decode(raw.subarray(0, 2))).toBe("ED");
    expect(raw.subarray(2, 10)).toEqual(KEY_ID);
    // Ed25519 is deterministic: the same key and message give the same signature.
    expect(lines[1]).toBe((await sign(data, SECRET, { trustedComment: "x" })).split("\n")[1]);
    expect(lines[2]).toBe("trusted comment: timestamp:1\tfile:mirrors.json\thashed");
    expect(unb64(lines[3] ?? "")).toHaveLength(64);
    expect(lines[4]).toBe("");
    const custom = await sign(data, SECRET, { trustedComment: "t", untrustedComment: "my comment" });
    expect(custom.split("\n")[0]).toBe("untrusted comment: my comment");
  });

  it("refuses comments of more than one line", async () => {
    for (const options of [{ trustedComment: "a\rb" }, { trustedComment: "a", untrustedComment: "b\nc" }])
      await expect(sign(data, SECRET, options)).rejects.toThrow("minisign comments are one line: remove the line breaks");
  });

  it("writes the trusted comment minisign writes, in whole seconds", () => {
    expect(trustedCommentFor("mirrors.json", new Date("2026-11-25T10:00:00.999Z"))).toBe("timestamp:1795600800\tfile:mirrors.json\thashed");
  });

  it("verifies its own signatures against the key object or its text, also with CRLF line ends", async () => {
    const signature = await sign(data, SECRET, { trustedComment: "made here" });
    const ok = { ok: true, trustedComment: "made here", prehashed: true };
    expect(await verify(data, signature, SECRET)).toEqual(ok);
    expect(await verify(data, signature, PUBLIC_LINE)).toEqual(ok);
    expect(await verify(data, signature.replace(/\n/g, "\r\n"), PUBLIC_LINE)).toEqual(ok);
    const spaced = signature
      .split("\n")
      .map((line, i) => (i === 1 || i === 3 ? ` ${line} ` : line))
      .join("\n");
    expect(await verify(data, spaced, PUBLIC_LINE)).toEqual(ok);
  });

  it("verifies the legacy kind, Ed25519 over the file itself", async () => {
    expect(await verify(data, legacySignature(data, "old"), PUBLIC_LINE)).toEqual({ ok: true, trustedComment: "old", prehashed: false });
    expect(await verify(text("other"), legacySignature(data, "old"), PUBLIC_LINE)).toEqual({
      ok: false,
      reason: "signature verification failed: the file is not the one that was signed",
    });
  });

  it("names each way a signature file can be wrong", async () => {
    const signature = await sign(data, SECRET, { trustedComment: "t" });
    const lines = signature.split("\n");
    const withLine = (i: number, line: string) => lines.map((l, j) => (j === i ? line : l)).join("\n");
    const notFile = {
      ok: false,
      reason: "not a minisign signature file: expected the untrusted comment, signature, trusted comment and global signature lines",
    };
    expect(await verify(data, "", PUBLIC_LINE)).toEqual(notFile);
    expect(await verify(data, withLine(0, "comment: x"), PUBLIC_LINE)).toEqual(notFile);
    expect(await verify(data, withLine(2, "trusted comment:t"), PUBLIC_LINE)).toEqual(notFile);
    expect(await verify(data, lines.slice(0, 2).join("\n"), PUBLIC_LINE)).toEqual(notFile);
    const damaged = { ok: false, reason: "the signature file is damaged: a signature line is not base64 of the right length" };
    expect(await verify(data, withLine(1, (lines[1] ?? "").slice(0, -4)), PUBLIC_LINE)).toEqual(damaged);
    expect(await verify(data, withLine(3, (lines[3] ?? "").slice(0, -4)), PUBLIC_LINE)).toEqual(damaged);
    expect(await verify(data, withLine(1, "not base64!"), PUBLIC_LINE)).toEqual(damaged);
    expect(await verify(data, lines.slice(0, 3).join("\n"), PUBLIC_LINE)).toEqual(damaged);
    const raw = unb64(lines[1] ?? "");
    raw.set(text("XY"), 0);
    expect(await verify(data, withLine(1, b64(raw)), PUBLIC_LINE)).toEqual({ ok: false, reason: 'unknown signature algorithm "XY"' });
    expect(await verify(data, withLine(2, "trusted comment: u"), PUBLIC_LINE)).toEqual({
      ok: false,
      reason: "comment signature verification failed: the trusted comment was changed",
    });
    expect(await verify(data, signature, "RWnope")).toEqual({
      ok: false,
      reason: "not a minisign public key: expected one line of 56 base64 characters starting with RW",
    });
    const otherId = { keyId: Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]), key: PUBLIC };
    expect(await verify(data, signature, otherId)).toEqual({
      ok: false,
      reason: "the signature was made with key 0A07060504030201, but the public key given is 0909090909090909",
    });
  });
});

describe("signMirrorList", () => {
  it("signs the list's exact bytes, given as text or bytes", async () => {
    const at = new Date("2026-11-25T10:00:00Z");
    const fromText = await signMirrorList("{}", formatSecretKey(SECRET), at);
    const fromBytes = await signMirrorList(text("{}"), formatSecretKey(SECRET), at);
    expect(fromText).toEqual(fromBytes);
    if (!("signature" in fromText)) throw new Error(fromText.error);
    expect(await verify(text("{}"), fromText.signature, PUBLIC_LINE)).toEqual({
      ok: true,
      trustedComment: "timestamp:1795600800\tfile:mirrors.json\thashed",
      prehashed: true,
    });
  });

  it("says what is wrong with the secret instead of signing", async () => {
    const at = new Date();
    expect(await signMirrorList("{}", "nope", at)).toEqual({ error: expect.stringContaining('must start with "edge-news-minisign-1:"') });
    expect(await signMirrorList("{}", formatSecretKey({ ...SECRET, key: new Uint8Array(32).fill(7) }), at)).toEqual({
      error: "MIRRORS_SIGNING_KEY does not match its own public key; generate a new one with npm run keygen-mirrors",
    });
  });
});

describe("BLAKE2b", () => {
  it("makes digests of every length from 1 to 64 bytes, each its own", () => {
    // RFC 7693 and the reference implementation: BLAKE2b-256 and -160 of "abc", BLAKE2b-8 of "".
    expect(hex(blake2b(text("abc"), 32))).toBe("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    expect(hex(blake2b(text("abc"), 20))).toBe("384264f676f39536840523f284921cdc68b6846b");
    expect(hex(blake2b(new Uint8Array(), 1))).toBe("2e");
    expect(blake2b(text("abc"), 64)).toHaveLength(64);
    expect(hex(blake2b(text("abc"), 32))).not.toBe(hex(blake2b(text("abc")).slice(0, 32)));
  });

  it("refuses impossible lengths, saying which", () => {
    for (const length of [0, 65, 1.5, Number.NaN])
      expect(() => blake2b(text("abc"), length), String(length)).toThrow(`BLAKE2b output length must be 1 to 64 bytes, not ${length}`);
  });

  it("reads a view into a larger buffer as its own bytes", () => {
    const buffer = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    expect(hex(blake2b(buffer.subarray(7, 7 + 200)))).toBe(hex(blake2b(buffer.slice(7, 7 + 200))));
  });
});

// Mirror-list signatures: BLAKE2b against known vectors and Node's own, and the minisign format against
// the real `minisign` command line tool (Debian's package), both ways.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blake2b } from "../../src/policy/blake2b.ts";
import {
  checkSecretKey,
  formatPublicKey,
  formatSecretKey,
  generateSecretKey,
  keyIdHex,
  type MinisignSecretKey,
  parsePublicKey,
  parseSecretKey,
  sign,
  signMirrorList,
  trustedCommentFor,
  verify,
} from "../../src/policy/minisign.ts";

const run = promisify(execFile);
const MINISIGN = ["/usr/bin/minisign", "/usr/local/bin/minisign"].find((path) => existsSync(path));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const text = (s: string) => new TextEncoder().encode(s);

const MIRRORS = JSON.stringify({
  version: "2.0",
  sites: [{ main_domain: "news.example", available_alternatives: [{ proto: "https", type: "mirror", url: "https://mirror-one.example/" }] }],
});

describe("BLAKE2b", () => {
  it("gives the RFC 7693 and reference digests", () => {
    expect(hex(blake2b(text("abc")))).toBe(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    );
    expect(hex(blake2b(new Uint8Array(0)))).toBe(
      "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
    );
  });

  it("agrees with Node's blake2b512 across block boundaries", () => {
    for (const length of [1, 127, 128, 129, 255, 256, 257, 1000, 4096]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(hex(blake2b(data)), `length ${length}`).toBe(createHash("blake2b512").update(data).digest("hex"));
    }
  });

  it("makes shorter digests and refuses impossible lengths", () => {
    expect(hex(blake2b(text("abc"), 32))).toBe("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    expect(() => blake2b(text("abc"), 65)).toThrow(/1 to 64/);
  });
});

describe("minisign keys and signatures", () => {
  let secret: MinisignSecretKey;
  beforeAll(async () => {
    secret = await generateSecretKey();
  });

  it("round-trips the secret and public key formats", async () => {
    const parsed = parseSecretKey(formatSecretKey(secret));
    expect(parsed).toEqual(secret);
    const publicKey = formatPublicKey(secret);
    expect(publicKey).toMatch(/^RW[A-Za-z0-9+/]{54}$/);
    expect(parsePublicKey(publicKey)).toEqual({ keyId: secret.keyId, key: secret.key });
    expect(await checkSecretKey(secret)).toBeUndefined();
  });

  it("refuses damaged or foreign keys with a reason", async () => {
    expect(parseSecretKey("RWabc")).toEqual({ error: expect.stringContaining("npm run keygen-mirrors") });
    expect(parseSecretKey("edge-news-minisign-1:AAAA")).toEqual({ error: expect.stringContaining("damaged") });
    expect(parsePublicKey("hello")).toEqual({ error: expect.stringContaining("RW") });
    const other = await generateSecretKey();
    expect(await checkSecretKey({ ...secret, key: other.key })).toMatch(/does not match/);
  });

  it("verifies its own signatures and names what is wrong", async () => {
    const data = text(MIRRORS);
    const signature = await sign(data, secret, { trustedComment: trustedCommentFor("mirrors.json", new Date("2026-11-25T10:00:00Z")) });
    expect(signature.split("\n")[2]).toBe("trusted comment: timestamp:1795600800\tfile:mirrors.json\thashed");
    expect(await verify(data, signature, formatPublicKey(secret))).toEqual({
      ok: true,
      trustedComment: "timestamp:1795600800\tfile:mirrors.json\thashed",
      prehashed: true,
    });
    const changed = text(MIRRORS.replace("mirror-one", "mirror-0ne"));
    expect(await verify(changed, signature, formatPublicKey(secret))).toEqual({ ok: false, reason: expect.stringContaining("not the one that was signed") });
    const forged = signature.replace("file:mirrors.json", "file:other.json");
    expect(await verify(data, forged, formatPublicKey(secret))).toEqual({ ok: false, reason: expect.stringContaining("trusted comment was changed") });
    const other = await generateSecretKey();
    expect(await verify(data, signature, formatPublicKey(other))).toEqual({
      ok: false,
      reason: `the signature was made with key ${keyIdHex(secret.keyId)}, but the public key given is ${keyIdHex(other.keyId)}`,
    });
    expect(await verify(data, "hello", formatPublicKey(secret))).toEqual({ ok: false, reason: expect.stringContaining("not a minisign signature file") });
    await expect(sign(data, secret, { trustedComment: "two\nlines" })).rejects.toThrow(/one line/);
  });
});

describe("signMirrorList", () => {
  it("signs the served text with the stored secret, or says what is wrong with the secret", async () => {
    const secret = await generateSecretKey();
    const signed = await signMirrorList(MIRRORS, formatSecretKey(secret), new Date("2026-11-25T10:00:00Z"));
    if (!("signature" in signed)) throw new Error(signed.error);
    expect(await verify(text(MIRRORS), signed.signature, formatPublicKey(secret))).toMatchObject({
      ok: true,
      trustedComment: "timestamp:1795600800\tfile:mirrors.json\thashed",
    });
    expect(await signMirrorList(MIRRORS, "", new Date())).toEqual({ error: expect.stringContaining("MIRRORS_SIGNING_KEY must start with") });
    const other = await generateSecretKey();
    expect(await signMirrorList(MIRRORS, formatSecretKey({ ...secret, key: other.key }), new Date())).toEqual({
      error: expect.stringContaining("does not match"),
    });
  });
});

describe.skipIf(!MINISIGN)("the real minisign command line tool", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "minisign-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const minisign = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(MINISIGN ?? "minisign", args, { cwd: dir });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
    }
  };

  it("verifies a signature made here, and refuses it after one changed byte", async () => {
    const secret = await generateSecretKey();
    const data = text(MIRRORS);
    await writeFile(join(dir, "mirrors.json"), data);
    await writeFile(join(dir, "mirrors.json.minisig"), await sign(data, secret, { trustedComment: trustedCommentFor("mirrors.json", new Date()) }));
    const good = await minisign("-Vm", "mirrors.json", "-P", formatPublicKey(secret));
    expect(good.output).toContain("Signature and comment signature verified");
    expect(good.code).toBe(0);
    // -H: the tool insists on the prehashed kind, the one this module makes.
    expect((await minisign("-V", "-H", "-m", "mirrors.json", "-P", formatPublicKey(secret))).code).toBe(0);

    const tampered = Uint8Array.from(data);
    tampered[20] = (tampered[20] ?? 0) ^ 0x01;
    await writeFile(join(dir, "mirrors.json"), tampered);
    const bad = await minisign("-Vm", "mirrors.json", "-P", formatPublicKey(secret));
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain("Signature verification failed");
  });

  it("verifies signatures the tool made, prehashed and legacy", async () => {
    await minisign("-G", "-W", "-p", "tool.pub", "-s", "tool.key");
    const publicKey = await readFile(join(dir, "tool.pub"), "utf8");
    await writeFile(join(dir, "list.json"), MIRRORS);
    await minisign("-S", "-s", "tool.key", "-m", "list.json", "-t", "made by the tool");
    await minisign("-S", "-l", "-s", "tool.key", "-m", "list.json", "-x", "legacy.minisig");
    const data = text(MIRRORS);
    expect(await verify(data, await readFile(join(dir, "list.json.minisig"), "utf8"), publicKey)).toEqual({
      ok: true,
      trustedComment: "made by the tool",
      prehashed: true,
    });
    expect(await verify(data, await readFile(join(dir, "legacy.minisig"), "utf8"), publicKey)).toMatchObject({ ok: true, prehashed: false });
  });
});

if (!MINISIGN) console.warn("minisign is not installed (apt-get install minisign): the tests against the real tool were skipped");

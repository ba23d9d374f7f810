// Minisign signatures (https://jedisct1.github.io/minisign/) for /.well-known/mirrors.json: readers verify
// the mirror list with `minisign -Vm mirrors.json -P RW...`. Ed25519 through WebCrypto; pure otherwise.
//
// Signatures are the prehashed kind ("ED": Ed25519 over the BLAKE2b-512 of the file), the default since
// minisign 0.10, which is phasing the legacy kind out; Debian's 0.11 verifies them, even with -H. The
// legacy kind ("Ed": Ed25519 over the file itself) is verified too, as `minisign -S -l` makes it.

import { blake2b } from "./blake2b.ts";

const PUBLIC_KEY_ALGORITHM = "Ed";
const PREHASHED = "ED";
const LEGACY = "Ed";
const KEY_ID_BYTES = 8;
const SECRET_PREFIX = "edge-news-minisign-1:";
// A PKCS #8 wrapper for a raw 32-byte Ed25519 seed: WebCrypto imports private keys only in PKCS #8 or JWK.
const PKCS8_ED25519 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const ED25519 = { name: "Ed25519" };

export interface MinisignPublicKey {
  keyId: Uint8Array;
  key: Uint8Array;
}

/** The signing key kept as a Worker secret: its key id, the Ed25519 seed and the public key. */
export interface MinisignSecretKey extends MinisignPublicKey {
  seed: Uint8Array;
}

export type Verification = { ok: true; trustedComment: string; prehashed: boolean } | { ok: false; reason: string };

export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The key id as minisign prints it: the 8 bytes read as a little-endian number, in capital hex. */
export function keyIdHex(keyId: Uint8Array): string {
  return [...keyId]
    .reverse()
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}

/** "RW…": the line `minisign -P` takes and a .pub file holds. */
export function formatPublicKey(key: MinisignPublicKey): string {
  return toBase64(concat(new TextEncoder().encode(PUBLIC_KEY_ALGORITHM), key.keyId, key.key));
}

/** A minisign.pub file, for readers who prefer `minisign -V -p file`. */
export function publicKeyFile(key: MinisignPublicKey): string {
  return `untrusted comment: minisign public key ${keyIdHex(key.keyId)}\n${formatPublicKey(key)}\n`;
}

/** Reads a public key: the "RW…" line alone or a whole minisign.pub file. */
export function parsePublicKey(text: string): MinisignPublicKey | { error: string } {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== "" && !l.startsWith("untrusted comment:"));
  const bytes = line ? fromBase64(line) : undefined;
  if (!bytes || bytes.length !== 2 + KEY_ID_BYTES + 32)
    return { error: "not a minisign public key: expected one line of 56 base64 characters starting with RW" };
  if (ascii(bytes.subarray(0, 2)) !== PUBLIC_KEY_ALGORITHM) return { error: "not an Ed25519 minisign public key (it should start with RW)" };
  return { keyId: bytes.slice(2, 2 + KEY_ID_BYTES), key: bytes.slice(2 + KEY_ID_BYTES) };
}

/** The secret as stored with `wrangler secret put MIRRORS_SIGNING_KEY`: a prefix and base64(key id ‖ seed ‖ public key). */
export function formatSecretKey(secret: MinisignSecretKey): string {
  return SECRET_PREFIX + toBase64(concat(secret.keyId, secret.seed, secret.key));
}

export function parseSecretKey(text: string): MinisignSecretKey | { error: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith(SECRET_PREFIX)) return { error: `MIRRORS_SIGNING_KEY must start with "${SECRET_PREFIX}"; make one with npm run keygen-mirrors` };
  const bytes = fromBase64(trimmed.slice(SECRET_PREFIX.length));
  if (!bytes || bytes.length !== KEY_ID_BYTES + 64)
    return { error: "MIRRORS_SIGNING_KEY is damaged (wrong length or not base64); paste the whole line npm run keygen-mirrors printed" };
  return { keyId: bytes.slice(0, KEY_ID_BYTES), seed: bytes.slice(KEY_ID_BYTES, KEY_ID_BYTES + 32), key: bytes.slice(KEY_ID_BYTES + 32) };
}

async function importSigningKey(seed: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("pkcs8", concat(PKCS8_ED25519, seed), ED25519, false, ["sign"]);
}

async function importVerifyingKey(key: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", key, ED25519, false, ["verify"]);
}

async function ed25519Sign(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign(ED25519, key, message));
}

/** A new key pair with a random key id (as `minisign -G` makes). */
export async function generateSecretKey(): Promise<MinisignSecretKey> {
  const pair = (await crypto.subtle.generateKey(ED25519, true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array((await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer);
  const key = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  return { keyId: crypto.getRandomValues(new Uint8Array(KEY_ID_BYTES)), seed: pkcs8.slice(-32), key };
}

/** Refuses a secret whose seed does not belong to its public key, so a damaged secret never signs. */
export async function checkSecretKey(secret: MinisignSecretKey): Promise<string | undefined> {
  const probe = new TextEncoder().encode("edge-news mirror signing key check");
  const signature = await ed25519Sign(await importSigningKey(secret.seed), probe);
  const verifies = await crypto.subtle.verify(ED25519, await importVerifyingKey(secret.key), signature, probe);
  return verifies ? undefined : "MIRRORS_SIGNING_KEY does not match its own public key; generate a new one with npm run keygen-mirrors";
}

export interface SignOptions {
  /** Signed along with the file: minisign prints it after "Trusted comment:". One line. */
  trustedComment: string;
  untrustedComment?: string;
}

/** The detached .minisig text for `data`. */
export async function sign(data: Uint8Array, secret: MinisignSecretKey, options: SignOptions): Promise<string> {
  for (const comment of [options.trustedComment, options.untrustedComment ?? ""])
    if (/[\r\n]/.test(comment)) throw new Error("minisign comments are one line: remove the line breaks");
  const key = await importSigningKey(secret.seed);
  const signature = await ed25519Sign(key, blake2b(data));
  const trusted = new TextEncoder().encode(options.trustedComment);
  const global = await ed25519Sign(key, concat(signature, trusted));
  const untrusted = options.untrustedComment ?? `signature from minisign secret key ${keyIdHex(secret.keyId)}`;
  return [
    `untrusted comment: ${untrusted}`,
    toBase64(concat(new TextEncoder().encode(PREHASHED), secret.keyId, signature)),
    `trusted comment: ${options.trustedComment}`,
    toBase64(global),
    "",
  ].join("\n");
}

/** The trusted comment minisign itself writes: time of signing and file name, tab-separated. */
export function trustedCommentFor(fileName: string, at: Date): string {
  return `timestamp:${Math.floor(at.getTime() / 1000)}\tfile:${fileName}\thashed`;
}

/** Checks a .minisig against the file and a public key, as `minisign -V` does; says what is wrong when not. */
export async function verify(data: Uint8Array, signatureText: string, publicKey: MinisignPublicKey | string): Promise<Verification> {
  const key = typeof publicKey === "string" ? parsePublicKey(publicKey) : publicKey;
  if ("error" in key) return { ok: false, reason: key.error };
  const lines = signatureText.replace(/\r\n/g, "\n").split("\n");
  const [untrustedLine, signatureLine, trustedLine, globalLine] = lines;
  if (!untrustedLine?.startsWith("untrusted comment:") || !trustedLine?.startsWith("trusted comment: "))
    return { ok: false, reason: "not a minisign signature file: expected the untrusted comment, signature, trusted comment and global signature lines" };
  const signature = fromBase64(signatureLine?.trim() ?? "");
  const global = fromBase64(globalLine?.trim() ?? "");
  if (!signature || signature.length !== 2 + KEY_ID_BYTES + 64 || !global || global.length !== 64)
    return { ok: false, reason: "the signature file is damaged: a signature line is not base64 of the right length" };
  const algorithm = ascii(signature.subarray(0, 2));
  if (algorithm !== PREHASHED && algorithm !== LEGACY) return { ok: false, reason: `unknown signature algorithm "${algorithm}"` };
  const keyId = signature.subarray(2, 2 + KEY_ID_BYTES);
  if (!sameBytes(keyId, key.keyId))
    return { ok: false, reason: `the signature was made with key ${keyIdHex(keyId)}, but the public key given is ${keyIdHex(key.keyId)}` };
  const verifier = await importVerifyingKey(key.key);
  const message = algorithm === PREHASHED ? blake2b(data) : data;
  const raw = signature.subarray(2 + KEY_ID_BYTES);
  if (!(await crypto.subtle.verify(ED25519, verifier, raw, message)))
    return { ok: false, reason: "signature verification failed: the file is not the one that was signed" };
  const trustedComment = trustedLine.slice("trusted comment: ".length);
  if (!(await crypto.subtle.verify(ED25519, verifier, global, concat(raw, new TextEncoder().encode(trustedComment)))))
    return { ok: false, reason: "comment signature verification failed: the trusted comment was changed" };
  return { ok: true, trustedComment, prehashed: algorithm === PREHASHED };
}

/**
 * Signs the exact bytes served as /.well-known/mirrors.json with the MIRRORS_SIGNING_KEY secret, for
 * `/.well-known/mirrors.json.minisig`. Call when the list changes and store both; a bad secret is an error
 * message, not an exception, so the list can still be served unsigned while an operator fixes it.
 */
export async function signMirrorList(body: string | Uint8Array, secretText: string, at: Date): Promise<{ signature: string } | { error: string }> {
  const secret = parseSecretKey(secretText);
  if ("error" in secret) return secret;
  const mismatch = await checkSecretKey(secret);
  if (mismatch) return { error: mismatch };
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return { signature: await sign(bytes, secret, { trustedComment: trustedCommentFor("mirrors.json", at) }) };
}

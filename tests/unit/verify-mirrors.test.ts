// npm run verify-mirrors against a local HTTP server playing a site: good, tampered, unsigned, wrong key.

import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPublicKey, generateSecretKey, type MinisignSecretKey, sign, trustedCommentFor } from "../../src/policy/minisign.ts";
import { addressesOf, checkMirrors, documentUrlFor, keyFromPage } from "../../scripts/lib/mirror-verification.ts";

const run = promisify(execFile);

const DOCUMENT = JSON.stringify({
  version: "2.0",
  sites: [
    {
      main_domain: "news.example",
      available_alternatives: [
        { proto: "https", type: "mirror", url: "https://mirror-one.example/" },
        { proto: "tor", type: "mirror", url: `http://${"a".repeat(56)}.onion/` },
      ],
    },
  ],
});

interface Site {
  document: string;
  signature?: string;
  page?: string;
}

let secret: MinisignSecretKey;
let site: Site;
let server: Server;
let origin: string;

beforeAll(async () => {
  secret = await generateSecretKey();
  server = createServer((req, res) => {
    const routes: Record<string, string | undefined> = {
      "/.well-known/mirrors.json": site.document,
      "/.well-known/mirrors.json.minisig": site.signature,
      "/mirrors": site.page,
      "/other/list.json": site.document,
      "/other/list.json.minisig": site.signature,
    };
    const body = routes[req.url ?? ""];
    if (body === undefined) res.writeHead(404).end("not found");
    else res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function signedSite(document = DOCUMENT): Promise<Site> {
  const signature = await sign(new TextEncoder().encode(document), secret, {
    trustedComment: trustedCommentFor("mirrors.json", new Date("2026-11-25T10:00:00Z")),
  });
  const page = `<main><h1>Our addresses</h1><p>Signing key: <code id="mirrors-signing-key">${formatPublicKey(secret)}</code></p></main>`;
  return { document, signature, page };
}

describe("helpers", () => {
  it("finds the list, the key on the page and the addresses", () => {
    expect(documentUrlFor("https://news.example")).toBe("https://news.example/.well-known/mirrors.json");
    expect(documentUrlFor("news.example/some/page")).toBe("https://news.example/.well-known/mirrors.json");
    expect(documentUrlFor("https://news.example/other/list.json")).toBe("https://news.example/other/list.json");
    expect(keyFromPage('<dd id="mirrors-signing-key" class="key">\n  RWabc\n</dd>')).toBe("RWabc");
    expect(keyFromPage("<p>nothing</p>")).toBeUndefined();
    expect(addressesOf(JSON.parse(DOCUMENT))).toEqual(["https://news.example/", "https://mirror-one.example/", `http://${"a".repeat(56)}.onion/`]);
  });
});

describe("checkMirrors", () => {
  it("verifies with the key from the /mirrors page, or the one given", async () => {
    site = await signedSite();
    const fromPage = await checkMirrors({ url: origin });
    expect(fromPage).toMatchObject({ ok: true, keySource: `${origin}/mirrors`, publicKey: formatPublicKey(secret) });
    expect(fromPage.addresses).toHaveLength(3);
    expect(await checkMirrors({ url: `${origin}/other/list.json`, key: formatPublicKey(secret) })).toMatchObject({ ok: true, keySource: "--key" });
  });

  it("fails, saying why, on a changed list, a wrong key, no signature or no key", async () => {
    site = { ...(await signedSite()), document: DOCUMENT.replace("mirror-one", "mirror-0ne") };
    expect(await checkMirrors({ url: origin })).toMatchObject({ ok: false, problem: "signature verification failed: the file is not the one that was signed" });

    site = await signedSite();
    const other = await generateSecretKey();
    expect((await checkMirrors({ url: origin, key: formatPublicKey(other) })).problem).toMatch(
      /^the signature was made with key [0-9A-F]{16}, but the public key given is/,
    );
    expect((await checkMirrors({ url: origin, key: "RWnonsense" })).problem).toContain("not a minisign public key");

    site = { document: DOCUMENT, page: (await signedSite()).page ?? "" };
    expect((await checkMirrors({ url: origin })).problem).toBe(
      `the signature ${origin}/.well-known/mirrors.json.minisig answered HTTP 404: the list is not signed`,
    );

    site = { ...(await signedSite()), page: "<p>no key here</p>" };
    expect((await checkMirrors({ url: origin })).problem).toContain("no signing key found on");

    expect((await checkMirrors({ url: "http://127.0.0.1:1", key: formatPublicKey(secret) })).problem).toMatch(/^the mirror list could not be fetched/);
  });
});

describe("npm run verify-mirrors", () => {
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ["scripts/verify-mirrors.ts", ...args]);
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, out: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
    }
  };

  it("prints the addresses and signature OK, or a clear failure with exit status 1", async () => {
    site = await signedSite();
    const good = await cli(origin);
    expect(good.code).toBe(0);
    expect(good.out).toContain("  https://mirror-one.example/");
    expect(good.out).toContain("Trusted comment: timestamp:1795600800\tfile:mirrors.json\thashed");
    expect(good.out.trim().endsWith("signature OK")).toBe(true);

    site = { ...site, document: DOCUMENT.replace("news.example", "news.examp1e") };
    const bad = await cli(origin, "--key", formatPublicKey(secret));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("Addresses (NOT verified):");
    expect(bad.out).toContain("signature FAILED: signature verification failed");
  });
});

// The mirror list readers can verify: /.well-known/mirrors.json with its minisign signature, the key
// on /mirrors, and /verify telling our addresses from look-alikes.

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { formatPublicKey, formatSecretKey, generateSecretKey, parsePublicKey, verify } from "../../src/policy/minisign.ts";
import { newsroom } from "../../src/publish/stub.ts";
import { envWithWriterOver, seedSite, settled, visit, writer } from "../support/worker.ts";

/** Whether the served list verifies with this public key. */
async function listVerifiesWith(publicKey: string): Promise<boolean> {
  const text = await (await visit("/.well-known/mirrors.json")).text();
  const signature = await (await visit("/.well-known/mirrors.json.minisig")).text();
  return (await verify(new TextEncoder().encode(text), signature, publicKey)).ok;
}

describe("a mirror list readers can verify", () => {
  it("serves mirrors.json with a minisign signature made with the site's key", async () => {
    const list = await visit("/.well-known/mirrors.json");
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(JSON.parse(text)).toMatchObject({ version: "2.0", sites: [{ main_domain: "news.localhost" }] });
    const sig = await visit("/.well-known/mirrors.json.minisig");
    expect(sig.status).toBe(200);
    const signature = await sig.text();
    expect(signature).toMatch(/^untrusted comment: /);
    const key = parsePublicKey(seedSite().signingKey ?? "");
    if ("error" in key) throw new Error(key.error);
    expect((await verify(new TextEncoder().encode(text), signature, key)).ok).toBe(true);
    expect((await verify(new TextEncoder().encode(text.replace("2.0", "2.1")), signature, key)).ok).toBe(false);
    const page = await (await visit("/mirrors")).text();
    expect(page).toContain(`<code id="mirrors-signing-key">${seedSite().signingKey}</code>`);
  });

  it("re-signs the list on the writer's next pass when the signing key is replaced", async () => {
    const replacement = await generateSecretKey();
    const rotated = envWithWriterOver(env.CONTENT, { MIRRORS_SIGNING_KEY: formatSecretKey(replacement) });
    try {
      await newsroom(rotated).tick();
      await settled();
      expect(await listVerifiesWith(formatPublicKey(replacement))).toBe(true);
      expect(await listVerifiesWith(seedSite().signingKey ?? "")).toBe(false);
    } finally {
      await writer().tick();
      await settled();
    }
    expect(await listVerifiesWith(seedSite().signingKey ?? "")).toBe(true);
  }, 30_000);

  it("tells a reader whether an address is ours, and that a look-alike is not", async () => {
    const ours = await visit("/verify?host=mirror-two.localhost");
    expect(ours.status).toBe(200);
    expect(await ours.text()).toContain("Yes, this is one of our addresses.");
    const fake = await visit(`/verify?host=${encodeURIComponent("mirror-tw0.localhost")}`);
    expect(fake.status).toBe(200);
    const body = await fake.text();
    expect(body).toContain("No. This is not one of ours: it imitates one of our addresses.");
    expect(body).toContain("http://mirror-two.localhost:8787/?stay=1");
  });
});

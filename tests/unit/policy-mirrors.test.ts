// The public list of addresses (src/policy/mirrors.ts): what page footers, /mirrors and
// /.well-known/mirrors.json show readers and circumvention tools.

import { describe, expect, it } from "vitest";
import { OVERRIDE_PARAM, mirrorsDocument, publicMirrors } from "../../src/policy/mirrors.ts";
import type { DomainPolicy } from "../../src/policy/types.ts";
import { POLICY } from "./policy-fixture.ts";

const ONION_HOST = `${"a".repeat(56)}.onion`;

describe("publicMirrors", () => {
  it("lists public hosts with label, address and stay link, then the onion service", () => {
    expect(publicMirrors(POLICY)).toEqual([
      { label: "Main", host: "news.example", proto: "https", url: "https://news.example/", stayUrl: "https://news.example/?stay=1" },
      { label: "Mirror 1", host: "mirror-one.example", proto: "https", url: "https://mirror-one.example/", stayUrl: "https://mirror-one.example/?stay=1" },
      { label: "Mirror 2", host: "mirror-two.example", proto: "https", url: "https://mirror-two.example/", stayUrl: "https://mirror-two.example/?stay=1" },
      { label: "UK", host: "uk.example", proto: "https", url: "https://uk.example/", stayUrl: "https://uk.example/?stay=1" },
      { label: "Tor onion service", host: ONION_HOST, proto: "tor", url: `http://${ONION_HOST}/`, stayUrl: `http://${ONION_HOST}/` },
    ]);
    expect(OVERRIDE_PARAM).toBe("stay");
  });

  it("puts the primary first wherever it is listed, keeps the others in order, and names a host without a label by itself", () => {
    const policy: DomainPolicy = {
      ...POLICY,
      primary: "uk.example",
      hosts: [
        { host: "b.example", scheme: "https", public: true },
        { host: "a.example", scheme: "http", public: true, added: "2026-10-01" },
        { host: "uk.example", scheme: "https", label: "UK", public: true },
        { host: "hidden.example", scheme: "https", public: false },
      ],
    };
    const { onion: _, ...noOnion } = policy;
    const links = publicMirrors(noOnion);
    expect(links.map((l) => l.host)).toEqual(["uk.example", "b.example", "a.example"]);
    expect(links[1]).toEqual({ label: "b.example", host: "b.example", proto: "https", url: "https://b.example/", stayUrl: "https://b.example/?stay=1" });
    expect(links[2]).toMatchObject({ proto: "http", url: "http://a.example/", added: "2026-10-01" });
    expect(links[0]).not.toHaveProperty("added");
  });

  it("strips the scheme from an https onion address for its host", () => {
    const links = publicMirrors({ ...POLICY, onion: `https://${ONION_HOST}` });
    expect(links.at(-1)).toMatchObject({ host: ONION_HOST, url: `https://${ONION_HOST}/` });
  });
});

describe("mirrorsDocument", () => {
  it("is a bypass-mirrors v2 document of every public address but the primary, the onion included", () => {
    expect(mirrorsDocument(POLICY, "2026-11-25T10:00:00Z")).toEqual({
      version: "2.0",
      sites: [
        {
          main_domain: "news.example",
          available_alternatives: [
            ...["mirror-one.example", "mirror-two.example", "uk.example"].map((host) => ({
              proto: "https",
              type: "mirror",
              url: `https://${host}/`,
              created_at: "2026-11-25T10:00:00Z",
              updated_at: "2026-11-25T10:00:00Z",
            })),
            { proto: "tor", type: "mirror", url: `http://${ONION_HOST}/`, created_at: "2026-11-25T10:00:00Z", updated_at: "2026-11-25T10:00:00Z" },
          ],
        },
      ],
    });
  });

  it("dates a mirror from when it was added, and names the main domain without its port", () => {
    const policy: DomainPolicy = {
      ...POLICY,
      primary: "dev.example:8787",
      hosts: [
        { host: "dev.example:8787", scheme: "http", public: true },
        { host: "mirror-one.example", scheme: "https", public: true, added: "2026-10-01" },
      ],
    };
    const { onion: _, ...noOnion } = policy;
    expect(mirrorsDocument(noOnion, "2026-11-25")).toEqual({
      version: "2.0",
      sites: [
        {
          main_domain: "dev.example",
          available_alternatives: [{ proto: "https", type: "mirror", url: "https://mirror-one.example/", created_at: "2026-10-01", updated_at: "2026-11-25" }],
        },
      ],
    });
  });
});

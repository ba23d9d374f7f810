// Open-redirect payloads, the visitor's override, Tor, and the geo headers of local development.

import { describe, expect, it } from "vitest";
import { visit } from "../support/worker.ts";

const HOME_TITLE = "<title>The Meridian Courier</title>";

/** A page served here: 200 with the page itself. */
async function expectServed(res: Response, shows: string, label = ""): Promise<void> {
  expect(res.status, label).toBe(200);
  expect(res.headers.get("Location"), label).toBeNull();
  expect(await res.text(), label).toContain(shows);
}

const CONFIGURED = ["news.localhost:8787", "mirror-one.localhost:8787", "mirror-two.localhost:8787", "uk.localhost:8787", "localhost:8787"];

function expectSafeLocation(res: Response, label: string): void {
  if (res.status < 300 || res.status >= 400) return;
  const location = res.headers.get("Location") ?? "";
  const target = new URL(location);
  expect(CONFIGURED, `${label} → ${location}`).toContain(target.host);
  expect(target.username + target.password, label).toBe("");
}

describe("open-redirect payloads", () => {
  const payloads = [
    "//evil.example",
    "//evil.example/",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/..//evil.example",
    "/./..//evil.example",
    "///evil.example",
    "/@evil.example",
    "/evil.example@news.localhost",
    "/%40evil.example",
    "/https:/evil.example",
    "/?next=//evil.example",
    "/articles/x?redirect=https://evil.example",
  ];

  for (const country of ["CN", "GB", "US"]) {
    it(`keeps every redirect on configured hosts, path and query intact (visitor from ${country})`, async () => {
      for (const payload of payloads) {
        for (const host of ["news.localhost:8787", "evil.example", "EVIL.example:8787"]) {
          const res = await visit(`http://${host}${payload}`, { country });
          expectSafeLocation(res, `${host}${payload}`);
          if (res.status === 302) {
            const sent = new URL(`http://${host}${payload}`);
            const target = new URL(res.headers.get("Location") ?? "");
            expect(target.pathname + target.search, payload).toBe(sent.pathname + sent.search);
          }
        }
      }
    });
  }

  it("treats raw tabs and newlines in the URL like the browser does: stripped, never a new host", async () => {
    const res = await visit("http://news.localhost:8787/\t/evil.example\n", { country: "CN" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("http://mirror-one.localhost:8787//evil.example");
  });

  it("ignores X-Forwarded-Host and Forwarded headers", async () => {
    const res = await visit("/", {
      country: "CN",
      headers: { "X-Forwarded-Host": "evil.example", Forwarded: "host=evil.example", "X-Original-Host": "evil.example" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("http://mirror-one.localhost:8787/");
  });

  it("normalises upper-case and trailing-dot hosts, and sends other ports to the primary", async () => {
    await expectServed(await visit("/", { host: "NEWS.LOCALHOST:8787", country: "US" }), HOME_TITLE);
    await expectServed(await visit("/", { host: "news.localhost.:8787", country: "US" }), HOME_TITLE);
    const port = await visit("/x?y=1", { host: "news.localhost:9999", country: "US" });
    expect(port.status).toBe(302);
    expect(port.headers.get("Location")).toBe("http://news.localhost:8787/x?y=1");
  });
});

describe("the visitor's own choice", () => {
  it("?stay=1 serves the page on the asked host and sets a cookie that keeps doing so", async () => {
    const chosen = await visit("/?stay=1", { country: "CN" });
    const cookie = chosen.headers.get("Set-Cookie") ?? "";
    await expectServed(chosen, HOME_TITLE);
    expect(cookie).toMatch(/^edge_stay=1; Max-Age=2592000; Path=\/; SameSite=Lax; HttpOnly/);
    const later = await visit("/section/news", { country: "CN", headers: { Cookie: "edge_stay=1" } });
    await expectServed(later, "<h1>News</h1>");
    const cleared = await visit("/?stay=0", { country: "CN", headers: { Cookie: "edge_stay=1" } });
    expect(cleared.status).toBe(302);
    expect(cleared.headers.get("Location")).toBe("http://mirror-one.localhost:8787/?stay=0");
    expect(cleared.headers.get("Set-Cookie")).toBeNull();
    // Without the cookie the region decision applies again.
    const after = await visit("/section/news", { country: "CN" });
    expect(after.status).toBe(302);
  });

  it("links every public address with the override parameter in the footer", async () => {
    const res = await visit("/");
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const host of ["news", "mirror-one", "mirror-two", "uk"]) expect(page).toContain(`href="http://${host}.localhost:8787/?stay=1"`);
    expect(page).not.toContain('href="http://localhost:8787/?stay=1"');
  });
});

describe("Tor and onion", () => {
  it("never redirects Tor visitors and tells Tor Browser about the onion address", async () => {
    const res = await visit("/articles/city-marathon-sets-participation-record?a=1", { country: "T1" });
    expect(res.headers.get("Onion-Location")).toMatch(/^http:\/\/meridiancourier[a-z2-7]{41}\.onion\/articles\/city-marathon-sets-participation-record\?a=1$/);
    await expectServed(res, "<h1>Meridian Marathon sets participation record");
  });
});

describe("local development geo headers", () => {
  it("X-Geo-Country and X-Geo-Continent stand in for request.cf in the dev configuration", async () => {
    const gb = await visit("/", { headers: { "X-Geo-Country": "GB" } });
    expect(gb.status).toBe(302);
    expect(gb.headers.get("Location")).toBe("http://uk.localhost:8787/");
    const oceania = await visit("/", { headers: { "X-Geo-Continent": "OC" } });
    expect(oceania.headers.get("Location")).toBe("http://mirror-two.localhost:8787/");
    const junk = await visit("/", { headers: { "X-Geo-Country": "<script>" } });
    await expectServed(junk, HOME_TITLE);
  });
});

describe("mirror discovery", () => {
  it("lists every public address on /mirrors", async () => {
    const res = await visit("/mirrors");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<h1>Where to read The Meridian Courier</h1>");
    for (const host of ["news", "mirror-one", "mirror-two", "uk"]) expect(page).toContain(`http://${host}.localhost:8787/?stay=1`);
    expect(page).toContain(".onion/");
  });

  it("publishes /.well-known/mirrors.json in the bypass-mirrors v2 format", async () => {
    const res = await visit("/.well-known/mirrors.json", { country: "CN" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const doc = (await res.json()) as {
      version: string;
      sites: { main_domain: string; available_alternatives: { proto: string; type: string; url: string; created_at: string; updated_at: string }[] }[];
    };
    expect(doc.version).toBe("2.0");
    expect(doc.sites).toHaveLength(1);
    expect(doc.sites[0]?.main_domain).toBe("news.localhost");
    const alternatives = doc.sites[0]?.available_alternatives ?? [];
    expect(alternatives.map((a) => `${a.proto} ${a.url}`)).toEqual([
      "http http://mirror-one.localhost:8787/",
      "http http://mirror-two.localhost:8787/",
      "http http://uk.localhost:8787/",
      expect.stringMatching(/^tor http:\/\/meridiancourier[a-z2-7]+\.onion\/$/),
    ]);
    for (const a of alternatives) {
      expect(a.type).toBe("mirror");
      expect(Number.isNaN(Date.parse(a.created_at))).toBe(false);
      expect(Number.isNaN(Date.parse(a.updated_at))).toBe(false);
    }
  });
});

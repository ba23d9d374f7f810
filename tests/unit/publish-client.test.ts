import { describe, expect, it } from "vitest";
import { apiBase, isLocal, tokenFromDevVars, transportProblem } from "../../scripts/lib/api-client.ts";
import { articleBody, describeAnswer, mediaContentType, slugOfFile } from "../../scripts/lib/publish-client.ts";

describe("the publish CLI's helpers", () => {
  it("talks to 127.0.0.1:8787 by default and reaches *.localhost names at 127.0.0.1", () => {
    expect(apiBase(undefined).href).toBe("http://127.0.0.1:8787/");
    expect(apiBase("http://news.localhost:8787/some/page?x=1").href).toBe("http://127.0.0.1:8787/");
    expect(apiBase("https://www.meridian-courier.example").href).toBe("https://www.meridian-courier.example/");
    expect(isLocal(apiBase(undefined))).toBe(true);
    expect(isLocal(apiBase("https://www.meridian-courier.example"))).toBe(false);
  });

  it("reads ADMIN_TOKEN from .dev.vars text, quoted or not", () => {
    expect(tokenFromDevVars("# comment\nADMIN_TOKEN=abc123\n")).toBe("abc123");
    expect(tokenFromDevVars('ADMIN_TOKEN = "quoted value"')).toBe("quoted value");
    expect(tokenFromDevVars("OTHER=1\n# ADMIN_TOKEN=commented-out")).toBeUndefined();
    expect(tokenFromDevVars("ADMIN_TOKEN=")).toBeUndefined();
  });

  it("takes the slug from the file name and the body from front matter plus Markdown", () => {
    expect(slugOfFile("kv-seed/articles/night-bus.md")).toBe("night-bus");
    expect(articleBody("---\nheadline: Hi\ntags: [a]\n---\nText.\n")).toEqual({ body: { headline: "Hi", tags: ["a"], body: "Text.\n" } });
    expect(articleBody("no front matter")).toEqual({ error: expect.stringContaining("front matter") });
    expect(mediaContentType("photos/harbour.jpg")).toBe("image/jpeg");
    expect(mediaContentType("photos/harbour.gif")).toBeUndefined();
  });

  it("prints refusals like a compiler: file: field: message", () => {
    const answer = {
      error: "The article has 2 problems",
      problems: [
        { field: "section", message: "unknown" },
        { field: "published", message: "not a date" },
      ],
    };
    expect(describeAnswer("a.md", 400, answer)).toEqual({ ok: false, lines: ["a.md: section: unknown", "a.md: published: not a date"] });
    expect(describeAnswer("a.md", 401, { error: "The token is not valid for this site." })).toEqual({
      ok: false,
      lines: ["a.md: error: The token is not valid for this site. (HTTP 401)"],
    });
  });

  it("says where a published story is and when every edge shows it", () => {
    const published = describeAnswer("a.md", 201, { status: "published", url: "/articles/a", version: "v1", visibleBy: "2026-11-25T10:01:05Z" });
    expect(published).toEqual({ ok: true, lines: ["a.md: published at /articles/a, version v1; visible on every edge by 2026-11-25T10:01:05Z"] });
    expect(describeAnswer("a", 200, { status: "draft", version: "v2" }).lines[0]).toContain("stored as a draft");
    expect(describeAnswer("a", 200, { removed: true }).lines[0]).toBe("a: removed");
  });
});

describe("the token's way to the site", () => {
  it("goes over HTTPS, or plain HTTP only to this machine", () => {
    expect(transportProblem(new URL("https://www.example.org/"))).toBeUndefined();
    expect(transportProblem(new URL("http://127.0.0.1:8787/"))).toBeUndefined();
    expect(transportProblem(apiBase("http://news.localhost:8787"))).toBeUndefined();
    expect(transportProblem(new URL("http://www.example.org/"))).toBe(
      "http://www.example.org is plain HTTP: the API token would cross the network unencrypted. Use the site's https:// address.",
    );
  });
});

// Every validator names its problems with a stable code beside the message: programs (the API's
// clients, the publish script) match on codes, while the wording stays free to improve.

import { describe, expect, it } from "vitest";
import { checkMedia } from "../../src/content/media.ts";
import { renderMarkdown } from "../../src/content/markdown.ts";
import { formatProblems } from "../../src/content/problems.ts";
import { validateSite } from "../../src/content/site.ts";
import { checkPolicy } from "../../src/policy/validate.ts";
import { POLICY } from "./policy-fixture.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const codes = (problems: readonly { field: string; code: string }[]) => problems.map((p) => `${p.field}: ${p.code}`);

describe("problem codes", () => {
  it("name what is wrong with a media file", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(codes(checkMedia("Bad Name.png", png))).toEqual(["name: invalid_media_name"]);
    expect(codes(checkMedia("a.png", png, "image/jpeg"))).toEqual(["Content-Type: wrong_content_type"]);
    expect(codes(checkMedia("a.png", new Uint8Array()))).toEqual(["body: empty"]);
    expect(codes(checkMedia("a.png", new Uint8Array(5 * 1024 * 1024 + 1)))).toEqual(["body: too_large"]);
    expect(codes(checkMedia("a.png", bytes("GIF89a")))).toEqual(["body: wrong_file_type"]);
    expect(codes(checkMedia("a.svg", bytes("<html></html>")))).toEqual(["body: not_svg"]);
    expect(codes(checkMedia("a.svg", bytes('<svg onload="x()"></svg>')))).toEqual(["body: unsafe_svg"]);
    expect(checkMedia("a.png", png)).toEqual([]);
  });

  it("name an image in the body that is not one of the site's media files", () => {
    expect(codes(renderMarkdown("![x](https://tracker.example/p.png)").problems)).toEqual(["body: image_not_media"]);
  });

  it("name what is wrong with the site configuration", () => {
    const site = {
      name: "",
      description: "A site",
      language: "english!",
      logo: "logo.gif",
      feedId: "not an authority",
      sections: [{ slug: "news/world", name: "World" }, { slug: "Sport", name: "Sport" }, { slug: "news/world", name: "Again" }, "x"],
      authors: [
        { slug: "Ada Lovelace", name: "Ada" },
        { slug: "bob", name: "Bob", extra: 1 },
        { slug: "bob", name: "Bob" },
      ],
      tags: { "Not A Slug": "x", rail: "" },
    };
    const checked = validateSite(site);
    expect(checked.ok ? [] : codes(checked.problems)).toEqual([
      "name: required",
      "language: invalid_language",
      "logo: invalid_media_name",
      "feedId: invalid_feed_id",
      "sections[1].slug: invalid_section_path",
      "sections[3]: not_an_object",
      "sections[0].slug: parent_not_before",
      "sections[2].slug: parent_not_before",
      "sections[2].slug: duplicate",
      "authors[0].slug: invalid_slug",
      "authors[1].extra: unknown_field",
      "authors[2].slug: duplicate",
      "tags.Not A Slug: invalid_slug",
      "tags.rail: invalid_label",
    ]);
    const notAnObject = validateSite([]);
    expect(notAnObject.ok ? [] : codes(notAnObject.problems)).toEqual(["(site): not_an_object"]);
  });

  it("name what is wrong with a domain policy, errors and warnings alike", () => {
    const check = checkPolicy({
      ...POLICY,
      primary: "dev.example:8787",
      rules: [...POLICY.rules, { countries: ["GB", "ZZ", "T1"], hosts: ["uk.example", "uk.example", "nowhere.example"] }],
    });
    expect(codes(check.errors)).toEqual(
      expect.arrayContaining([
        "rules[3].countries[0]: shadowed",
        "rules[3].countries[1]: invalid_country",
        "rules[3].countries[2]: never_redirected",
        "rules[3].hosts[1]: duplicate",
        "rules[3].hosts[2]: unknown_host",
      ]),
    );
    expect(codes(check.warnings)).toEqual(["primary: primary_not_public"]);
    expect(codes(checkPolicy(null).errors)).toEqual(["(policy): not_an_object"]);
  });

  it("stay out of the compiler-style lines people read", () => {
    expect(formatProblems([{ field: "headline", code: "required", message: "is required" }], "a.md")).toBe("a.md: headline: is required");
  });
});

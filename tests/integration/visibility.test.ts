// Drafts and scheduled stories stay invisible to readers everywhere.

import { describe, expect, it } from "vitest";
import { articleInput, storeArticle, visit } from "./helpers.ts";

const DRAFT = "university-team-tests-seaweed-based-packaging";
const SCHEDULED = "coastal-railway-opens-between-dar-salwa-and-qasr-al-manar";

describe("drafts and scheduled stories", () => {
  it("answer 404 as if they did not exist", async () => {
    for (const slug of [DRAFT, SCHEDULED]) {
      const res = await visit(`/articles/${slug}`);
      expect(res.status).toBe(404);
      const page = await res.text();
      expect(page).toContain("We could not find that page");
      expect(page).not.toContain("Seaweed");
      expect(page).not.toContain("Coastal railway");
    }
  });

  it("never appear in the home page, section, tag or author listings, or related stories", async () => {
    const pages = [
      "/",
      "/section/science",
      "/section/news",
      "/section/news/middle-east",
      "/tag/transport",
      "/author/amira-haddad",
      "/articles/dar-salwa-desalination-plant-begins-trial-operation",
    ];
    for (const path of pages) {
      const page = await (await visit(path)).text();
      expect(page, path).not.toContain(`/articles/${DRAFT}`);
      expect(page, path).not.toContain(`/articles/${SCHEDULED}`);
    }
  });

  it("a story appears once its publish time has passed, and disappears when made a draft", async () => {
    await storeArticle("timing-check", articleInput({ published: new Date(Date.now() + 3_600_000).toISOString() }));
    expect((await visit("/articles/timing-check")).status).toBe(404);
    await storeArticle("timing-check", articleInput({ published: new Date(Date.now() - 60_000).toISOString() }));
    expect((await visit("/articles/timing-check")).status).toBe(200);
    await storeArticle("timing-check", articleInput({ status: "draft" }));
    expect((await visit("/articles/timing-check")).status).toBe(404);
  });
});

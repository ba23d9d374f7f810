// Who sees a story when: drafts and scheduled stories stay invisible to readers everywhere, a scheduled
// story appears by itself when its time comes, and an unpublished or deleted story's page is gone.

import { describe, expect, it, vi } from "vitest";
import type { Actor } from "../../src/publish/outcomes.ts";
import { articleInput, publish, publishMany, settled, visit, writer } from "../support/worker.ts";

const DRAFT = "university-team-tests-seaweed-based-packaging";
const SCHEDULED = "coastal-railway-opens-between-dar-salwa-and-qasr-al-manar";
const ACTOR: Actor = { id: "test", method: "TEST", path: "/tests" };

/** A page's status and body. */
async function read(path: string): Promise<{ status: number; page: string }> {
  const res = await visit(path);
  return { status: res.status, page: await res.text() };
}

/** Story links in a page, in order. */
function storyLinks(page: string): string[] {
  return [...page.matchAll(/href="\/articles\/([a-z0-9-]+)"/g)].map((m) => m[1] ?? "");
}

/** An ISO time `seconds` from now, to the second. */
function secondsFromNow(seconds: number): string {
  return new Date(Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000).toISOString().replace(".000Z", "Z");
}

describe("drafts and scheduled stories", () => {
  it("answer 404 as if they did not exist, with the 404 page's latest stories", async () => {
    for (const slug of [DRAFT, SCHEDULED]) {
      const { status, page } = await read(`/articles/${slug}`);
      expect(status, slug).toBe(404);
      expect(page).toContain("We could not find that page");
      expect(page).toContain('href="/articles/small-lenders-report-rise-in-first-time-buyers"');
      expect(page).not.toContain("Seaweed");
      expect(page).not.toContain("coastal railway");
    }
  });

  it("never appear in the home page, section, tag or author listings, or related stories, which show the visible ones", async () => {
    /** Each page, and a visible story it must list. */
    const pages: [string, string][] = [
      ["/", "small-lenders-report-rise-in-first-time-buyers"],
      ["/section/science", "soil-sensors-help-halvard-valley-farmers-cut-water-use"],
      ["/section/news", "lower-harbour-flood-defence-plan-approved"],
      ["/section/news/middle-east", "dar-salwa-desalination-plant-begins-trial-operation"],
      ["/tag/transport", "night-bus-network-extended-to-eastern-suburbs"],
      ["/tag/technology", "soil-sensors-help-halvard-valley-farmers-cut-water-use"],
      ["/author/amira-haddad", "dar-salwa-desalination-plant-begins-trial-operation"],
      ["/articles/dar-salwa-desalination-plant-begins-trial-operation", "wadi-sarim-reservoirs-recover-after-autumn-rains"],
    ];
    for (const [path, visible] of pages) {
      const { status, page } = await read(path);
      expect(status, path).toBe(200);
      expect(storyLinks(page), path).toContain(visible);
      expect(page, path).not.toContain(`/articles/${DRAFT}`);
      expect(page, path).not.toContain(`/articles/${SCHEDULED}`);
    }
  });

  it("never push visible stories out of a fixed-size page: the newest visible ones fill it", async () => {
    const visible = Array.from({ length: 21 }, (_, i) => `overflow-visible-${String(i).padStart(2, "0")}`);
    await publishMany([
      ...visible.map((slug, i) => ({
        slug,
        input: articleInput({ headline: `Visible ${i}`, tags: ["overflow-check"], published: new Date(Date.UTC(2026, 8, 1, 0, i)).toISOString() }),
      })),
      ...[1, 2].map((n) => ({
        slug: `overflow-scheduled-${n}`,
        input: articleInput({ headline: `Scheduled ${n}`, tags: ["overflow-check"], published: `2031-0${n}-01T00:00:00Z` }),
      })),
    ]);
    const first = await read("/tag/overflow-check");
    expect(first.status).toBe(200);
    expect(first.page).toContain("Page 1 of 2");
    // The 20 newest visible stories, newest first; the scheduled ones take no place.
    expect(storyLinks(first.page).filter((s) => s.startsWith("overflow-"))).toEqual([...visible].reverse().slice(0, 20));
    const second = await read("/tag/overflow-check/page/2");
    expect(second.status).toBe(200);
    expect(storyLinks(second.page).filter((s) => s.startsWith("overflow-"))).toEqual([visible[0]]);
    expect((await read("/tag/overflow-check/page/3")).status).toBe(404);
  });

  it("a scheduled story appears on its page and in its listings by itself when its time comes", async () => {
    const at = secondsFromNow(3);
    await publish("release-check", articleInput({ headline: "Release check story", tags: ["release-check", "transport"], published: at }));
    const before = await read("/tag/transport");
    expect(before.status).toBe(200);
    expect(storyLinks(before.page)).toContain("night-bus-network-extended-to-eastern-suburbs");
    expect(storyLinks(before.page)).not.toContain("release-check");
    expect((await read("/articles/release-check")).status).toBe(404);
    const home = await read("/");
    expect(home.status).toBe(200);
    expect(storyLinks(home.page)[0]).toBe("small-lenders-report-rise-in-first-time-buyers");
    expect(storyLinks(home.page)).not.toContain("release-check");

    // No write happens here: the reader shows the story once the clock passes its time.
    await vi.waitFor(
      async () => {
        expect(Date.now()).toBeGreaterThan(Date.parse(at));
        const { status, page } = await read("/articles/release-check");
        expect(status).toBe(200);
        expect(page).toContain("<h1>Release check story</h1>");
      },
      { timeout: 20_000, interval: 250 },
    );
    const after = await read("/tag/transport");
    expect(after.status).toBe(200);
    // Newest first: it leads the listing now, ahead of the stories that were there.
    expect(storyLinks(after.page)[0]).toBe("release-check");
    expect(storyLinks(after.page)).toContain("night-bus-network-extended-to-eastern-suburbs");
    // And the home page's latest stories, which it now leads.
    const homeAfter = await read("/");
    expect(homeAfter.status).toBe(200);
    expect(storyLinks(homeAfter.page)[0]).toBe("release-check");
    expect(storyLinks(homeAfter.page)).toContain("small-lenders-report-rise-in-first-time-buyers");
  }, 30_000);

  it("a story's page is 404 once it is made a draft, and again once it is deleted", async () => {
    await publish(
      "withdraw-check",
      articleInput({ headline: "Withdraw check story", tags: ["withdraw-check", "transport"], published: "2026-11-01T08:00:00Z" }),
    );
    const live = await read("/articles/withdraw-check");
    expect(live.status).toBe(200);
    expect(live.page).toContain("<h1>Withdraw check story</h1>");
    expect(storyLinks((await read("/tag/transport")).page)).toContain("withdraw-check");
    expect(storyLinks((await read("/section/news")).page)).toContain("withdraw-check");

    await publish("withdraw-check", articleInput({ headline: "Withdraw check story", tags: ["withdraw-check", "transport"], status: "draft" }));
    const draft = await read("/articles/withdraw-check");
    expect(draft.status).toBe(404);
    expect(draft.page).toContain("We could not find that page");
    const listing = await read("/tag/transport");
    expect(listing.status).toBe(200);
    expect(storyLinks(listing.page)).toContain("night-bus-network-extended-to-eastern-suburbs");
    expect(storyLinks(listing.page)).not.toContain("withdraw-check");

    await publish(
      "withdraw-check",
      articleInput({ headline: "Withdraw check story", tags: ["withdraw-check", "transport"], published: "2026-11-01T08:00:00Z" }),
    );
    expect((await read("/articles/withdraw-check")).status).toBe(200);
    const deleted = await writer().deleteArticle("withdraw-check", {}, ACTOR);
    expect(deleted.ok).toBe(true);
    await settled();
    const gone = await read("/articles/withdraw-check");
    expect(gone.status).toBe(404);
    expect(gone.page).toContain("We could not find that page");
    const after = await read("/tag/transport");
    expect(after.status).toBe(200);
    expect(storyLinks(after.page)).toContain("night-bus-network-extended-to-eastern-suburbs");
    expect(storyLinks(after.page)).not.toContain("withdraw-check");
    const section = await read("/section/news");
    expect(section.status).toBe(200);
    expect(storyLinks(section.page)).toContain("lower-harbour-flood-defence-plan-approved");
    expect(storyLinks(section.page)).not.toContain("withdraw-check");
    // Its own tag has nothing left: a 404 like any unused tag.
    expect((await read("/tag/withdraw-check")).status).toBe(404);
  });
});

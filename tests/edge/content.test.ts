// Content changes on the simulated edge: a new story, a correction, an unpublish and a delete, each
// written through the API at a random data centre while readers everywhere watch every surface. After
// the API's visibleBy (commit + VISIBLE_WITHIN_SECONDS) every data centre shows the change, and no
// isolate ever shows an older version of a surface again once it showed the newer.

import { afterAll, describe, it } from "vitest";
import { VISIBLE_WITHIN_SECONDS } from "../../src/store/visibility.ts";
import { type Verdict, Violations, checkAfter, checkNeverBack, lastWith } from "./checks.ts";
import type { Seen } from "./observe.ts";
import type { Random } from "./random.ts";
import { type Measured, reportMeasurements, runScenario } from "./scenario.ts";
import { BOUND_MS, changeOf, publishNoise, crawlSurfaces, expectStatus, isError, judge, newStory, pacesAround, seededWorld, watchSurfaces } from "./story.ts";
import { type Sighting, type StoryVersion, type Surface, shows, showsAny, storyVersion } from "./surfaces.ts";
import type { World } from "./world.ts";

const RUNS = 32;
const bounds = { "new story": VISIBLE_WITHIN_SECONDS, correction: VISIBLE_WITHIN_SECONDS, unpublish: VISIBLE_WITHIN_SECONDS, delete: VISIBLE_WITHIN_SECONDS };

afterAll(() => reportMeasurements("content"));

interface Change {
  name: keyof typeof bounds;
  /** The surfaces that show the change (a correction does not change which tags are in use). */
  surfaces: (all: Surface[]) => Surface[];
  /** Sends the change; returns the API answer. */
  send: (world: World, random: Random, story: { v1: StoryVersion; published: number }) => Promise<{ answer: ReturnType<World["api"]>; v2?: StoryVersion }>;
  verdict: (s: Sighting, v1: StoryVersion, v2: StoryVersion | undefined) => Verdict;
}

const takedownVerdict = (s: Sighting, v1: StoryVersion): Verdict =>
  isError(s.exchange) ? "error" : showsAny(s, v1.slug, v1.ownTag, [v1.token]) ? "old" : "new";

const CHANGES: Change[] = [
  {
    name: "correction",
    surfaces: (all) => all.filter((s) => s.kind !== "pages-sitemap"),
    send: async (world, random, { v1, published }) => {
      const dc = random.pick(world.dataCentres);
      const current = await world.api(dc, "GET", `/api/articles/${v1.slug}`);
      expectStatus(current, 200);
      const updated = Math.floor(world.clock.now / 1000) * 1000;
      const v2 = storyVersion(random, { slug: v1.slug, ownTag: v1.ownTag, published, updated });
      const { headline, standfirst, body } = v2.input;
      const patch = { headline, standfirst, body, updated: v2.input.updated };
      const etag = current.headers.get("ETag") ?? "";
      return { answer: world.api(dc, "PATCH", `/api/articles/${v1.slug}`, patch, { "If-Match": etag, "Content-Type": "application/merge-patch+json" }), v2 };
    },
    verdict: (s, v1, v2) => (isError(s.exchange) ? "error" : shows(s, v1) ? "old" : v2 && shows(s, v2) ? "new" : "neither"),
  },
  {
    name: "unpublish",
    surfaces: (all) => all,
    send: async (world, random, { v1 }) => ({
      answer: world.api(
        random.pick(world.dataCentres),
        "PATCH",
        `/api/articles/${v1.slug}`,
        { status: "draft" },
        { "Content-Type": "application/merge-patch+json" },
      ),
    }),
    verdict: takedownVerdict,
  },
  {
    name: "delete",
    surfaces: (all) => all,
    send: async (world, random, { v1 }) => ({ answer: world.api(random.pick(world.dataCentres), "DELETE", `/api/articles/${v1.slug}`) }),
    verdict: takedownVerdict,
  },
];

describe("edge: content changes reach every data centre within the bound", () => {
  it("new story: on every surface in every data centre by visibleBy, and never gone again", async () => {
    await runScenario(
      "new story",
      RUNS,
      async (world, random) => {
        await seededWorld(world);
        const story = newStory(world, random);
        const sendAt = world.clock.now + random.between(2_000, 15_000);
        const watch = watchSurfaces(world, story.surfaces, pacesAround(sendAt, world.clock.now));
        publishNoise(world, random, sendAt - 5_000, sendAt + 60_000);
        await world.advanceTo(sendAt);
        const answer = await world.api(random.pick(world.dataCentres), "PUT", `/api/articles/${story.version.slug}`, story.version.input);
        expectStatus(answer, 201);
        const { changedAt, visibleBy } = changeOf(answer);
        await world.advanceTo(sendAt + BOUND_MS + 20_000);
        watch.stop();
        const seen: Seen<Surface>[] = [...watch.seen, ...(await crawlSurfaces(world, story.surfaces, random))];
        const judged = judge(seen, (s) => (isError(s.exchange) ? "error" : shows(s, story.version) ? "new" : "old"));
        const violations = new Violations();
        checkAfter(judged, visibleBy, ["new"], changedAt, violations, "not visible by visibleBy");
        checkNeverBack(judged, changedAt, violations);
        violations.assertNone("new story");
        return { "new story": (lastWith(judged, ["old", "error", "neither"]) ?? changedAt) - changedAt } satisfies Measured;
      },
      { bounds },
    );
  });

  // Regression: readers fell back only to the previous pointer's content, so when two changes came
  // seconds apart and neither's blobs had reached a data centre yet, its pages and feeds were 503s.
  it("two changes seconds apart, blobs slow to arrive: a lagging data centre answers from the newest version it has, never 503", async () => {
    await runScenario("two quick changes", 3, async (world, random) => {
      await seededWorld(world);
      const far = random.pick(world.dataCentres.filter((dc) => dc !== world.writerDc));
      // New blobs take the longest KV allows to reach `far`; the pointer arrives at once.
      world.kv.delayOverride = (key, location) => (location !== far.name ? undefined : key === "pointer" ? 0 : 60_000);
      const first = newStory(world, random);
      const second = newStory(world, random);
      const a = await world.api(world.writerDc, "PUT", `/api/articles/${first.version.slug}`, first.version.input);
      expectStatus(a, 201);
      await world.advance(random.between(2_000, 20_000));
      expectStatus(await world.api(world.writerDc, "PUT", `/api/articles/${second.version.slug}`, second.version.input), 201);
      const { changedAt, visibleBy } = changeOf(a);
      const watch = watchSurfaces(world, first.surfaces, [{ from: world.clock.now, until: changedAt + BOUND_MS + 10_000, every: [300, 1_000] }], [far]);
      await world.advanceTo(changedAt + BOUND_MS + 10_000);
      watch.stop();
      const judged = judge(watch.seen, (s) => (isError(s.exchange) ? "error" : shows(s, first.version) ? "new" : "old"));
      const violations = new Violations();
      for (const j of judged)
        if (j.verdict === "error")
          violations.add(
            `HTTP ${j.exchange.status} for ${j.surface} at ${j.exchange.dc}, ${((j.exchange.sent - changedAt) / 1000).toFixed(1)} s after the first change`,
          );
      checkAfter(judged, visibleBy, ["new"], changedAt, violations, "first change not shown by its visibleBy");
      violations.assertNone("two quick changes");
      return undefined;
    });
  });

  // The bound counts from the pointer: a change committed within a second of the last pointer write
  // waits for its own, and KV takes the whole bound to show it at the far data centre.
  it("a change committed right after another: shown everywhere by its visibleBy although its pointer waits its second", async () => {
    await runScenario("pointer waits its second", 3, async (world, random) => {
      await seededWorld(world);
      const far = random.pick(world.dataCentres.filter((dc) => dc !== world.writerDc));
      world.kv.delayOverride = (key, location) => (location === far.name ? (key === "pointer" ? 60_000 : 0) : undefined);
      const before = newStory(world, random);
      const story = newStory(world, random);
      const pointers = world.kv.history("pointer").length;
      const first = world.sendApi(world.writerDc, "PUT", `/api/articles/${before.version.slug}`, before.version.input);
      while (world.kv.history("pointer").length === pointers) await world.advance(10);
      await world.advance(random.between(0, 300));
      const answer = await world.settle(world.sendApi(world.writerDc, "PUT", `/api/articles/${story.version.slug}`, story.version.input));
      expectStatus(await world.settle(first), 201);
      expectStatus(answer, 201);
      const { changedAt, visibleBy } = changeOf(answer);
      // The worst moment to read: the far data centre caches the older pointer just before the new one
      // arrives there (a minute after it landed), and keeps it for the whole 30 s.
      while (world.kv.history("pointer").length < pointers + 2) await world.advance(10);
      const landed = world.kv.history("pointer").at(-1)?.at ?? changedAt;
      const article = story.surfaces.filter((s) => s.name === "article" || s.name === "home");
      const watch = watchSurfaces(world, article, [{ from: landed + 60_000 - 100, until: changedAt + BOUND_MS + 5_000, every: [50, 150] }], [far]);
      await world.advanceTo(changedAt + BOUND_MS + 6_000);
      watch.stop();
      const judged = judge(watch.seen, (s) => (isError(s.exchange) ? "error" : shows(s, story.version) ? "new" : "old"));
      const violations = new Violations();
      checkAfter(judged, visibleBy, ["new"], changedAt, violations, "not shown by visibleBy");
      violations.assertNone("pointer waits its second");
      return { "constructed worst case (from the editor's request)": (lastWith(judged, ["old", "error"]) ?? changedAt) - changedAt } satisfies Measured;
    });
  });

  for (const change of CHANGES) {
    it(`${change.name}: the old version is gone from every surface in every data centre by visibleBy, and never comes back`, async () => {
      await runScenario(
        change.name,
        RUNS,
        async (world, random) => {
          await seededWorld(world);
          const story = newStory(world, random);
          const v1 = story.version;
          expectStatus(await world.api(world.writerDc, "PUT", `/api/articles/${v1.slug}`, v1.input), 201);
          await world.advance(BOUND_MS + 2_000);
          const surfaces = change.surfaces(story.surfaces);
          const sendAt = world.clock.now + random.between(2_000, 15_000);
          const watch = watchSurfaces(world, surfaces, pacesAround(sendAt, world.clock.now));
          publishNoise(world, random, sendAt - 5_000, sendAt + 60_000);
          await world.advanceTo(sendAt);
          const sent = await change.send(world, random, { v1, published: story.published });
          const answer = await sent.answer;
          expectStatus(answer, 200);
          const { changedAt, visibleBy } = changeOf(answer);
          await world.advanceTo(changedAt + BOUND_MS + 20_000);
          watch.stop();
          const seen = [...watch.seen, ...(await crawlSurfaces(world, surfaces, random))];
          const judged = judge(seen, (s) => change.verdict(s, v1, sent.v2));
          const violations = new Violations();
          checkAfter(judged, visibleBy, ["new"], changedAt, violations, "old version after visibleBy");
          checkNeverBack(judged, changedAt, violations);
          violations.assertNone(change.name);
          return { [change.name]: (lastWith(judged, ["old", "error", "neither"]) ?? changedAt) - changedAt } satisfies Measured;
        },
        { bounds },
      );
    });
  }
});

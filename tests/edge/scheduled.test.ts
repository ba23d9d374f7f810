// Scheduled stories on the simulated edge: published through the API with a time some minutes ahead and
// nothing published after, with the cron running every minute. Every surface in every data centre shows
// the story within 60 s of its time and never before; and scheduled stories never push visible ones out
// of a listing or a feed.

import { afterAll, describe, it } from "vitest";
import { Violations, checkAfter, checkBefore, checkNeverBack, describe as describeJudged, lastWith } from "./checks.ts";
import { crawl } from "./observe.ts";
import { type Measured, reportMeasurements, runScenario } from "./scenario.ts";
import { BOUND_MS, crawlSurfaces, expectStatus, isError, judge, newStory, seededWorld, surfaceProbe, watchSurfaces } from "./story.ts";
import { type StoryVersion, type Surface, shows, storySurfaces, storyVersion, token } from "./surfaces.ts";

const RUNS = 24;
/** The bound for a scheduled story: within a minute of its time (the cron runs every minute). */
const SCHEDULED_WITHIN_MS = 60_000;

afterAll(() => reportMeasurements("scheduled"));

describe("edge: scheduled stories", () => {
  it("scheduled story: on every surface in every data centre within 60 s of its time, never before", async () => {
    await runScenario(
      "scheduled story",
      RUNS,
      async (world, random) => {
        await seededWorld(world);
        const story = newStory(world, random, 0);
        const time = Math.floor((world.clock.now + random.between(2 * 60_000, 6 * 60_000)) / 1000) * 1000;
        const version = storyVersion(random, { slug: story.version.slug, ownTag: story.version.ownTag, published: time });
        const surfaces = storySurfaces({ slug: version.slug, ownTag: version.ownTag, published: time });
        const dc = random.pick(world.dataCentres);
        const answer = await world.api(dc, "PUT", `/api/articles/${version.slug}`, version.input);
        expectStatus(answer, 201);
        const watch = watchSurfaces(world, surfaces, [
          { from: time - 8_000, until: time + 8_000, every: [200, 600] },
          { from: time + SCHEDULED_WITHIN_MS - 10_000, until: time + SCHEDULED_WITHIN_MS + 5_000, every: [200, 600] },
          { from: time - 70_000, until: time + SCHEDULED_WITHIN_MS + 30_000, every: [1_200, 3_500] },
        ]);
        await world.advanceTo(time + SCHEDULED_WITHIN_MS + 30_000);
        watch.stop();
        const seen = [...watch.seen, ...(await crawlSurfaces(world, surfaces, random))];
        const judged = judge(seen, (s) => (isError(s.exchange) ? "error" : shows(s, version) ? "new" : "old"));
        const violations = new Violations();
        checkBefore(judged, time, ["new"], time, violations, "shown before its time");
        checkAfter(judged, time + SCHEDULED_WITHIN_MS, ["new"], time, violations, "not shown 60 s after its time");
        checkNeverBack(judged, time, violations);
        violations.assertNone("scheduled story");
        const late = judged.filter((j) => j.exchange.sent >= time);
        return { "scheduled story (after its time)": (lastWith(late, ["old", "error"]) ?? time) - time } satisfies Measured;
      },
      { bounds: { "scheduled story (after its time)": SCHEDULED_WITHIN_MS / 1000 } },
    );
  });

  it("scheduled stories never push visible ones out: 25 scheduled in a tag with 3 visible, every listing and feed keeps the 3", async () => {
    await runScenario("scheduled in a tag", Math.ceil(RUNS / 2), async (world, random) => {
      await seededWorld(world);
      const tag = `sim-${token(random, "").toLowerCase()}`;
      const now = world.clock.now;
      const visible: StoryVersion[] = [];
      const scheduled: { version: StoryVersion; time: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const published = Math.floor((now - random.between(10 * 60_000, 3 * 3600_000)) / 1000) * 1000;
        visible.push(storyVersion(random, { slug: `visible-${token(random, "").toLowerCase()}`, ownTag: tag, published }));
      }
      for (let i = 0; i < 25; i++) {
        // A few come out while readers watch; most are hours ahead.
        const ahead = i < 4 ? random.between(2 * 60_000, 3.5 * 60_000) : random.between(3600_000, 48 * 3600_000);
        const time = Math.floor((now + ahead) / 1000) * 1000;
        scheduled.push({ version: storyVersion(random, { slug: `later-${token(random, "").toLowerCase()}`, ownTag: tag, published: time }), time });
      }
      const dc = random.pick(world.dataCentres);
      for (const v of random.shuffle([...visible, ...scheduled.map((s) => s.version)]))
        expectStatus(await world.api(dc, "PUT", `/api/articles/${v.slug}`, v.input), 201);
      const surfaces: Surface[] = [
        { name: "tag page", path: `/tag/${tag}`, kind: "html" },
        { name: "tag rss", path: `/tag/${tag}/feed.xml`, kind: "feed" },
        { name: "tag atom", path: `/tag/${tag}/atom.xml`, kind: "feed" },
        { name: "tag json feed", path: `/tag/${tag}/feed.json`, kind: "feed" },
        { name: "home", path: "/", kind: "html" },
        { name: "site rss", path: "/feed.xml", kind: "feed" },
        { name: "section", path: "/section/news/middle-east", kind: "html" },
      ];
      const start = world.clock.now + BOUND_MS;
      const watch = watchSurfaces(world, surfaces, [{ from: start, until: start + 4 * 60_000, every: [1_500, 5_000] }]);
      await world.advanceTo(start + 4 * 60_000);
      watch.stop();
      const seen = [
        ...watch.seen,
        ...(await crawl(
          world,
          surfaces.map((s) => surfaceProbe(s, random)),
        )),
      ];
      const violations = new Violations();
      for (const { meta, exchange } of seen) {
        const where = describeJudged({ surface: meta.name, verdict: "neither", exchange }, now);
        if (exchange.status !== 200) {
          violations.add(`not 200: ${where}`);
          continue;
        }
        for (const v of visible) if (!exchange.body.includes(v.token)) violations.add(`visible story ${v.slug} pushed out: ${where}`);
        for (const s of scheduled) {
          if (exchange.sent < s.time && exchange.body.includes(s.version.token)) violations.add(`scheduled story shown early: ${where}`);
          if (exchange.sent >= s.time + SCHEDULED_WITHIN_MS && !exchange.body.includes(s.version.token))
            violations.add(`released story ${s.version.slug} missing a minute after its time: ${where}`);
        }
      }
      violations.assertNone("scheduled in a tag");
      return undefined;
    });
  });
});

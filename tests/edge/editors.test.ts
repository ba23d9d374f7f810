// Two editors at two data centres PATCH the same story with the same If-Match at the same moment: the
// single writer takes one (200) and refuses the other (412); after the winner's visibleBy the stored
// story, its listings and its feeds agree with the winner everywhere, and the loser's text never shows.

import { afterAll, describe, it } from "vitest";
import { Violations, checkAfter, lastWith } from "./checks.ts";
import { type Measured, reportMeasurements, runScenario } from "./scenario.ts";
import { BOUND_MS, changeOf, crawlSurfaces, expectStatus, isError, judge, newStory, seededWorld, watchSurfaces } from "./story.ts";
import { shows, storyVersion } from "./surfaces.ts";
import type { Exchange } from "./world.ts";

const RUNS = 32;

afterAll(() => reportMeasurements("editors"));

describe("edge: concurrent editors", () => {
  it("two editors, same If-Match, same moment: one 200, one 412, and every data centre agrees with the winner", async () => {
    await runScenario("concurrent editors", RUNS, async (world, random) => {
      await seededWorld(world);
      const story = newStory(world, random);
      const v1 = story.version;
      expectStatus(await world.api(world.writerDc, "PUT", `/api/articles/${v1.slug}`, v1.input), 201);
      await world.advance(BOUND_MS + 2_000);
      const [dcA, dcB] = random.shuffle(world.dataCentres);
      if (!dcA || !dcB) throw new Error("two data centres needed");
      const [readA, readB] = await world.settle(Promise.all([dcA, dcB].map((dc) => world.sendApi(dc, "GET", `/api/articles/${v1.slug}`))));
      const etag = readA?.headers.get("ETag");
      if (!etag || etag !== readB?.headers.get("ETag")) throw new Error(`the two editors read different versions: ${etag} / ${readB?.headers.get("ETag")}`);
      const updated = Math.floor(world.clock.now / 1000) * 1000;
      // Each edit has its own updated time, so the day sitemap's lastmod tells them apart too.
      const edits = [dcA, dcB].map((dc, i) => ({
        dc,
        version: storyVersion(random, { slug: v1.slug, ownTag: v1.ownTag, published: story.published, updated: updated + i * 1000 }),
      }));
      const watch = watchSurfaces(
        world,
        story.surfaces.filter((s) => s.kind !== "pages-sitemap"),
        [{ from: world.clock.now, until: world.clock.now + BOUND_MS + 20_000, every: [700, 2_500] }],
      );
      const answers: Exchange[] = await world.settle(
        Promise.all(
          edits.map(({ dc, version }) => {
            const { headline, standfirst, body } = version.input;
            const patch = { headline, standfirst, body, updated: version.input.updated };
            return world.sendApi(dc, "PATCH", `/api/articles/${v1.slug}`, patch, { "If-Match": etag, "Content-Type": "application/merge-patch+json" });
          }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      if (statuses.join() !== "200,412")
        throw new Error(`expected one 200 and one 412, got ${statuses.join(", ")}: ${answers.map((a) => a.body.slice(0, 200)).join(" | ")}`);
      const winnerIndex = answers.findIndex((a) => a.status === 200);
      const winner = edits[winnerIndex]?.version;
      const loser = edits[1 - winnerIndex]?.version;
      if (!winner || !loser) throw new Error("no winner");
      const { changedAt, visibleBy } = changeOf(answers[winnerIndex] as Exchange);
      await world.advanceTo(changedAt + BOUND_MS + 20_000);
      watch.stop();
      const violations = new Violations();
      for (const dc of world.dataCentres) {
        const read = await world.api(dc, "GET", `/api/articles/${v1.slug}`);
        if (!read.body.includes(winner.token) || read.body.includes(loser.token))
          violations.add(`GET /api/articles at ${dc.name} does not hold the winner's text`);
        if (read.headers.get("ETag") === etag) violations.add(`GET /api/articles at ${dc.name} still has the old ETag`);
      }
      const seen = [
        ...watch.seen,
        ...(await crawlSurfaces(
          world,
          story.surfaces.filter((s) => s.kind !== "pages-sitemap"),
          random,
        )),
      ];
      const judged = judge(seen, (s) => (isError(s.exchange) ? "error" : shows(s, loser) ? "neither" : shows(s, winner) ? "new" : "old"));
      for (const j of judged) if (j.verdict === "neither") violations.add(`the refused edit shows: ${j.surface} at ${j.exchange.dc}`);
      checkAfter(judged, visibleBy, ["new"], changedAt, violations, "not the winner's version after visibleBy");
      violations.assertNone("concurrent editors");
      return { "concurrent editors (winner everywhere)": (lastWith(judged, ["old", "error"]) ?? changedAt) - changedAt } satisfies Measured;
    });
  });
});

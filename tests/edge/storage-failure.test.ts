// KV failing at one data centre (every read there throws) after a takedown, and after a live policy change,
// once an isolate there has served the change: while it fails, that data centre never serves the withdrawn
// story again and never follows a policy other than the last live one, in isolates that were running
// and in isolates started during the outage; an answer it cannot give is a 503.

import { describe, it } from "vitest";
import { type Judged, Violations, describe as describeJudged } from "./checks.ts";
import type { Surface } from "./surfaces.ts";
import type { Seen } from "./observe.ts";
import { Watch } from "./observe.ts";
import { type PolicyVersion, type RouteProbe, consistentVersions, deployedVersion, putPolicy, rotated, routeProbe } from "./policies.ts";
import type { Random } from "./random.ts";
import { runScenario } from "./scenario.ts";
import { BOUND_MS, changeOf, expectStatus, isError, judge, newStory, seededWorld, watchSurfaces } from "./story.ts";
import { showsAny } from "./surfaces.ts";
import type { DataCentre, World } from "./world.ts";

const RUNS = 20;

/** Advances in small steps until `learned` finds the moment the data centre served the change, or `limit`. */
async function waitUntilLearned(world: World, limit: number, learned: () => number | undefined): Promise<number> {
  for (;;) {
    const at = learned();
    if (at !== undefined) return at;
    if (world.clock.now > limit) throw new Error("the data centre never served the change before the bound");
    await world.advance(500);
  }
}

/** Keeps KV failing at `dc` for a few minutes, with isolates there evicted and started again meanwhile. */
async function outage(world: World, dc: DataCentre, random: Random, until: number): Promise<void> {
  world.kv.failReads(dc.name);
  while (world.clock.now < until) {
    await world.advance(random.between(5_000, 40_000));
    world.coldStart(dc);
  }
}

describe("edge: a storage failure at one data centre", () => {
  it("after a takedown: the withdrawn story is never served there again while KV fails", async () => {
    await runScenario(
      "storage failure after a takedown",
      RUNS,
      async (world, random) => {
        await seededWorld(world);
        const story = newStory(world, random);
        const v1 = story.version;
        expectStatus(await world.api(world.writerDc, "PUT", `/api/articles/${v1.slug}`, v1.input), 201);
        await world.advance(BOUND_MS + 2_000);
        const failing = random.pick(world.dataCentres);
        const start = world.clock.now;
        const until = start + 12 * 60_000; // stopped when the outage ends
        const everywhere = watchSurfaces(world, story.surfaces, [{ from: start, until, every: [2_000, 6_000] }]);
        const there = watchSurfaces(world, story.surfaces, [{ from: start, until, every: [600, 2_000] }], [failing]);
        await world.advance(random.between(1_000, 10_000));
        const unpublish = random.chance(0.5);
        const answer = unpublish
          ? await world.api(
              random.pick(world.dataCentres),
              "PATCH",
              `/api/articles/${v1.slug}`,
              { status: "draft" },
              { "Content-Type": "application/merge-patch+json" },
            )
          : await world.api(random.pick(world.dataCentres), "DELETE", `/api/articles/${v1.slug}`);
        expectStatus(answer, 200);
        const { changedAt } = changeOf(answer);
        const verdict = (seen: readonly Seen<Surface>[]): Judged[] =>
          judge(seen, (s) => (isError(s.exchange) ? "error" : showsAny(s, v1.slug, v1.ownTag, [v1.token]) ? "old" : "new"));
        const learned = await waitUntilLearned(
          world,
          changedAt + BOUND_MS + 30_000,
          () => verdict(there.seen).find((j) => j.verdict === "new" && j.exchange.status === 200 && j.exchange.dc === failing.name)?.exchange.sent,
        );
        const failAt = learned + random.between(1_000, 30_000);
        await world.advanceTo(failAt);
        await outage(world, failing, random, world.clock.now + random.between(90_000, 3 * 60_000));
        everywhere.stop();
        there.stop();
        const violations = new Violations();
        const during = verdict([...there.seen, ...everywhere.seen]).filter((j) => j.exchange.dc === failing.name && j.exchange.sent >= failAt);
        for (const j of during) if (j.verdict === "old") violations.add(`withdrawn story served during the outage: ${describeJudged(j, changedAt)}`);
        violations.assertNone("storage failure after a takedown");
        return undefined;
      },
      { world: { coldStarts: 0.05 } },
    );
  });

  // Regression: an isolate's own copy of the pointer stood in for a failing KV even when another isolate
  // of the same data centre had already read (and kept there) the pointer with the takedown.
  it("an isolate idle since before a takedown does not serve the withdrawn story when KV fails", async () => {
    await runScenario("idle isolate in an outage", 3, async (world, random) => {
      await seededWorld(world);
      const story = newStory(world, random);
      const v1 = story.version;
      expectStatus(await world.api(world.writerDc, "PUT", `/api/articles/${v1.slug}`, v1.input), 201);
      await world.advance(BOUND_MS + 2_000);
      const dc = random.pick(world.dataCentres);
      const [idle, busy] = dc.isolates;
      if (!idle || !busy) throw new Error("two isolates needed");
      const page = { url: `https://www.meridian-courier.example/articles/${v1.slug}`, country: "US" };
      const before = await world.settle(world.fetch(dc, page, "reader", idle));
      if (!before.body.includes(v1.token)) throw new Error("the story was not served before the takedown");
      const answer = await world.api(random.pick(world.dataCentres), "DELETE", `/api/articles/${v1.slug}`);
      expectStatus(answer, 200);
      await world.advanceTo(changeOf(answer).visibleBy + 1_000);
      const learned = await world.settle(world.fetch(dc, page, "reader", busy));
      if (learned.status !== 404) throw new Error(`the takedown was not served after visibleBy: HTTP ${learned.status}`);
      await world.advance(1_000);
      world.kv.failReads(dc.name);
      const during = await world.settle(world.fetch(dc, page, "reader", idle));
      if (during.body.includes(v1.token)) throw new Error(`the idle isolate served the withdrawn story during the outage (HTTP ${during.status})`);
      return undefined;
    });
  });

  it("after a live policy change: while KV fails there, it follows the last live policy and no other", async () => {
    await runScenario(
      "storage failure after a policy change",
      RUNS,
      async (world, random) => {
        await seededWorld(world);
        const routed = world.vars.ROUTED_HOSTS as string[];
        const versions: PolicyVersion[] = [deployedVersion(world)];
        const put = async () =>
          (await putPolicy(world, world.writerDc, rotated((versions.at(-1) as PolicyVersion).policy, random, routed), versions)).changedAt ?? 0;
        await put();
        await world.advance(random.chance(0.5) ? BOUND_MS + 2_000 : random.between(2_000, 30_000));
        const failing = random.pick(world.dataCentres);
        const start = world.clock.now;
        const until = start + 12 * 60_000; // stopped when the outage ends
        const there = new Watch<RouteProbe>(world, (r) => routeProbe(r, routed)).start([{ from: start, until, every: [600, 2_000] }], [failing]);
        await world.advance(random.between(1_000, 10_000));
        const changedAt = await put();
        const last = versions.length - 1;
        const learned = await waitUntilLearned(
          world,
          changedAt + BOUND_MS + 30_000,
          () =>
            there.seen.find((s) => {
              const consistent = consistentVersions(s.exchange, s.meta, versions);
              return s.exchange.status < 500 && s.exchange.sent > changedAt && consistent.length === 1 && consistent[0] === last;
            })?.exchange.sent,
        );
        const failAt = learned + random.between(1_000, 30_000);
        await world.advanceTo(failAt);
        await outage(world, failing, random, world.clock.now + random.between(90_000, 3 * 60_000));
        there.stop();
        const violations = new Violations();
        const during = there.seen.filter((s) => s.exchange.sent >= failAt);
        for (const s of during) {
          if (s.exchange.status >= 500) continue;
          const consistent = consistentVersions(s.exchange, s.meta, versions);
          if (!consistent.includes(last)) {
            const e = s.exchange;
            violations.add(
              `not the last live policy (consistent with ${consistent.join(", ") || "none"}): ${e.method} ${e.url} from ${s.meta.country} at ${e.dc} (${e.isolate}): HTTP ${e.status} ${e.headers.get("Location") ?? ""}`,
            );
          }
        }
        violations.assertNone("storage failure after a policy change");
        return undefined;
      },
      { world: { coldStarts: 0.05 } },
    );
  });
});

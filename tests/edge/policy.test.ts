// A domain policy change on the simulated edge: an editor at the writer's data centre rotates the blocked
// countries' mirror through PUT /api/policy (one to three times, sometimes faster than the bound) while
// readers everywhere ask every host for pages and mirrors.json. After each version's visibleBy every data
// centre follows it (or a newer one), no isolate ever goes back to an older version, and no reader is
// ever sent to a host no version names.

import { afterAll, describe, it } from "vitest";
import { VISIBLE_WITHIN_SECONDS } from "../../src/store/visibility.ts";
import { Violations } from "./checks.ts";
import { type Pace, Watch, crawl } from "./observe.ts";
import { type PolicyVersion, consistentVersions, deployedVersion, judgePolicy, putPolicy, rotated, routeProbe } from "./policies.ts";
import { seedFolder } from "./seed.ts";
import { type Measured, reportMeasurements, runScenario } from "./scenario.ts";
import { BOUND_MS, expectStatus, publishNoise, seededWorld } from "./story.ts";
import type { World } from "./world.ts";

const RUNS = 112;

afterAll(() => reportMeasurements("policy"));

/** Puts rotated versions in force from the writer's data centre at the planned times. */
async function changePolicy(world: World, plan: readonly number[], random: World["random"]): Promise<PolicyVersion[]> {
  const versions = [deployedVersion(world)];
  for (const at of plan) {
    await world.advanceTo(at);
    await putPolicy(world, world.writerDc, rotated((versions.at(-1) as PolicyVersion).policy, random, world.vars.ROUTED_HOSTS), versions);
  }
  return versions;
}

describe("edge: a domain policy change reaches every data centre within the bound", () => {
  it("policy change: every data centre follows the new policy by visibleBy, never the old one after, never goes back", async () => {
    await runScenario(
      "policy change",
      RUNS,
      async (world, random) => {
        await seededWorld(world);
        const routed = world.vars.ROUTED_HOSTS as string[];
        const plan: number[] = [];
        let at = world.clock.now + random.between(2_000, 10_000);
        for (let i = random.int(1, 3); i > 0; i--) {
          plan.push(at);
          at += random.chance(0.5) ? random.between(2_000, 60_000) : random.between(60_000, 150_000);
        }
        const end = (plan.at(-1) as number) + BOUND_MS + 20_000;
        const paces: Pace[] = [
          ...plan.map((p) => ({ from: p + BOUND_MS - 12_000, until: p + BOUND_MS + 4_000, every: [200, 600] as const })),
          { from: world.clock.now, until: end, every: [1_500, 5_000] },
        ];
        const watch = new Watch(world, (r) => routeProbe(r, routed)).start(paces);
        publishNoise(world, random, (plan[0] as number) - 5_000, end - BOUND_MS);
        const versions = await changePolicy(world, plan, random);
        await world.advanceTo(end);
        watch.stop();
        const final = await crawl(
          world,
          Array.from({ length: 30 }, () => routeProbe(random, routed)),
        );
        const violations = new Violations();
        const worst = judgePolicy([...watch.seen, ...final], versions, violations);
        violations.assertNone("policy change");
        return { "policy change": worst } satisfies Measured;
      },
      { bounds: { "policy change": VISIBLE_WITHIN_SECONDS } },
    );
  });
});

// Regression: the isolate that answered an editor's write forgot its pointer, so a slower read it had
// started before (of the older pointer) became its pointer again, and it went back to the older policy.
describe("edge: the editor's isolate", () => {
  it("an isolate that answered an editor's write never goes back to an older policy", async () => {
    await runScenario("editor's isolate never goes back", 3, async (world, random) => {
      await seededWorld(world);
      const dc = world.writerDc;
      const isolate = dc.isolates[0];
      if (!isolate) throw new Error("no isolate");
      world.kv.delayOverride = (key) => (key === "pointer" ? 0 : undefined);
      const reader = { url: "https://www.meridian-courier.example/section/news", country: "CN" };
      const via = (spec: typeof reader) => world.settle(world.fetch(dc, spec, "reader", isolate));
      // The data centre holds the current pointer for a while yet.
      for (;;) {
        await world.advance(1_500);
        await via(reader);
        const until = world.kv.cachedUntil(dc.name, "pointer");
        if (until !== undefined && until - world.clock.now > 10_000) break;
      }
      const expires = world.kv.cachedUntil(dc.name, "pointer") as number;
      const versions = [deployedVersion(world)];
      await putPolicy(world, dc, rotated((versions[0] as PolicyVersion).policy, random, world.vars.ROUTED_HOSTS), versions);
      // A read of the older pointer just before the data centre's copy expires, slow to come back...
      await world.advanceTo(expires - 1);
      world.kv.readLatencyOverride = (key) => (key === "pointer" ? 300 : undefined);
      const slow = world.fetch(dc, reader, "reader", isolate);
      world.kv.readLatencyOverride = undefined;
      // ...a read of the new one just after, the editor's write answered, then the slow read lands.
      await world.advanceTo(expires + 1);
      const fresh = await via(reader);
      const seed = (await seedFolder()).articles.find((a) => a.record.article.status === "published");
      if (!seed) throw new Error("no published seed story");
      expectStatus(await world.settle(world.sendApi(dc, "PUT", `/api/articles/${seed.slug}`, seed.input, {}, isolate)), 200);
      await world.settle(slow);
      const after = await via(reader);
      const latest = versions.at(-1) as PolicyVersion;
      const meta = { host: "www.meridian-courier.example", country: "CN", path: "/section/news" };
      if (!consistentVersions(fresh, meta, versions).includes(latest.index))
        throw new Error("the new policy was not in force after the data centre's copy expired");
      if (!consistentVersions(after, meta, versions).includes(latest.index))
        throw new Error(
          `the isolate went back to the older policy: ${after.status} ${after.headers.get("Location")}, after ${fresh.status} ${fresh.headers.get("Location")}`,
        );
      return undefined;
    });
  });
});

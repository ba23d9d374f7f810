// A domain policy change on the simulated edge: an editor at the writer's data centre rotates the blocked
// countries' mirror through PUT /api/policy (one to three times, sometimes faster than the bound) while
// readers everywhere ask every host for pages and mirrors.json. After each version's visibleBy every data
// centre follows it (or a newer one), no isolate ever goes back to an older version, and no reader is
// ever sent to a host no version names.

import { afterAll, describe, it } from "vitest";
import { VISIBLE_WITHIN_SECONDS } from "../../src/store/visibility.ts";
import { Violations } from "./checks.ts";
import { type Pace, Watch, crawl } from "./observe.ts";
import { type PolicyVersion, deployedVersion, judgePolicy, putPolicy, rotated, routeProbe } from "./policies.ts";
import { type Measured, reportMeasurements, runScenario } from "./scenario.ts";
import { BOUND_MS, seededWorld } from "./story.ts";
import type { World } from "./world.ts";

const RUNS = 12;

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
          ...plan.map((p) => ({ from: p + BOUND_MS - 12_000, until: p + BOUND_MS + 4_000, every: [150, 500] as const })),
          { from: world.clock.now, until: end, every: [900, 3_000] },
        ];
        const watch = new Watch(world, (r) => routeProbe(r, routed)).start(paces);
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

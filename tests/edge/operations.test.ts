// What the cron costs: with nothing scheduled, its passes make no KV operation at all, also right after
// an ordinary publish (a story whose time had already come is not "released" again by the next pass).

import { describe, it } from "vitest";
import { runScenario } from "./scenario.ts";
import { BOUND_MS, expectStatus, newStory, seededWorld } from "./story.ts";
import type { World } from "./world.ts";

/**
 * Lets the cron build the daily edition of every closed day the seed holds (a few a pass): work it has,
 * done once, before passes with nothing to do can be counted.
 */
async function editionsBuilt(world: World): Promise<void> {
  for (let minute = 0; minute < 120; minute++) {
    world.kv.counter.reset();
    await world.advance(60_000);
    const cron = world.kv.operations("cron");
    if (cron.get + cron.put + cron.delete + cron.list === 0) return;
  }
  throw new Error("the cron was still busy two hours after the seed");
}

describe("edge: the cron's operations", () => {
  it("cron passes with nothing scheduled make no KV operation, also after an ordinary publish", async () => {
    await runScenario("idle cron", 6, async (world, random) => {
      await seededWorld(world);
      await editionsBuilt(world);
      world.kv.counter.reset();
      const pointers = world.kv.history("pointer").length;
      const story = newStory(world, random, random.int(0, 5 * 60_000));
      expectStatus(await world.api(random.pick(world.dataCentres), "PUT", `/api/articles/${story.version.slug}`, story.version.input), 201);
      await world.advance(random.int(10, 30) * 60_000 + BOUND_MS);
      const cron = world.kv.operations("cron");
      if (cron.get + cron.put + cron.delete + cron.list > 0) throw new Error(`idle cron passes made KV operations: ${JSON.stringify(cron)}`);
      const written = world.kv.history("pointer").length - pointers;
      if (written !== 1) throw new Error(`one publish wrote the pointer ${written} times`);
      return undefined;
    });
  });
});

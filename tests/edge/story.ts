// What the story scenarios share: a seeded site settled everywhere, a test story written through the
// API, readers watching its surfaces, and the verdicts on what they saw.

import { VISIBLE_WITHIN_SECONDS } from "../../src/store/visibility.ts";
import type { Judged, Verdict } from "./checks.ts";
import { type Pace, type Probe, type Seen, Watch, crawl } from "./observe.ts";
import type { Random } from "./random.ts";
import { seed } from "./seed.ts";
import { SERVED_READERS, type Sighting, type StoryVersion, type Surface, sightingsOf, storySurfaces, storyVersion, token } from "./surfaces.ts";
import type { DataCentre, Exchange, World } from "./world.ts";

export const BOUND_MS = VISIBLE_WITHIN_SECONDS * 1000;

/** Seeds the site through the API at the writer's data centre, with the cron running, and waits until every data centre has it. */
export async function seededWorld(world: World): Promise<void> {
  world.startCron();
  await seed(world, world.writerDc, { mediaThroughWriter: true });
  await world.advance(BOUND_MS + 5_000);
}

/** A request for one surface by one of the readers served where they are. */
export function surfaceProbe(surface: Surface, random: Random): Probe<Surface> {
  const reader = random.pick(SERVED_READERS);
  return { spec: { url: `https://${reader.host}${surface.path}`, country: reader.country }, meta: surface };
}

export function watchSurfaces(world: World, surfaces: readonly Surface[], paces: readonly Pace[], dataCentres?: readonly DataCentre[]): Watch<Surface> {
  return new Watch<Surface>(world, (random) => surfaceProbe(random.pick(surfaces), random)).start(paces, dataCentres);
}

/** Every surface at every data centre, `rounds` times (each time through a random isolate). */
export async function crawlSurfaces(world: World, surfaces: readonly Surface[], random: Random, rounds = 1): Promise<Seen<Surface>[]> {
  const out: Seen<Surface>[] = [];
  for (let i = 0; i < rounds; i++)
    out.push(
      ...(await crawl(
        world,
        surfaces.map((s) => surfaceProbe(s, random)),
      )),
    );
  return out;
}

/** Judges every sighting in what readers saw. */
export function judge(seen: readonly Seen<Surface>[], verdict: (s: Sighting) => Verdict): Judged[] {
  return seen.flatMap(({ meta, exchange }) => sightingsOf(meta, exchange).map((s) => ({ surface: s.surface, verdict: verdict(s), exchange })));
}

export function isError(exchange: Exchange): boolean {
  return exchange.status >= 500;
}

/** A fresh test story, published `agoMs` before now, with its own tag. */
export function newStory(world: World, random: Random, agoMs = random.int(0, 10 * 60_000)): { version: StoryVersion; surfaces: Surface[]; published: number } {
  const published = Math.floor((world.clock.now - agoMs) / 1000) * 1000;
  const slug = `harbour-ferry-${token(random, "").toLowerCase()}`;
  const ownTag = `sim-${token(random, "").toLowerCase()}`;
  const version = storyVersion(random, { slug, ownTag, published });
  return { version, surfaces: storySurfaces({ slug, ownTag, published }), published };
}

/** Readers' pace around a change sent at `at`: steady, then dense where the bound falls. */
export function pacesAround(at: number, from: number, until = at + BOUND_MS + 20_000): Pace[] {
  return [
    { from, until: at + BOUND_MS - 15_000, every: [1_500, 5_000] },
    { from: at + BOUND_MS - 15_000, until: at + BOUND_MS + 5_000, every: [200, 600] },
    { from: at + BOUND_MS + 5_000, until, every: [1_500, 5_000] },
  ];
}

/**
 * When the editor sent a change (the delays scenarios measure count from it) and the visibleBy its API
 * answer promises (the bound after the pointer carrying it reached KV).
 */
export function changeOf(answer: Exchange): { changedAt: number; visibleBy: number } {
  const body = JSON.parse(answer.body) as { visibleBy?: string };
  if (!body.visibleBy) throw new Error(`no visibleBy in ${answer.body.slice(0, 200)}`);
  return { changedAt: answer.sent, visibleBy: Date.parse(body.visibleBy) };
}

/** The story as it must read after an API write: the answer's status, or a clear failure. */
export function expectStatus(answer: Exchange, ...statuses: number[]): void {
  if (!statuses.includes(answer.status))
    throw new Error(`${answer.method} ${answer.url}: HTTP ${answer.status}, expected ${statuses.join(" or ")}: ${answer.body.slice(0, 400)}`);
}

/** Unrelated stories other editors publish meanwhile, so pointers fold and follow each other closely. */
export function publishNoise(world: World, random: Random, from: number, until: number): void {
  const count = random.int(0, 3);
  for (let i = 0; i < count; i++) {
    const at = random.between(from, until);
    world.clock.setTimeout(() => {
      const other = newStory(world, random, 0);
      const input = { ...other.version.input, section: "science", tags: ["space"], authors: ["tomas-lindqvist"] };
      world.track(world.sendApi(random.pick(world.dataCentres), "PUT", `/api/articles/${other.version.slug}`, input));
    }, at - world.clock.now);
  }
}

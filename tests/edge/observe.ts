// Readers at every data centre: a watch sends requests at a random pace (denser in the windows that
// matter) while the scenario goes on, and a crawl asks for a list of addresses everywhere at once.

import type { Random } from "./random.ts";
import type { DataCentre, Exchange, RequestSpec, World } from "./world.ts";

export interface Probe<T> {
  spec: RequestSpec;
  meta: T;
}

export interface Seen<T> {
  meta: T;
  exchange: Exchange;
}

/** From `from` until `until`, one request per data centre every `every` milliseconds (drawn in that range). */
export interface Pace {
  from: number;
  until: number;
  every: readonly [number, number];
}

export class Watch<T> {
  readonly seen: Seen<T>[] = [];
  readonly #world: World;
  readonly #pick: (random: Random, dc: DataCentre) => Probe<T>;
  readonly #random: Random;
  #stopped = false;

  constructor(world: World, pick: (random: Random, dc: DataCentre) => Probe<T>) {
    this.#world = world;
    this.#pick = pick;
    this.#random = world.random.fork("watch");
  }

  /** Starts one reader loop per data centre (or those given); the first pace that covers a moment sets it. */
  start(paces: readonly Pace[], dataCentres: readonly DataCentre[] = this.#world.dataCentres): this {
    const clock = this.#world.clock;
    for (const dc of dataCentres) {
      const loop = () => {
        if (this.#stopped) return;
        const now = clock.now;
        const pace = paces.find((p) => p.from <= now && now < p.until);
        if (!pace) {
          const next = Math.min(...paces.filter((p) => p.from > now).map((p) => p.from));
          if (Number.isFinite(next)) clock.setTimeout(loop, next - now);
          return;
        }
        const probe = this.#pick(this.#random, dc);
        this.#world.track(this.#world.fetch(dc, probe.spec).then((exchange) => this.seen.push({ meta: probe.meta, exchange })));
        clock.setTimeout(loop, this.#random.between(pace.every[0], pace.every[1]));
      };
      clock.setTimeout(loop, this.#random.between(0, paces[0]?.every[1] ?? 0) + Math.max(0, (paces[0]?.from ?? 0) - clock.now));
    }
    return this;
  }

  stop(): void {
    this.#stopped = true;
  }
}

/** Every probe at every data centre (or those given), all at once; waits for the answers. */
export async function crawl<T>(world: World, probes: readonly Probe<T>[], dataCentres: readonly DataCentre[] = world.dataCentres): Promise<Seen<T>[]> {
  const all = dataCentres.flatMap((dc) => probes.map((p) => world.fetch(dc, p.spec).then((exchange) => ({ meta: p.meta, exchange }))));
  return world.settle(Promise.all(all));
}

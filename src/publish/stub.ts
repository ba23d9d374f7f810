// The one writer's address: every caller (API, seed, cron, tests) reaches the same Durable Object.

import type { Newsroom } from "./newsroom.ts";

/** The name of the single instance: one writer for the whole site. */
const WRITER = "newsroom";

export function newsroom(env: { NEWSROOM: DurableObjectNamespace<Newsroom> }): DurableObjectStub<Newsroom> {
  return env.NEWSROOM.get(env.NEWSROOM.idFromName(WRITER));
}

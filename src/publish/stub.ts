// The one writer's address: every caller (API, seed, cron, tests) reaches the same Durable Object.

/** The name of the single instance: one writer for the whole site. */
const WRITER = "newsroom";

export function newsroom(env: Pick<Env, "NEWSROOM">) {
  return env.NEWSROOM.get(env.NEWSROOM.idFromName(WRITER));
}

// What the Worker imports from "cloudflare:workers", for the edge simulation's bundle: the Durable
// Object base class keeps ctx and env as the runtime's does. The simulation passes env to each handler
// and constructor, so the module-level `env` is empty.

export class DurableObject<E = unknown> {
  protected ctx: DurableObjectState;
  protected env: E;

  constructor(ctx: DurableObjectState, env: E) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class WorkerEntrypoint<E = unknown> {
  protected ctx: ExecutionContext;
  protected env: E;

  constructor(ctx: ExecutionContext, env: E) {
    this.ctx = ctx;
    this.env = env;
  }
}

export const env = {};

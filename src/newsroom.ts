// The single writer as the runtime sees it: a Durable Object class whose methods hand each call to the
// writer's implementation (src/publish/newsroom.ts), loaded with the rest of the write road on first use,
// so an isolate that only serves pages never parses it.

import { DurableObject } from "cloudflare:workers";
import type { NewsroomCore } from "./publish/newsroom.ts";
import { writeRoad } from "./write-road-module.ts";

type Core = NewsroomCore;

export class Newsroom extends DurableObject<Env> {
  #core: Core | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const road = await writeRoad();
      this.#core = new road.NewsroomCore(ctx, env);
    });
  }

  get #writer(): Core {
    if (!this.#core) throw new Error("the writer is still loading");
    return this.#core;
  }

  getArticle(...a: Parameters<Core["getArticle"]>) {
    return this.#writer.getArticle(...a);
  }
  listArticles(...a: Parameters<Core["listArticles"]>) {
    return this.#writer.listArticles(...a);
  }
  putArticle(...a: Parameters<Core["putArticle"]>) {
    return this.#writer.putArticle(...a);
  }
  patchArticle(...a: Parameters<Core["patchArticle"]>) {
    return this.#writer.patchArticle(...a);
  }
  deleteArticle(...a: Parameters<Core["deleteArticle"]>) {
    return this.#writer.deleteArticle(...a);
  }
  importContent(...a: Parameters<Core["importContent"]>) {
    return this.#writer.importContent(...a);
  }
  listMedia(...a: Parameters<Core["listMedia"]>) {
    return this.#writer.listMedia(...a);
  }
  getMedia(...a: Parameters<Core["getMedia"]>) {
    return this.#writer.getMedia(...a);
  }
  putMedia(...a: Parameters<Core["putMedia"]>) {
    return this.#writer.putMedia(...a);
  }
  deleteMedia(...a: Parameters<Core["deleteMedia"]>) {
    return this.#writer.deleteMedia(...a);
  }
  getPolicy(...a: Parameters<Core["getPolicy"]>) {
    return this.#writer.getPolicy(...a);
  }
  policyHistory(...a: Parameters<Core["policyHistory"]>) {
    return this.#writer.policyHistory(...a);
  }
  putPolicy(...a: Parameters<Core["putPolicy"]>) {
    return this.#writer.putPolicy(...a);
  }
  deletePolicy(...a: Parameters<Core["deletePolicy"]>) {
    return this.#writer.deletePolicy(...a);
  }
  rollbackPolicy(...a: Parameters<Core["rollbackPolicy"]>) {
    return this.#writer.rollbackPolicy(...a);
  }
  reachStatus(...a: Parameters<Core["reachStatus"]>) {
    return this.#writer.reachStatus(...a);
  }
  reachPass(...a: Parameters<Core["reachPass"]>) {
    return this.#writer.reachPass(...a);
  }
  claimEmailReply(...a: Parameters<Core["claimEmailReply"]>) {
    return this.#writer.claimEmailReply(...a);
  }
  audit(...a: Parameters<Core["audit"]>) {
    return this.#writer.audit(...a);
  }
  tick(...a: Parameters<Core["tick"]>) {
    return this.#writer.tick(...a);
  }
  health(...a: Parameters<Core["health"]>) {
    return this.#writer.health(...a);
  }
  flush(...a: Parameters<Core["flush"]>) {
    return this.#writer.flush(...a);
  }
  override alarm(): Promise<void> {
    return this.#writer.alarm();
  }
}

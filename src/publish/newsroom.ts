// The single writer: a Durable Object that takes every change (API, seed, cron), one at a time, holds
// the truth in its SQLite storage and projects it into KV for readers. Each method validates, applies
// the change and its projection in one storage transaction, then writes the projection out.

import { DurableObject } from "cloudflare:workers";
import { contentHash } from "../content/hash.ts";
import { checkMedia } from "../content/media.ts";
import { isFields } from "../content/problems.ts";
import type { ArticleRecord, MarkdownRenderer } from "../content/record.ts";
import { type SiteConfig, validateSite } from "../content/site.ts";
import { logEvent } from "../log.ts";
import { markdownRenderer } from "../markdown-module.ts";
import { routedHostsOf, routingProblems } from "../policy/routing.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { checkPolicy } from "../policy/validate.ts";
import { keys } from "../store/keys.ts";
import { Kv, kvOptionsOf } from "../store/kv.ts";
import { type ArticleWritten, type CatalogEntry, changeArticle, listArticles, prepare, readArticleRow, readRecord } from "./articles.ts";
import { type AuditEntry, appendAudit, readAudit } from "./audit.ts";
import { Db, migrate } from "./db.ts";
import { Drain, type DrainReport } from "./drain.ts";
import { mergePatch } from "./merge-patch.ts";
import { type Actor, type Committed, type Failure, type Precondition, failure } from "./outcomes.ts";
import { type LivePolicyState, type PolicyVersion, livePolicy, policyHistory, policyTag, rollbackTarget, savePolicy } from "./policy.ts";
import { Projection } from "./projection.ts";
import { type SweepReport, sweep } from "./sweep.ts";

/** A failure thrown out of a storage transaction so that nothing it wrote is kept. */
class Refused extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.code);
    this.failure = failure;
  }
}

function isFailure(value: unknown): value is Failure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/** A retry after a failed projection write waits this long (then the cron tries every minute anyway). */
const RETRY_MS = 5_000;
/** The sweep runs at most this often. */
const SWEEP_EVERY_MS = 60 * 60_000;
/** KV deletes one sweep makes at most. */
const SWEEP_BUDGET = 200;

export type ArticleOutcome = (ArticleWritten & Committed) | Failure;

export interface StoredMedia {
  name: string;
  contentType: string;
  size: number;
  etag: string;
  addedAt: string;
}

export interface PolicyView {
  source: "live" | "deployed";
  version: string;
  policy: DomainPolicy | null;
  live: LivePolicyState | null;
}

export type PolicyOutcome = ({ ok: true; version: string; previous: string; source: "live" | "deployed"; warnings: unknown[] } & Committed) | Failure;

export interface ImportBatch {
  site?: unknown;
  articles?: { slug: string; input: unknown }[];
}

export interface ImportReport {
  ok: true;
  site: "created" | "updated" | "unchanged" | "absent";
  created: string[];
  updated: string[];
  unchanged: number;
  /** Stories an editor changed or removed through the API since they were seeded: left alone unless forced. */
  kept: string[];
  audit: string;
}

export interface TickReport {
  at: number;
  /** Scheduled stories whose time came since the last pass. */
  released: number;
  drain: DrainReport;
  sweep?: SweepReport;
}

export interface Health {
  seeded: boolean;
  lastTick: number | null;
  blobsPending: number;
  pointerPending?: number;
  pointerWritten: number;
  lastError?: string;
}

export class Newsroom extends DurableObject<Env> {
  readonly #db: Db;
  readonly #kv: Kv;
  readonly #drain: Drain;
  readonly #uploading = new Set<string>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#db = new Db(ctx.storage.sql);
    this.#kv = new Kv(env.CONTENT, kvOptionsOf(env));
    this.#drain = new Drain(this.#db, this.#kv);
    void ctx.blockConcurrencyWhile(async () => {
      migrate(this.#db);
      this.#noteDeployedPolicy();
    });
  }

  /** Records when this deploy's policy (wrangler.toml) was first seen: mirrors.json dates it from then. */
  #noteDeployedPolicy(): void {
    const hash = contentHash(JSON.stringify(this.env.DOMAIN_POLICY ?? null));
    if (this.#db.meta<{ hash: string } | null>("deployed", null)?.hash !== hash) this.#db.setMeta("deployed", { hash, since: Date.now() });
  }

  // ---- Articles ---------------------------------------------------------------------------------

  getArticle(slug: string): { article: ArticleRecord["article"]; version: string } | null {
    const record = readRecord(this.#db, slug);
    return record ? { article: record.article, version: record.version } : null;
  }

  listArticles(options: { limit: number; cursor?: string; section?: string; status?: "draft" | "published" }): { articles: CatalogEntry[]; cursor?: string } {
    return listArticles(this.#db, options);
  }

  async putArticle(slug: string, input: unknown, precondition: Precondition, actor: Actor): Promise<ArticleOutcome> {
    const render = await markdownRenderer();
    return this.#changeArticle({ slug, precondition, actor, action: "article.put", make: () => this.#prepared(render, input, slug) });
  }

  /** A JSON merge patch on the stored article, validated as a whole. */
  async patchArticle(slug: string, patch: unknown, precondition: Precondition, actor: Actor): Promise<ArticleOutcome> {
    if (!isFields(patch))
      return failure("invalid", {
        problems: [{ field: "(patch)", code: "not_an_object", message: "must be a JSON object with the fields to change; null removes a field" }],
      });
    const render = await markdownRenderer();
    return this.#changeArticle({
      slug,
      precondition,
      actor,
      action: "article.patch",
      make: (current) => (current ? this.#prepared(render, mergePatch(current.article, patch), slug) : failure("not_found")),
    });
  }

  async deleteArticle(slug: string, precondition: Precondition, actor: Actor): Promise<ArticleOutcome> {
    return this.#changeArticle({ slug, precondition, actor, action: "article.delete", make: (current) => (current ? null : failure("not_found")) });
  }

  #prepared(render: MarkdownRenderer, input: unknown, slug: string): ArticleRecord | Failure {
    const site = this.#site();
    return site ? prepare(this.#db, site, render, input, slug) : failure("not_seeded");
  }

  async #changeArticle(change: Parameters<typeof changeArticle>[1]): Promise<ArticleOutcome> {
    return this.#commit((projection, now) => {
      const written = changeArticle(this.#db, change, now);
      if (isFailure(written)) return written;
      if (written.changed) projection.apply({ slugs: [change.slug], withdraws: written.withdraws });
      return written;
    });
  }

  // ---- Seed ---------------------------------------------------------------------------------------

  /**
   * Loads a batch of the content folder: the site config, then articles. A story an editor changed or
   * removed through the API since it was seeded is kept as it is, unless `force`. Every article is
   * checked before anything is written: one invalid story refuses the whole batch.
   */
  async importContent(batch: ImportBatch, options: { force?: boolean }, actor: Actor): Promise<ImportReport | Failure> {
    const render = await markdownRenderer();
    const outcome = await this.#commit<ImportReport>((projection, now) => {
      let siteState: ImportReport["site"] = "absent";
      if (batch.site !== undefined) {
        const checked = validateSite(batch.site);
        if (!checked.ok) return failure("invalid", { problems: checked.problems.map((p) => ({ ...p, field: `site.${p.field}` })) });
        const before = this.#site();
        siteState = !before ? "created" : JSON.stringify(before) === JSON.stringify(checked.value) ? "unchanged" : "updated";
        if (siteState !== "unchanged") this.#db.setMeta("site", checked.value);
      }
      const site = this.#site();
      if (!site) return failure("not_seeded");
      const report: ImportReport = { ok: true, site: siteState, created: [], updated: [], unchanged: 0, kept: [], audit: "" };
      const changed: string[] = [];
      let withdraws = false;
      for (const { slug, input } of batch.articles ?? []) {
        const row = readArticleRow(this.#db, slug);
        const editedSince = row !== undefined && (row.status === "deleted" || row.version !== row.seeded_version);
        if (editedSince && !options.force) {
          report.kept.push(slug);
          continue;
        }
        const written = changeArticle(
          this.#db,
          { slug, precondition: {}, actor, action: "seed.article", seeded: true, make: () => this.#prepared(render, input, slug) },
          now,
        );
        if (isFailure(written)) return { ...written, problems: (written.problems ?? []).map((p) => ({ ...p, field: `${slug}: ${p.field}` })) };
        if (!written.changed) report.unchanged++;
        else {
          (written.created ? report.created : report.updated).push(slug);
          changed.push(slug);
          withdraws ||= written.withdraws;
        }
      }
      if (changed.length > 0 || siteState === "created" || siteState === "updated") {
        projection.apply({ slugs: changed, withdraws });
        report.audit = appendAudit(this.#db, now, actor, {
          action: "seed.import",
          target: "site",
          previous: null,
          result: { site: siteState, created: report.created.length, updated: report.updated.length, unchanged: report.unchanged, kept: report.kept },
        });
      }
      return report;
    });
    return outcome;
  }

  // ---- Media --------------------------------------------------------------------------------------

  listMedia(options: { limit: number; cursor?: string }): { media: StoredMedia[]; cursor?: string } {
    const rows = this.#db.all<{ name: string; content_type: string; size: number; etag: string; added_at: number }>(
      "SELECT name, content_type, size, etag, added_at FROM media WHERE name > ? ORDER BY name LIMIT ?",
      options.cursor ?? "",
      options.limit + 1,
    );
    const media = rows
      .slice(0, options.limit)
      .map((r) => ({ name: r.name, contentType: r.content_type, size: r.size, etag: r.etag, addedAt: new Date(r.added_at).toISOString() }));
    const last = media[media.length - 1];
    return rows.length > options.limit && last ? { media, cursor: last.name } : { media };
  }

  getMedia(name: string): StoredMedia | null {
    return this.#mediaRow(name);
  }

  #mediaRow(name: string): StoredMedia | null {
    const r = this.#db.first<{ name: string; content_type: string; size: number; etag: string; added_at: number }>(
      "SELECT name, content_type, size, etag, added_at FROM media WHERE name = ?",
      name,
    );
    return r ? { name: r.name, contentType: r.content_type, size: r.size, etag: r.etag, addedAt: new Date(r.added_at).toISOString() } : null;
  }

  /**
   * Stores an image under its name. Names never change meaning (media are cached for a year), so other
   * bytes under a taken name are refused; the same bytes again are a no-op.
   */
  async putMedia(
    name: string,
    bytes: ArrayBuffer,
    contentType: string,
    actor: Actor,
  ): Promise<({ ok: true; unchanged: boolean } & StoredMedia & Partial<Committed>) | Failure> {
    const data = new Uint8Array(bytes);
    const problems = checkMedia(name, data, contentType);
    if (problems.length > 0) return failure("invalid", { problems });
    const etag = await mediaEtag(data);
    const existing = this.#mediaRow(name);
    if (existing) return existing.etag === etag ? { ok: true, unchanged: true, ...existing } : failure("conflict", { detail: "taken" });
    if (this.#uploading.has(name)) return failure("conflict", { detail: "uploading" });
    this.#uploading.add(name);
    try {
      // The bytes go to KV before the writer records them: a recorded file is always there to serve.
      await this.#kv.put(keys.media(name), bytes, { contentType, size: data.byteLength, etag });
      const now = Date.now();
      const audit = this.ctx.storage.transactionSync(() => {
        this.#db.run(
          "INSERT INTO media (name, content_type, size, etag, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)",
          name,
          contentType,
          data.byteLength,
          etag,
          now,
          actor.id,
        );
        return appendAudit(this.#db, now, actor, { action: "media.put", target: name, previous: null, result: { contentType, size: data.byteLength, etag } });
      });
      const stored = this.#mediaRow(name);
      if (!stored) throw new Error(`media ${name} vanished while being stored`);
      return { ok: true, unchanged: false, ...stored, audit, at: now };
    } finally {
      this.#uploading.delete(name);
    }
  }

  /** Removes an image from KV, then from the record; articles that show it show a missing image. */
  async deleteMedia(name: string, actor: Actor): Promise<({ ok: true } & Pick<Committed, "audit" | "at">) | Failure> {
    const existing = this.#mediaRow(name);
    if (!existing) return failure("not_found");
    await this.#kv.delete(keys.media(name));
    const now = Date.now();
    const audit = this.ctx.storage.transactionSync(() => {
      this.#db.run("DELETE FROM media WHERE name = ?", name);
      return appendAudit(this.#db, now, actor, { action: "media.delete", target: name, previous: existing, result: { removed: true } });
    });
    return { ok: true, audit, at: now };
  }

  // ---- Domain policy ------------------------------------------------------------------------------

  getPolicy(): PolicyView {
    const live = livePolicy(this.#db);
    return live
      ? { source: "live", version: live.version, policy: live.policy, live }
      : { source: "deployed", version: "deployed", policy: checkPolicy(this.env.DOMAIN_POLICY).policy ?? null, live: null };
  }

  policyHistory(options: { limit: number; cursor?: string }): ReturnType<typeof policyHistory> {
    return policyHistory(this.#db, options);
  }

  /** Puts a policy in force, checked exactly as `npm run check-config` checks it, plus routing. */
  async putPolicy(input: unknown, precondition: Precondition, actor: Actor, note?: string): Promise<PolicyOutcome> {
    const check = checkPolicy(input);
    const policy = check.policy;
    const problems = [...check.errors, ...(policy ? routingProblems(policy, routedHostsOf(this.env.ROUTED_HOSTS)) : [])];
    if (!policy || problems.length > 0) return failure("invalid", { problems, warnings: check.warnings });
    return this.#changePolicy(policy, precondition, actor, "policy.put", note, check.warnings);
  }

  async deletePolicy(precondition: Precondition, actor: Actor): Promise<PolicyOutcome> {
    if (!livePolicy(this.#db)) return failure("not_found");
    return this.#changePolicy(null, precondition, actor, "policy.delete");
  }

  /** Restores the version before the current one, or the one named ("deployed" for wrangler.toml's). */
  async rollbackPolicy(to: string | undefined, precondition: Precondition, actor: Actor): Promise<PolicyOutcome & { restored?: string }> {
    const target = rollbackTarget(this.#db, to);
    if (isFailure(target)) return target;
    return { ...(await this.#restore(target, precondition, actor)), restored: target.version };
  }

  async #restore(target: PolicyVersion, precondition: Precondition, actor: Actor): Promise<PolicyOutcome> {
    if (!target.policy)
      return this.#changePolicy(
        null,
        precondition,
        actor,
        "policy.rollback",
        `rollback to ${target.version === "deployed" ? "the deployed policy" : `${target.version} (the deployed policy)`}`,
      );
    const check = checkPolicy(target.policy);
    if (!check.policy) return failure("conflict", { detail: "no longer valid", problems: check.errors });
    return this.#changePolicy(check.policy, precondition, actor, "policy.rollback", `rollback to ${target.version}`);
  }

  async #changePolicy(
    policy: DomainPolicy | null,
    precondition: Precondition,
    actor: Actor,
    action: string,
    note?: string,
    warnings: unknown[] = [],
  ): Promise<PolicyOutcome> {
    return this.#commit((projection, now) => {
      const current = policyTag(this.#db);
      const wanted = precondition.ifMatch;
      if (wanted !== undefined && wanted !== "*" && !wanted.includes(current)) return failure("precondition_failed", { current });
      const saved = savePolicy(this.#db, policy, actor, action, now, note);
      projection.pointer();
      return {
        ok: true as const,
        version: saved.version,
        previous: saved.previous,
        source: policy ? ("live" as const) : ("deployed" as const),
        warnings,
        audit: saved.audit,
      };
    });
  }

  // ---- Audit, operations --------------------------------------------------------------------------

  audit(options: { limit: number; cursor?: string }): { entries: AuditEntry[]; cursor?: string } {
    return readAudit(this.#db, options);
  }

  /** The cron's pass: stories whose time came, the projection written out, unused blobs swept. */
  async tick(): Promise<TickReport> {
    const now = Date.now();
    const since = this.#db.meta("releasedUpTo", now);
    // Only stories that were still scheduled when last written (published after changed_at): one whose
    // time had already come was projected as visible then, and re-projecting it would only write the
    // same content under a new pointer.
    const due = this.#db
      .all<{ slug: string }>("SELECT slug FROM articles WHERE status = 'published' AND published > ? AND published <= ? AND published > changed_at", since, now)
      .map((r) => r.slug);
    this.ctx.storage.transactionSync(() => {
      this.#db.setMeta("lastTick", now);
      this.#db.setMeta("releasedUpTo", now);
      // Readers show a scheduled story by themselves when its time comes; this moves the projection's
      // own bookkeeping (listings' scheduled times, sitemap days) on.
      if (due.length > 0) this.#storePointer(new Projection(this.#db, now).apply({ slugs: due }));
    });
    const drain = await this.#writeOut();
    const report: TickReport = { at: now, released: due.length, drain };
    if (now - this.#db.meta("lastSweep", 0) >= SWEEP_EVERY_MS && drain.blobsPending === 0) {
      this.#db.setMeta("lastSweep", now);
      report.sweep = await sweep(this.#db, this.#kv, now, SWEEP_BUDGET);
    }
    return report;
  }

  health(): Health {
    const backlog = this.#drain.backlog();
    const lastError = this.#db.meta<string | null>("lastProjectionError", null);
    return {
      seeded: this.#site() !== null,
      lastTick: this.#db.meta<number | null>("lastTick", null),
      ...backlog,
      pointerWritten: this.#db.meta<{ seq: number }>("pointerWritten", { seq: 0 }).seq,
      ...(lastError ? { lastError } : {}),
    };
  }

  /** Writes everything queued before answering (the seed and the tests wait for the site to show it). */
  async flush(): Promise<DrainReport> {
    for (;;) {
      const report = await this.#writeOut(true);
      if (report.error || (report.blobsPending === 0 && report.pointerPending === undefined)) return report;
    }
  }

  override async alarm(): Promise<void> {
    await this.#writeOut();
  }

  // ---- The change machinery -----------------------------------------------------------------------

  #site(): SiteConfig | null {
    return this.#db.meta<SiteConfig | null>("site", null);
  }

  #storePointer(pointer: ReturnType<Projection["pointer"]>): void {
    if (pointer) this.#db.setMeta("pointer", pointer);
  }

  /**
   * Runs `work` in one storage transaction with a projection; a Failure rolls back everything it wrote.
   * The pointer the projection prepared is stored with the change, then written out.
   */
  async #commit<T extends { ok: true }>(work: (projection: Projection, now: number) => T | Failure): Promise<(T & Committed) | Failure> {
    const now = Date.now();
    let result: T;
    let seq = 0;
    try {
      result = this.ctx.storage.transactionSync(() => {
        const projection = new Projection(this.#db, now);
        const outcome = work(projection, now);
        if (isFailure(outcome)) throw new Refused(outcome);
        this.#storePointer(projection.prepared);
        seq = projection.prepared?.seq ?? 0;
        return outcome;
      });
    } catch (error) {
      if (error instanceof Refused) return error.failure;
      throw error;
    }
    // Waits for the pointer too (at most its second): visibility is counted from when it is in KV, and a
    // change committed just after another must not be promised the other's moment.
    const report = seq > 0 ? await this.#writeOut(true) : undefined;
    const projected = !report || (report.blobsPending === 0 && report.pointerPending === undefined);
    const written = this.#db.meta<{ seq: number; at: number }>("pointerWritten", { seq: 0, at: 0 });
    const visibleFrom = seq > 0 && written.seq >= seq ? written.at : Date.now();
    return { ...result, at: now, seq, projected, visibleFrom, audit: (result as { audit?: string }).audit ?? "" };
  }

  /**
   * Drains the queue into KV; what is left (a pointer that must wait its second, the per-invocation
   * budget, a failure) is written by an alarm.
   */
  async #writeOut(wait = false): Promise<DrainReport> {
    const report = await this.#drain.run({ wait });
    this.#db.setMeta("lastProjectionError", report.error ?? null);
    if (report.blobsPending > 0 || report.pointerPending !== undefined) {
      const delay = report.error ? RETRY_MS : report.blobsPending > 0 ? 0 : this.#drain.pointerDelay();
      await this.ctx.storage.setAlarm(Date.now() + delay);
      if (report.error) logEvent("warn", "projection left for the next alarm", { ...report });
    }
    return report;
  }
}

/** The first 32 hex digits of SHA-256: a media file's ETag. */
async function mediaEtag(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

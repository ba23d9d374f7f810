// The single writer: a Durable Object that takes every change (API, seed, cron), one at a time, holds
// the truth in its SQLite storage and projects it into KV for readers. Each method validates, applies
// the change and its projection in one storage transaction, then writes the projection out.

import { contentHash } from "../content/hash.ts";
import { isFields } from "../content/problems.ts";
import type { ArticleRecord, MarkdownRenderer } from "../content/record.ts";
import { type SiteConfig, validateSite } from "../content/site.ts";
import { logEvent } from "../log.ts";
import { renderMarkdown } from "../content/markdown.ts";
import { routedHostsOf, routingProblems } from "../policy/routing.ts";
import type { DomainPolicy } from "../policy/types.ts";
import { checkPolicy } from "../policy/validate.ts";
import { Kv, kvOptionsOf } from "../store/kv.ts";
import { type ArticleWritten, type CatalogEntry, changeArticle, listArticles, prepare, readArticleRow, readRecord } from "./articles.ts";
import { type AuditEntry, appendAudit, readAudit } from "./audit.ts";
import { Db, migrate } from "./db.ts";
import { Drain, type DrainReport } from "./drain.ts";
import { MediaStore, type StoredMedia } from "./media.ts";
import { mergePatch } from "./merge-patch.ts";
import { type Actor, type Committed, type Failure, type Precondition, failure } from "./outcomes.ts";
import { type LivePolicyState, type PolicyVersion, livePolicy, newPolicyVersion, policyHistory, policyTag, rollbackTarget, savePolicy } from "./policy.ts";
import { PROJECTION_REVISION, Projection } from "./projection.ts";
import { type SweepReport, sweep } from "./sweep.ts";
import { formatPublicKey, parseSecretKey } from "../policy/minisign.ts";
import { deployedPolicyId, makeMirrorsBlob } from "./mirrors-doc.ts";
import { EDITIONS_PER_PASS, buildEdition, daysToBuild } from "./editions.ts";
import type { EditionIndex } from "../store/format.ts";
import { reachSettings } from "../policy/reach-config.ts";
import { changeNote } from "../reach/act.ts";
import { type ReachEvent, passMessages, sendWebhook } from "../reach/notify.ts";
import { DEFAULT_OONI_API_URL } from "../reach/ooni.ts";
import { runReachPass } from "../reach/pass.ts";
import { readerNotices } from "../reach/report.ts";
import type { PairStatus, ReachState } from "../reach/status.ts";
import { TRAFFIC_DATASET } from "../reach/traffic.ts";

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

/** After an act pass moves a country, its traffic is not compared with its old baseline for this long. */
const ROUTING_SETTLE_MS = 7 * 24 * 3600_000;

export interface ReachSignals {
  ooni: string;
  traffic: string;
  webhook: string;
}

export type ReachReport =
  | {
      ok: true;
      mode: string;
      at: string;
      changes: unknown[];
      pairs: PairStatus[];
      act?: { changes: unknown[]; stuck: unknown[]; policyVersion?: string; refused?: string };
      messages: unknown[];
      signals: ReachSignals & { ooniRequests: number; ooniProblems: unknown[]; trafficSignal: unknown };
      budget: unknown;
    }
  | Failure;

export interface Health {
  seeded: boolean;
  lastTick: number | null;
  blobsPending: number;
  pointerPending?: number;
  pointerWritten: number;
  lastError?: string;
}

/**
 * The writer's implementation, loaded only where writes happen (src/newsroom.ts is the Durable Object
 * class the runtime sees; it loads this with the rest of the write road on first use).
 */
export class NewsroomCore {
  readonly ctx: DurableObjectState;
  readonly env: Env;
  readonly #db: Db;
  readonly #kv: Kv;
  readonly #drain: Drain;
  readonly #media: MediaStore;

  constructor(ctx: DurableObjectState, env: Env) {
    this.ctx = ctx;
    this.env = env;
    this.#db = new Db(ctx.storage.sql);
    this.#kv = new Kv(env.CONTENT, kvOptionsOf(env));
    this.#drain = new Drain(this.#db, this.#kv);
    this.#media = new MediaStore(ctx, this.#db, this.#kv);
    // The Durable Object class runs this inside blockConcurrencyWhile: no request sees an old schema.
    migrate(this.#db);
    this.#noteDeployedPolicy();
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
    return this.#changeArticle({ slug, precondition, actor, action: "article.put", make: () => this.#prepared(renderMarkdown, input, slug) });
  }

  /** A JSON merge patch on the stored article, validated as a whole. */
  async patchArticle(slug: string, patch: unknown, precondition: Precondition, actor: Actor): Promise<ArticleOutcome> {
    if (!isFields(patch))
      return failure("invalid", {
        problems: [{ field: "(patch)", code: "not_an_object", message: "must be a JSON object with the fields to change; null removes a field" }],
      });
    return this.#changeArticle({
      slug,
      precondition,
      actor,
      action: "article.patch",
      make: (current) => (current ? this.#prepared(renderMarkdown, mergePatch(current.article, patch), slug) : failure("not_found")),
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
    const outcome = await this.#commit<ImportReport>((projection, now) => {
      let siteState: ImportReport["site"] = "absent";
      if (batch.site !== undefined) {
        const checked = validateSite(batch.site);
        if (!checked.ok) return failure("invalid", { problems: checked.problems.map((p) => ({ ...p, field: `site.${p.field}` })) });
        const before = this.#site();
        siteState = !before ? "created" : JSON.stringify(before) === JSON.stringify(checked.value) ? "unchanged" : "updated";
        if (siteState !== "unchanged") this.#db.setMeta("site", checked.value);
        if (siteState === "created") this.#db.setMeta("revision", PROJECTION_REVISION);
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
          { slug, precondition: {}, actor, action: "seed.article", seeded: true, make: () => this.#prepared(renderMarkdown, input, slug) },
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
    if (outcome.ok) await this.#ensureMirrorsList();
    return outcome;
  }

  // ---- Media --------------------------------------------------------------------------------------

  listMedia(options: { limit: number; cursor?: string }): { media: StoredMedia[]; cursor?: string } {
    return this.#media.list(options);
  }

  getMedia(name: string): StoredMedia | null {
    return this.#media.get(name);
  }

  putMedia(name: string, bytes: ArrayBuffer, contentType: string, actor: Actor): ReturnType<MediaStore["put"]> {
    return this.#media.put(name, bytes, contentType, actor);
  }

  deleteMedia(name: string, actor: Actor): ReturnType<MediaStore["delete"]> {
    return this.#media.delete(name, actor);
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
    // Checked again as a new policy would be: the routes may have changed since it was in force.
    const check = checkPolicy(target.policy);
    const problems = [...check.errors, ...(check.policy ? routingProblems(check.policy, routedHostsOf(this.env.ROUTED_HOSTS)) : [])];
    if (!check.policy || problems.length > 0) return failure("conflict", { detail: "no longer valid", problems });
    return this.#changePolicy(check.policy, precondition, actor, "policy.rollback", `rollback to ${target.version}`);
  }

  /**
   * Puts a policy in force with its signed mirror list (signed before the change, stored with it, so
   * readers never get a list that is not the policy's). `expect` guards a reach pass: an operator's
   * change made while the pass ran wins.
   */
  async #changePolicy(
    policy: DomainPolicy | null,
    precondition: Precondition,
    actor: Actor,
    action: string,
    note?: string,
    warnings: unknown[] = [],
    options: { operator?: boolean; expect?: string; routingChanged?: string[] } = { operator: true },
  ): Promise<PolicyOutcome> {
    const now = Date.now();
    const version = newPolicyVersion(now);
    const deployed = this.#deployedPolicy();
    const listed = policy ?? deployed;
    const tag = policy ? version : `deployed:${this.#db.meta<{ hash: string } | null>("deployed", null)?.hash ?? ""}`;
    const mirrors = listed
      ? await makeMirrorsBlob(
          listed,
          policy ? version : deployedPolicyId(this.env.DOMAIN_POLICY),
          policy ? new Date(now).toISOString() : this.#deployedSince(),
          this.env.MIRRORS_SIGNING_KEY,
          now,
        )
      : undefined;
    return this.#commit((projection) => {
      const current = policyTag(this.#db);
      const wanted = precondition.ifMatch;
      if (wanted !== undefined && wanted !== "*" && !wanted.includes(current)) return failure("precondition_failed", { current });
      if (options.expect !== undefined && options.expect !== current) return failure("conflict", { detail: "policy changed during the pass", current });
      const saved = savePolicy(this.#db, policy, actor, action, now, note, version);
      // Editions list the addresses and link the canonical host: they are made again for the new policy.
      this.#forgetEditions(projection, "all");
      if (options.operator) this.#db.setMeta("reachBase", policy);
      if (options.routingChanged) {
        const until = this.#db.meta<Record<string, number>>("routingChanged", {});
        for (const country of options.routingChanged) until[country] = now + ROUTING_SETTLE_MS;
        this.#db.setMeta("routingChanged", until);
      }
      if (mirrors) {
        this.#setExtra(projection, "mirrors", mirrors, tag);
        this.#db.setMeta("mirrorsSigner", this.#signer());
      }
      projection.pointer();
      return {
        ok: true as const,
        version: saved.version,
        previous: saved.previous,
        source: policy ? ("live" as const) : ("deployed" as const),
        warnings,
        audit: saved.audit,
      };
    }, now);
  }

  /** Drops days' editions from the index (their stories changed), so readers make them from current content. */
  #forgetEditions(projection: Projection, days: string[] | "all"): void {
    const index = this.#db.meta<EditionIndex>("editions", {});
    const drop = days === "all" ? Object.keys(index) : days.filter((d) => Object.hasOwn(index, d));
    if (drop.length === 0) return;
    for (const day of drop) delete index[day];
    this.#db.setMeta("editions", index);
    this.#setExtra(projection, "editions", index);
  }

  /** Builds the editions of closed days that have none yet (a few per pass). */
  async #buildEditions(now: number): Promise<void> {
    const site = this.#site();
    const policy = this.getPolicy().policy;
    if (!site || !policy) return;
    const days = daysToBuild(this.#db, this.#db.meta<EditionIndex>("editions", {}), now).slice(0, EDITIONS_PER_PASS);
    const dayEntry = (day: string) => this.#db.first<{ entry: string }>("SELECT entry FROM listings WHERE listing = ?", `day:${day}`)?.entry;
    for (const day of days) {
      const before = dayEntry(day);
      const edition = await buildEdition(this.#db, this.#kv, site, policy, day, now);
      await this.#commit((projection) => {
        // A story of that day changed while the edition was being built: the next pass builds it again.
        if (!edition || dayEntry(day) !== before) return { ok: true as const, audit: "" };
        const index = this.#db.meta<EditionIndex>("editions", {});
        index[day] = { h: projection.blob(edition.blob), stories: edition.stories };
        this.#db.setMeta("editions", index);
        this.#setExtra(projection, "editions", index);
        projection.pointer();
        return { ok: true as const, audit: "" };
      });
    }
  }

  #deployedPolicy(): DomainPolicy | undefined {
    return checkPolicy(this.env.DOMAIN_POLICY).policy;
  }

  #deployedSince(): string {
    return new Date(this.#db.meta<{ since: number } | null>("deployed", null)?.since ?? Date.now()).toISOString();
  }

  /** Names a blob other features add to the pointer (the signed mirror list, reach notices). */
  #setExtra(projection: Projection, name: string, value: unknown, tag?: string): void {
    const extras = this.#db.meta<Record<string, string>>("extras", {});
    extras[name] = projection.blob(value);
    this.#db.setMeta("extras", extras);
    if (tag !== undefined) this.#db.setMeta(`extraTag:${name}`, tag);
  }

  /**
   * The mirror list for the policy in force, when it has none yet or lists another policy (a first
   * seed, a new deploy's wrangler.toml, a signing key set or removed).
   */
  /** Which key signs the list: its public form (never the secret), so a new key re-signs it on the next pass. */
  #signer(): string {
    const secret = this.env.MIRRORS_SIGNING_KEY;
    if (!secret) return "";
    const key = parseSecretKey(secret);
    return "error" in key ? "unusable" : formatPublicKey(key);
  }

  async #ensureMirrorsList(): Promise<void> {
    if (!this.#site()) return;
    const live = livePolicy(this.#db);
    const tag = live ? live.version : `deployed:${this.#db.meta<{ hash: string } | null>("deployed", null)?.hash ?? ""}`;
    const signer = this.#signer();
    if (this.#db.meta<string | null>("extraTag:mirrors", null) === tag && this.#db.meta("mirrorsSigner", "") === signer) return;
    const policy = live?.policy ?? this.#deployedPolicy();
    if (!policy) return;
    const now = Date.now();
    const blob = await makeMirrorsBlob(
      policy,
      live ? live.version : deployedPolicyId(this.env.DOMAIN_POLICY),
      live ? live.savedAt : this.#deployedSince(),
      this.env.MIRRORS_SIGNING_KEY,
      now,
    );
    await this.#commit((projection) => {
      this.#setExtra(projection, "mirrors", blob, tag);
      this.#db.setMeta("mirrorsSigner", signer);
      projection.pointer();
      return { ok: true as const, audit: "" };
    }, now);
  }

  // ---- Reach --------------------------------------------------------------------------------------

  /** What the last passes found, per host and country (GET /api/reach, npm run reach). */
  reachStatus(): { mode: string; lastPass: string | null; pairs: PairStatus[]; signals: ReachSignals } {
    const state = this.#db.meta<ReachState>("reachState", { pairs: [] });
    const policy = this.getPolicy().policy;
    return { mode: policy ? reachSettings(policy).mode : "off", lastPass: state.lastPass ?? null, pairs: state.pairs, signals: this.#signals() };
  }

  #signals(): ReachSignals {
    const missing = [!this.env.ANALYTICS_ACCOUNT_ID && "ANALYTICS_ACCOUNT_ID", !this.env.ANALYTICS_API_TOKEN && "ANALYTICS_API_TOKEN"].filter(Boolean);
    return {
      ooni: this.env.OONI_API_URL || DEFAULT_OONI_API_URL,
      traffic:
        missing.length === 0 ? "on" : `off: the secret${missing.length > 1 ? "s" : ""} ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set`,
      webhook: this.env.REACH_WEBHOOK_URL ? "on" : "off",
    };
  }

  /**
   * One reach pass (hourly from the cron, or POST /api/reach/run): both signals, the two-passes-in-a-row
   * status, and in act mode a new policy version routing around what is blocked, unless an operator
   * changed the policy while the pass ran. Notifications go out after the state is saved, never in its way.
   */
  async reachPass(actor: Actor): Promise<ReachReport> {
    const now = Date.now();
    const inForce = this.getPolicy();
    if (!inForce.policy) return { ok: false, code: "not_seeded" };
    const previous = this.#db.meta<ReachState | undefined>("reachState", undefined);
    const settle = this.#db.meta<Record<string, number>>("routingChanged", {});
    const base = this.#db.meta<DomainPolicy | null>("reachBase", null) ?? inForce.policy;
    const result = await runReachPass({
      policy: inForce.policy,
      basePolicy: base,
      ...(previous ? { previous } : {}),
      now: new Date(now),
      fetch: (input, init) => fetch(input, init),
      ...(this.env.OONI_API_URL ? { ooniApiUrl: this.env.OONI_API_URL } : {}),
      analytics: { accountId: this.env.ANALYTICS_ACCOUNT_ID, token: this.env.ANALYTICS_API_TOKEN, dataset: TRAFFIC_DATASET },
      routingChanged: new Set(
        Object.entries(settle)
          .filter(([, until]) => until > now)
          .map(([country]) => country),
      ),
      site: this.#site()?.name ?? "Edge News",
      webhook: Boolean(this.env.REACH_WEBHOOK_URL),
    });
    let policyVersion: string | undefined;
    let refused: string | undefined;
    if (result.act?.policy) {
      const changed = await this.#changePolicy(result.act.policy, {}, actor, "reach.act", changeNote(result.act.changes, new Date(now)), [], {
        expect: inForce.version,
        routingChanged: [...new Set(result.act.changes.map((c) => c.country))],
      });
      if (changed.ok) policyVersion = changed.version;
      else refused = changed.code === "conflict" ? "an operator changed the policy while the pass ran; their change stands" : changed.code;
    }
    // Tell what was written: the policy event names its version, and goes when the change was refused.
    const events = result.events.flatMap((e): ReachEvent[] => (e.kind !== "policy" ? [e] : policyVersion ? [{ ...e, version: policyVersion }] : []));
    const messages = passMessages(events, this.#site()?.name ?? "Edge News", new Date(now).toISOString());
    const notices = readerNotices(result.state.pairs, this.getPolicy().policy ?? inForce.policy);
    await this.#commit((projection) => {
      this.#db.setMeta("reachState", result.state);
      this.#setExtra(projection, "reach", { notices, at: new Date(now).toISOString() });
      projection.pointer();
      return { ok: true as const, audit: "" };
    }, Date.now());
    const webhook = this.env.REACH_WEBHOOK_URL;
    if (webhook) this.ctx.waitUntil(Promise.all(messages.map((m) => sendWebhook(webhook, m, { fetch: (i, init) => fetch(i, init) }))));
    return {
      ok: true,
      mode: result.mode,
      at: new Date(now).toISOString(),
      changes: result.changes,
      pairs: result.state.pairs,
      ...(result.act
        ? { act: { changes: result.act.changes, stuck: result.act.stuck, ...(policyVersion ? { policyVersion } : {}), ...(refused ? { refused } : {}) } }
        : {}),
      messages,
      signals: {
        ...this.#signals(),
        ooniRequests: result.signals.ooni.requests,
        ooniProblems: result.signals.ooni.problems,
        trafficSignal: result.signals.traffic,
      },
      budget: result.budget,
    };
  }

  // ---- Mail ---------------------------------------------------------------------------------------

  /** Claims the right to answer `sender` now: granted when their last answer is older than `interval`. */
  claimEmailReply(sender: string, now: number, interval: number): { granted: boolean; last: number | null } {
    const last = this.#db.first<{ at: number }>("SELECT at FROM email_replies WHERE sender = ?", sender)?.at ?? null;
    if (last !== null && now - last < interval) return { granted: false, last };
    this.#db.run("INSERT INTO email_replies (sender, at) VALUES (?, ?) ON CONFLICT (sender) DO UPDATE SET at = excluded.at", sender, now);
    return { granted: true, last };
  }

  // ---- Audit, operations --------------------------------------------------------------------------

  audit(options: { limit: number; cursor?: string }): { entries: AuditEntry[]; cursor?: string } {
    return readAudit(this.#db, options);
  }

  /** The cron's pass: stories whose time came, the projection written out, unused blobs swept. */
  async tick(): Promise<TickReport> {
    await this.#ensureMirrorsList();
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
      if (this.#site() && this.#db.meta<number>("revision", 0) !== PROJECTION_REVISION) {
        const all = this.#db.all<{ slug: string }>("SELECT slug FROM articles").map((r) => r.slug);
        this.#storePointer(new Projection(this.#db, now).apply({ slugs: all }));
        this.#db.setMeta("revision", PROJECTION_REVISION);
      }
      // Readers show a scheduled story by themselves when its time comes; this moves the projection's
      // own bookkeeping (listings' scheduled times, sitemap days) on.
      if (due.length > 0) this.#storePointer(new Projection(this.#db, now).apply({ slugs: due }));
    });
    await this.#buildEditions(now);
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

  async alarm(): Promise<void> {
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
  async #commit<T extends { ok: true }>(work: (projection: Projection, now: number) => T | Failure, now = Date.now()): Promise<(T & Committed) | Failure> {
    let result: T;
    let seq = 0;
    try {
      result = this.ctx.storage.transactionSync(() => {
        const projection = new Projection(this.#db, now);
        const outcome = work(projection, now);
        if (isFailure(outcome)) throw new Refused(outcome);
        if (projection.touchedDays.length > 0) this.#forgetEditions(projection, projection.touchedDays);
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

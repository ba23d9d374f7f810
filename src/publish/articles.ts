// Article changes inside the writer: one function applies any change (create, replace, patch,
// unpublish, delete, seed) to the truth, checks the editor's precondition against it, records the
// audit entry and brings the projection along, all in the caller's storage transaction.

import type { Problem } from "../content/problems.ts";
import { type ArticleRecord, type MarkdownRenderer, mediaUsed, prepareRecord } from "../content/record.ts";
import type { SiteConfig } from "../content/site.ts";
import { articleShardOf } from "../store/format.ts";
import { appendAudit } from "./audit.ts";
import type { Db } from "./db.ts";
import { type Actor, type Failure, type Precondition, failure } from "./outcomes.ts";

export interface ArticleRow {
  slug: string;
  version: string;
  status: "draft" | "published" | "deleted";
  record: string | null;
  seeded_version: string | null;
  [column: string]: SqlStorageValue;
}

export function readArticleRow(db: Db, slug: string): ArticleRow | undefined {
  return db.first<ArticleRow>("SELECT slug, version, status, record, seeded_version FROM articles WHERE slug = ?", slug);
}

/** The stored record, or null for a missing or deleted story. */
export function readRecord(db: Db, slug: string): ArticleRecord | null {
  const row = readArticleRow(db, slug);
  return row?.record ? (JSON.parse(row.record) as ArticleRecord) : null;
}

/** Whether readers could see the story at `now`. */
function visibleAt(record: ArticleRecord | null, now: number): boolean {
  return record !== null && record.article.status === "published" && Date.parse(record.article.published) <= now;
}

function checkPrecondition(current: ArticleRecord | null, condition: Precondition): Failure | undefined {
  if (condition.ifNoneMatch === "*" && current) return failure("precondition_failed", { current: current.version, detail: "exists" });
  const wanted = condition.ifMatch;
  if (wanted === undefined) return undefined;
  if (!current) return failure("precondition_failed", { detail: "missing" });
  if (wanted !== "*" && !wanted.includes(current.version)) return failure("precondition_failed", { current: current.version, detail: "changed" });
  return undefined;
}

/** Validates and renders an input with the site as the writer knows it; every stored media file must exist. */
export function prepare(db: Db, site: SiteConfig, render: MarkdownRenderer, input: unknown, slug: string): ArticleRecord | Failure {
  const prepared = prepareRecord(input, slug, site, render);
  if (!prepared.ok) return failure("invalid", { problems: prepared.problems });
  const missing: Problem[] = mediaUsed(prepared.value)
    .filter((used) => !db.first("SELECT 1 AS found FROM media WHERE name = ?", used.name))
    .map((used) => ({ field: used.field, code: "media_missing", message: `media file "${used.name}" is not uploaded; upload it first` }));
  return missing.length > 0 ? failure("invalid", { problems: missing }) : prepared.value;
}

export interface ArticleChange {
  slug: string;
  precondition: Precondition;
  actor: Actor;
  /** "article.put", "article.patch", "article.delete", "seed.article". */
  action: string;
  /** Builds what replaces the current record (null: remove the story); a Failure refuses the change. */
  make: (current: ArticleRecord | null) => ArticleRecord | null | Failure;
  /** The seed marks what it wrote, so a later seed knows what an editor changed since. */
  seeded?: boolean;
}

export interface ArticleWritten {
  ok: true;
  slug: string;
  created: boolean;
  previous: string | null;
  next: { version: string; status: "draft" | "published"; published: string } | null;
  audit: string;
  /** Whether anything changed (a PUT of the same story changes nothing and is not audited). */
  changed: boolean;
  /** Readers must never again see a copy from before this change (a visible story withdrawn or corrected). */
  withdraws: boolean;
}

function isFailure(value: unknown): value is Failure {
  return typeof value === "object" && value !== null && (value as { ok?: unknown }).ok === false;
}

/**
 * Applies one change to the truth. The caller runs it inside a storage transaction, then brings the
 * projection along for every story it changed (once for a whole seed batch).
 */
export function changeArticle(db: Db, change: ArticleChange, now: number): ArticleWritten | Failure {
  const { slug } = change;
  const row = readArticleRow(db, slug);
  const current = row?.record ? (JSON.parse(row.record) as ArticleRecord) : null;
  const refused = checkPrecondition(current, change.precondition);
  if (refused) return refused;
  const next = change.make(current);
  if (isFailure(next)) return next;
  if (!current && !next) return failure("not_found");
  const withdraws = visibleAt(current, now) && current?.version !== next?.version;
  const written = (audit: string, changed: boolean): ArticleWritten => ({
    ok: true,
    slug,
    created: current === null && next !== null,
    previous: current?.version ?? null,
    next: next ? { version: next.version, status: next.article.status, published: next.article.published } : null,
    audit,
    changed,
    withdraws: changed && withdraws,
  });
  if (current && next && current.version === next.version) {
    if (change.seeded) db.run("UPDATE articles SET seeded_version = version WHERE slug = ?", slug);
    return written("", false);
  }
  if (next) {
    const { article } = next;
    const published = Date.parse(article.published);
    db.run(
      `INSERT INTO articles (slug, version, status, section, headline, published, modified, record, shard, changed_at, changed_by, seeded_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (slug) DO UPDATE SET version = excluded.version, status = excluded.status, section = excluded.section,
         headline = excluded.headline, published = excluded.published, modified = excluded.modified, record = excluded.record,
         changed_at = excluded.changed_at, changed_by = excluded.changed_by,
         seeded_version = CASE WHEN ? THEN excluded.version ELSE articles.seeded_version END`,
      slug,
      next.version,
      article.status,
      article.section,
      article.headline.slice(0, 200),
      published,
      article.updated ? Date.parse(article.updated) : published,
      JSON.stringify(next),
      articleShardOf(slug),
      now,
      change.actor.id,
      change.seeded ? next.version : null,
      change.seeded ? 1 : 0,
    );
  } else {
    // A tombstone: the story is gone for readers and the API, and a re-seed does not bring it back.
    db.run("UPDATE articles SET status = 'deleted', record = NULL, changed_at = ?, changed_by = ? WHERE slug = ?", now, change.actor.id, slug);
  }
  const audit = appendAudit(db, now, change.actor, {
    action: change.action,
    target: slug,
    previous: current ? { version: current.version, article: current.article } : null,
    result: next ? { version: next.version, status: next.article.status } : { removed: true },
  });
  return written(audit, true);
}

export interface CatalogEntry {
  slug: string;
  version: string;
  status: string;
  section: string;
  headline: string;
  published: string;
}

/** Stored stories (drafts included) in slug order, a page at a time; `cursor` is the last slug of the previous page. */
export function listArticles(
  db: Db,
  options: { limit: number; cursor?: string; section?: string; status?: "draft" | "published" },
): { articles: CatalogEntry[]; cursor?: string } {
  const rows = db.all<{ slug: string; version: string; status: string; section: string; headline: string; published: number }>(
    `SELECT slug, version, status, section, headline, published FROM articles
     WHERE status != 'deleted' AND slug > ? AND (? IS NULL OR section = ? OR section LIKE ? || '/%') AND (? IS NULL OR status = ?)
     ORDER BY slug LIMIT ?`,
    options.cursor ?? "",
    options.section ?? null,
    options.section ?? null,
    options.section ?? null,
    options.status ?? null,
    options.status ?? null,
    options.limit + 1,
  );
  const page = rows.slice(0, options.limit).map((r) => ({ ...r, published: new Date(r.published).toISOString() }));
  const last = page[page.length - 1];
  return rows.length > options.limit && last ? { articles: page, cursor: last.slug } : { articles: page };
}

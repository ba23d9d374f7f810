// Publishing an article, the one write routine behind the API: journal, record and index entries,
// stale keys, audit entry (the commit point), stray keys of racing writes, feeds, markers, generation.
// A failure before the commit is rolled back and reported as a failure; after it, the repair pass
// finishes what is left.

import type { ArticleRecord } from "../content/record.ts";
import { HttpError, unavailable } from "../http/errors.ts";
import { logEvent } from "../log.ts";
import { getRecord } from "./articles.ts";
import { type Actor, auditEntry, newAuditKey, writeAudit } from "./audit.ts";
import { bumpGeneration } from "./config.ts";
import { type Journal, converge, dropUnusedMarkers, feedsTouched, listingsLeft, reconcile, refreshFeeds, rollBack, writeJournal } from "./journal.ts";
import { type Listing, keys } from "./keys.ts";
import type { Kv } from "./kv.ts";
import { JOURNAL_STALE_MS, settleBeforeWrite } from "./repair.ts";

/** HTTP preconditions on a write (RFC 9110): If-Match with the record's version, or If-None-Match: *. */
export interface Precondition {
  /** "*" (the article must exist) or the versions the client accepts. */
  ifMatch?: "*" | string[];
  /** "*": only create, never replace. */
  ifNoneMatch?: "*";
}

export interface ArticleWrite {
  slug: string;
  /** Builds the new version from the stored one (null when there is none); null removes the article. */
  make: (previous: ArticleRecord | null) => Promise<ArticleRecord | null>;
  precondition: Precondition;
  actor: Actor;
  /** The audit log's name for the change: "article.put", "article.patch", "article.delete". */
  action: string;
}

export interface PublishOutcome {
  previous: ArticleRecord | null;
  next: ArticleRecord | null;
  auditId: string;
  at: number;
  /** Feeds whose snapshot could not be rebuilt now: the repair pass rebuilds them within a minute. */
  feedsPending: Listing[];
  /** A step after the commit failed (new generation, journal removal): the repair pass finishes it. */
  repairPending: boolean;
}

/** The ETag of a stored article: its version, quoted. */
export const etagOfVersion = (version: string) => `"${version}"`;

function checkPrecondition(previous: ArticleRecord | null, condition: Precondition): void {
  const etag = previous ? etagOfVersion(previous.version) : undefined;
  if (condition.ifNoneMatch === "*" && previous) {
    throw new HttpError(
      412,
      `An article is already stored under this slug (version ${previous.version}); If-None-Match: * only creates.`,
      etag ? { ETag: etag } : {},
    );
  }
  const wanted = condition.ifMatch;
  if (wanted === undefined) return;
  if (!previous) throw new HttpError(412, "There is no article under this slug, so If-Match cannot match; leave If-Match out to create it.");
  if (wanted !== "*" && !wanted.includes(previous.version)) {
    throw new HttpError(
      412,
      `The article changed since you read it: it is now version ${previous.version}. GET it again, redo your change on that version, and send If-Match: "${previous.version}".`,
      { ETag: etagOfVersion(previous.version) },
    );
  }
}

/** Applies one change to one article. Throws HttpError (404/409/412, or 503 after a rolled-back failure). */
export async function publishArticle(kv: Kv, write: ArticleWrite): Promise<PublishOutcome> {
  const { slug } = write;
  await settleBeforeWrite(kv, slug, Date.now());
  const previous = await getRecord(kv, slug);
  checkPrecondition(previous, write.precondition);
  const next = await write.make(previous);

  const at = Date.now();
  const audit = newAuditKey(at);
  const journal: Journal = { slug, started: at, audit: audit.key, previous, next };
  try {
    await writeJournal(kv, journal);
  } catch (error) {
    logEvent("error", "publish journal not written; nothing changed", { slug, error: String(error) });
    throw unavailable(`Storage failed before "${slug}" was saved, so nothing changed. Try again in a moment.`, 30);
  }
  try {
    await converge(kv, slug, previous, next);
    await writeAudit(
      kv,
      audit.key,
      auditEntry(audit.id, at, write.actor, {
        action: write.action,
        target: slug,
        previous: previous ? { version: previous.version, article: previous.article } : null,
        result: next ? { version: next.version, status: next.article.status } : { removed: true },
      }),
    );
  } catch (error) {
    logEvent("error", "publish failed; rolling back", { slug, error: String(error) });
    try {
      await rollBack(kv, journal);
    } catch (rollbackError) {
      logEvent("error", "publish rollback failed; left for the repair pass", { slug, error: String(rollbackError) });
      throw unavailable(
        `Storage failed while saving "${slug}" and the partial change could not be undone at once; the repair pass settles it within ${JOURNAL_STALE_MS / 60_000 + 1} minutes. Check GET /api/articles/${slug} before trying again.`,
        180,
      );
    }
    throw unavailable(`Storage failed while saving "${slug}"; the partial change was rolled back, so nothing changed. Try again in a moment.`, 30);
  }

  // Committed: what follows cannot undo it. A step that fails leaves the journal for the repair pass.
  let repairPending = false;
  const soft = async <T>(step: string, run: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      repairPending = true;
      logEvent("error", "publish committed; a finishing step is left for the repair pass", { slug, step, error: String(error) });
      return fallback;
    }
  };
  const strays = await soft("reconcile", () => reconcile(kv, slug), []);
  const feedsPending = await refreshFeeds(kv, [...feedsTouched(previous, next), ...strays], slug);
  await soft("markers", () => dropUnusedMarkers(kv, [...listingsLeft(previous, next), ...strays]), undefined);
  await soft("generation", () => bumpGeneration(kv), "");
  if (!repairPending) await soft("journal", () => kv.delete(keys.journal(slug)), undefined);
  return { previous, next, auditId: audit.id, at, feedsPending, repairPending };
}

// The repair pass: finishes or rolls back publishes interrupted part-way (left journals) and rebuilds
// feeds marked dirty. Runs once a minute from the Worker's scheduled handler and before any write to
// an article whose journal is still there.

import { HttpError } from "../http/errors.ts";
import { logEvent } from "../log.ts";
import { auditExists } from "./audit.ts";
import { bumpGeneration } from "./config.ts";
import { type Journal, type JournalMetadata, readJournal, refreshFeed, rollBack, rollForward } from "./journal.ts";
import { type Listing, keys } from "./keys.ts";
import { type Kv, StorageError } from "./kv.ts";

/** A journal this old belongs to no request still running (a publish takes well under a second). */
export const JOURNAL_STALE_MS = 120_000;

export type JournalOutcome = "finished" | "rolled back";

/** Settles one journal: finished when its audit entry exists (the change was committed), else undone. */
export async function repairJournal(kv: Kv, journal: Journal): Promise<JournalOutcome> {
  if (await auditExists(kv, journal.audit)) {
    await rollForward(kv, journal);
    logEvent("warn", "interrupted publish finished", { slug: journal.slug, audit: journal.audit });
    return "finished";
  }
  await rollBack(kv, journal);
  logEvent("warn", "interrupted publish rolled back", { slug: journal.slug });
  return "rolled back";
}

/** Reads a journal; an unreadable one is logged and dropped (it can be neither finished nor undone). */
async function readUsableJournal(kv: Kv, slug: string): Promise<Journal | null> {
  try {
    return await readJournal(kv, slug);
  } catch (error) {
    if (!(error instanceof StorageError) || error.reason !== "corrupt") throw error;
    logEvent("error", "corrupt publish journal dropped", { slug });
    await kv.delete(keys.journal(slug));
    return null;
  }
}

/**
 * Before a write to `slug`: settles a journal left by an interrupted write. A recent journal means
 * another write to the same article is still running, so this one is refused (409) instead of racing it.
 */
export async function settleBeforeWrite(kv: Kv, slug: string, now: number): Promise<void> {
  const journal = await readUsableJournal(kv, slug);
  if (!journal) return;
  const age = now - journal.started;
  if (age < JOURNAL_STALE_MS) {
    throw new HttpError(
      409,
      `Another change to this article started ${Math.max(0, Math.round(age / 1000))} s ago and has not finished. Try again in a few seconds; an interrupted change is settled automatically within ${JOURNAL_STALE_MS / 60_000} minutes.`,
      { "Retry-After": "5" },
    );
  }
  await repairJournal(kv, journal);
}

export interface RepairReport {
  finished: number;
  rolledBack: number;
  feedsRebuilt: number;
  feedsPending: number;
  failures: number;
}

/** The scheduled pass: every stale journal, then every dirty feed. Each failure is logged and retried next time. */
export async function repairAll(kv: Kv, now = Date.now()): Promise<RepairReport> {
  const report: RepairReport = { finished: 0, rolledBack: 0, feedsRebuilt: 0, feedsPending: 0, failures: 0 };
  for (const entry of await kv.listAll<JournalMetadata>(keys.journalPrefix())) {
    const started = typeof entry.metadata?.started === "number" ? entry.metadata.started : 0;
    if (now - started < JOURNAL_STALE_MS) continue;
    try {
      const journal = await readUsableJournal(kv, entry.name.slice(keys.journalPrefix().length));
      if (!journal) continue;
      if ((await repairJournal(kv, journal)) === "finished") report.finished++;
      else report.rolledBack++;
    } catch (error) {
      report.failures++;
      logEvent("error", "repair: journal not settled", { key: entry.name, error: String(error) });
    }
  }

  const markers = new Map<Listing, string[]>();
  for (const entry of await kv.listAll(keys.feedDirtyPrefix())) {
    const list = entry.name.slice(keys.feedDirtyPrefix().length, entry.name.lastIndexOf("|")) as Listing;
    markers.set(list, [...(markers.get(list) ?? []), entry.name]);
  }
  for (const [list, names] of markers) {
    if (await refreshFeed(kv, list)) {
      report.feedsRebuilt++;
      // Only the markers seen before the rebuild: a newer one stands for a change this rebuild may have missed.
      await Promise.all(names.map((name) => kv.delete(name).catch(() => undefined)));
    } else report.feedsPending++;
  }
  if (report.feedsRebuilt > 0) await bumpGeneration(kv);
  if (report.finished + report.rolledBack + report.feedsRebuilt + report.failures + report.feedsPending > 0) logEvent("info", "repair pass", { ...report });
  return report;
}

// Media files (images) stored in KV, with their content type as metadata; uploads and deletions are audited.

import { logEvent } from "../log.ts";
import { type Actor, auditEntry, newAuditKey, writeAudit } from "./audit.ts";
import { bumpGeneration } from "./config.ts";
import { keys } from "./keys.ts";
import type { Kv } from "./kv.ts";

export interface MediaMetadata {
  contentType: string;
  size: number;
  /** A hash of the bytes, computed when stored. */
  etag?: string;
}

export async function getMedia(kv: Kv, name: string): Promise<{ body: ArrayBuffer; metadata: MediaMetadata } | null> {
  const found = await kv.getBytes<MediaMetadata>(keys.media(name));
  if (!found) return null;
  const metadata = found.metadata ?? { contentType: "application/octet-stream", size: found.value.byteLength };
  return { body: found.value, metadata };
}

/** A stored file's metadata without reading its bytes (one KV list call), or null. */
export async function mediaInfo(kv: Kv, name: string): Promise<MediaMetadata | null> {
  const page = await kv.list<MediaMetadata>(keys.media(name), { limit: 1 });
  const entry = page.entries.find((e) => e.name === keys.media(name));
  if (!entry) return null;
  return entry.metadata ?? { contentType: "application/octet-stream", size: 0 };
}

/** The same digest the seed loader stores: the first 32 hex digits of SHA-256. */
export async function mediaEtag(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function putMedia(kv: Kv, name: string, bytes: Uint8Array, metadata: MediaMetadata): Promise<void> {
  await kv.put(keys.media(name), bytes.slice().buffer, metadata);
}

export async function deleteMedia(kv: Kv, name: string): Promise<void> {
  await kv.delete(keys.media(name));
}

/** Stored media names with their metadata, a page at a time (name order). */
export async function listMedia(
  kv: Kv,
  options: { limit: number; cursor?: string },
): Promise<{ media: ({ name: string } & MediaMetadata)[]; cursor?: string }> {
  const page = await kv.list<MediaMetadata>(keys.mediaPrefix(), { limit: options.limit, ...(options.cursor ? { cursor: options.cursor } : {}) });
  const media = page.entries.map((e) => ({ name: e.name.slice(keys.mediaPrefix().length), contentType: "application/octet-stream", size: 0, ...e.metadata }));
  return page.cursor ? { media, cursor: page.cursor } : { media };
}

/** Saves an uploaded file, records it in the audit log and starts a new generation; undone if the audit entry fails. */
export async function saveMedia(kv: Kv, name: string, bytes: Uint8Array, metadata: MediaMetadata, actor: Actor): Promise<{ auditId: string; at: number }> {
  const at = Date.now();
  const audit = newAuditKey(at);
  await putMedia(kv, name, bytes, metadata);
  try {
    await writeAudit(kv, audit.key, auditEntry(audit.id, at, actor, { action: "media.put", target: name, previous: null, result: metadata }));
  } catch (error) {
    await deleteMedia(kv, name).catch((undoError) => logEvent("error", "media upload not undone", { name, error: String(undoError) }));
    throw error;
  }
  await bumpGeneration(kv).catch((error) => logEvent("warn", "generation not bumped after media upload", { error: String(error) }));
  return { auditId: audit.id, at };
}

/** Deletes a file: the audit entry first, so a deletion never goes unrecorded; withdrawn if the delete fails. */
export async function removeMedia(kv: Kv, name: string, previous: MediaMetadata, actor: Actor): Promise<{ auditId: string; at: number }> {
  const at = Date.now();
  const audit = newAuditKey(at);
  await writeAudit(kv, audit.key, auditEntry(audit.id, at, actor, { action: "media.delete", target: name, previous, result: { removed: true } }));
  try {
    await deleteMedia(kv, name);
  } catch (error) {
    await kv.delete(audit.key).catch(() => logEvent("error", "audit entry of a failed media deletion not withdrawn", { key: audit.key }));
    throw error;
  }
  await bumpGeneration(kv).catch((error) => logEvent("warn", "generation not bumped after media deletion", { error: String(error) }));
  return { auditId: audit.id, at };
}

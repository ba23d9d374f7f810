// Query parameters of the API's list endpoints: page size and cursor, checked with a clear 400.

import { badRequest } from "../http/errors.ts";

/** KV list cursors are opaque base64-like strings. */
const CURSOR = /^[A-Za-z0-9_\-+/=.~]{1,1024}$/;

export function limitParam(url: URL, fallback: number, max: number): number {
  const raw = url.searchParams.get("limit");
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) throw badRequest(`limit must be a whole number from 1 to ${max}.`);
  return value;
}

export function cursorParam(url: URL): string | undefined {
  const raw = url.searchParams.get("cursor");
  if (raw === null || raw === "") return undefined;
  if (!CURSOR.test(raw)) throw badRequest("cursor is damaged; use the cursor value of the previous page exactly as returned.");
  return raw;
}

/** The cursor of a list paged by sequence number (the audit log, policy history): the number as returned. */
export function sequenceCursorParam(url: URL): string | undefined {
  const raw = cursorParam(url);
  if (raw !== undefined && !/^\d{1,15}$/.test(raw)) throw badRequest("cursor is damaged; use the cursor value of the previous page exactly as returned.");
  return raw;
}

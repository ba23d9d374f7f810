// Typed errors of the publishing API: each says what was wrong and what to send instead.

import type { Problem } from "../content/problems.ts";
import { HttpError } from "../http/errors.ts";

/** The realm named in WWW-Authenticate. */
export const AUTH_REALM = "Edge News publishing API";

export const unauthorised = (message: string, invalidToken: boolean) =>
  new HttpError(401, message, { "WWW-Authenticate": `Bearer realm="${AUTH_REALM}"${invalidToken ? ', error="invalid_token"' : ""}` });

export const apiSwitchedOff = (message: string) => new HttpError(503, message, { "Retry-After": "300" });

/** At most this many problems are listed: an input with 100,000 unknown fields must not get a 10 MB answer. */
export const MAX_PROBLEMS_LISTED = 50;

/** 400 with the problems listed by field path (the first MAX_PROBLEMS_LISTED); nothing was written. */
export const invalid = (what: string, problems: readonly Problem[], extra: Record<string, unknown> = {}) =>
  new HttpError(
    400,
    `The ${what} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was saved.`,
    {},
    {
      problems: problems.slice(0, MAX_PROBLEMS_LISTED),
      ...(problems.length > MAX_PROBLEMS_LISTED ? { problemsNotListed: problems.length - MAX_PROBLEMS_LISTED } : {}),
      ...extra,
    },
  );

export const tooLarge = (what: string, limit: number) =>
  new HttpError(413, `The ${what} is larger than the limit of ${limit} bytes (${formatBytes(limit)}); nothing was saved.`);

export const unsupportedType = (got: string | null, want: string) =>
  new HttpError(415, `${got ? `Content-Type "${got}" is not accepted here` : "The request has no Content-Type"}; send Content-Type: ${want}.`);

export const preconditionFailed = (message: string, etag?: string) => new HttpError(412, message, etag ? { ETag: etag } : {});

export const conflict = (message: string, retryAfterSeconds?: number) =>
  new HttpError(409, message, retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : {});

/** "1 MiB", "5 MiB", "512 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

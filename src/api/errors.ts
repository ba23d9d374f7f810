// Typed errors of the publishing API: each has a stable code, says what was wrong and what to send
// instead. The writer's outcomes (src/publish/outcomes.ts) become HTTP here and nowhere else.

import type { Problem } from "../content/problems.ts";
import { HttpError } from "../http/errors.ts";
import type { Failure } from "../publish/outcomes.ts";

/** The realm named in WWW-Authenticate. */
export const AUTH_REALM = "Edge News publishing API";

export const unauthorised = (message: string, invalidToken: boolean) =>
  new HttpError(
    401,
    message,
    { "WWW-Authenticate": `Bearer realm="${AUTH_REALM}"${invalidToken ? ', error="invalid_token"' : ""}` },
    undefined,
    invalidToken ? "invalid_token" : "token_required",
  );

export const apiSwitchedOff = (message: string) => new HttpError(503, message, { "Retry-After": "300" }, undefined, "api_switched_off");

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
    "invalid",
  );

export const tooLarge = (what: string, limit: number) =>
  new HttpError(413, `The ${what} is larger than the limit of ${limit} bytes (${formatBytes(limit)}); nothing was saved.`);

export const unsupportedType = (got: string | null, want: string) =>
  new HttpError(415, `${got ? `Content-Type "${got}" is not accepted here` : "The request has no Content-Type"}; send Content-Type: ${want}.`);

/** "1 MiB", "5 MiB", "512 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** What each kind of thing is called in messages, and how to see it again. */
export interface Subject {
  /** "article", "media file", "policy". */
  noun: string;
  /** Where a client reads the current state: "GET /api/articles/x". */
  read: string;
}

/** The writer said no: the status, code and message for this API's clients. */
export function refused(failure: Failure, subject: Subject): HttpError {
  switch (failure.code) {
    case "invalid":
      return invalid(subject.noun, failure.problems ?? [], failure.warnings && failure.warnings.length > 0 ? { warnings: failure.warnings } : {});
    case "not_found":
      return new HttpError(
        404,
        failure.detail ? `There is no ${subject.noun} version "${failure.detail}"; ${subject.read}/history lists them.` : `There is no ${subject.noun} here.`,
      );
    case "precondition_failed": {
      const etag: Record<string, string> = failure.current ? { ETag: `"${failure.current}"` } : {};
      if (failure.detail === "exists")
        return new HttpError(412, `A ${subject.noun} is already stored here (version ${failure.current}); If-None-Match: * only creates.`, etag);
      if (failure.detail === "missing")
        return new HttpError(412, `There is no ${subject.noun} here, so If-Match cannot match; leave If-Match out to create it.`);
      return new HttpError(
        412,
        `The ${subject.noun} changed since you read it: it is now version ${failure.current}. ${subject.read} again, redo your change on that version, and send If-Match: "${failure.current}".`,
        etag,
      );
    }
    case "conflict":
      return new HttpError(
        409,
        conflictMessage(failure, subject),
        failure.detail === "uploading" ? { "Retry-After": "5" } : {},
        failure.problems ? { problems: failure.problems } : undefined,
      );
    case "storage_unavailable":
      return new HttpError(
        503,
        `Storage is not answering, so the ${subject.noun} was not changed. Try again shortly.`,
        { "Retry-After": "30" },
        undefined,
        "storage_unavailable",
      );
    case "not_seeded":
      return new HttpError(
        503,
        "This site has no configuration yet: load it with `npm run seed` (or `npm run seed -- --remote <site>`) first.",
        { "Retry-After": "60" },
        undefined,
        "not_seeded",
      );
  }
}

function conflictMessage(failure: Failure, subject: Subject): string {
  switch (failure.detail) {
    case "taken":
      return "A different file is already stored under this name. Media are cached for a year under their name, so upload the new file under a new name (and point the article at it), or DELETE this one first if it must go.";
    case "uploading":
      return "Another upload of this name is still running; try again in a few seconds.";
    case "no longer valid":
      return `That ${subject.noun} version no longer passes the checks, so it cannot be restored.`;
    default:
      return "Nothing to roll back to: the deployed policy is in force and no policy has been saved through the API.";
  }
}

// What the single writer answers: data or an outcome with a stable code. It never words HTTP errors;
// the API (src/api/errors.ts) turns each code into a status and a message for its clients.

import type { Problem } from "../content/problems.ts";

export type FailureCode =
  /** The input breaks a rule: `problems` names each. */
  | "invalid"
  /** No such article, media file or policy version. */
  | "not_found"
  /** If-Match / If-None-Match did not hold: `current` is the version in force (absent when nothing exists). */
  | "precondition_failed"
  /** A media name holds other bytes, an upload of it is running, or a rollback target is unclear. */
  | "conflict"
  /** No site configuration yet: the site has never been seeded. */
  | "not_seeded"
  /** KV did not take a write the change needs first (a media file's bytes): nothing was changed. */
  | "storage_unavailable";

export interface Failure {
  ok: false;
  code: FailureCode;
  /** Facts for the message: what exists, what was asked. */
  detail?: string;
  problems?: Problem[];
  warnings?: Problem[];
  current?: string;
}

export function failure(code: FailureCode, extra: Omit<Failure, "ok" | "code"> = {}): Failure {
  return { ok: false, code, ...extra };
}

/** Who asked for a change and how: recorded with every change. */
export interface Actor {
  /** A short hash of the API token (never the token), or "seed", "cron", "reach". */
  id: string;
  method: string;
  path: string;
}

/** HTTP preconditions on a write (RFC 9110): If-Match with a version, or If-None-Match: *. */
export interface Precondition {
  /** "*" (something must exist) or the versions the client accepts. */
  ifMatch?: "*" | string[];
  /** "*": only create, never replace. */
  ifNoneMatch?: "*";
}

/** When a committed change is in every data centre's projection, and what the writer did with it. */
export interface Committed {
  /** The audit entry of the change. */
  audit: string;
  /** Milliseconds since the epoch when it was committed. */
  at: number;
  /** The pointer sequence that carries it (readers show it once they have this pointer). */
  seq: number;
  /** false when KV did not take the projection yet: it is retried until it does. */
  projected: boolean;
  /**
   * When the pointer carrying the change reached KV (ms), which every visibility bound counts from; while
   * it is still pending (projected false), when the writer answered.
   */
  visibleFrom: number;
}

// Typed HTTP errors: a handler throws one, the error stage renders it as a page or as JSON. Each carries
// a stable machine code beside its message, so API clients (and tests) never match on English.

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  412: "precondition_failed",
  413: "too_large",
  414: "uri_too_long",
  415: "unsupported_media_type",
  429: "rate_limited",
  431: "headers_too_large",
  500: "internal_error",
  503: "unavailable",
};

export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  /** Extra JSON for API clients, e.g. the list of validation problems. */
  readonly details: Record<string, unknown> | undefined;

  /** `message` is shown to the reader or API client: say what happened and what to do. */
  constructor(status: number, message: string, headers: Record<string, string> = {}, details?: Record<string, unknown>, code?: string) {
    super(message);
    this.status = status;
    this.code = code ?? CODES[status] ?? `http_${status}`;
    this.headers = headers;
    this.details = details;
  }
}

export const notFound = (message = "There is nothing at this address.") => new HttpError(404, message);

export const badRequest = (message: string, details?: Record<string, unknown>, code?: string) => new HttpError(400, message, {}, details, code);

export const methodNotAllowed = (allow: readonly string[]) => new HttpError(405, `This address accepts ${allow.join(", ")} only.`, { Allow: allow.join(", ") });

export const unavailable = (message: string, retryAfterSeconds = 30, code?: string) =>
  new HttpError(503, message, { "Retry-After": String(retryAfterSeconds) }, undefined, code);

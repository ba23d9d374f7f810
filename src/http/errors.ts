// Typed HTTP errors: a handler throws one, the router's catch stage renders it as a page or as JSON.

export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Extra JSON for API clients, e.g. the list of validation problems. */
  readonly details: Record<string, unknown> | undefined;

  /** `message` is shown to the reader or API client: say what happened and what to do. */
  constructor(status: number, message: string, headers: Record<string, string> = {}, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.headers = headers;
    this.details = details;
  }
}

export const notFound = (message = "There is nothing at this address.") => new HttpError(404, message);

export const badRequest = (message: string, details?: Record<string, unknown>) => new HttpError(400, message, {}, details);

export const methodNotAllowed = (allow: readonly string[]) => new HttpError(405, `This address accepts ${allow.join(", ")} only.`, { Allow: allow.join(", ") });

export const unavailable = (message: string, retryAfterSeconds = 30) => new HttpError(503, message, { "Retry-After": String(retryAfterSeconds) });

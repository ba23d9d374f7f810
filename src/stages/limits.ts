// The first stage: refuse requests whose address or headers are too large (414, 431) before
// any storage read, so an oversized request costs nothing and never reaches a handler.

import { HttpError } from "../http/errors.ts";

/**
 * At or below Cloudflare's own limits (a 16 KB URL; 128 KB of headers, 32 KB in older documentation),
 * so these answers, with their security headers, are the ones a visitor sees; far above anything the
 * site's own links or a browser produce.
 */
export const REQUEST_LIMITS = {
  /** The whole URL as received, percent-encoded: scheme, host, path and query. */
  urlLength: 8 * 1024,
  /** Header fields, counting those Cloudflare adds (CF-*, X-Forwarded-*, CDN-Loop: about a dozen). */
  headerCount: 100,
  /** One header's value; a Cookie header for this site is a few dozen bytes. */
  headerValueLength: 8 * 1024,
  /** Names and values of all headers together. */
  headerTotalLength: 32 * 1024,
} as const;

const kib = (n: number) => `${n / 1024} KiB`;

export const uriTooLong = () =>
  new HttpError(414, `This address is longer than ${kib(REQUEST_LIMITS.urlLength)}, more than any page of this site needs. Check the link you followed.`);

export const headersTooLarge = (what: string) =>
  new HttpError(431, `The request's headers are too large: ${what}. Clear this site's cookies or remove the extra headers, then try again.`);

/** Throws 414 or 431 for an oversized request. */
export function checkRequestLimits(request: Request): void {
  if (request.url.length > REQUEST_LIMITS.urlLength) throw uriTooLong();
  let count = 0;
  let total = 0;
  for (const [name, value] of request.headers) {
    count++;
    total += name.length + value.length;
    if (value.length > REQUEST_LIMITS.headerValueLength) throw headersTooLarge(`one header is longer than ${kib(REQUEST_LIMITS.headerValueLength)}`);
  }
  if (count > REQUEST_LIMITS.headerCount) throw headersTooLarge(`more than ${REQUEST_LIMITS.headerCount} header fields`);
  if (total > REQUEST_LIMITS.headerTotalLength) throw headersTooLarge(`more than ${kib(REQUEST_LIMITS.headerTotalLength)} in all`);
}

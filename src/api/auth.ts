// Bearer-token auth for the publishing API: the ADMIN_TOKEN secret, compared in constant time on
// SHA-256 digests; no secret (or a short one) fails closed; cookies are never read.

import type { IRequest } from "itty-router";
import type { RequestContext } from "../stages/context.ts";
import { HttpError } from "../http/errors.ts";
import { apiSwitchedOff, unauthorised } from "./errors.ts";
import { limitFailedAuth, limitWrites } from "./rate-limit.ts";

/** Shorter secrets are refused: a guessable token would open the newsroom's site to anyone. */
export const MIN_SECRET_LENGTH = 32;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

async function sha256(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

/** The audit log's name for a token: a short hash, so the log identifies a token without holding it. */
export async function tokenIdOf(token: string): Promise<string> {
  const digest = new Uint8Array(await sha256(`edge-news token id\u0000${token}`));
  return `token-${Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Checks an Authorization header against the configured secret and returns the caller's token id.
 * Both sides are hashed first: timingSafeEqual needs equal lengths and must never see two empty inputs.
 */
export async function authorise(authorization: string | null, secret: unknown): Promise<string> {
  if (typeof secret !== "string" || secret.trim() === "") {
    throw apiSwitchedOff(
      "The publishing API is switched off: no ADMIN_TOKEN secret is set. Set one of at least 32 random characters with `npx wrangler secret put ADMIN_TOKEN` (locally: ADMIN_TOKEN=... in .dev.vars, which `npm start` creates).",
    );
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw apiSwitchedOff(
      `The publishing API is switched off: the ADMIN_TOKEN secret is shorter than ${MIN_SECRET_LENGTH} characters. Set a longer random one with \`npx wrangler secret put ADMIN_TOKEN\` (locally in .dev.vars).`,
    );
  }
  if (authorization === null) throw unauthorised("This API needs a token: send Authorization: Bearer <ADMIN_TOKEN>.", false);
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw unauthorised('The Authorization header must be "Bearer <ADMIN_TOKEN>".', true);
  const [presented, expected] = await Promise.all([sha256(token), sha256(secret)]);
  if (!crypto.subtle.timingSafeEqual(presented, expected)) throw unauthorised("The token is not valid for this site.", true);
  return tokenIdOf(token);
}

/** Paths anyone may read: the API's own description. */
const PUBLIC_PATHS = new Set(["/api/openapi.json"]);

/**
 * API router stage: every call except the OpenAPI document needs the token; the caller is recorded.
 * Failed logins and writes are counted per client address (429 past the limits, see rate-limit.ts).
 */
export async function withApiAuth(request: IRequest, ctx: RequestContext): Promise<undefined> {
  if (PUBLIC_PATHS.has(ctx.url.pathname) && (ctx.method === "GET" || ctx.method === "HEAD")) return undefined;
  try {
    ctx.notes.actor = await authorise(request.headers.get("Authorization"), ctx.env.ADMIN_TOKEN);
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) throw await limitFailedAuth(request, ctx, error);
    throw error;
  }
  await limitWrites(request, ctx);
  return undefined;
}

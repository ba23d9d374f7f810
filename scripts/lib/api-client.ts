// Talking to a site's publishing API from the command line (publish, seed, reach): where requests go,
// with which token, over a transport that does not give the token away, retrying the API's rate limit.

import { readFile } from "node:fs/promises";
import { join } from "node:path";

export const DEFAULT_SITE = "http://127.0.0.1:8787";

/**
 * The base URL requests go to. Node cannot resolve *.localhost, so such a host is reached at 127.0.0.1
 * on the same port (the API answers on every host of the site, and never redirects).
 */
export function apiBase(remote: string | undefined): URL {
  const url = new URL(remote ?? DEFAULT_SITE);
  if (url.hostname === "localhost" || url.hostname.endsWith(".localhost")) url.hostname = "127.0.0.1";
  url.pathname = "/";
  url.search = "";
  url.hash = "";
  return url;
}

/** True for a server on this machine: only then is the token read from .dev.vars, or sent over plain HTTP. */
export function isLocal(base: URL): boolean {
  return base.hostname === "127.0.0.1" || base.hostname === "[::1]" || base.hostname === "localhost";
}

/** Why a token must not go to this address, if it must not: plain HTTP to another machine. */
export function transportProblem(base: URL): string | undefined {
  if (base.protocol === "https:" || isLocal(base)) return undefined;
  return `${base.origin} is plain HTTP: the API token would cross the network unencrypted. Use the site's https:// address.`;
}

/** ADMIN_TOKEN from the text of a .dev.vars file (dotenv syntax), if set. */
export function tokenFromDevVars(text: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*ADMIN_TOKEN\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const value = (match[1] ?? "").replace(/^(["'])(.*)\1$/, "$2");
    return value === "" ? undefined : value;
  }
  return undefined;
}

/** The token: given, $EDGE_NEWS_TOKEN, or (for a local site only) ADMIN_TOKEN from .dev.vars. */
export async function findToken(base: URL, given: string | undefined, devVars = join(import.meta.dirname, "../../.dev.vars")): Promise<string | undefined> {
  if (given) return given;
  if (process.env.EDGE_NEWS_TOKEN) return process.env.EDGE_NEWS_TOKEN;
  if (!isLocal(base)) return undefined;
  return tokenFromDevVars(await readFile(devVars, "utf8").catch(() => ""));
}

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Times a write refused by the API's rate limit (429) is sent again, after the Retry-After it names. */
const RATE_LIMIT_RETRIES = 3;

export class ApiClient {
  readonly base: URL;
  readonly #token: string;
  readonly #say: (line: string) => void;

  /** Refuses (throws) a token over plain HTTP to another machine. */
  constructor(base: URL, token: string, say: (line: string) => void = console.log) {
    const problem = transportProblem(base);
    if (problem) throw new Error(problem);
    this.base = base;
    this.#token = token;
    this.#say = say;
  }

  async request(method: string, path: string, body?: BodyInit, contentType?: string): Promise<ApiAnswer> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(new URL(path, this.base), {
          method,
          headers: { Authorization: `Bearer ${this.#token}`, ...(contentType ? { "Content-Type": contentType } : {}) },
          ...(body !== undefined ? { body } : {}),
          redirect: "manual",
        });
      } catch (error) {
        throw new Error(`cannot reach ${this.base.origin} (${error instanceof Error ? error.message : String(error)}); is the site running (npm start)?`);
      }
      if (res.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        // A large batch can pass the write limit (60 a minute per address): wait as asked, then go on.
        const seconds = Math.min(120, Math.max(1, Number(res.headers.get("Retry-After")) || 60));
        await res.arrayBuffer();
        this.#say(`the API's write limit was reached; waiting ${seconds} s before sending again`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        continue;
      }
      const text = await res.text();
      try {
        return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
      } catch {
        return { status: res.status, body: { error: `unexpected answer: ${text.slice(0, 200)}` } };
      }
    }
  }

  json(method: string, path: string, value: unknown, contentType = "application/json"): Promise<ApiAnswer> {
    return this.request(method, path, JSON.stringify(value), contentType);
  }
}

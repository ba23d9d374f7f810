// Shared vocabulary of the reach passes: what a signal says about one host in one country.

/** What one signal, or one pass, says about a host in a country. Missing or doubtful data is "unknown". */
export type Verdict = "blocked" | "reachable" | "unknown";

/** The `fetch` a module is given, so tests can hand it a fake and the Worker its own. */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface Pair {
  host: string;
  country: string;
}

/** "news.example IR": the key of a (host, country) pair in maps and stored state. */
export function pairKey(host: string, country: string): string {
  return `${host} ${country}`;
}

/** Runs `task` over `items` with at most `limit` at once (a Worker may hold 6 connections open). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A fetch that gives up after `ms`, body included; the abort reaches the connection where the runtime allows. */
export async function fetchWithTimeout(fetchFn: FetchFn, url: string, init: RequestInit, ms: number): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new TimeoutError(ms));
    }, ms);
  });
  try {
    return await Promise.race([
      (async () => {
        const response = await fetchFn(url, { ...init, signal: controller.signal });
        return { status: response.status, text: await response.text() };
      })(),
      timeout,
    ]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

export class TimeoutError extends Error {
  readonly ms: number;
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "TimeoutError";
    this.ms = ms;
  }
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

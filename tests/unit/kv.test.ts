// The one KV wrapper (src/store/kv.ts): transient failures are retried with full-jitter backoff inside
// one timeout budget; permanent ones are not; whatever still fails is a StorageError (a friendly 503 to a
// reader, never a stack trace). Time is the fake clock: retries are checked by when they happen.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KV_TIMEOUT_MS, Kv, StorageError, kvOptionsOf } from "../../src/store/kv.ts";

/** A KV namespace whose `get` answers from a script of outcomes, one per attempt, noting when each came. */
function scripted(outcomes: (string | null | Error | "hang")[]): { namespace: KVNamespace; attempts: number[] } {
  const attempts: number[] = [];
  const answer = async () => {
    attempts.push(Date.now());
    const next = outcomes[Math.min(attempts.length - 1, outcomes.length - 1)];
    if (next === "hang") return new Promise<never>(() => undefined);
    if (next instanceof Error) throw next;
    return next ?? null;
  };
  const namespace = { get: answer, put: answer, delete: answer, getWithMetadata: answer } as unknown as KVNamespace;
  return { namespace, attempts };
}

/** Runs `operation` to its end on the fake clock; its outcome, or the error it threw. */
async function settle<T>(operation: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  const outcome = operation.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return outcome;
}

const T0 = 1_000_000;
const transient = () => new Error("KV GET failed: 500 Internal Server Error");

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("KV_TIMEOUT_MS setting", () => {
  it("takes a whole number of milliseconds from 1 to 60000", () => {
    expect(kvOptionsOf({ KV_TIMEOUT_MS: "50" })).toEqual({ timeoutMs: 50 });
    expect(kvOptionsOf({ KV_TIMEOUT_MS: "60000" })).toEqual({ timeoutMs: 60_000 });
  });

  it("keeps the default for anything else, so a typo cannot switch the timeout off", () => {
    for (const value of [undefined, "", "0", "-5", "1.5", "5s", "60001", "Infinity", "NaN", 50]) {
      expect(kvOptionsOf({ KV_TIMEOUT_MS: value }), String(value)).toEqual({});
    }
    expect(new Kv({} as KVNamespace, kvOptionsOf({})).timeoutMs).toBe(KV_TIMEOUT_MS);
  });
});

describe("retries", () => {
  it("a transient failure is retried until the value comes", async () => {
    const kv = scripted([transient(), transient(), '{"ok":true}']);
    const { value } = await settle(new Kv(kv.namespace, { random: () => 0.5 }).getJson<{ ok: boolean }>("k"));
    expect(value).toEqual({ ok: true });
    expect(kv.attempts).toHaveLength(3);
  });

  it("waits a random time up to a cap that doubles with each attempt (full jitter)", async () => {
    // random() = 1: each wait is the whole cap, 50, 100, 200, 400 ms.
    const full = scripted([transient(), transient(), transient(), transient(), "v"]);
    expect((await settle(new Kv(full.namespace, { random: () => 1 }).getText("k"))).value).toBe("v");
    expect(full.attempts.map((t) => t - T0)).toEqual([0, 50, 150, 350, 750]);
    // random() = 0.5: half of each cap, 25, 50, 100 ms.
    vi.setSystemTime(T0);
    const half = scripted([transient(), transient(), transient(), "v"]);
    expect((await settle(new Kv(half.namespace, { random: () => 0.5 }).getText("k"))).value).toBe("v");
    expect(half.attempts.map((t) => t - T0)).toEqual([0, 25, 75, 175]);
  });

  it("gives up as soon as the next wait would not leave time for another attempt inside the budget", async () => {
    const kv = scripted([transient()]);
    const { error } = await settle(new Kv(kv.namespace, { timeoutMs: 1_000, random: () => 1 }).getText("article"));
    // Attempts at 0, 50, 150, 350, 750; the next wait (800 ms) would end past the 1,000 ms budget.
    expect(kv.attempts.map((t) => t - T0)).toEqual([0, 50, 150, 350, 750]);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ operation: "get", key: "article", reason: "failed" });
    expect(Date.now() - T0).toBe(750);
  });

  it("never retries a request KV refuses for what it is (a value too large, a bad key)", async () => {
    const kv = scripted([new Error("KV PUT failed: 413 Value length of 26214500 exceeds limit of 26214400")]);
    const { error } = await settle(new Kv(kv.namespace).put("big", "x"));
    expect(kv.attempts).toHaveLength(1);
    expect(error).toMatchObject({ name: "StorageError", operation: "put", key: "big", reason: "refused" });
  });

  it("waits at least a second after KV's one-write-per-second limit (429) on a key", async () => {
    const kv = scripted([new Error("KV PUT failed: 429 Too Many Requests"), "done"]);
    await settle(new Kv(kv.namespace, { random: () => 0 }).put("pointer", "{}"));
    expect(kv.attempts.map((t) => t - T0)).toEqual([0, 1_000]);
  });

  it("an attempt that hangs counts as failed when the budget runs out, retries included", async () => {
    const kv = scripted([transient(), "hang"]);
    const { error } = await settle(new Kv(kv.namespace, { timeoutMs: 300, random: () => 1 }).getText("slow"));
    expect(kv.attempts.map((t) => t - T0)).toEqual([0, 50]);
    expect(error).toMatchObject({ name: "StorageError", key: "slow", reason: "timeout" });
    expect(Date.now() - T0).toBe(300);
  });
});

describe("answers", () => {
  it("a missing key is null, not an error", async () => {
    const kv = scripted([null]);
    expect((await settle(new Kv(kv.namespace).getJson("nothing"))).value).toBeNull();
    expect(kv.attempts).toHaveLength(1);
  });

  it("a value that is not JSON is a StorageError (corrupt), not a SyntaxError a reader could see", async () => {
    const kv = scripted(["{damaged"]);
    const { error } = await settle(new Kv(kv.namespace).getJson("b:abc"));
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ key: "b:abc", reason: "corrupt" });
    expect(kv.attempts).toHaveLength(1);
  });
});

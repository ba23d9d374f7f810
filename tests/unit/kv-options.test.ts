// The KV_TIMEOUT_MS var: a whole number of milliseconds from 1 to 60000 sets the timeout; anything else
// keeps the default, so a typo in wrangler.toml can never switch the timeout off.

import { describe, expect, it } from "vitest";
import { KV_TIMEOUT_MS, Kv, kvOptionsOf } from "../../src/store/kv.ts";

describe("KV timeout setting", () => {
  it("takes a whole number of milliseconds from 1 to 60000", () => {
    expect(kvOptionsOf({ KV_TIMEOUT_MS: "50" })).toEqual({ timeoutMs: 50 });
    expect(kvOptionsOf({ KV_TIMEOUT_MS: "60000" })).toEqual({ timeoutMs: 60_000 });
  });

  it("keeps the default for anything else", () => {
    for (const value of [undefined, "", "0", "-5", "1.5", "5s", "60001", "Infinity", "NaN", 50]) {
      expect(kvOptionsOf({ KV_TIMEOUT_MS: value }), String(value)).toEqual({});
    }
    expect(new Kv({} as KVNamespace, kvOptionsOf({})).timeoutMs).toBe(KV_TIMEOUT_MS);
  });
});

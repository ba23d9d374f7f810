import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/store/bounded-cache.ts";

describe("a bounded memo", () => {
  it("keeps at most its number of entries, forgetting the least recently used first", () => {
    const memo = new BoundedCache<number>({ entries: 3 });
    for (const key of ["a", "b", "c"]) memo.set(key, 1);
    memo.get("a");
    memo.set("d", 1);
    expect(["a", "b", "c", "d"].map((k) => memo.get(k) !== undefined)).toEqual([true, false, true, true]);
  });

  it("keeps the summed weight within its budget, and a replaced entry's weight is released", () => {
    const memo = new BoundedCache<string>({ entries: 100, weight: (v) => v.length, maxWeight: 10 });
    memo.set("a", "xxxx");
    memo.set("a", "xxxxxx"); // replaces: 6 in all, not 10
    memo.set("b", "xxxx");
    expect(memo.get("a")).toBe("xxxxxx");
    memo.set("c", "x"); // 11 > 10: "b" is now the least recently used
    expect(memo.get("b")).toBeUndefined();
    expect(memo.get("a")).toBe("xxxxxx");
    expect(memo.get("c")).toBe("x");
  });
});

// What the publishing API tells an editor about when a change is visible, and its byte limits' names.

import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/api/errors.ts";
import { MIN_CACHE_TTL } from "../../src/store/kv.ts";
import { KV_PROPAGATION_SECONDS, VISIBLE_WITHIN_SECONDS, visibilityOf } from "../../src/store/visibility.ts";
import { POINTER_MEMO_MS } from "../../src/store/view.ts";

describe("visibilityOf", () => {
  it("puts visibleBy at KV propagation, KV's edge cache of the pointer and an isolate's memo of it, and explains it", () => {
    expect(VISIBLE_WITHIN_SECONDS).toBe(KV_PROPAGATION_SECONDS + MIN_CACHE_TTL + POINTER_MEMO_MS / 1000);
    expect(VISIBLE_WITHIN_SECONDS).toBe(91);
    const now = Date.parse("2026-11-25T10:00:00Z");
    const v = visibilityOf(now);
    expect(v.visibleBy).toBe("2026-11-25T10:01:31.000Z");
    expect(v.visibility).toContain("within 91 s");
    expect(v.visibility).toContain(`KV propagates within ${KV_PROPAGATION_SECONDS} s`);
  });
});

describe("formatBytes", () => {
  it("names the limits the way the README does", () => {
    expect(formatBytes(1024 * 1024)).toBe("1 MiB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MiB");
    expect(formatBytes(256 * 1024)).toBe("256 KiB");
    expect(formatBytes(1000)).toBe("1000 bytes");
  });
});

// What the publishing API tells an editor about when a change is visible, and its byte limits' names.

import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/api/errors.ts";
import { KV_PROPAGATION_SECONDS, VISIBLE_WITHIN_SECONDS, visibilityOf } from "../../src/store/visibility.ts";

describe("visibilityOf", () => {
  it("puts visibleBy at the bound after the pointer reached KV, and explains it", () => {
    const now = Date.parse("2026-11-25T10:00:00Z");
    const v = visibilityOf(now);
    expect(VISIBLE_WITHIN_SECONDS).toBe(KV_PROPAGATION_SECONDS + 30 + 1);
    expect(v.visibleBy).toBe(new Date(now + VISIBLE_WITHIN_SECONDS * 1000).toISOString());
    expect(v.visibility).toContain(`${VISIBLE_WITHIN_SECONDS} s after the change reached KV`);
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

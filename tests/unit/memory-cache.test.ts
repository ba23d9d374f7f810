// The isolate's own copy of fresh pages, in front of the Cache API (src/store/memory-cache.ts).

import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetPages, recall, remember } from "../../src/store/memory-cache.ts";

const KEY = "https://page-cache.edge-news.internal/v/7.0.sha/articles/a";
const page = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const headers = (etag: string) => new Headers({ "Content-Type": "text/html; charset=utf-8", ETag: etag });

afterEach(() => {
  forgetPages();
  vi.useRealTimers();
});

describe("the isolate's copy of fresh pages", () => {
  it("serves the same page, status and headers every time it is recalled", async () => {
    remember(KEY, { status: 200, headers: headers('"v1"') }, page("<p>hello</p>"), Date.now());
    for (let i = 0; i < 3; i++) {
      const response = recall(KEY, 300);
      expect(response?.status).toBe(200);
      expect(response?.headers.get("ETag")).toBe('"v1"');
      expect(await response?.text()).toBe("<p>hello</p>");
    }
  });

  it("serves a page for its fresh window only, then takes the next copy remembered", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    remember(KEY, { status: 200, headers: headers('"v1"') }, page("first"), Date.now());
    vi.setSystemTime(1_000_000 + 300_000);
    expect(await recall(KEY, 300)?.text()).toBe("first");
    vi.setSystemTime(1_000_000 + 301_000);
    expect(recall(KEY, 300)).toBeUndefined();
    remember(KEY, { status: 200, headers: headers('"v2"') }, page("second"), Date.now());
    const next = recall(KEY, 300);
    expect(next?.headers.get("ETag")).toBe('"v2"');
    expect(await next?.text()).toBe("second");
  });

  it("keeps at most 8 MB, dropping the least recently used page first", async () => {
    const big = (i: number) => {
      const bytes = new Uint8Array(900 * 1024);
      bytes[0] = i;
      return bytes.buffer;
    };
    for (let i = 0; i < 12; i++) {
      remember(`${KEY}/${i}`, { status: 200, headers: headers(`"${i}"`) }, big(i), Date.now());
      if (i >= 1) recall(`${KEY}/0`, 300); // page 0 stays in use
    }
    const kept = Array.from({ length: 12 }, (_, i) => recall(`${KEY}/${i}`, 300));
    expect(kept.filter((r) => r !== undefined)).toHaveLength(9); // 9 × 900 KB fit in 8 MB, 10 do not
    // The page in use and the newest pages are kept, each with its own bytes; the oldest unused are gone.
    expect(new Uint8Array((await kept[0]?.arrayBuffer()) ?? new ArrayBuffer(0))[0]).toBe(0);
    expect(new Uint8Array((await kept[11]?.arrayBuffer()) ?? new ArrayBuffer(0))[0]).toBe(11);
    expect(kept[1]).toBeUndefined();
    expect(kept[2]).toBeUndefined();
  });

  it("does not keep one very large page (it would push out many ordinary ones)", async () => {
    remember(`${KEY}/small`, { status: 200, headers: headers('"s"') }, page("small"), Date.now());
    remember(`${KEY}/huge`, { status: 200, headers: headers('"h"') }, new ArrayBuffer(2 * 1024 * 1024), Date.now());
    expect(recall(`${KEY}/huge`, 300)).toBeUndefined();
    expect(await recall(`${KEY}/small`, 300)?.text()).toBe("small");
  });

  it("is emptied when the isolate's reads are forgotten", async () => {
    remember(KEY, { status: 200, headers: headers('"v1"') }, page("x"), Date.now());
    expect(await recall(KEY, 300)?.text()).toBe("x");
    forgetPages();
    expect(recall(KEY, 300)).toBeUndefined();
  });
});

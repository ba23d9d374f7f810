import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetConfig } from "../../src/store/config.ts";
import { recall, remember } from "../../src/store/memory-cache.ts";

const KEY = "https://page-cache.edge-news.internal/g/7.sha/articles/a";
const page = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const headers = (etag: string) => new Headers({ "Content-Type": "text/html; charset=utf-8", ETag: etag });

afterEach(() => {
  forgetConfig();
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

  it("forgets a page once its fresh window has passed", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    remember(KEY, { status: 200, headers: headers('"v1"') }, page("x"), Date.now());
    vi.setSystemTime(1_000_000 + 300_000);
    expect(recall(KEY, 300)).toBeDefined();
    vi.setSystemTime(1_000_000 + 301_000);
    expect(recall(KEY, 300)).toBeUndefined();
    vi.setSystemTime(1_000_000);
    expect(recall(KEY, 300)).toBeUndefined();
  });

  it("keeps at most 8 MB, dropping the least recently used page first", () => {
    const big = () => new ArrayBuffer(900 * 1024);
    for (let i = 0; i < 12; i++) {
      remember(`${KEY}/${i}`, { status: 200, headers: headers(`"${i}"`) }, big(), Date.now());
      if (i >= 1) recall(`${KEY}/0`, 300); // page 0 stays in use
    }
    const kept = Array.from({ length: 12 }, (_, i) => recall(`${KEY}/${i}`, 300) !== undefined);
    expect(kept.filter(Boolean).length).toBe(9); // 9 × 900 KB fit in 8 MB, 10 do not
    expect(kept[0]).toBe(true);
    expect(kept[1]).toBe(false);
  });

  it("is emptied when the configuration is forgotten (after a publish)", () => {
    remember(KEY, { status: 200, headers: headers('"v1"') }, page("x"), Date.now());
    forgetConfig();
    expect(recall(KEY, 300)).toBeUndefined();
  });
});

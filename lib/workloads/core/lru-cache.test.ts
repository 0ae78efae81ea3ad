import { describe, expect, it } from "vitest";
import { LruCache } from "./lru-cache";

describe("LruCache", () => {
  it("drops the least recently used entry past the entry bound", () => {
    const cache = new LruCache<string>({ maxEntries: 2, maxWeight: 100, weigh: (v) => v.length });
    cache.set("a", "1");
    cache.set("b", "2");
    expect(cache.get("a")).toBe("1");
    cache.set("c", "3");
    expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
  });

  it("keeps the total weight under its bound, and never keeps an entry heavier than it", () => {
    const cache = new LruCache<string>({ maxEntries: 100, maxWeight: 10, weigh: (v) => v.length });
    cache.set("a", "12345");
    cache.set("b", "12345");
    cache.set("c", "12");
    expect(cache.has("a")).toBe(false);
    expect(cache.weight).toBe(7);
    cache.set("huge", "x".repeat(11));
    expect(cache.has("huge")).toBe(false);
    cache.set("b", "1");
    expect(cache.weight).toBe(3);
    expect(cache.size).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import type { CatalogueReader, ModuleSearchCriteria, ModuleSearchPage } from "./ports";
import { withSearchCache } from "./search-cache";

const criteria = (q: string | null, extra: Partial<ModuleSearchCriteria> = {}): ModuleSearchCriteria => ({
  tsQuery: q,
  exactName: q ?? "",
  sort: "name",
  limit: 20,
  offset: 0,
  ...extra,
});

function fakeReader() {
  let generation = "1";
  const queries: string[] = [];
  const pending: Array<() => void> = [];
  let hold = false;
  const reader = {
    async getCatalogueGeneration() {
      return generation;
    },
    async searchModules(c: ModuleSearchCriteria): Promise<ModuleSearchPage> {
      queries.push(`${c.tsQuery}@${generation}`);
      if (hold) await new Promise<void>((resolve) => pending.push(resolve));
      if (c.tsQuery === "boom") throw new Error("database down");
      return { items: [], total: queries.length, facets: { providers: [], categories: [], sources: [], owners: [] }, catalogueEmpty: false };
    },
  } as unknown as CatalogueReader;
  return {
    reader,
    queries,
    bump: () => void (generation = String(Number(generation) + 1)),
    setGeneration: (value: string) => void (generation = value),
    hold: (value: boolean) => void (hold = value),
    release: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

describe("withSearchCache", () => {
  it("answers the same criteria from memory until the generation changes", async () => {
    const fake = fakeReader();
    const cached = withSearchCache(fake.reader);
    const first = await cached.searchModules(criteria("vpc:*"));
    expect(await cached.searchModules(criteria("vpc:*"))).toBe(first);
    expect(await cached.searchModules(criteria("vpc:*", { offset: 20 }))).not.toBe(first);
    fake.bump();
    expect(await cached.searchModules(criteria("vpc:*"))).not.toBe(first);
    expect(fake.queries).toEqual(["vpc:*@1", "vpc:*@1", "vpc:*@2"]);
  });

  it("runs identical searches in flight once", async () => {
    const fake = fakeReader();
    const cached = withSearchCache(fake.reader);
    fake.hold(true);
    const all = Promise.all([1, 2, 3].map(() => cached.searchModules(criteria("sub:*"))));
    await new Promise((resolve) => setTimeout(resolve, 0));
    fake.release();
    const [a, b, c] = await all;
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(fake.queries).toEqual(["sub:*@1"]);
  });

  it("never keeps a failed search, never caches on a generation older than one seen, and drops the least recently used", async () => {
    const fake = fakeReader();
    const cached = withSearchCache(fake.reader, { maxEntries: 2 });
    await expect(cached.searchModules(criteria("boom"))).rejects.toThrow("database down");
    await expect(cached.searchModules(criteria("boom"))).rejects.toThrow("database down");
    expect(fake.queries).toEqual(["boom@1", "boom@1"]);

    fake.queries.length = 0;
    fake.setGeneration("5");
    await cached.searchModules(criteria("a:*"));
    fake.setGeneration("4");
    await cached.searchModules(criteria("a:*"));
    await cached.searchModules(criteria("a:*"));
    expect(fake.queries).toEqual(["a:*@5", "a:*@4", "a:*@4"]);

    fake.queries.length = 0;
    fake.setGeneration("6");
    await cached.searchModules(criteria("a:*"));
    await cached.searchModules(criteria("b:*"));
    await cached.searchModules(criteria("a:*"));
    await cached.searchModules(criteria("c:*"));
    await cached.searchModules(criteria("a:*"));
    await cached.searchModules(criteria("b:*"));
    expect(fake.queries).toEqual(["a:*@6", "b:*@6", "c:*@6", "b:*@6"]);
  });

  it("expires entries after maxAgeMs even without a change", async () => {
    const fake = fakeReader();
    let now = 0;
    const cached = withSearchCache(fake.reader, { maxAgeMs: 1000, now: () => now });
    await cached.searchModules(criteria("x:*"));
    now = 999;
    await cached.searchModules(criteria("x:*"));
    now = 1000;
    await cached.searchModules(criteria("x:*"));
    expect(fake.queries).toEqual(["x:*@1", "x:*@1"]);
  });
});

describe("the generation read", () => {
  it("starts after each search arrives, and is shared by searches that arrive while one is in flight", async () => {
    let reads = 0;
    const releases: Array<() => void> = [];
    const reader = {
      async getCatalogueGeneration() {
        reads += 1;
        await new Promise<void>((resolve) => releases.push(resolve));
        return "1";
      },
      async searchModules(): Promise<ModuleSearchPage> {
        return { items: [], total: 0, facets: { providers: [], categories: [], sources: [], owners: [] }, catalogueEmpty: false };
      },
    } as unknown as CatalogueReader;
    const cached = withSearchCache(reader);
    const first = cached.searchModules(criteria("a:*"));
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
    // These arrive while the first read is in flight: they must not use it, and share the next.
    const later = [2, 3, 4].map(() => cached.searchModules(criteria("a:*")));
    await tick();
    expect(reads).toBe(1);
    releases.shift()!();
    await first;
    await tick();
    expect(reads).toBe(2);
    releases.shift()!();
    await Promise.all(later);
    expect(reads).toBe(2);
  });
});

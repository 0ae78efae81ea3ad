import { describe, expect, it } from "vitest";
import { createInMemoryCatalogue } from "@/test/fixtures/catalogue/in-memory-catalogue";
import { searchModules } from "./search-modules";

const hit = {
  id: "m1",
  name: "vpc",
  source: "acme/iac-modules",
  owner: "acme",
  repo: "iac-modules",
  provider: "aws",
  category: "networking",
  description: "",
  latestVersion: "1.0.0",
  status: "active" as const,
  updatedAt: "2026-01-01T00:00:00.000Z",
  versionCount: 1,
  deprecatedVersions: 0,
  vulnerableVersions: 0,
  owners: ["@acme/net"],
};

describe("searchModules", () => {
  it("turns the query into reader criteria: prefix tsquery, exact name, source, page window", async () => {
    const catalogue = createInMemoryCatalogue();
    await searchModules(catalogue.deps, { q: "  VPC Sub ", source: "acme/iac-modules", provider: "aws", owner: "@acme/net", status: "vulnerable", page: "3", pageSize: "10" });
    expect(catalogue.searches).toEqual([
      {
        tsQuery: "vpc:* & sub:*",
        exactName: "vpc sub",
        status: "vulnerable",
        provider: "aws",
        category: undefined,
        source: { owner: "acme", repo: "iac-modules" },
        owner: "@acme/net",
        sort: "relevance",
        limit: 10,
        offset: 20,
      },
    ]);
  });

  it("sorts by name without usable text, and lets a source filter without a slash match nothing", async () => {
    const catalogue = createInMemoryCatalogue();
    await searchModules(catalogue.deps, { q: "v", sort: "relevance", source: "acme" });
    expect(catalogue.searches[0]).toMatchObject({ tsQuery: null, sort: "name", source: { owner: "acme", repo: "" }, limit: 20, offset: 0 });
  });

  it("returns the reader's page with the page, size and sort applied", async () => {
    const catalogue = createInMemoryCatalogue();
    const facets = { providers: [{ value: "aws", count: 1 }], categories: [], sources: [], owners: [{ value: "@acme/net", count: 1 }] };
    catalogue.setSearchPage({ items: [hit], total: 41, facets, catalogueEmpty: false });
    const result = await searchModules(catalogue.deps, { q: "vpc", sort: "updated", page: 2 });
    expect(result).toEqual({ items: [hit], total: 41, page: 2, pageSize: 20, sort: "updated", facets, catalogueEmpty: false });
  });

  it("refuses input outside the schema before reading anything", async () => {
    const catalogue = createInMemoryCatalogue();
    await expect(searchModules(catalogue.deps, { pageSize: 1000 })).rejects.toThrow();
    await expect(searchModules(catalogue.deps, { q: "x".repeat(201) })).rejects.toThrow();
    expect(catalogue.searches).toEqual([]);
  });
});

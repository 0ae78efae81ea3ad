import { describe, expect, it } from "vitest";
import { toSearchParams } from "./search-modules-params";
import { parseSearchParams } from "./search-modules-query";

describe("search params", () => {
  it("round-trips a search state and leaves defaults out", () => {
    const params = toSearchParams({ q: "vpc", provider: "aws", status: "active", sort: "updated", page: 2, pageSize: 20 });
    expect(params.toString()).toBe("q=vpc&provider=aws&status=active&sort=updated&page=2");
    expect(parseSearchParams(params)).toMatchObject({ q: "vpc", provider: "aws", status: "active", sort: "updated", page: 2, pageSize: 20 });
  });

  it("carries the owner filter and the vulnerable status", () => {
    const params = toSearchParams({ owner: "@acme-platform/networking", status: "vulnerable" });
    expect(params.toString()).toBe("owner=%40acme-platform%2Fnetworking&status=vulnerable");
    expect(parseSearchParams(params)).toMatchObject({ owner: "@acme-platform/networking", status: "vulnerable" });
  });

  it("falls back to defaults for invalid values instead of failing", () => {
    const parsed = parseSearchParams({ q: "vpc", page: "-3", sort: "bogus", status: "gone", pageSize: ["500"] });
    expect(parsed).toMatchObject({ q: "vpc", page: 1, pageSize: 20 });
    expect(parsed.sort).toBeUndefined();
    expect(parsed.status).toBeUndefined();
  });

  it("treats empty strings as absent", () => {
    expect(parseSearchParams(new URLSearchParams("q=&provider=&page=1"))).toMatchObject({ q: undefined, provider: undefined, page: 1 });
  });
});

import { describe, expect, it } from "vitest";
import { buildPrefixTsQuery, resolveSort, tokenizeSearchText } from "./search-modules-params";

describe("buildPrefixTsQuery", () => {
  it("turns words into prefix terms joined with &", () => {
    expect(buildPrefixTsQuery("vpc subnet")).toBe("vpc:* & subnet:*");
  });

  it("needs two characters in total so that one letter does not match everything", () => {
    expect(buildPrefixTsQuery("v")).toBeNull();
    expect(buildPrefixTsQuery("  ")).toBeNull();
    expect(buildPrefixTsQuery("vp")).toBe("vp:*");
  });

  it("drops every tsquery operator and quote", () => {
    expect(buildPrefixTsQuery(`'vpc' & "nat" | !gw (a:*) <-> b\\`)).toBe("vpc:* & nat:* & gw:* & a:* & b:*");
    expect(buildPrefixTsQuery("&|!():*'\"")).toBeNull();
  });

  it("splits identifiers with underscores and hyphens into words", () => {
    expect(buildPrefixTsQuery("enable_nat_gateway")).toBe("enable:* & nat:* & gateway:*");
    expect(buildPrefixTsQuery("s3-bucket")).toBe("s3:* & bucket:*");
  });

  it("keeps letters of any script and lowercases them", () => {
    expect(buildPrefixTsQuery("Übersicht Привет 日本")).toBe("übersicht:* & привет:* & 日本:*");
    expect(buildPrefixTsQuery("ｖｐｃ")).toBe("vpc:*");
  });

  it("limits the number and length of terms and removes duplicates", () => {
    expect(tokenizeSearchText("a b a c d e f g h i j")).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
    expect(tokenizeSearchText("x".repeat(100))[0]).toHaveLength(64);
  });
});

describe("resolveSort", () => {
  it("sorts by relevance only when there is a usable query", () => {
    expect(resolveSort({ q: "vpc" })).toBe("relevance");
    expect(resolveSort({ q: "v" })).toBe("name");
    expect(resolveSort({ q: undefined, sort: "relevance" })).toBe("name");
    expect(resolveSort({ q: "vpc", sort: "updated" })).toBe("updated");
  });
});

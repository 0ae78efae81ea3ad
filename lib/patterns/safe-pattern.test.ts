import { describe, expect, it } from "vitest";
import { checkSafePattern, compileSafePattern, quoteSafePattern, UnsafePatternError } from "./safe-pattern";

describe("compileSafePattern", () => {
  it("answers a catastrophic-backtracking pattern at once, with the right result", () => {
    // On JS RegExp each of these is 2^40 steps or more.
    const evil = `${"a".repeat(40)}!`;
    expect(compileSafePattern("^(a+)+$").test(evil)).toBe(false);
    expect(compileSafePattern("(a|aa)+").matchesWhole(evil)).toBe(false);
    expect(compileSafePattern("(a|a)+!").matchesWhole(evil)).toBe(true);
    expect(compileSafePattern("(x+x+)+y").test("x".repeat(5000))).toBe(false);
  });

  it("refuses backreferences and look-around with an error that says so", () => {
    for (const pattern of ["(a)\\1", "(?=a)", "(?<!a)b", "(?!x)"]) {
      expect(() => compileSafePattern(pattern)).toThrow(UnsafePatternError);
      expect(checkSafePattern(pattern)).toMatch(/^Not a valid RE2 regular expression \(RE2 has no backreferences or look-around\): /);
    }
    expect(checkSafePattern("a".repeat(11), { maxLength: 10 })).toBe("A pattern is at most 10 characters");
    expect(checkSafePattern("CC-[0-9]{4,6}")).toBeNull();
  });

  it("reads RE2 syntax and returns matches shaped like RegExp's", () => {
    const named = compileSafePattern("(?i)^(?P<word>[[:alpha:]]+)\\z").exec("Hello");
    expect(named?.[0]).toBe("Hello");
    expect(named?.groups?.word).toBe("Hello");
    expect(compileSafePattern("[a-z]+(\\d)").matchAll("ab1 cd2").map((m) => [m[0], m[1], m.index])).toEqual([
      ["ab1", "1", 0],
      ["cd2", "2", 4],
    ]);
    expect(compileSafePattern("abc", { caseInsensitive: true }).matchesWhole("ABC")).toBe(true);
    expect(compileSafePattern(quoteSafePattern("a.b*")).matchesWhole("a.b*")).toBe(true);
    expect(compileSafePattern(quoteSafePattern("a.b*")).matchesWhole("axb")).toBe(false);
  });
});

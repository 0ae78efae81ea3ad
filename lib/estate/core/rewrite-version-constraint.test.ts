import { describe, expect, it } from "vitest";
import { rewriteVersionConstraint } from "./rewrite-version-constraint";

describe("rewriteVersionConstraint", () => {
  it.each([
    [null, "2.0.0", "2.0.0"],
    ["1.2.0", "2.0.0", "2.0.0"],
    ["= 1.2.0", "2.0.0", "= 2.0.0"],
    ["=1.2.0", "2.0.0", "=2.0.0"],
    ["~> 5.1", "6.0.0", "~> 6.0"],
    ["~>5.1", "6.2.1", "~>6.2"],
    ["~> 5.1.2", "5.2.0", "~> 5.2.0"],
    [">= 1.2.0, < 2.0.0", "2.1.0", "2.1.0"],
    ["< 2.0.0", "2.1.0", "2.1.0"],
    // already admits the target: nothing to change
    ["~> 5.0", "5.8.1", "~> 5.0"],
    [">= 1.0.0", "3.0.0", ">= 1.0.0"],
    // a prerelease target is only reachable by an exact pin
    ["~> 1.2", "2.0.0-rc.1", "2.0.0-rc.1"],
  ])("%s for %s → %s", (old, target, expected) => {
    expect(rewriteVersionConstraint(old, target)).toBe(expected);
  });

  it("refuses a target that is not a version", () => {
    expect(() => rewriteVersionConstraint("~> 1.0", "latest")).toThrow(/not a semantic version/);
  });
});

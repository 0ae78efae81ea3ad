import { describe, expect, it } from "vitest";
import { findNewestSatisfying, parseVersionConstraint, satisfiesVersionConstraint } from "./parse-version-constraint";

describe("parseVersionConstraint", () => {
  it("reads operators, partial versions and lists", () => {
    expect(parseVersionConstraint(" >= 1.2.0 , < 2.0.0 ").terms).toEqual([
      { operator: ">=", version: { major: 1, minor: 2, patch: 0, prerelease: null }, parts: 3 },
      { operator: "<", version: { major: 2, minor: 0, patch: 0, prerelease: null }, parts: 3 },
    ]);
    expect(parseVersionConstraint("~>5.0").terms[0]).toMatchObject({ operator: "~>", parts: 2 });
    expect(parseVersionConstraint("1.4.0").terms[0]).toMatchObject({ operator: "=", parts: 3 });
    expect(parseVersionConstraint("= v2").terms[0]).toMatchObject({ operator: "=", parts: 1, version: { major: 2, minor: 0, patch: 0 } });
  });

  it("names the broken part", () => {
    expect(() => parseVersionConstraint("")).toThrow(/empty/);
    expect(() => parseVersionConstraint(">= 1.0, latest")).toThrow(/"latest" in the version constraint/);
    expect(() => parseVersionConstraint("=> 1.0")).toThrow(/"=> 1.0"/);
    expect(() => parseVersionConstraint("^1.2.0")).toThrow(/not an operator and a version/);
  });
});

describe("satisfiesVersionConstraint", () => {
  it.each([
    ["1.2.0", "= 1.2.0", true],
    ["1.2.1", "1.2.0", false],
    ["1.2.0", "= 1.2", true],
    ["1.3.1", "!= 1.3.1", false],
    ["1.3.2", "!= 1.3.1", true],
    ["2.0.0", "> 1.9.9", true],
    ["1.9.9", "> 1.9.9", false],
    ["1.9.9", ">= 1.9.9", true],
    ["2.0.0", "< 2.0.0", false],
    ["2.0.0", "<= 2.0.0", true],
    ["1.5.0", ">= 1.2.0, < 2.0.0", true],
    ["2.0.0", ">= 1.2.0, < 2.0.0", false],
    ["1.4.0", ">= 1.2.0, < 2.0.0, != 1.4.0", false],
    // pessimistic: only the right-most written part may grow
    ["5.0.0", "~> 5.0", true],
    ["5.9.3", "~> 5.0", true],
    ["6.0.0", "~> 5.0", false],
    ["4.9.0", "~> 5.0", false],
    ["1.2.3", "~> 1.2.3", true],
    ["1.2.10", "~> 1.2.3", true],
    ["1.3.0", "~> 1.2.3", false],
    ["1.2.2", "~> 1.2.3", false],
    ["1.5.0", "~> 1.2", true],
    ["1.1.9", "~> 1.2", false],
    // hashicorp/go-version: one written part constrains only from below
    ["7.0.0", "~> 1", true],
    ["0.9.0", "~> 1", false],
    // prereleases only by an exact term naming them
    ["2.0.0-rc.1", ">= 1.0.0", false],
    ["2.0.0-rc.1", "~> 2.0", false],
    ["2.0.0-rc.1", "2.0.0-rc.1", true],
    ["2.0.0-rc.1", "= 2.0.0-rc.1, < 3.0.0", true],
    ["2.0.0-rc.2", "= 2.0.0-rc.1", false],
    // numeric, not textual, comparison
    ["1.10.0", "> 1.9.0", true],
    ["not-a-version", ">= 0.0.0", false],
  ])("%s against %s → %s", (version, constraint, expected) => {
    expect(satisfiesVersionConstraint(version, constraint)).toBe(expected);
  });
});

describe("findNewestSatisfying", () => {
  const versions = ["1.0.0", "1.4.2", "1.10.0", "2.0.0-rc.1", "2.0.0", "2.1.0", "3.0.0-beta.1", "garbage"].map((version) => ({ version }));

  it("picks what terraform init would pick", () => {
    expect(findNewestSatisfying(versions, "~> 1.0")?.version).toBe("1.10.0");
    expect(findNewestSatisfying(versions, ">= 1.0.0")?.version).toBe("2.1.0");
    expect(findNewestSatisfying(versions, "~> 2.0.0")?.version).toBe("2.0.0");
    expect(findNewestSatisfying(versions, "2.0.0-rc.1")?.version).toBe("2.0.0-rc.1");
    expect(findNewestSatisfying(versions, "> 2.1.0")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { classifyUpgrade, compareVersionTags, parseVersionTag } from "./classify-upgrade";

describe("classifyUpgrade", () => {
  it.each([
    ["v1.2.3", "v2.0.0", "major"],
    ["v1.2.3", "v1.3.0", "minor"],
    ["v1.2.3", "v1.2.4", "patch"],
    ["v1.2.3", "v1.2.3", "none"],
    // v-less tags, and mixed with v-prefixed ones
    ["1.2.3", "1.10.0", "minor"],
    ["1.2.3", "v1.2.10", "patch"],
    // prefixed monorepo tags
    ["vpc/v1.4.0", "vpc/v2.0.0", "major"],
    ["vpc/v1.4.0", "vpc/v1.5.2", "minor"],
    ["vpc/1.4.0", "vpc/v1.4.1", "patch"],
    ["modules/rds/v0.9.9", "modules/rds/v0.10.0", "minor"],
    ["refs/tags/vpc/v1.0.0", "vpc/v1.0.1", "patch"],
    // a registry version against the tag it was published from
    ["1.4.0", "vpc/v1.5.0", "minor"],
    // prereleases
    ["v2.0.0-rc.1", "v2.0.0", "patch"],
    ["v1.9.0", "v2.0.0-rc.1", "major"],
    // a downgrade is not an upgrade
    ["v2.0.0", "v1.9.9", "none"],
    ["vpc/v1.5.0", "vpc/v1.4.9", "none"],
  ])("%s → %s is %s", (from, to, level) => {
    expect(classifyUpgrade(from, to)).toBe(level);
  });

  it("compares numerically, not as text", () => {
    expect(classifyUpgrade("v1.9.0", "v1.10.0")).toBe("minor");
    expect(classifyUpgrade("v1.10.0", "v1.9.0")).toBe("none");
  });

  it("refuses tags of two different monorepo modules", () => {
    expect(() => classifyUpgrade("vpc/v1.0.0", "rds/v2.0.0")).toThrow(/different modules/);
  });

  it("refuses refs that are not versions, naming them", () => {
    expect(() => classifyUpgrade("main", "v1.0.0")).toThrow(/"main" is not a semantic version/);
    expect(() => classifyUpgrade("v1.0.0", "9fceb02d0ae598e95dc970b74767f19372d61af8")).toThrow(/target version/);
    expect(() => classifyUpgrade("v1.0", "v1.1")).toThrow(/not a semantic version/);
  });
});

describe("parseVersionTag", () => {
  it("splits prefix and version", () => {
    expect(parseVersionTag("vpc/v1.4.0")).toMatchObject({ prefix: "vpc", version: "1.4.0" });
    expect(parseVersionTag("modules/vpc/1.4.0-beta.2")).toMatchObject({ prefix: "modules/vpc", version: "1.4.0-beta.2" });
    expect(parseVersionTag("v1.4.0")).toMatchObject({ prefix: null, version: "1.4.0" });
    expect(parseVersionTag("v1.4.0+build.7")).toMatchObject({ version: "1.4.0" });
  });

  it("returns null for branches, shas and empty prefixes", () => {
    expect(parseVersionTag("main")).toBeNull();
    expect(parseVersionTag("release/next")).toBeNull();
    expect(parseVersionTag("/v1.0.0")).toBeNull();
    expect(parseVersionTag("v01.0.0")).toBeNull();
  });
});

describe("compareVersionTags", () => {
  it("orders by semver precedence", () => {
    const tags = ["vpc/v1.10.0", "vpc/v1.2.0", "vpc/v2.0.0-rc.1", "vpc/v2.0.0", "vpc/v1.2.0-alpha"];
    expect([...tags].sort(compareVersionTags)).toEqual(["vpc/v1.2.0-alpha", "vpc/v1.2.0", "vpc/v1.10.0", "vpc/v2.0.0-rc.1", "vpc/v2.0.0"]);
  });
});

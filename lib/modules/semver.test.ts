import { describe, expect, it } from "vitest";

import { classifyBump, compareSemver, parseModuleTag, parseSemver } from "./semver";

describe("parseModuleTag", () => {
  const repo = { kind: "repo" } as const;
  const mono = { kind: "monorepo", modulesDir: "modules" } as const;

  it("accepts v-prefixed and bare versions for one-module repos", () => {
    expect(parseModuleTag("v1.2.3", repo)).toEqual({ version: "1.2.3", semver: { major: 1, minor: 2, patch: 3, prerelease: null } });
    expect(parseModuleTag("1.2.3", repo)?.version).toBe("1.2.3");
    expect(parseModuleTag("refs/tags/v0.10.0", repo)?.version).toBe("0.10.0");
  });

  it("accepts prereleases and drops build metadata", () => {
    expect(parseModuleTag("v2.0.0-rc.1", repo)).toEqual({ version: "2.0.0-rc.1", semver: { major: 2, minor: 0, patch: 0, prerelease: "rc.1" } });
    expect(parseModuleTag("v2.0.0+build.7", repo)?.version).toBe("2.0.0");
  });

  it("rejects tags that are not versions", () => {
    for (const tag of ["latest", "v1.2", "v1.2.3.4", "release-1.2.3", "vpc/v1.2.3", "v01.2.3", ""]) {
      expect(parseModuleTag(tag, repo)).toBeNull();
    }
  });

  it("reads monorepo tags with the module name in front", () => {
    expect(parseModuleTag("vpc/v1.2.3", mono)).toEqual({ module: "vpc", version: "1.2.3", semver: { major: 1, minor: 2, patch: 3, prerelease: null } });
    expect(parseModuleTag("s3-bucket/1.0.0", mono)?.module).toBe("s3-bucket");
    expect(parseModuleTag("modules/vpc/v1.2.3", mono)?.module).toBe("vpc");
    expect(parseModuleTag("iam-role/v3.0.0-beta.2", mono)?.version).toBe("3.0.0-beta.2");
  });

  it("rejects monorepo tags without a module or version", () => {
    expect(parseModuleTag("v1.2.3", mono)).toBeNull();
    expect(parseModuleTag("vpc/latest", mono)).toBeNull();
    expect(parseModuleTag("/v1.2.3", mono)).toBeNull();
  });

  it("skips monorepo tags whose prefix is not a safe folder path: it goes into source URLs", () => {
    for (const tag of ["vpc?ref=evil/v1.2.3", "vpc#x/v1.2.3", "../vpc/v1.2.3", "modules/../vpc/v1.2.3", "./vpc/v1.2.3", "v pc/v1.2.3", "a//b/v1.2.3", "vpc&x=1/v1.2.3"]) {
      expect(parseModuleTag(tag, mono), tag).toBeNull();
    }
    expect(parseModuleTag("network/vpc.v2_x/v1.2.3", mono)?.module).toBe("network/vpc.v2_x");
  });
});

describe("compareSemver", () => {
  it("orders by major, minor, patch numerically", () => {
    expect(compareSemver("1.10.0", "1.9.9")).toBe(1);
    expect(compareSemver("v2.0.0", "10.0.0")).toBe(-1);
    expect(compareSemver("1.2.3", "v1.2.3")).toBe(0);
  });

  it("ranks prereleases below the release, per the semver spec", () => {
    const sorted = ["1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.11", "1.0.0-beta.2", "1.0.0-beta", "1.0.0-alpha.beta"].sort(
      compareSemver,
    );
    expect(sorted).toEqual(["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"]);
  });

  it("throws on text that is not a version", () => {
    expect(() => compareSemver("x", "1.0.0")).toThrow(/Not a semantic version/);
  });
});

describe("classifyBump", () => {
  it("names the first component that changed", () => {
    expect(classifyBump("1.2.3", "2.0.0")).toBe("major");
    expect(classifyBump("1.2.3", "1.3.0")).toBe("minor");
    expect(classifyBump("1.2.3", "1.2.4")).toBe("patch");
    expect(classifyBump("1.2.3", "v1.2.3")).toBe("none");
    expect(classifyBump("1.2.3-rc.1", "1.2.3")).toBe("patch");
    expect(classifyBump(parseSemver("0.1.0")!, parseSemver("0.2.0")!)).toBe("minor");
  });
});

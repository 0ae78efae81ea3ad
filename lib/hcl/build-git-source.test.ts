import { describe, expect, it } from "vitest";
import { buildGitSource, checkGitRef, parseGitSource, replaceSourceRef } from "./build-git-source";

describe("buildGitSource", () => {
  it("builds git:: sources with and without a folder", () => {
    expect(buildGitSource({ repoUrl: "https://github.com/acme/iac-modules.git", path: "modules/vpc", ref: "vpc/v1.2.0" })).toBe(
      "git::https://github.com/acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0",
    );
    expect(buildGitSource({ repoUrl: "https://github.com/acme/terraform-aws-vpc.git", path: "", ref: "v1.0.0" })).toBe(
      "git::https://github.com/acme/terraform-aws-vpc.git?ref=v1.0.0",
    );
    expect(buildGitSource({ repoUrl: "git@github.com:acme/vpc.git", path: "/x/", ref: "v1" })).toBe("git::git@github.com:acme/vpc.git//x?ref=v1");
    // Self-hosted git servers (and the dev emulator) may serve plain http.
    expect(buildGitSource({ repoUrl: "http://127.0.0.1:4020/acme/iac-modules.git", path: "modules/vpc", ref: "vpc/v1.2.0" })).toBe(
      "git::http://127.0.0.1:4020/acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0",
    );
  });
  it("rejects refs, paths and URLs that would break the source", () => {
    expect(checkGitRef("v1.0.0+build")).toMatch(/not a usable ref/);
    expect(checkGitRef("v1&x")).not.toBeNull();
    expect(checkGitRef("vpc/v1.2.0")).toBeNull();
    expect(() => buildGitSource({ repoUrl: "https://github.com/a/b.git", path: "../x", ref: "v1" })).toThrow();
    expect(() => buildGitSource({ repoUrl: "ftp://x", path: "", ref: "v1" })).toThrow();
  });
});

describe("parseGitSource", () => {
  it.each([
    ["git::https://github.com/acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0", { repoUrl: "https://github.com/acme/iac-modules.git", path: "modules/vpc", ref: "vpc/v1.2.0", repoSlug: "acme/iac-modules", host: "github.com" }],
    ["https://github.com/acme/iac-modules.git?ref=v1", { repoUrl: "https://github.com/acme/iac-modules.git", path: "", ref: "v1", repoSlug: "acme/iac-modules", host: "github.com" }],
    ["git::https://github.com/acme/iac-modules.git//modules/vpc", { repoUrl: "https://github.com/acme/iac-modules.git", path: "modules/vpc", ref: null, repoSlug: "acme/iac-modules", host: "github.com" }],
    ["git@github.com:acme/vpc.git//sub?ref=v2&depth=1", { repoUrl: "git@github.com:acme/vpc.git", path: "sub", ref: "v2", repoSlug: "acme/vpc", host: "github.com" }],
    ["git::ssh://git@github.example.com:2222/acme/vpc.git?ref=v3", { repoUrl: "ssh://git@github.example.com:2222/acme/vpc.git", path: "", ref: "v3", repoSlug: "acme/vpc", host: "github.example.com" }],
  ])("parses %s", (text, expected) => {
    expect(parseGitSource(text)).toEqual(expected);
  });
  it("returns null for non-git sources", () => {
    expect(parseGitSource("terraform-aws-modules/vpc/aws")).toBeNull();
    expect(parseGitSource("../modules/vpc")).toBeNull();
  });
  it("round-trips with buildGitSource", () => {
    const parts = { repoUrl: "https://github.com/acme/iac-modules.git", path: "modules/a/b", ref: "a/v0.1.0" };
    expect(parseGitSource(buildGitSource(parts))).toMatchObject(parts);
  });
});

describe("replaceSourceRef", () => {
  it("changes only the ref parameter", () => {
    expect(replaceSourceRef("git::https://x/y.git//m?ref=v1&depth=1", "v2")).toBe("git::https://x/y.git//m?ref=v2&depth=1");
    expect(replaceSourceRef("git::https://x/y.git//m?depth=1&ref=v1", "v2")).toBe("git::https://x/y.git//m?depth=1&ref=v2");
    expect(replaceSourceRef("git::https://x/y.git//m", "v2")).toBe("git::https://x/y.git//m?ref=v2");
  });
});

import { describe, expect, it } from "vitest";
import { deriveUnitLocation } from "./derive-unit-location";
import { joinRepoPath } from "./join-repo-path";

describe("deriveUnitLocation", () => {
  it.each([
    ["dev/eu-west-1/vpc/terragrunt.hcl", { unitPath: "dev/eu-west-1/vpc", env: "dev", region: "eu-west-1" }],
    ["prod/us-gov-west-1/app/main.tf", { unitPath: "prod/us-gov-west-1/app", env: "prod", region: "us-gov-west-1" }],
    ["stage/_global/iam/terragrunt.hcl", { unitPath: "stage/_global/iam", env: "stage", region: "_global" }],
    ["prod/eu-central-1/main.tf", { unitPath: "prod/eu-central-1", env: "prod", region: "eu-central-1" }],
    ["prod/shared/main.tf", { unitPath: "prod/shared", env: "prod", region: null }],
    ["prod/main.tf", { unitPath: "prod", env: "prod", region: null }],
    ["modules/queue/main.tf", { unitPath: "modules/queue", env: null, region: null }],
    ["main.tf", { unitPath: "", env: null, region: null }],
  ])("%s", (path, expected) => {
    expect(deriveUnitLocation(path)).toEqual(expected);
  });

  it("takes the environments from the caller", () => {
    expect(deriveUnitLocation("qa/eu-west-1/vpc/terragrunt.hcl", ["qa", "prod"])).toMatchObject({ env: "qa", region: "eu-west-1" });
    expect(deriveUnitLocation("dev/eu-west-1/vpc/terragrunt.hcl", ["qa", "prod"])).toMatchObject({ env: null, region: null });
  });
});

describe("joinRepoPath", () => {
  it("resolves dots and keeps climbs above the root visible", () => {
    expect(joinRepoPath("a/b", "../c/./d/")).toBe("a/c/d");
    expect(joinRepoPath("a", "../../x")).toBe("../x");
    expect(joinRepoPath("a/b", "/root/file")).toBe("root/file");
    expect(joinRepoPath("", "./x")).toBe("x");
  });
});

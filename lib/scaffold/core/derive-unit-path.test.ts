import { describe, expect, it } from "vitest";
import { buildUnitPath, checkFolderName, checkUnitName, deriveUnitName, findUnitCollision, suggestUnitPath, unitFilePath } from "./derive-unit-path";

describe("unit names and paths", () => {
  it("derives a unit name from the module name", () => {
    expect(deriveUnitName("vpc")).toBe("vpc");
    expect(deriveUnitName("terraform-aws-vpc")).toBe("vpc");
    expect(deriveUnitName("Data Lake!")).toBe("data-lake");
    expect(deriveUnitName("***")).toBe("unit");
  });
  it("validates user-edited names", () => {
    expect(checkUnitName("orders-db_2")).toBeNull();
    expect(checkUnitName("Orders")).toMatch(/lowercase/);
    expect(checkUnitName("..")).toMatch(/single folder/);
    expect(checkUnitName("a/b")).toMatch(/single folder/);
    expect(checkUnitName("-a")).not.toBeNull();
    expect(checkUnitName("")).toMatch(/Enter/);
    expect(checkUnitName("a".repeat(65))).toMatch(/at most/);
    expect(checkFolderName("eu-west-1")).toBeNull();
    expect(checkFolderName("../prod")).not.toBeNull();
  });
  it("builds paths and detects collisions", () => {
    const path = buildUnitPath({ env: "dev", region: "eu-west-1", unit: "vpc" });
    expect(path).toBe("dev/eu-west-1/vpc/terragrunt.hcl");
    expect(findUnitCollision(path, ["dev/eu-west-1/vpc/terragrunt.hcl"])).toBe("dev/eu-west-1/vpc/terragrunt.hcl");
    expect(findUnitCollision(path, ["./dev/eu-west-1/vpc/README.md"])).toBe("dev/eu-west-1/vpc/README.md");
    expect(findUnitCollision(path, ["dev/eu-west-1/vpc-2/terragrunt.hcl", "stage/eu-west-1/vpc/terragrunt.hcl"])).toBeNull();
  });
  it("suggests a free name with a suffix on collision", () => {
    expect(suggestUnitPath({ moduleName: "vpc", env: "dev", region: "eu-west-1", existingPaths: [] })).toEqual({
      unit: "vpc",
      path: "dev/eu-west-1/vpc/terragrunt.hcl",
      collidesWith: null,
    });
    expect(
      suggestUnitPath({ moduleName: "vpc", env: "dev", region: "eu-west-1", existingPaths: ["dev/eu-west-1/vpc/terragrunt.hcl", "dev/eu-west-1/vpc-2/terragrunt.hcl"] }),
    ).toEqual({ unit: "vpc-3", path: "dev/eu-west-1/vpc-3/terragrunt.hcl", collidesWith: "dev/eu-west-1/vpc/terragrunt.hcl" });
  });
  it("names the unit file after the style", () => {
    expect(unitFilePath({ env: "dev", region: "eu-west-1", unitName: "jobs", style: "terragrunt" })).toBe("dev/eu-west-1/jobs/terragrunt.hcl");
    expect(unitFilePath({ env: "dev", region: "eu-west-1", unitName: "jobs", style: "terraform" })).toBe("dev/eu-west-1/jobs/main.tf");
  });
});

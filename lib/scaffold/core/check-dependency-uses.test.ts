import { describe, expect, it } from "vitest";
import { checkDependencyUses } from "./check-dependency-uses";

describe("checkDependencyUses", () => {
  const files = ["dev/eu-west-1/region.hcl", "dev/eu-west-1/vpc/terragrunt.hcl", "dev/eu-west-1/kms/terragrunt.hcl", "dev/eu-west-1/orders/terragrunt.hcl", "dev/eu-west-1/vpc/extra/terragrunt.hcl"];

  it("accepts sibling units and declared dependencies", () => {
    const uses = [{ path: "vpc_id", name: "vpc" }, { path: "key", name: "secrets" }];
    expect(checkDependencyUses({ uses, regionFolder: "dev/eu-west-1/", files, unitName: "orders", declared: ["secrets"] })).toEqual([]);
  });

  it("refuses a unit that does not exist, or the unit itself, listing what there is", () => {
    const uses = [{ path: "a", name: "network" }, { path: "b", name: "orders" }];
    expect(checkDependencyUses({ uses, regionFolder: "dev/eu-west-1/", files, unitName: "orders", declared: [] })).toEqual([
      { path: "a", message: 'There is no unit "network" in dev/eu-west-1/ to read outputs from (units there: kms, vpc): scaffold it first, or pick another' },
      { path: "b", message: 'There is no unit "orders" in dev/eu-west-1/ to read outputs from (units there: kms, vpc): scaffold it first, or pick another' },
    ]);
    expect(checkDependencyUses({ uses: [{ path: "a", name: "vpc" }], regionFolder: "prod/us-east-1/", files, unitName: "x", declared: [] })[0]!.message).toMatch(/the region has no other unit yet/);
  });
});

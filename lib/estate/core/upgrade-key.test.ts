import { describe, expect, it } from "vitest";
import { unitKeyOfUpgrade, upgradeKey, upgradeUnitKey } from "./upgrade-key";

const unit = { workloadId: "w-1", file: "dev/eu-west-1/vpc/terragrunt.hcl", address: "terraform.source" };
const VERSION = "0b0a11ce-0000-4000-8000-000000000009";

describe("upgrade keys", () => {
  it("name the unit, then the target version", () => {
    expect(upgradeKey(unit, VERSION)).toBe(`upgrade:w-1:dev/eu-west-1/vpc/terragrunt.hcl#terraform.source:${VERSION}`);
    expect(unitKeyOfUpgrade(upgradeKey(unit, VERSION), VERSION)).toBe(upgradeUnitKey(unit));
  });

  it("find the unit of a key whose file holds ':' and '#'", () => {
    const odd = { workloadId: "w-1", file: "a:b#c/main.tf", address: "module.x" };
    expect(unitKeyOfUpgrade(upgradeKey(odd, VERSION), VERSION)).toBe(upgradeUnitKey(odd));
  });

  it("refuse keys of other requests, or of another version", () => {
    expect(unitKeyOfUpgrade(`promote:w-1:x:${VERSION}`, VERSION)).toBeNull();
    expect(unitKeyOfUpgrade(upgradeKey(unit, VERSION), "another-version")).toBeNull();
  });
});

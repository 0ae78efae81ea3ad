import { describe, expect, it } from "vitest";
import { bumpModuleVersion } from "./bump-module-version";

/** Asserts that `after` is `before` with exactly `oldValue` at `at` replaced by `newValue`. */
function expectOnlyReplaced(before: string, after: string, at: number, oldValue: string, newValue: string): void {
  expect(after.slice(0, at)).toBe(before.slice(0, at));
  expect(after.slice(at, at + newValue.length)).toBe(newValue);
  expect(after.slice(at + newValue.length)).toBe(before.slice(at + oldValue.length));
  expect(after.length - before.length).toBe(newValue.length - oldValue.length);
}

const MAIN_TF = [
  "/* Network for the payments workload. */",
  'module "vpc" {',
  '  source = "terraform-aws-modules/vpc/aws"',
  '  version    =   "~> 5.1"   # Renovate: keep on 5.x',
  "",
  '  name = "payments"',
  "  tags = {",
  '    version = "not this one"',
  "  }",
  "  policy = <<-EOT",
  '    version = "2012-10-17"',
  "  EOT",
  "}",
  "",
  'module "endpoints" {',
  '  source  = "bulkhead.example.com/acme-platform/vpc-endpoints/aws"',
  '  version = ">= 1.2.0, < 2.0.0"',
  "}",
  "",
].join("\r\n");

describe("bumpModuleVersion", () => {
  it("edits only the module's version string in a CRLF file with comments, odd spacing and heredocs", async () => {
    const result = await bumpModuleVersion({ text: MAIN_TF, moduleName: "vpc", newVersion: "~> 6.0", expectedOldVersion: "~> 5.1" });
    expect(result).toMatchObject({ oldVersion: "~> 5.1", changed: true });
    expectOnlyReplaced(MAIN_TF, result.text, MAIN_TF.indexOf("~> 5.1"), "~> 5.1", "~> 6.0");
    expect(result.text.split("\r\n")).toHaveLength(MAIN_TF.split("\r\n").length);
  });

  it("edits the named block only, even when another block has a version too", async () => {
    const result = await bumpModuleVersion({ text: MAIN_TF, moduleName: "endpoints", newVersion: "2.0.0" });
    expectOnlyReplaced(MAIN_TF, result.text, MAIN_TF.indexOf(">= 1.2.0, < 2.0.0"), ">= 1.2.0, < 2.0.0", "2.0.0");
  });

  it("bumps the version= parameter of a Terragrunt tfr:// source in place", async () => {
    const unit = 'include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nterraform {\n  source = "tfr:///terraform-aws-modules/vpc/aws//modules/vpc-endpoints?version=5.1.0"\n}\n\ninputs = {\n  version = "5.1.0"\n}\n';
    const result = await bumpModuleVersion({ text: unit, newVersion: "5.8.1", expectedOldVersion: "5.1.0" });
    expectOnlyReplaced(unit, result.text, unit.indexOf("5.1.0"), "5.1.0", "5.8.1");
    expect(result.text).toContain('version = "5.1.0"');
  });

  it("reports no change when already at the new version", async () => {
    expect(await bumpModuleVersion({ text: MAIN_TF, moduleName: "vpc", newVersion: "~> 5.1" })).toEqual({ text: MAIN_TF, oldVersion: "~> 5.1", changed: false });
  });

  it("refuses hostile or malformed versions that would break out of the string", async () => {
    for (const bad of ['6.0" \n evil = "x', "${local.v}", "1.0\\n", " 1.0", ""]) {
      await expect(bumpModuleVersion({ text: MAIN_TF, moduleName: "vpc", newVersion: bad })).rejects.toThrow(/not a usable version constraint/);
    }
    const unit = 'terraform {\n  source = "tfr:///a/b/aws?version=1.0.0"\n}\n';
    await expect(bumpModuleVersion({ text: unit, newVersion: "~> 2.0" })).rejects.toThrow(/not an exact version/);
  });

  it("refuses stale expectations, missing targets and expression values", async () => {
    await expect(bumpModuleVersion({ text: MAIN_TF, moduleName: "vpc", newVersion: "6.0.0", expectedOldVersion: "5.0.0" })).rejects.toThrow(/not "5.0.0"/);
    await expect(bumpModuleVersion({ text: MAIN_TF, moduleName: "nope", newVersion: "6.0.0" })).rejects.toThrow(/No module "nope"/);
    await expect(bumpModuleVersion({ text: 'module "a" {\n  source = "x/y/aws"\n}\n', moduleName: "a", newVersion: "1.0.0" })).rejects.toThrow(/no version attribute/);
    await expect(bumpModuleVersion({ text: 'module "a" {\n  source = "x/y/aws"\n  version = var.v\n}\n', moduleName: "a", newVersion: "1.0.0" })).rejects.toThrow(/expression/);
    await expect(bumpModuleVersion({ text: 'terraform {\n  source = "git::https://x/y.git?ref=v1"\n}\n', newVersion: "1.0.0" })).rejects.toThrow(/not a tfr/);
    await expect(bumpModuleVersion({ text: 'terraform {\n  source = "tfr:///a/b/aws"\n}\n', newVersion: "1.0.0" })).rejects.toThrow(/no version= parameter/);
    await expect(bumpModuleVersion({ text: 'module "a" {\n  version = \n}\n', moduleName: "a", newVersion: "1.0.0" })).rejects.toThrow(/syntax errors/);
  });
});

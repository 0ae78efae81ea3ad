import { describe, expect, it } from "vitest";
import { renderUnitFile } from "./render-unit-file";

const version = {
  tag: "sqs-queue/v1.2.0",
  module: { id: "m1", name: "sqs-queue", path: "modules/sqs-queue", provider: "aws", latestVersion: "1.2.0", source: { owner: "acme", repo: "iac-modules" } },
};
const gitUrl = "https://git.example/";

// A hand-edited unit of the same module at an older tag, over ssh, with a dependency block.
const existing = `# Orders queue, owned by payments.
include "root" {
  path = find_in_parent_folders("root.hcl")
}

dependency "kms" {
  config_path = "../kms"
}

terraform {
  source = "git::git@github.com:Acme/iac-modules.git//modules/sqs-queue?ref=sqs-queue/v1.0.0"
}

inputs = {
  name       = "orders"
  kms_key_id = dependency.kms.outputs.key_id
}
`;

describe("renderUnitFile", () => {
  it("renders a new Terragrunt unit from the portal's git URL", async () => {
    const text = await renderUnitFile({ version, style: "terragrunt", unitName: "jobs", inputs: { name: "jobs" }, gitUrl, before: null });
    expect(text).toContain('source = "git::https://git.example/acme/iac-modules.git//modules/sqs-queue?ref=sqs-queue/v1.2.0"');
    expect(text).toMatch(/inputs = \{\n\s+name = "jobs"\n\}/);
  });

  it("only bumps ?ref= when the same module sits there with the same inputs, keeping every other byte", async () => {
    const text = await renderUnitFile({ version, style: "terragrunt", unitName: "orders", inputs: { name: "orders", kms_key_id: { __expr: "dependency.kms.outputs.key_id" } }, gitUrl, before: existing });
    expect(text).toBe(existing.replace("?ref=sqs-queue/v1.0.0", "?ref=sqs-queue/v1.2.0"));
  });

  it("re-renders changed inputs, keeping the unit's repo URL and its dependency blocks", async () => {
    const text = await renderUnitFile({ version, style: "terragrunt", unitName: "orders", inputs: { name: "orders-2", kms_key_id: { __expr: "dependency.kms.outputs.key_id" } }, gitUrl, before: existing });
    expect(text).toContain('source = "git::git@github.com:Acme/iac-modules.git//modules/sqs-queue?ref=sqs-queue/v1.2.0"');
    expect(text).toMatch(/dependency "kms" \{\n\s+config_path = "..\/kms"\n\}/);
    expect(text).toContain('"orders-2"');
    expect(text).not.toContain("# Orders queue");
  });

  it("replaces a unit of another module with a fresh one", async () => {
    const other = existing.replace("modules/sqs-queue", "modules/sns-topic");
    const text = await renderUnitFile({ version, style: "terragrunt", unitName: "orders", inputs: { name: "orders" }, gitUrl, before: other });
    expect(text).toContain("git::https://git.example/acme/iac-modules.git//modules/sqs-queue?ref=sqs-queue/v1.2.0");
    expect(text).not.toContain("dependency");
  });

  it("renders a plain Terraform module block named after the unit", async () => {
    const text = await renderUnitFile({ version, style: "terraform", unitName: "orders-queue", inputs: { name: "orders" }, gitUrl, before: null });
    expect(text).toMatch(/^module "orders_queue" \{\n\s+source = "git::https:\/\/git\.example\/acme\/iac-modules\.git\/\/modules\/sqs-queue\?ref=sqs-queue\/v1\.2\.0"/m);
  });
});

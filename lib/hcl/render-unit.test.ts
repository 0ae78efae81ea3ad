import { describe, expect, it } from "vitest";
import { collectDependencyNames, renderTerraformModuleBlock, renderTerragruntUnit } from "./render-unit";

const source = { repoUrl: "https://github.com/acme-platform/iac-modules.git", path: "modules/vpc", ref: "vpc/v1.2.0" };

describe("renderTerragruntUnit", () => {
  it("renders the exact unit file", async () => {
    const text = await renderTerragruntUnit({
      source,
      header: "Managed by Bulkhead.\nModule: vpc v1.2.0",
      inputs: {
        name: "main",
        cidr_block: "10.0.0.0/16",
        azs: ["eu-west-1a", "eu-west-1b"],
        tags: { Team: "core", "cost-center": "42", "Cost Center": "x" },
        subnets: [{ cidr: "10.0.1.0/24", public: true }],
        policy: "line 1\nline ${2}\n",
        db_password: { __expr: "dependency.secrets.outputs.db_password" },
      },
    });
    expect(text).toBe(`# Managed by Bulkhead.
# Module: vpc v1.2.0

include "root" {
  path = find_in_parent_folders("root.hcl")
}

dependency "secrets" {
  config_path = "../secrets"
}

terraform {
  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0"
}

inputs = {
  name       = "main"
  cidr_block = "10.0.0.0/16"
  azs        = ["eu-west-1a", "eu-west-1b"]
  tags = {
    Team          = "core"
    cost-center   = "42"
    "Cost Center" = "x"
  }
  subnets = [
    {
      cidr   = "10.0.1.0/24"
      public = true
    },
  ]
  policy      = <<-EOT
    line 1
    line $\${2}
    EOT
  db_password = dependency.secrets.outputs.db_password
}
`);
  });

  it("keeps the Renovate lines: `terraform {` alone, source on one line with ?ref= last", async () => {
    const text = await renderTerragruntUnit({ source: { ...source, path: "" }, inputs: {} });
    const lines = text.split("\n");
    const at = lines.indexOf("terraform {");
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^\s+source = "git::https:\/\/github\.com\/acme-platform\/iac-modules\.git\?ref=vpc\/v1\.2\.0"$/);
    expect(text.endsWith("inputs = {}\n")).toBe(true);
  });

  it("writes declared dependencies with their paths", async () => {
    const text = await renderTerragruntUnit({ source, inputs: {}, dependencies: [{ name: "vpc", configPath: "../../network/vpc" }] });
    expect(text).toContain('dependency "vpc" {\n  config_path = "../../network/vpc"\n}');
  });

  it("rejects a ref that would break the URL", async () => {
    await expect(renderTerragruntUnit({ source: { ...source, ref: "v1?x=1" }, inputs: {} })).rejects.toThrow(/not a usable ref/);
  });
});

describe("renderTerraformModuleBlock", () => {
  it("renders the exact module block", async () => {
    const text = await renderTerraformModuleBlock({ name: "vpc", source, inputs: { name: "main", azs: ["a"], token: { __expr: "var.token" } } });
    expect(text).toBe(`module "vpc" {
  source = "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.2.0"

  name  = "main"
  azs   = ["a"]
  token = var.token
}
`);
  });
  it("refuses inputs named like meta-arguments and invalid labels", async () => {
    await expect(renderTerraformModuleBlock({ name: "vpc", source, inputs: { count: 1 } })).rejects.toThrow(/meta-argument/);
    await expect(renderTerraformModuleBlock({ name: "my vpc", source, inputs: {} })).rejects.toThrow(/module name/);
  });
});

describe("collectDependencyNames", () => {
  it("finds the dependencies of allowed expressions, and none in refused ones or plain strings", () => {
    expect(
      collectDependencyNames({
        a: { __expr: "dependency.vpc.outputs.id" },
        b: [{ __expr: "tostring(dependency.tags.outputs.x[0])" }, { __expr: "dependency.subnets.outputs.all[*].id" }],
        // merge() is not on the allowlist: the emitter refuses it, so it declares nothing.
        c: { __expr: "merge(dependency.kms.outputs.x, dependency.vpc.outputs.y)" },
        d: "dependency.fake.outputs.z",
      }),
    ).toEqual(["vpc", "tags", "subnets"]);
  });
});

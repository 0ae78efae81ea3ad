import { describe, expect, it } from "vitest";
import { buildUsageSnippets, placeholderFor, toModuleBlockName } from "./build-usage-snippets";
import { moduleInput as input } from "@/test/fixtures/catalogue/module-input";

const inputs = [
  input("name"),
  input("cidr_block"),
  input("tags", { type: "map(string)", required: false, defaultText: "{}", defaultJson: {} }),
  input("subnets", { type: "map(object({\n  cidr_block = string\n  az = string\n  tags = optional(map(string), {})\n}))" }),
  input("master_password", { sensitive: true }),
];

describe("buildUsageSnippets", () => {
  it("writes the Terragrunt unit in the consumer-repo layout", async () => {
    const { terragrunt, source, requiredInputs } = await buildUsageSnippets({
      gitUrl: "https://github.com/",
      owner: "acme-platform",
      repo: "iac-modules",
      path: "modules/vpc",
      tag: "vpc/v2.0.0",
      moduleName: "vpc",
      inputs,
    });
    expect(source).toBe("git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v2.0.0");
    const lines = terragrunt.split("\n");
    expect(lines.slice(0, 3)).toEqual(['include "root" {', '  path = find_in_parent_folders("root.hcl")', "}"]);
    const terraformLine = lines.indexOf("terraform {");
    expect(terraformLine).toBeGreaterThan(2);
    expect(lines[terraformLine + 1]).toBe(`  source = "${source}"`);
    expect(terragrunt).toMatch(/^inputs = \{$/m);
    expect(terragrunt).toMatch(/^ {2}name += "<name>"$/m);
    expect(terragrunt).toMatch(/^ {2}cidr_block += "<cidr_block>"$/m);
    expect(terragrunt).toContain('master_password = get_env("TF_VAR_master_password")');
    expect(terragrunt).not.toContain("tags ");
    expect(terragrunt).toContain('"<key>" = {');
    expect(requiredInputs).toEqual(["name", "cidr_block", "subnets", "master_password"]);
  });

  it("writes a plain Terraform module block with the same source", async () => {
    const { terraform } = await buildUsageSnippets({
      gitUrl: "https://github.com",
      owner: "acme-platform",
      repo: "terraform-aws-eks-cluster",
      path: "",
      tag: "v3.1.0",
      moduleName: "eks-cluster",
      inputs,
    });
    expect(terraform.split("\n")[0]).toBe('module "eks-cluster" {');
    expect(terraform).toContain('source = "git::https://github.com/acme-platform/terraform-aws-eks-cluster.git?ref=v3.1.0"');
    expect(terraform).toContain("master_password = var.master_password");
  });

  it("supports plain-http git hosts such as the dev emulator", async () => {
    const { terragrunt, terraform, source } = await buildUsageSnippets({
      gitUrl: "http://127.0.0.1:4120",
      owner: "acme-platform",
      repo: "iac-modules",
      path: "modules/s3-bucket",
      tag: "s3-bucket/v1.0.0",
      moduleName: "s3-bucket",
      inputs: [input("bucket_name")],
    });
    expect(source).toBe("git::http://127.0.0.1:4120/acme-platform/iac-modules.git//modules/s3-bucket?ref=s3-bucket/v1.0.0");
    expect(terragrunt).toContain("terraform {\n  source = \"git::http://127.0.0.1:4120/acme-platform/iac-modules.git//modules/s3-bucket?ref=s3-bucket/v1.0.0\"\n}");
    expect(terragrunt).toContain('include "root" {');
    expect(terraform).toContain('bucket_name = "<bucket_name>"');
  });

  it("writes an empty inputs block for a module without required inputs", async () => {
    const { terragrunt } = await buildUsageSnippets({
      gitUrl: "https://github.com",
      owner: "o",
      repo: "r",
      path: "",
      tag: "v1.0.0",
      moduleName: "m",
      inputs: [input("x", { required: false, defaultText: '"a"' })],
    });
    expect(terragrunt).toContain("inputs = {}");
  });

  it("refuses refs that would break the source line", async () => {
    await expect(
      buildUsageSnippets({ gitUrl: "http://h", owner: "o", repo: "r", path: "", tag: 'v1"&x', moduleName: "m", inputs: [] }),
    ).rejects.toThrow(/not a usable ref/);
  });
});

describe("placeholderFor", () => {
  it("follows the type's shape", () => {
    expect(placeholderFor({ name: "count", type: "number" })).toBe(0);
    expect(placeholderFor({ name: "on", type: "bool" })).toBe(false);
    expect(placeholderFor({ name: "azs", type: "list(string)" })).toEqual(["<azs>"]);
    expect(placeholderFor({ name: "ids", type: "set(number)" })).toEqual([0]);
    expect(placeholderFor({ name: "pair", type: "tuple([string, bool])" })).toEqual(["<pair[0]>", false]);
    expect(placeholderFor({ name: "cfg", type: "object({ a = string, b = optional(number, 1) })" })).toEqual({ a: "<a>" });
    expect(placeholderFor({ name: "anything", type: "any" })).toBe("<anything>");
  });
});

describe("toModuleBlockName", () => {
  it("keeps valid names and cleans up the rest", () => {
    expect(toModuleBlockName("s3-bucket")).toBe("s3-bucket");
    expect(toModuleBlockName("3scale")).toBe("scale");
    expect(toModuleBlockName("a.b")).toBe("a_b");
  });
});

describe("the registry snippet", () => {
  const base = { gitUrl: "https://github.com", owner: "acme-platform", repo: "iac-modules", path: "modules/vpc", tag: "vpc/v2.0.0", moduleName: "vpc" };

  it("reads the module from the portal's registry with a pessimistic constraint on the version's minor", async () => {
    const { registry } = await buildUsageSnippets({
      ...base,
      inputs,
      registry: { host: "portal.example.com", namespace: "acme-platform", name: "vpc", provider: "aws", version: "2.0.0" },
    });
    const lines = registry!.split("\n");
    expect(lines.slice(0, 3)).toEqual(['module "vpc" {', '  source  = "portal.example.com/acme-platform/vpc/aws"', '  version = "~> 2.0"']);
    expect(registry).toContain('master_password = var.master_password');
    expect(registry).toMatch(/^ {2}name += "<name>"$/m);
  });

  it("keeps a port, pins a prerelease exactly, and writes none for an address Terraform would refuse or without one", async () => {
    const snippet = (registry: Parameters<typeof buildUsageSnippets>[0]["registry"]) => buildUsageSnippets({ ...base, inputs: [], registry }).then((s) => s.registry);
    const address = { host: "localhost:3000", namespace: "acme-platform", name: "vpc", provider: "aws", version: "1.3.0" };
    expect(await snippet(address)).toBe('module "vpc" {\n  source  = "localhost:3000/acme-platform/vpc/aws"\n  version = "~> 1.3"\n}\n');
    expect(await snippet({ ...address, version: "2.0.0-rc.1" })).toContain('version = "= 2.0.0-rc.1"');
    expect(await snippet({ ...address, host: 'evil"host' })).toBeNull();
    expect(await snippet({ ...address, namespace: "acme/../x" })).toBeNull();
    expect(await snippet({ ...address, provider: "AWS${x}" })).toBeNull();
    expect(await snippet(null)).toBeNull();
  });
});

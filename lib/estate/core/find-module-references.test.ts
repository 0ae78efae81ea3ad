import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findModuleReferences, resolveIncludePath, type ModuleReference, type RepoFile } from "./find-module-references";

const LIVE_REPO = fileURLToPath(new URL("./fixtures/live-repo", import.meta.url));

function readRepo(root: string): RepoFile[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = join(entry.parentPath, entry.name);
      return { path: relative(root, full).split("\\").join("/"), content: readFileSync(full, "utf8") };
    });
}

function summary(r: ModuleReference) {
  return {
    at: `${r.file}:${r.line}`,
    address: r.address,
    normalized: r.normalized?.text ?? null,
    ref: r.ref,
    version: r.versionConstraint,
  };
}

describe("findModuleReferences on a Terragrunt live repo with plain Terraform beside it", async () => {
  const files = readRepo(LIVE_REPO);
  const result = await findModuleReferences(files, { registryHosts: ["bulkhead.example.com"] });
  const byFile = (file: string, address = "terraform.source") => result.references.find((r) => r.file === file && r.address === address);

  it("finds every reference, in file and line order, and nothing from tool caches or non-units", () => {
    expect(result.references.map(summary)).toEqual([
      { at: "dev/eu-west-1/app/terragrunt.hcl:10", address: "terraform.source", normalized: null, ref: "app/v2.0.0", version: null },
      { at: "dev/eu-west-1/eks/terragrunt.hcl:6", address: "terraform.source", normalized: "registry.terraform.io/terraform-aws-modules/eks/aws", ref: null, version: "20.8.4" },
      { at: "dev/eu-west-1/lambda/terragrunt.hcl:11", address: "terraform.source", normalized: "github.com/acme-platform/iac-modules//modules/lambda", ref: "lambda/v0.3.0", version: null },
      { at: "dev/eu-west-1/mysql/terragrunt.hcl:6", address: "terraform.source", normalized: "github.com/acme-platform/terraform-aws-mysql", ref: "v0.8.0", version: null },
      { at: "dev/eu-west-1/rds/terragrunt.hcl:16", address: "terraform.source", normalized: "github.com/acme-platform/iac-modules//modules/rds", ref: "rds/v1.2.0", version: null },
      { at: "dev/eu-west-1/s3/terragrunt.hcl:6", address: "terraform.source", normalized: "github.com/acme-platform/iac-modules//modules/s3-bucket", ref: "s3-bucket/v3.0.1", version: null },
      { at: "dev/eu-west-1/sqs/terragrunt.hcl:6", address: "terraform.source", normalized: "github.com/acme-platform/terraform-aws-sqs", ref: "v2.1.0", version: null },
      { at: "dev/eu-west-1/vpc/terragrunt.hcl:11", address: "terraform.source", normalized: "github.com/acme-platform/iac-modules//modules/vpc", ref: "vpc/v1.4.0", version: null },
      { at: "modules/legacy-queue/main.tf:2", address: "module.queue", normalized: "registry.terraform.io/terraform-aws-modules/sqs/aws", ref: null, version: "~> 4.0" },
      { at: "prod/eu-west-1/vpc/terragrunt.hcl:12", address: "terraform.source", normalized: "github.com/acme-platform/iac-modules//modules/vpc", ref: "vpc/v1.3.2", version: null },
      { at: "prod/us-east-1/networking/main.tf:6", address: "module.vpc", normalized: "registry.terraform.io/terraform-aws-modules/vpc/aws", ref: null, version: "~> 5.1" },
      { at: "prod/us-east-1/networking/main.tf:18", address: "module.vpc_endpoints", normalized: "registry.terraform.io/terraform-aws-modules/vpc/aws//modules/vpc-endpoints", ref: null, version: "5.1.2" },
      { at: "prod/us-east-1/networking/main.tf:25", address: "module.alb", normalized: "bulkhead.example.com/acme-platform/alb/aws", ref: null, version: ">= 2.0.0, < 3.0.0" },
      { at: "prod/us-east-1/networking/main.tf:34", address: "module.waf", normalized: "github.com/acme-platform/terraform-aws-waf", ref: "v0.4.1", version: null },
      { at: "prod/us-east-1/networking/main.tf:46", address: "module.archive", normalized: "https://artifacts.example.com/terraform/archive-module-1.0.0.zip", ref: null, version: null },
      { at: "stacks/observability/main.tf:3", address: "module.grafana", normalized: "github.com/acme-platform/iac-modules//modules/grafana", ref: "grafana/v0.9.0", version: null },
      { at: "stacks/observability/main.tf:7", address: "module.dashboards", normalized: "bulkhead.example.com/acme-platform/dashboards/grafana", ref: null, version: "1.2.0" },
    ]);
  });

  it("reports the broken unit with its line and carries on with the others", () => {
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.every((e) => e.file === "dev/eu-west-1/broken/terragrunt.hcl")).toBe(true);
    expect(result.errors[0]).toMatchObject({ line: 6, message: expect.stringMatching(/multi-line string/) });
  });

  it("derives unit, env and region from the consumer layout, and from a .tf file's folder", () => {
    expect(byFile("dev/eu-west-1/rds/terragrunt.hcl")).toMatchObject({ kind: "terragrunt", unitPath: "dev/eu-west-1/rds", env: "dev", region: "eu-west-1", moduleName: null });
    expect(byFile("prod/us-east-1/networking/main.tf", "module.alb")).toMatchObject({ kind: "module", moduleName: "alb", unitPath: "prod/us-east-1/networking", env: "prod", region: "us-east-1" });
    expect(byFile("stacks/observability/main.tf", "module.grafana")).toMatchObject({ unitPath: "stacks/observability", env: null, region: null });
  });

  it("normalises git sources to host, owner, repo and folder whatever the URL form", () => {
    const forms = ["dev/eu-west-1/rds/terragrunt.hcl", "dev/eu-west-1/s3/terragrunt.hcl", "dev/eu-west-1/lambda/terragrunt.hcl"].map((f) => byFile(f)!.normalized);
    for (const normalized of forms) expect(normalized).toMatchObject({ type: "git", host: "github.com", owner: "acme-platform", repo: "iac-modules" });
    expect(byFile("dev/eu-west-1/sqs/terragrunt.hcl")!.normalized).toMatchObject({ type: "git", owner: "acme-platform", repo: "terraform-aws-sqs", path: "" });
    expect(byFile("stacks/observability/main.tf", "module.grafana")!.normalized).toMatchObject({ path: "modules/grafana" });
  });

  it("resolves sources built from locals, nested locals and an exposed include's locals", () => {
    expect(byFile("dev/eu-west-1/vpc/terragrunt.hcl")).toMatchObject({
      source: "${include.envcommon.locals.base_source_url}?ref=vpc/v1.4.0",
      resolvedSource: "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.4.0",
      unresolved: null,
    });
    expect(byFile("dev/eu-west-1/lambda/terragrunt.hcl")).toMatchObject({
      source: "${local.lambda_source}",
      resolvedSource: "git::ssh://git@github.com/acme-platform/iac-modules.git//modules/lambda?ref=lambda/v0.3.0",
    });
  });

  it("takes a unit's source from the included _envcommon config when the unit has none", () => {
    expect(byFile("dev/eu-west-1/mysql/terragrunt.hcl")).toMatchObject({
      line: 6,
      inheritedFrom: { file: "_envcommon/mysql.hcl", line: 2 },
      resolvedSource: "git::git@github.com:acme-platform/terraform-aws-mysql.git?ref=v0.8.0",
      unitPath: "dev/eu-west-1/mysql",
    });
  });

  it("records sources it cannot read statically as unresolved, with the ref written after the expression", () => {
    expect(byFile("dev/eu-west-1/app/terragrunt.hcl")).toMatchObject({
      normalized: null,
      resolvedSource: null,
      unresolved: { expressions: ["local.account_vars.locals.modules_repo"] },
      ref: "app/v2.0.0",
    });
  });

  it("marks the portal's own registry address, case-insensitively", () => {
    expect(byFile("prod/us-east-1/networking/main.tf", "module.alb")!.normalized).toMatchObject({ type: "registry", portal: true, namespace: "acme-platform", name: "alb", provider: "aws" });
    expect(byFile("stacks/observability/main.tf", "module.dashboards")!.normalized).toMatchObject({ portal: true, host: "bulkhead.example.com" });
    expect(byFile("prod/us-east-1/networking/main.tf", "module.vpc")!.normalized).toMatchObject({ portal: false, host: "registry.terraform.io" });
  });

  it("never keeps a credential written into a source URL", () => {
    const prod = byFile("prod/eu-west-1/vpc/terragrunt.hcl")!;
    expect(JSON.stringify(prod)).not.toContain("ghs_notARealToken123");
    expect(prod.source).toBe("git::https://x-access-token:REDACTED@github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.3.2");
  });

  it("leaves local sources out by default and records them on request", async () => {
    expect(result.references.some((r) => r.normalized?.type === "local")).toBe(false);
    const withLocal = await findModuleReferences(files, { localSources: "record" });
    const local = withLocal.references.filter((r) => r.normalized?.type === "local");
    expect(local.map((r) => [r.file, r.normalized?.text])).toEqual([
      ["dev/eu-west-1/legacy/terragrunt.hcl", "modules/legacy-queue"],
      ["prod/us-east-1/networking/main.tf", "prod/us-east-1/networking/modules/dns"],
    ]);
  });
});

describe("findModuleReferences on single files", () => {
  async function one(path: string, content: string, options = {}) {
    const result = await findModuleReferences([{ path, content }], options);
    expect(result.errors).toEqual([]);
    return result.references;
  }

  it("reads ?ref= anywhere in the query, and tfr:// with a host and a subdir", async () => {
    const [a] = await one("dev/eu-west-1/a/terragrunt.hcl", 'terraform {\n  source = "git::https://github.com/o/r.git//m/x?depth=1&ref=x/v1.0.0&sshkey=c2VjcmV0"\n}\n');
    expect(a).toMatchObject({ ref: "x/v1.0.0", normalized: { path: "m/x" } });
    expect(a!.source).not.toContain("c2VjcmV0");
    const [b] = await one("b/terragrunt.hcl", 'terraform {\n  source = "tfr://bulkhead.example.com/acme/vpc/aws//modules/endpoints?version=1.4.0"\n}\n', { registryHosts: ["bulkhead.example.com"] });
    expect(b!.normalized).toMatchObject({ type: "registry", host: "bulkhead.example.com", namespace: "acme", name: "vpc", provider: "aws", path: "modules/endpoints", portal: true, version: "1.4.0" });
    expect(b!.versionConstraint).toBe("1.4.0");
  });

  it("keeps line numbers right in CRLF files and with the source on a later line of the block", async () => {
    const [ref] = await one("x/terragrunt.hcl", '# c\r\n\r\nterraform {\r\n  # pinned\r\n\r\n  source = "git::https://github.com/o/r.git?ref=v1.0.0"\r\n}\r\n');
    expect(ref!.line).toBe(6);
  });

  it("reads one-line blocks, tabs and a byte-order mark", async () => {
    const refs = await one("a/main.tf", '\uFEFFmodule "a" { source = "hashicorp/consul/aws" }\nmodule "b" {\n\tsource\t=\t"git::https://github.com/o/r.git?ref=v1.0.0"\n\tversion = "9.9.9"\n}\n');
    expect(refs.map((r) => [r.address, r.line, r.normalized?.type, r.versionConstraint])).toEqual([
      ["module.a", 1, "registry", null],
      // Terraform ignores `version` on a git source, and so do we.
      ["module.b", 3, "git", null],
    ]);
  });

  it("follows the old unlabelled include { path = find_in_parent_folders() }", async () => {
    const result = await findModuleReferences([
      { path: "terragrunt.hcl", content: 'terraform {\n  source = "git::https://github.com/o/r.git?ref=v3.0.0"\n}\n' },
      { path: "dev/eu-west-1/a/terragrunt.hcl", content: "include {\n  path = find_in_parent_folders()\n}\n" },
    ]);
    expect(result.references.map((r) => [r.file, r.ref, r.inheritedFrom?.file])).toEqual([
      ["dev/eu-west-1/a/terragrunt.hcl", "v3.0.0", "terragrunt.hcl"],
      ["terragrunt.hcl", "v3.0.0", undefined],
    ]);
  });

  it("does not loop on locals that refer to each other, and leaves them unresolved", async () => {
    const [ref] = await one("a/terragrunt.hcl", 'locals {\n  a = "${local.b}"\n  b = "${local.a}"\n}\nterraform {\n  source = "${local.a}?ref=v1"\n}\n');
    expect(ref).toMatchObject({ normalized: null, unresolved: { expressions: ["local.a"] }, ref: "v1" });
  });

  it("keeps escaped template sequences literal and treats directives as unresolved", async () => {
    const [literal] = await one("a/main.tf", 'module "m" {\n  source = "git::https://github.com/o/r.git?ref=v1.0.0&x=$${y}"\n}\n');
    expect(literal!.resolvedSource).toBe("git::https://github.com/o/r.git?ref=v1.0.0&x=${y}");
    const [directive] = await one("b/terragrunt.hcl", 'terraform {\n  source = "%{ if true }git::https://github.com/o/r.git%{ endif }?ref=v2"\n}\n');
    expect(directive!.unresolved).not.toBeNull();
  });

  it("accepts paths written with a leading ./ and ignores .terraform folders", async () => {
    const result = await findModuleReferences([
      { path: "./a/main.tf", content: 'module "m" {\n  source = "hashicorp/consul/aws"\n}\n' },
      { path: "a/.terraform/modules/m/main.tf", content: 'module "n" {\n  source = "hashicorp/nomad/aws"\n}\n' },
    ]);
    expect(result.references.map((r) => [r.file, r.versionConstraint])).toEqual([["a/main.tf", null]]);
  });
});

describe("resolveIncludePath", () => {
  const paths = new Map(["root.hcl", "_envcommon/vpc.hcl", "dev/eu-west-1/vpc/terragrunt.hcl", "dev/region.hcl"].map((p) => [p, null]));

  it.each([
    ['${find_in_parent_folders("root.hcl")}', "root.hcl"],
    ['${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/vpc.hcl', "_envcommon/vpc.hcl"],
    ["${get_terragrunt_dir()}/../../../_envcommon/vpc.hcl", "_envcommon/vpc.hcl"],
    ["${get_repo_root()}/_envcommon/vpc.hcl", "_envcommon/vpc.hcl"],
    ["../../../_envcommon/vpc.hcl", "_envcommon/vpc.hcl"],
    ['${find_in_parent_folders("region.hcl")}', "dev/region.hcl"],
    ["${local.common_dir}/_envcommon/vpc.hcl", "_envcommon/vpc.hcl"],
    ['${find_in_parent_folders("missing.hcl")}', null],
    ["/abs/_envcommon/vpc.hcl", null],
    ["${local.a}${local.b}", null],
  ])("%s → %s", (value, expected) => {
    expect(resolveIncludePath(value, "dev/eu-west-1/vpc", paths)).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { normalizeModuleSource, redactSourceCredentials } from "./normalize-module-source";

const options = { fileDir: "dev/eu-west-1/app", registryHosts: ["bulkhead.example.com", "localhost:3000"] };

describe("normalizeModuleSource", () => {
  it.each([
    // git, every URL form go-getter accepts
    ["git::https://github.com/Acme/IaC-Modules.git//modules/vpc?ref=vpc/v1.4.0", "git", "github.com/acme/iac-modules//modules/vpc", "vpc/v1.4.0"],
    ["git::ssh://git@github.com/acme/modules.git//modules/vpc?ref=v1", "git", "github.com/acme/modules//modules/vpc", "v1"],
    ["git::git@github.com:acme/modules.git//modules/vpc?ref=v1", "git", "github.com/acme/modules//modules/vpc", "v1"],
    ["git@github.com:acme/modules.git?ref=v1", "git", "github.com/acme/modules", "v1"],
    ["github.com/acme/terraform-aws-sqs?ref=v2.1.0", "git", "github.com/acme/terraform-aws-sqs", "v2.1.0"],
    ["github.com/acme/modules//modules/./vpc/?ref=v1", "git", "github.com/acme/modules//modules/vpc", "v1"],
    ["bitbucket.org/acme/modules//vpc?ref=v1", "git", "bitbucket.org/acme/modules//vpc", "v1"],
    ["git::https://ghe.acme.internal:8443/platform/modules.git//vpc?ref=v1", "git", "ghe.acme.internal/platform/modules//vpc", "v1"],
    ["git::https://gitlab.com/group/sub/modules.git//vpc?ref=v1", "git", "gitlab.com/group/sub/modules//vpc", "v1"],
    ["git::http://localhost:4010/git/acme/modules.git//modules/vpc?ref=vpc/v1.0.0", "git", "localhost/git/acme/modules//modules/vpc", "vpc/v1.0.0"],
    ["https://github.com/acme/modules.git?ref=v1", "git", "github.com/acme/modules", "v1"],
    ["git::https://github.com/acme/modules.git", "git", "github.com/acme/modules", null],
    // registries
    ["terraform-aws-modules/vpc/aws", "registry", "registry.terraform.io/terraform-aws-modules/vpc/aws", null],
    ["terraform-aws-modules/vpc/aws//modules/vpc-endpoints", "registry", "registry.terraform.io/terraform-aws-modules/vpc/aws//modules/vpc-endpoints", null],
    ["app.terraform.io/acme/vpc/aws", "registry", "app.terraform.io/acme/vpc/aws", null],
    ["tfr:///terraform-aws-modules/eks/aws?version=20.8.4", "registry", "registry.terraform.io/terraform-aws-modules/eks/aws", null],
    // local and other getters
    ["../../modules//queue", "local", "dev/modules/queue", null],
    ["./sub", "local", "dev/eu-west-1/app/sub", null],
    ["../../../../../outside", "local", "../../outside", null],
    ["s3::https://s3-eu-west-1.amazonaws.com/acme-modules/vpc.zip", "other", "s3::https://s3-eu-west-1.amazonaws.com/acme-modules/vpc.zip", null],
    ["https://artifacts.example.com/vpc-1.0.0.zip?archive=zip", "other", "https://artifacts.example.com/vpc-1.0.0.zip", null],
    ["hg::https://hg.example.com/modules", "other", "hg::https://hg.example.com/modules", null],
  ])("%s", (source, type, text, ref) => {
    const normalized = normalizeModuleSource(source, options);
    expect(normalized.type).toBe(type);
    expect(normalized.text).toBe(text);
    if (normalized.type === "git") expect(normalized.ref).toBe(ref);
  });

  it("splits owner and repo for two-part repo paths only", () => {
    expect(normalizeModuleSource("git::https://github.com/acme/modules.git", options)).toMatchObject({ owner: "acme", repo: "modules", repoPath: "acme/modules" });
    expect(normalizeModuleSource("git::https://gitlab.com/a/b/c.git", options)).toMatchObject({ owner: null, repo: null, repoPath: "a/b/c" });
  });

  it("recognises the portal's registry hosts, with ports, and only those", () => {
    expect(normalizeModuleSource("Bulkhead.Example.com/acme/vpc/aws", options)).toMatchObject({ portal: true, host: "bulkhead.example.com" });
    expect(normalizeModuleSource("localhost:3000/acme/vpc/aws", options)).toMatchObject({ type: "registry", portal: true });
    expect(normalizeModuleSource("registry.example.com/acme/vpc/aws", options)).toMatchObject({ type: "registry", portal: false });
    expect(normalizeModuleSource("tfr://bulkhead.example.com/acme/vpc/aws?version=1.0.0", options)).toMatchObject({ portal: true, version: "1.0.0" });
  });

  it("does not take malformed addresses for registry modules", () => {
    // A provider must be lower-case letters and digits; four parts need a host first.
    expect(normalizeModuleSource("acme/vpc/AWS", options).type).toBe("other");
    expect(normalizeModuleSource("not_a_host/acme/vpc/aws", options).type).toBe("other");
  });
});

describe("redactSourceCredentials", () => {
  it("removes passwords, tokens and ssh keys but keeps the rest", () => {
    expect(redactSourceCredentials("git::https://user:s3cret@github.com/o/r.git?ref=v1")).toBe("git::https://user:REDACTED@github.com/o/r.git?ref=v1");
    expect(redactSourceCredentials("git::ssh://git@github.com/o/r.git?sshkey=AAAA&ref=v1")).toBe("git::ssh://git@github.com/o/r.git?sshkey=REDACTED&ref=v1");
    expect(redactSourceCredentials("s3::https://b.s3.amazonaws.com/m.zip?aws_access_key_id=AKIA&aws_access_key_secret=x")).toBe(
      "s3::https://b.s3.amazonaws.com/m.zip?aws_access_key_id=REDACTED&aws_access_key_secret=REDACTED",
    );
    expect(redactSourceCredentials("git@github.com:o/r.git?ref=v1")).toBe("git@github.com:o/r.git?ref=v1");
  });
});

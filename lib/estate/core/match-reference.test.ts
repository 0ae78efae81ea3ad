import { describe, expect, it } from "vitest";
import type { ModuleReference } from "./find-module-references";
import { indexCatalogue, matchReference, type CatalogueModule } from "./match-reference";
import { normalizeModuleSource } from "./normalize-module-source";

function versions(prefix: string, list: Array<[string, CatalogueModule["versions"][number]["status"]?]>): CatalogueModule["versions"] {
  return list.map(([version, status]) => ({ id: `${prefix}${version}`, version, tag: `${prefix}v${version}`, status: status ?? "active" }));
}

const MODULES: CatalogueModule[] = [
  { id: "m-vpc", name: "vpc", provider: "aws", source: { owner: "acme-platform", repo: "iac-modules" }, path: "modules/vpc", layout: "monorepo", versions: versions("vpc/", [["1.3.2"], ["1.4.0"], ["1.5.0"], ["2.0.0-rc.1"]]) },
  { id: "m-vpc-flow", name: "vpc-flow-logs", provider: "aws", source: { owner: "acme-platform", repo: "iac-modules" }, path: "modules/vpc-flow-logs", layout: "monorepo", versions: versions("vpc-flow-logs/", [["0.1.0"]]) },
  { id: "m-alb", name: "alb", provider: "aws", source: { owner: "Acme-Platform", repo: "terraform-aws-alb" }, path: "", layout: "repo", versions: versions("", [["1.9.0"], ["2.0.0"], ["2.3.1"], ["2.4.0", "withdrawn"], ["3.0.0"]]) },
  { id: "m-tam-vpc", name: "vpc", provider: "aws", source: { owner: "terraform-aws-modules", repo: "terraform-aws-vpc" }, path: "", layout: "repo", versions: versions("", [["5.1.2"], ["5.8.1"], ["6.0.0"]]) },
];
const index = indexCatalogue(MODULES);

function reference(source: string, extra: Partial<ModuleReference> = {}): ModuleReference {
  const normalized = normalizeModuleSource(source, { fileDir: "dev/eu-west-1/x", registryHosts: ["bulkhead.example.com"] });
  return {
    file: "dev/eu-west-1/x/terragrunt.hcl",
    line: 1,
    kind: "terragrunt",
    address: "terraform.source",
    moduleName: null,
    unitPath: "dev/eu-west-1/x",
    env: "dev",
    region: "eu-west-1",
    source,
    resolvedSource: source,
    unresolved: null,
    normalized,
    ref: normalized.type === "git" ? normalized.ref : null,
    versionConstraint: normalized.type === "registry" ? normalized.version : null,
    inheritedFrom: null,
    ...extra,
  };
}

describe("matchReference", () => {
  it("maps a git source to the monorepo module and its exact prefixed tag, on any host and in any case", () => {
    for (const source of [
      "git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.4.0",
      "git::git@github.com:ACME-Platform/IaC-Modules.git//modules/vpc?ref=vpc/v1.4.0",
      "git::http://127.0.0.1:4010/acme-platform/iac-modules.git//modules/vpc?ref=refs/tags/vpc/v1.4.0",
    ]) {
      expect(matchReference(reference(source), index)).toEqual({
        kind: "version",
        module: { id: "m-vpc", name: "vpc", submodule: "" },
        version: { id: "vpc/1.4.0", version: "1.4.0", tag: "vpc/v1.4.0", status: "active" },
        via: "tag",
        constraint: null,
      });
    }
  });

  it("tells modules with a common name prefix apart, and finds submodules below a module", () => {
    expect(matchReference(reference("git::https://github.com/acme-platform/iac-modules.git//modules/vpc-flow-logs?ref=vpc-flow-logs/v0.1.0"), index)).toMatchObject({ kind: "version", module: { id: "m-vpc-flow" } });
    expect(matchReference(reference("git::https://github.com/acme-platform/iac-modules.git//modules/vpc/modules/endpoints?ref=vpc/v1.5.0"), index)).toMatchObject({
      kind: "version",
      module: { id: "m-vpc", submodule: "modules/endpoints" },
      version: { version: "1.5.0" },
    });
    expect(matchReference(reference("git::https://github.com/acme-platform/terraform-aws-alb.git//modules/listener?ref=v2.0.0"), index)).toMatchObject({ module: { id: "m-alb", submodule: "modules/listener" } });
  });

  it("names the problem when the module is known but the version is not", () => {
    expect(matchReference(reference("git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=main"), index)).toMatchObject({ kind: "module", problem: "unknown_ref", detail: expect.stringContaining('"main"') });
    // A v-less or unprefixed spelling is another git tag, not the catalogue's.
    expect(matchReference(reference("git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=v1.4.0"), index)).toMatchObject({ kind: "module", problem: "unknown_ref" });
    expect(matchReference(reference("git::https://github.com/acme-platform/iac-modules.git//modules/vpc"), index)).toMatchObject({ kind: "module", problem: "unpinned" });
  });

  it("resolves the portal registry's constraints to the newest satisfying, available version", () => {
    const match = (constraint: string | null) => matchReference(reference("bulkhead.example.com/acme-platform/alb/aws", { versionConstraint: constraint }), index);
    expect(match(">= 2.0.0, < 3.0.0")).toMatchObject({ kind: "version", via: "constraint", version: { version: "2.3.1" }, constraint: ">= 2.0.0, < 3.0.0" });
    expect(match("~> 2.0")).toMatchObject({ version: { version: "2.3.1" } });
    expect(match("!= 3.0.0")).toMatchObject({ version: { version: "2.3.1" } });
    expect(match("2.0.0")).toMatchObject({ version: { version: "2.0.0" } });
    expect(match(null)).toMatchObject({ version: { version: "3.0.0" }, constraint: null });
    expect(match("> 3.0.0")).toMatchObject({ kind: "module", problem: "no_version_satisfies" });
    expect(match("${var.alb_version}")).toMatchObject({ kind: "module", problem: "invalid_constraint" });
    // the registry address is case-insensitive
    expect(matchReference(reference("BULKHEAD.example.com/ACME-platform/alb/aws", { versionConstraint: "1.9.0" }), index)).toMatchObject({ version: { version: "1.9.0" } });
  });

  it("maps a tfr:// portal source by its exact version", () => {
    expect(matchReference(reference("tfr://bulkhead.example.com/acme-platform/vpc/aws?version=1.5.0"), index)).toMatchObject({ kind: "version", module: { id: "m-vpc" }, version: { tag: "vpc/v1.5.0" } });
  });

  it("maps public registry addresses to a catalogued terraform-<provider>-<name> repo", () => {
    expect(matchReference(reference("terraform-aws-modules/vpc/aws", { versionConstraint: "~> 5.1" }), index)).toMatchObject({ kind: "version", module: { id: "m-tam-vpc" }, version: { version: "5.8.1" } });
    expect(matchReference(reference("terraform-aws-modules/vpc/aws//modules/vpc-endpoints", { versionConstraint: "5.1.2" }), index)).toMatchObject({ module: { submodule: "modules/vpc-endpoints" } });
  });

  it("calls everything else bring-your-own, with its source", () => {
    for (const source of [
      "git::https://github.com/someone-else/iac-modules.git//modules/vpc?ref=vpc/v1.4.0",
      "git::https://github.com/acme-platform/iac-modules.git//modules/sns?ref=sns/v1.0.0",
      "terraform-aws-modules/eks/aws",
      "registry.example.com/acme-platform/alb/aws",
      "git::https://gitlab.com/a/b/c.git?ref=v1",
      "https://artifacts.example.com/m.zip",
    ]) {
      expect(matchReference(reference(source), index)).toEqual({ kind: "bring_your_own", source });
    }
  });

  it("keeps local and unresolved references apart from bring-your-own", () => {
    expect(matchReference(reference("../modules/q"), index)).toEqual({ kind: "local", path: "dev/eu-west-1/modules/q" });
    expect(matchReference(reference("${local.x}", { normalized: null, unresolved: { expressions: ["local.x"] } }), index)).toEqual({ kind: "unresolved", expressions: ["local.x"] });
  });

  it("restricts git hosts when asked", () => {
    const restricted = indexCatalogue(MODULES, { gitHosts: ["github.com"] });
    expect(matchReference(reference("git::https://evil.example.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.4.0"), restricted)).toMatchObject({ kind: "bring_your_own" });
    expect(matchReference(reference("git::https://github.com/acme-platform/iac-modules.git//modules/vpc?ref=vpc/v1.4.0"), restricted)).toMatchObject({ kind: "version" });
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { fakeWorkloadsDeps, unitFile } from "@/test/fake-workloads-deps";
import type { CatalogueModuleRecord } from "./ports";
import { scanConsumerRepo } from "./scan-consumer-repo";
import { scanConsumerRepos } from "./scan-consumer-repos";

const vpc: CatalogueModuleRecord = {
  id: "m-vpc",
  name: "vpc",
  path: "modules/vpc",
  latestVersion: "1.2.0",
  source: { owner: "acme", repo: "iac-modules" },
  versions: [
    { id: "v-120", version: "1.2.0", tag: "vpc/v1.2.0", status: "active" },
    { id: "v-100", version: "1.0.0", tag: "vpc/v1.0.0", status: "deprecated" },
  ],
};

const paymentsRepo = {
  sha: "5".repeat(40),
  files: {
    "root.hcl": "",
    "dev/eu-west-1/region.hcl": "",
    // Another host and scheme, same module: matched by owner/repo//path.
    "dev/eu-west-1/vpc/terragrunt.hcl": unitFile("git::git@github.com:Acme/iac-modules.git//modules/vpc?ref=vpc/v1.2.0", { cidr: "10.0.0.0/16" }),
    "stage/eu-west-1/vpc/terragrunt.hcl": unitFile("git::https://github.com/acme/iac-modules.git//modules/vpc?ref=vpc/v0.9.0"),
    "dev/eu-west-1/legacy/terragrunt.hcl": unitFile("git::https://github.com/acme/hand-made.git//db?ref=v3"),
    "dev/eu-west-1/broken/terragrunt.hcl": "terraform {",
    "dev/eu-west-1/vpc/README.md": "not a unit",
  },
};

function setup() {
  return fakeWorkloadsDeps({
    workloads: [
      { slug: "payments", consumerRepo: "acme/payments-infra" },
      { slug: "ledger", consumerRepo: "acme/ledger-infra" },
      { slug: "fresh", consumerRepo: "acme/fresh-infra" },
      { slug: "drafts", consumerRepo: null },
    ],
    modules: [vpc],
    repos: {
      "acme/payments-infra": paymentsRepo,
      "acme/ledger-infra": { files: {}, error: new AppError("FORBIDDEN", "The Bulkhead GitHub App lacks contents:read on acme/ledger-infra") },
      // Nothing pushed yet: GitHub answers 409, which the reader reports as an empty repository.
      "acme/fresh-infra": { files: {}, error: new AppError("CONFLICT", "acme/fresh-infra is empty: push root.hcl first.", { details: { reason: "empty_repository" } }) },
    },
  });
}

describe("scanConsumerRepo", () => {
  it("records catalogue versions and bring-your-own IaC, and keeps unreadable units", async () => {
    const fake = setup();
    const payments = fake.workloads[0]!;
    // A unit recorded earlier that is unreadable now must survive the scan.
    fake.addConsumption({ workloadId: payments.id, env: "dev", region: "eu-west-1", unitPath: "dev/eu-west-1/broken/terragrunt.hcl", moduleVersionId: null, source: "x", ref: null, commitSha: "1", recordedBy: "scan", scaffoldRequestId: null, recordedAt: new Date(0) });
    fake.addConsumption({ workloadId: payments.id, env: "dev", region: "eu-west-1", unitPath: "dev/eu-west-1/gone/terragrunt.hcl", moduleVersionId: null, source: "x", ref: null, commitSha: "1", recordedBy: "scan", scaffoldRequestId: null, recordedAt: new Date(0) });

    const result = await scanConsumerRepo(fake.deps, { workload: "payments" });
    expect(result).toEqual({ units: 3, catalogued: 1, upserted: 3, removed: 1, commitSha: paymentsRepo.sha });
    const rows = await fake.deps.store.listConsumptions(payments.id);
    expect(rows.map((r) => [r.unitPath, r.moduleVersionId, r.ref])).toEqual([
      ["dev/eu-west-1/broken/terragrunt.hcl", null, null],
      ["dev/eu-west-1/legacy/terragrunt.hcl", null, "v3"],
      ["dev/eu-west-1/vpc/terragrunt.hcl", "v-120", "vpc/v1.2.0"],
      // A tag the catalogue does not know: the module matches, the version does not.
      ["stage/eu-west-1/vpc/terragrunt.hcl", null, "vpc/v0.9.0"],
    ]);
    expect(fake.audit).toEqual(["consumption.scan"]);
  });

  it("says which workload is missing and which has no repo", async () => {
    const fake = setup();
    await expect(scanConsumerRepo(fake.deps, { workload: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(scanConsumerRepo(fake.deps, { workload: "drafts" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("no consumer repo linked") });
  });
});

describe("scanConsumerRepos", () => {
  it("scans every linked repo, skips empty ones, and one unreadable repo does not stop the others", async () => {
    const fake = setup();
    expect(await scanConsumerRepos(fake.deps)).toEqual({ scanned: ["payments"], skipped: ["fresh"], failed: ["ledger"] });
    expect(fake.reads.filter((r) => r.startsWith("head"))).toEqual(["head acme/fresh-infra", "head acme/ledger-infra", "head acme/payments-infra"]);
  });
});

import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeWorkloadsDeps, unitFile } from "@/test/fake-workloads-deps";
import { getWorkloadDetail } from "./get-workload-detail";

const alice: Viewer = { id: "u-alice", username: "alice", name: "Alice", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const dave: Viewer = { id: "u-dave", username: "dave", name: "Dave", email: null, role: "builder", workloads: [] };

const sqs = {
  id: "m-sqs",
  name: "sqs-queue",
  path: "modules/sqs-queue",
  latestVersion: "1.2.0",
  source: { owner: "acme", repo: "iac-modules" },
  versions: [{ id: "v-sqs-100", version: "1.0.0", tag: "sqs-queue/v1.0.0", status: "active" as const }],
};

describe("getWorkloadDetail", () => {
  it("lists the repo's units matched to the catalogue, with their consumption and the env to promote to", async () => {
    const fake = fakeWorkloadsDeps({
      workloads: [{ slug: "payments", name: "Payments", consumerRepo: "acme/payments-infra" }],
      modules: [sqs],
      repos: {
        "acme/payments-infra": {
          files: {
            "dev/eu-west-1/jobs/terragrunt.hcl": unitFile("git::https://github.com/acme/iac-modules.git//modules/sqs-queue?ref=sqs-queue/v1.0.0"),
            "prod/eu-west-1/jobs/terragrunt.hcl": unitFile("git::https://github.com/acme/iac-modules.git//modules/sqs-queue?ref=sqs-queue/v1.0.0"),
            "dev/eu-west-1/own/terragrunt.hcl": unitFile("../../modules/own"),
          },
        },
      },
    });
    const workloadId = fake.workloads[0]!.id;
    fake.addConsumption({ workloadId, env: "dev", region: "eu-west-1", unitPath: "dev/eu-west-1/jobs/terragrunt.hcl", moduleVersionId: "v-sqs-100", source: "s", ref: "sqs-queue/v1.0.0", commitSha: "c1", recordedBy: "scaffold", scaffoldRequestId: "r1", recordedAt: new Date("2026-01-02T03:04:05Z") });

    const detail = await getWorkloadDetail(fake.deps, alice, { slug: "payments" });
    expect(detail.canEdit).toBe(true);
    expect(detail.repoError).toBeNull();
    const byPath = new Map(detail.units.map((u) => [u.unitPath, u]));
    expect(byPath.get("dev/eu-west-1/jobs/terragrunt.hcl")).toMatchObject({
      module: { name: "sqs-queue", source: "acme/iac-modules" },
      version: "1.0.0",
      latestVersion: "1.2.0",
      promoteTo: "stage",
      consumption: { recordedBy: "scaffold", commitSha: "c1", recordedAt: "2026-01-02T03:04:05.000Z" },
    });
    // prod is the end of the line; bring-your-own IaC is shown but never promoted.
    expect(byPath.get("prod/eu-west-1/jobs/terragrunt.hcl")).toMatchObject({ promoteTo: null, consumption: null });
    expect(byPath.get("dev/eu-west-1/own/terragrunt.hcl")).toMatchObject({ module: null, version: null, promoteTo: null });
    expect(detail.consumptions).toEqual([expect.objectContaining({ unitPath: "dev/eu-west-1/jobs/terragrunt.hcl", scaffoldRequestId: "r1", recordedAt: "2026-01-02T03:04:05.000Z" })]);
    expect((await getWorkloadDetail(fake.deps, dave, { slug: "payments" })).canEdit).toBe(false);
  });

  it("shows the recorded consumptions with the reason when the repo cannot be read", async () => {
    const fake = fakeWorkloadsDeps({
      workloads: [{ slug: "payments", consumerRepo: "acme/payments-infra" }],
      repos: { "acme/payments-infra": { files: {}, error: new AppError("UPSTREAM_FAILED", "GitHub rate limit reached") } },
    });
    fake.addConsumption({ workloadId: fake.workloads[0]!.id, env: "dev", region: "eu-west-1", unitPath: "dev/eu-west-1/a/terragrunt.hcl", moduleVersionId: null, source: "s", ref: null, commitSha: "c", recordedBy: "scan", scaffoldRequestId: null, recordedAt: new Date(0) });
    const detail = await getWorkloadDetail(fake.deps, alice, { slug: "payments" });
    expect(detail).toMatchObject({ units: [], repoError: "GitHub rate limit reached" });
    expect(detail.consumptions).toHaveLength(1);
    await expect(getWorkloadDetail(fake.deps, alice, { slug: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeWorkloadsDeps } from "@/test/fake-workloads-deps";
import { getScaffold } from "./get-scaffold";
import { listScaffolds } from "./list-scaffolds";
import type { ScaffoldDeps, ScaffoldRecord, ScaffoldStore } from "./ports";

// Who can see what (README): a workload's scaffold requests are listed to everyone, but their
// inputs and files only to the workload's members and admins (issue 8, "Reads by non-members").

const fake = fakeWorkloadsDeps({ workloads: [{ slug: "payments", name: "Payments", consumerRepo: "acme/payments-infra" }] });
const payments = fake.workloads[0]!;

const record: ScaffoldRecord = {
  id: "11111111-2222-4333-8444-555555555555",
  idempotencyKey: "key-1",
  kind: "create",
  workload: payments,
  moduleVersion: { id: "v1", version: "1.2.0", tag: "sqs/v1.2.0", status: "active", statusReason: null, advisory: null, hasErrors: false, module: { id: "m1", name: "sqs", path: "modules/sqs", provider: "aws", latestVersion: "1.2.0", source: { owner: "acme", repo: "iac-modules" } } },
  env: "dev",
  region: "eu-west-1",
  unitName: "jobs",
  unitPath: "dev/eu-west-1/jobs/terragrunt.hcl",
  style: "terragrunt",
  inputs: { name: "payments-jobs", kms_key_arn: "arn:aws:kms:eu-west-1:123456789012:key/secret-team-key" },
  files: [{ path: "dev/eu-west-1/jobs/terragrunt.hcl", content: 'inputs = { kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/secret-team-key" }\n' }],
  promotedFromId: null,
  requestedById: "u-alice",
  requestedByName: "Alice",
  state: "pr_open",
  branch: "bulkhead/jobs-dev-11111111",
  baseSha: null,
  commitSha: null,
  prNumber: 7,
  prUrl: "https://github.example/acme/payments-infra/pull/7",
  prOpenedAt: new Date(1_000),
  mergeCommitSha: null,
  steps: {},
  failedStep: null,
  failureMessage: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

const store = {
  async findScaffold(id: string) {
    return id === record.id ? structuredClone(record) : null;
  },
  async listScaffolds() {
    return { rows: [structuredClone(record)], total: 1 };
  },
} as unknown as ScaffoldStore;
const deps = { store, workloads: fake.deps } as unknown as ScaffoldDeps;

const alice: Viewer = { id: "u-alice", username: "alice", name: "Alice", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const dave: Viewer = { id: "u-dave", username: "dave", name: "Dave", email: null, role: "builder", workloads: [] };
const carol: Viewer = { id: "u-carol", username: "carol", name: "Carol", email: null, role: "admin", workloads: [] };

describe("reading scaffold requests", () => {
  it("shows a request's inputs and files to the workload's members and to admins", async () => {
    for (const viewer of [alice, carol]) {
      const view = await getScaffold(deps, viewer, { id: record.id });
      expect(view).toMatchObject({ detailsVisible: true, inputs: record.inputs, files: record.files });
    }
  });

  it("refuses the request to someone outside the workload, saying who may see it", async () => {
    await expect(getScaffold(deps, dave, { id: record.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("visible to its members and admins"),
    });
  });

  it("lists a workload's requests to anyone, without their inputs and files for non-members", async () => {
    const forDave = await listScaffolds(deps, dave, { workload: "payments" });
    expect(forDave.scaffolds).toEqual([expect.objectContaining({ id: record.id, prUrl: record.prUrl, detailsVisible: false, inputs: {}, files: [] })]);
    expect(JSON.stringify(forDave)).not.toContain("secret-team-key");
    const forAlice = await listScaffolds(deps, alice, { workload: "payments" });
    expect(forAlice.scaffolds[0]).toMatchObject({ detailsVisible: true, inputs: record.inputs });
  });
});

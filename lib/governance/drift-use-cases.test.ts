import { describe, expect, it } from "vitest";
import { createFakeTagDirectory, createInMemoryGovernance, makeAccount } from "@/test/fixtures/governance/in-memory-governance";
import { AwsOperationError } from "@/lib/vending";
import { applyTagChange } from "./apply-tag-change";
import { decideTagChange } from "./decide-tag-change";
import { detectDrift } from "./detect-drift";
import type { GovernanceActor } from "./core/tag-change-access";
import type { GovernanceDeps } from "./ports";
import { requestTagChange } from "./request-tag-change";
import { settleDriftFinding } from "./settle-drift-finding";

const bob: GovernanceActor = { id: "b0b00000-0000-4000-8000-000000000001", name: "Bob Lead", isAdmin: false, leadOf: ["checkout"] };
const carol: GovernanceActor = { id: "ca201000-0000-4000-8000-000000000002", name: "Carol Admin", isAdmin: true, leadOf: [] };
const dave: GovernanceActor = { id: "da7e0000-0000-4000-8000-000000000003", name: "Dave Admin", isAdmin: true, leadOf: [] };
const system = { id: null, label: "system:drift-test" };
const tags = (env: string) => ({ CostCode: "CC-2307", Owner: "checkout@acme.example", DataClassification: "internal", Workload: "checkout", Environment: env, Team: "checkout" });

function setup() {
  let clock = 5_000_000;
  const accounts = ["dev", "stage", "prod"].map((env, i) =>
    makeAccount({ awsAccountId: `70951362884${i}`, name: `checkout-${env}`, workload: { id: "w-co", slug: "checkout" }, env, tags: tags(env) }),
  );
  const memory = createInMemoryGovernance({ accounts, now: () => new Date(clock) });
  const aws = createFakeTagDirectory(Object.fromEntries(accounts.map((a) => [a.awsAccountId, { ...a.tags }])), { now: () => clock });
  const deps: GovernanceDeps = {
    store: memory.store,
    directory: aws.directory,
    now: () => new Date(clock),
    sleep: async (ms) => {
      clock += ms;
    },
    config: { pageSize: 2, applyRate: { callsPerSecond: 2, callsPerAccount: 2 } },
  };
  const open = () => [...memory.findings.values()].filter((f) => f.status === "open");
  return { deps, memory, aws, accounts, open };
}

let keys = 0;
const key = () => `drift-key-${++keys}`;

describe("detectDrift", () => {
  it("reads every account page by page at the call rate and opens one finding per drifted policy key", async () => {
    const { deps, aws, open } = setup();
    aws.tags.get("709513628840")!.CostCode = "CC-0001";
    delete aws.tags.get("709513628841")!.Owner;
    aws.tags.get("709513628842")!.Team = "someone-else";
    const result = await detectDrift(deps, system);
    expect(result).toEqual({ accounts: 3, opened: 2, refreshed: 0, resolved: 0, skipped: 0, errors: [] });
    expect(open().map((f) => [f.accountName, f.tagKey, f.kind, f.recordedValue, f.observedValue]).sort()).toEqual([
      ["checkout-dev", "CostCode", "changed", "CC-2307", "CC-0001"],
      ["checkout-stage", "Owner", "removed", "checkout@acme.example", null],
    ]);
    const reads = aws.calls.map((c) => c.at - aws.calls[0]!.at);
    // Two reads per one-second window, and the window holds across the page boundary.
    expect(reads).toEqual([0, 0, 1000]);
  });

  it("reports a finding once, follows its value, and closes it when AWS is back at the recorded value", async () => {
    const { deps, aws, memory, open } = setup();
    aws.tags.get("709513628840")!.CostCode = "CC-0001";
    await detectDrift(deps, system);
    expect(await detectDrift(deps, system)).toMatchObject({ opened: 0, refreshed: 0 });
    aws.tags.get("709513628840")!.CostCode = "CC-0002";
    expect(await detectDrift(deps, system)).toMatchObject({ opened: 0, refreshed: 1 });
    expect(open()[0]).toMatchObject({ observedValue: "CC-0002" });
    aws.tags.get("709513628840")!.CostCode = "CC-2307";
    expect(await detectDrift(deps, system)).toMatchObject({ resolved: 1 });
    expect([...memory.findings.values()][0]).toMatchObject({ status: "dismissed", settleReason: "AWS shows the recorded value again" });
  });

  it("goes on when one account cannot be read", async () => {
    const { deps, aws } = setup();
    aws.fail("ListTagsForResource", () => new AwsOperationError({ service: "organizations", operation: "ListTagsForResource", name: "AccessDeniedException", httpStatus: 403 }), { accountId: "709513628841" });
    const result = await detectDrift(deps, system);
    expect(result).toMatchObject({ accounts: 2, errors: [{ awsAccountId: "709513628841", name: "checkout-stage", message: expect.stringMatching(/may not call/) }] });
  });

  it("leaves a key alone while a change is being applied, not while it only waits for approval", async () => {
    const { deps, aws } = setup();
    const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["709513628840"] }, changes: { CostCode: "CC-9999" }, reason: "x" }, bob);
    aws.tags.get("709513628840")!.Owner = "someone@acme.example";
    aws.tags.get("709513628840")!.CostCode = "CC-5555";
    expect(await detectDrift(deps, system)).toMatchObject({ opened: 2 });

    await decideTagChange(deps, { id: request.id, decision: "approve", reason: "ok" }, carol);
    const lease = { owner: "run-1", leaseMs: 60_000 };
    await deps.store.acquireApplyLease(request.id, lease, system);
    await deps.store.recordItemProgress(request.items[0]!.id, { event: "start" }, lease, system);
    aws.tags.get("709513628841")!.CostCode = "CC-9999";
    aws.tags.get("709513628840")!.CostCode = "CC-9999";
    // The finding on CostCode is left as it was; the stage account's is new.
    expect(await detectDrift(deps, system)).toMatchObject({ opened: 1, refreshed: 0, resolved: 0 });
  });
});

describe("settleDriftFinding", () => {
  async function drifted() {
    const ctx = setup();
    ctx.aws.tags.get("709513628840")!.CostCode = "CC-0001";
    await detectDrift(ctx.deps, system);
    return { ...ctx, finding: ctx.open()[0]! };
  }

  it("reverts: an approved change back to the recorded value, applied and verified", async () => {
    const { deps, aws, memory, finding } = await drifted();
    const { request, finding: reverting } = await settleDriftFinding(deps, { findingId: finding.id, action: "revert", reason: "not through the portal", idempotencyKey: key() }, carol);
    expect(reverting).toMatchObject({ status: "reverting", changeRequestId: request!.id, settledBy: { name: "Carol Admin" } });
    expect(request).toMatchObject({ origin: "drift_revert", state: "approved", decidedBy: null, items: [{ before: { CostCode: "CC-0001" }, after: { CostCode: "CC-2307" } }] });
    const applied = await applyTagChange(deps, { id: request!.id }, system);
    expect(applied.record).toMatchObject({ state: "applied" });
    expect(aws.tags.get("709513628840")!.CostCode).toBe("CC-2307");
    expect(memory.findings.get(finding.id)).toMatchObject({ status: "reverted", settledAt: expect.any(Date) });
    expect(await detectDrift(deps, system)).toMatchObject({ opened: 0 });
  });

  it("adopts: a change recording the AWS value, approved by another admin", async () => {
    const { deps, memory, finding, accounts } = await drifted();
    const { request } = await settleDriftFinding(deps, { findingId: finding.id, action: "adopt", reason: "finance moved it", idempotencyKey: key() }, carol);
    expect(request).toMatchObject({ origin: "drift_adopt", state: "requested", items: [{ before: { CostCode: "CC-2307" }, after: { CostCode: "CC-0001" } }] });
    expect(await applyTagChange(deps, { id: request!.id }, system)).toMatchObject({ status: "busy" });
    await expect(decideTagChange(deps, { id: request!.id, decision: "approve", reason: "ok" }, carol)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await decideTagChange(deps, { id: request!.id, decision: "approve", reason: "ok" }, dave);
    await applyTagChange(deps, { id: request!.id }, system);
    expect(memory.findings.get(finding.id)).toMatchObject({ status: "adopted" });
    expect(accounts[0]!.tags.CostCode).toBe("CC-0001");
  });

  it("sends a finding back to open when its adopt request is rejected", async () => {
    const { deps, memory, finding } = await drifted();
    const { request } = await settleDriftFinding(deps, { findingId: finding.id, action: "adopt", reason: "finance moved it", idempotencyKey: key() }, carol);
    await decideTagChange(deps, { id: request!.id, decision: "reject", reason: "no" }, dave);
    expect(memory.findings.get(finding.id)).toMatchObject({ status: "open", changeRequestId: null });
  });

  it("refuses to adopt a value the policy does not allow, and lets only admins settle", async () => {
    const { deps, aws, open } = setup();
    aws.tags.get("709513628840")!.CostCode = "whatever";
    await detectDrift(deps, system);
    const finding = open()[0]!;
    await expect(settleDriftFinding(deps, { findingId: finding.id, action: "adopt", reason: "x", idempotencyKey: key() }, carol)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: "The value found in AWS cannot be adopted: CostCode must match CC-[0-9]{4,6}",
    });
    await expect(settleDriftFinding(deps, { findingId: finding.id, action: "revert", reason: "x", idempotencyKey: key() }, bob)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("dismisses: the same difference is not reported again", async () => {
    const { deps, finding } = await drifted();
    await expect(settleDriftFinding(deps, { findingId: finding.id, action: "dismiss", reason: "known", idempotencyKey: key() }, carol)).resolves.toMatchObject({
      request: null,
      finding: { status: "dismissed", settleReason: "known" },
    });
    expect(await detectDrift(deps, system)).toMatchObject({ opened: 0 });
    await expect(settleDriftFinding(deps, { findingId: finding.id, action: "revert", reason: "x", idempotencyKey: key() }, carol)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

import { describe, expect, it } from "vitest";
import { accessDenied, createFakeTagDirectory, createInMemoryGovernance, makeAccount, throttled } from "@/test/fixtures/governance/in-memory-governance";
import { applyTagChange } from "./apply-tag-change";
import { cancelTagChange } from "./cancel-tag-change";
import { decideTagChange } from "./decide-tag-change";
import type { GovernanceActor } from "./core/tag-change-access";
import type { GovernanceDeps } from "./ports";
import { requestTagChange } from "./request-tag-change";
import { resumeTagChanges } from "./resume-tag-changes";
import { retryTagChange } from "./retry-tag-change";

const bob: GovernanceActor = { id: "b0b00000-0000-4000-8000-000000000001", name: "Bob Lead", isAdmin: false, leadOf: ["payments"] };
const carol: GovernanceActor = { id: "ca201000-0000-4000-8000-000000000002", name: "Carol Admin", isAdmin: true, leadOf: [] };
const dave: GovernanceActor = { id: "da7e0000-0000-4000-8000-000000000003", name: "Dave Admin", isAdmin: true, leadOf: [] };
const system = { id: null, label: "system:governance-test" };

const baseTags = (workload: string, env: string) => ({ CostCode: "CC-2101", Owner: `${workload}@acme.example`, DataClassification: "internal", Workload: workload, Environment: env });

function setup(options: { attemptsPerRun?: number } = {}) {
  let clock = 1_000_000;
  const now = () => new Date(clock);
  const sleeps: number[] = [];
  const payments = { id: "w-pay", slug: "payments" };
  const accounts = [
    makeAccount({ awsAccountId: "421938475610", name: "payments-dev", workload: payments, env: "dev", teamSlug: "payments-team", tags: baseTags("payments", "dev") }),
    makeAccount({ awsAccountId: "421938475627", name: "payments-stage", workload: payments, env: "stage", teamSlug: "payments-team", tags: baseTags("payments", "stage") }),
    makeAccount({ awsAccountId: "421938475634", name: "payments-prod", workload: payments, env: "prod", teamSlug: "payments-team", tags: { ...baseTags("payments", "prod"), CostCode: "CC-3000" } }),
    makeAccount({ awsAccountId: "583920174465", name: "ledger-dev", workload: { id: "w-led", slug: "ledger" }, env: "dev", tags: baseTags("ledger", "dev") }),
  ];
  const memory = createInMemoryGovernance({ accounts, now });
  const aws = createFakeTagDirectory(Object.fromEntries(accounts.map((a) => [a.awsAccountId, { ...a.tags }])), { now: () => clock });
  const deps: GovernanceDeps = {
    store: memory.store,
    directory: aws.directory,
    now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    config: { retryDelayMs: 100, attemptsPerRun: options.attemptsPerRun ?? 3, leaseMs: 60_000 },
  };
  const byName = (name: string) => accounts.find((a) => a.name === name)!;
  return { deps, memory, aws, sleeps, byName, advance: (ms: number) => (clock += ms) };
}

let keys = 0;
const key = () => `key-${++keys}-${Date.now()}`;

describe("requestTagChange", () => {
  it("stores a lead's change of one account of their workload, waiting for approval", async () => {
    const { deps, memory, byName } = setup();
    const result = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: " CC-7001 " }, reason: "moved to the new cost centre" }, bob);
    expect(result).toMatchObject({ created: true, unchanged: [], inactive: [] });
    expect(result.request).toMatchObject({
      state: "requested",
      origin: "request",
      bulk: false,
      changes: { CostCode: "CC-7001" },
      requestedBy: { id: bob.id, name: "Bob Lead" },
      items: [{ accountId: byName("payments-dev").id, before: { CostCode: "CC-2101" }, after: { CostCode: "CC-7001" }, status: "pending" }],
    });
    expect(memory.audit.map((a) => [a.action, a.actor])).toEqual([["governance.tag_change.request", "Bob Lead"]]);
  });

  it("refuses a lead another workload's account, several accounts, and derived keys", async () => {
    const { deps } = setup();
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["583920174465"] }, changes: { CostCode: "CC-7001" }, reason: "x" }, bob)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/lead of workload "ledger"/),
    });
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { workloadSlugs: ["payments"] }, changes: { CostCode: "CC-7001" }, reason: "x" }, bob)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { Environment: "prod", CostCode: "bad" }, reason: "x" }, bob)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: [
        { path: "changes.Environment", message: "Environment is derived by the portal from the environment and cannot be changed" },
        { path: "changes.CostCode", message: "CostCode must match CC-[0-9]{4,6}" },
      ],
    });
  });

  it("finds the first request again with the same idempotency key", async () => {
    const { deps, memory } = setup();
    const input = { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-7001" }, reason: "x" };
    const first = await requestTagChange(deps, input, bob);
    const again = await requestTagChange(deps, input, bob);
    expect(again).toMatchObject({ created: false, request: { id: first.request.id } });
    expect(memory.requests.size).toBe(1);
  });

  it("refuses a second open change of the same account and key, naming the first request", async () => {
    const { deps } = setup();
    const first = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-7001" }, reason: "x" }, bob);
    const error = await requestTagChange(deps, { idempotencyKey: key(), accounts: { workloadSlugs: ["payments"] }, changes: { CostCode: "CC-7002" }, reason: "y" }, carol).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", details: { requestId: first.request.id }, message: expect.stringContaining(first.request.id) });
    // Another key of the same account is free.
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { Owner: "new@acme.example" }, reason: "z" }, bob)).resolves.toMatchObject({ created: true });
  });

  it("lets an admin move a whole workload, skipping accounts already at the value and inactive ones", async () => {
    const { deps, byName } = setup();
    byName("payments-stage").state = "SUSPENDED";
    const result = await requestTagChange(deps, { idempotencyKey: key(), accounts: { workloadSlugs: ["payments"] }, changes: { CostCode: "CC-3000" }, reason: "cost centre merge" }, carol);
    expect(result.request).toMatchObject({ bulk: true, items: [{ awsAccountId: "421938475610" }] });
    expect(result.unchanged).toEqual([{ awsAccountId: "421938475634", name: "payments-prod" }]);
    expect(result.inactive).toEqual([{ awsAccountId: "421938475627", name: "payments-stage", state: "SUSPENDED" }]);
  });
});

describe("decideTagChange", () => {
  it("lets another admin decide, never the requester nor a lead", async () => {
    const { deps } = setup();
    const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-7001" }, reason: "x" }, carol);
    await expect(decideTagChange(deps, { id: request.id, decision: "approve", reason: "mine" }, carol)).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/four-eyes/) });
    await expect(decideTagChange(deps, { id: request.id, decision: "approve", reason: "ok" }, bob)).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/Only platform admins/) });
    await expect(decideTagChange(deps, { id: request.id, decision: "approve", reason: "ok" }, dave)).resolves.toMatchObject({ state: "approved", decidedBy: { id: dave.id }, decisionReason: "ok" });
    await expect(decideTagChange(deps, { id: request.id, decision: "reject", reason: "late" }, dave)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("frees the keys of a rejected request", async () => {
    const { deps } = setup();
    const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-7001" }, reason: "x" }, bob);
    await decideTagChange(deps, { id: request.id, decision: "reject", reason: "wrong code" }, carol);
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-7002" }, reason: "x" }, bob)).resolves.toMatchObject({ created: true });
  });
});

async function approved(deps: GovernanceDeps, accounts: { awsAccountIds?: string[]; workloadSlugs?: string[] }, changes: Record<string, string | null>, requester = carol) {
  const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts, changes, reason: "test" }, requester);
  return decideTagChange(deps, { id: request.id, decision: "approve", reason: "ok" }, requester.id === dave.id ? carol : dave);
}

describe("applyTagChange", () => {
  it("tags, reads back, and only then records the new values", async () => {
    const { deps, aws, memory, byName } = setup();
    const request = await approved(deps, { awsAccountIds: ["421938475610"] }, { CostCode: "CC-7001" }, bob);
    const result = await applyTagChange(deps, { id: request.id }, system);
    expect(result).toMatchObject({ status: "settled", record: { state: "applied", applyRuns: 1, items: [{ status: "verified", attempts: 1 }] } });
    expect(aws.calls.map((c) => c.operation)).toEqual(["TagResource", "ListTagsForResource"]);
    expect(aws.tags.get("421938475610")!.CostCode).toBe("CC-7001");
    expect(byName("payments-dev").tags.CostCode).toBe("CC-7001");
    expect(memory.audit.map((a) => a.action)).toEqual([
      "governance.tag_change.request",
      "governance.tag_change.approve",
      "governance.tag_change.apply",
      "governance.tag_change.account_applying",
      "governance.tag_change.account_applied",
      "governance.tag_change.account_verified",
      "governance.tag_change.applied",
    ]);
    expect(memory.locks.size).toBe(0);
  });

  it("fails with the AWS error, keeps the recorded tags, and applies on retry", async () => {
    const { deps, aws, byName } = setup();
    aws.fail("TagResource", accessDenied);
    const request = await approved(deps, { awsAccountIds: ["421938475610"] }, { CostCode: "CC-7001" }, bob);
    const first = await applyTagChange(deps, { id: request.id }, system);
    expect(first.record).toMatchObject({
      state: "failed",
      failureMessage: expect.stringMatching(/421938475610: The portal's AWS role may not call AWS Organizations TagResource/),
      items: [{ status: "failed", retryable: false, error: expect.stringMatching(/may not call/) }],
    });
    expect(byName("payments-dev").tags.CostCode).toBe("CC-2101");
    await expect(retryTagChange(deps, { id: request.id }, bob)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await retryTagChange(deps, { id: request.id }, carol);
    const second = await applyTagChange(deps, { id: request.id }, system);
    expect(second.record).toMatchObject({ state: "applied", applyRuns: 2, failureMessage: null, items: [{ status: "verified", attempts: 2, error: null }] });
    expect(byName("payments-dev").tags.CostCode).toBe("CC-7001");
  });

  it("waits and repeats while Organizations throttles, within the run's attempts", async () => {
    const { deps, aws, sleeps } = setup();
    aws.fail("TagResource", throttled, { times: 2 });
    const request = await approved(deps, { awsAccountIds: ["421938475610"] }, { CostCode: "CC-7001" }, bob);
    const result = await applyTagChange(deps, { id: request.id }, system);
    expect(result.record).toMatchObject({ state: "applied", items: [{ attempts: 3 }] });
    expect(sleeps).toEqual([100, 200]);
  });

  it("fails as retryable when throttling outlasts the attempts", async () => {
    const { deps, aws } = setup({ attemptsPerRun: 2 });
    aws.fail("TagResource", throttled, { times: 5 });
    const request = await approved(deps, { awsAccountIds: ["421938475610"] }, { CostCode: "CC-7001" }, bob);
    const result = await applyTagChange(deps, { id: request.id }, system);
    expect(result.record).toMatchObject({ state: "failed", items: [{ status: "failed", retryable: true, attempts: 2, error: expect.stringMatching(/throttling/) }] });
  });

  it("never reports an unverified change as applied", async () => {
    const { deps, aws, byName } = setup();
    aws.ignoreWrites.add("421938475610");
    const request = await approved(deps, { awsAccountIds: ["421938475610"] }, { CostCode: "CC-7001" }, bob);
    const result = await applyTagChange(deps, { id: request.id }, system);
    expect(result.record).toMatchObject({ state: "failed", items: [{ status: "failed", error: 'AWS does not show the change after TagResource: CostCode is "CC-2101", not "CC-7001"' }] });
    expect(byName("payments-dev").tags.CostCode).toBe("CC-2101");
  });

  it("applies a bulk change per account: one failing account leaves the others applied and its key held", async () => {
    const { deps, aws, byName } = setup();
    aws.tags.delete("421938475627");
    const request = await approved(deps, { workloadSlugs: ["payments"] }, { CostCode: "CC-9001" });
    const result = await applyTagChange(deps, { id: request.id }, system);
    expect(result.record).toMatchObject({ state: "partially_failed", failureMessage: expect.stringMatching(/^1 failed; first: 421938475627: AWS Organizations could not find/) });
    expect(result.record!.items.map((i) => [i.accountName, i.status])).toEqual([
      ["payments-dev", "verified"],
      ["payments-prod", "verified"],
      ["payments-stage", "failed"],
    ]);
    expect(byName("payments-stage").tags.CostCode).toBe("CC-2101");
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475627"] }, changes: { CostCode: "CC-1234" }, reason: "x" }, bob)).rejects.toMatchObject({ code: "CONFLICT", details: { requestId: request.id } });
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-1234" }, reason: "x" }, bob)).resolves.toMatchObject({ created: true });

    aws.tags.set("421938475627", baseTags("payments", "stage"));
    await retryTagChange(deps, { id: request.id }, dave);
    const retried = await applyTagChange(deps, { id: request.id }, system);
    expect(retried.record).toMatchObject({ state: "applied" });
    expect(aws.calls.filter((c) => c.operation === "TagResource").map((c) => c.accountId)).toEqual(["421938475610", "421938475634", "421938475627", "421938475627"]);
  });

  it("keeps to the Organizations call rate: batches one window apart", async () => {
    const { deps, aws } = setup();
    deps.config = { ...deps.config, applyRate: { callsPerSecond: 2, callsPerAccount: 2 } };
    const request = await approved(deps, { workloadSlugs: ["payments"] }, { DataClassification: "confidential" });
    const start = aws.calls.length;
    await applyTagChange(deps, { id: request.id }, system);
    const tagCalls = aws.calls.slice(start).filter((c) => c.operation === "TagResource");
    const first = tagCalls[0]!.at;
    expect(tagCalls.map((c) => c.at - first)).toEqual([0, 1000, 2000]);
  });

  it("lets one run at a time hold a request, and resumes a crashed run after its lease", async () => {
    const { deps, aws, advance } = setup();
    const request = await approved(deps, { awsAccountIds: ["421938475610"] }, { CostCode: "CC-7001" }, bob);
    // A worker took the request and died before any call.
    expect(await deps.store.acquireApplyLease(request.id, { owner: "ghost", leaseMs: 60_000 }, system)).toMatchObject({ state: "applying" });
    await expect(applyTagChange(deps, { id: request.id }, system)).resolves.toMatchObject({ status: "busy" });
    expect(await resumeTagChanges(deps, {}, system)).toEqual({ applied: [], busy: [], errors: [] });
    advance(60_001);
    expect(await resumeTagChanges(deps, {}, system)).toEqual({ applied: [{ id: request.id, state: "applied" }], busy: [], errors: [] });
    expect(aws.calls.filter((c) => c.operation === "TagResource")).toHaveLength(1);
  });
});

describe("cancelTagChange", () => {
  it("lets the requester withdraw a waiting request and frees its keys", async () => {
    const { deps } = setup();
    const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-7001" }, reason: "x" }, bob);
    await expect(cancelTagChange(deps, { id: request.id, reason: "typo" }, { ...bob, id: "aaaaaaaa-0000-4000-8000-000000000009" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(cancelTagChange(deps, { id: request.id, reason: "typo" }, bob)).resolves.toMatchObject({ state: "cancelled", items: [{ status: "cancelled" }] });
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: "CC-7002" }, reason: "x" }, bob)).resolves.toMatchObject({ created: true });
  });
});

import { describe, expect, it } from "vitest";
import { accessDenied, createFakeTagDirectory, createInMemoryGovernance, makeAccount } from "@/test/fixtures/governance/in-memory-governance";
import { applyTagChange } from "./apply-tag-change";
import type { Viewer } from "@/lib/platform/auth/roles";
import {
  decideTagChangeAs,
  detectDriftAs,
  requestTagChangeAs,
  retryTagChangeAs,
  settleDriftFindingAs,
} from "./governance-commands";
import type { GovernanceRuntimeDeps } from "./governance-deps";
import { getAccountGovernance, getTagChangeRequest, listTagChangeApprovals } from "./read-governance";

/*
 * Governance as the app calls it: the viewer becomes the actor, conflicts come back with the open
 * request's id, an approval (and a retry, and a drift revert) starts the apply at once, and a
 * request is hidden from people with no business in it.
 */

const viewer = (id: string, name: string, role: Viewer["role"], workloads: Viewer["workloads"] = []): Viewer => ({ id, username: name.toLowerCase(), name, email: null, role, workloads });
const bob = viewer("b0b00000-0000-4000-8000-000000000001", "Bob", "lead", [{ slug: "payments", name: "Payments", role: "lead" }]);
const alice = viewer("a11ce000-0000-4000-8000-000000000004", "Alice", "builder", [{ slug: "payments", name: "Payments", role: "builder" }]);
const lena = viewer("1e7a0000-0000-4000-8000-000000000005", "Lena", "lead", [{ slug: "checkout", name: "Checkout", role: "lead" }]);
const carol = viewer("ca201000-0000-4000-8000-000000000002", "Carol", "admin");
const dave = viewer("da7e0000-0000-4000-8000-000000000003", "Dave", "admin");

const tags = { CostCode: "CC-2101", Owner: "payments@acme.example", DataClassification: "internal", Workload: "payments", Environment: "dev" };
let keys = 0;
const key = () => `app-key-${++keys}`;

function setup(options: { queue?: boolean } = {}) {
  const account = makeAccount({ awsAccountId: "421938475610", name: "payments-dev", workload: { id: "w-pay", slug: "payments" }, env: "dev", tags });
  const memory = createInMemoryGovernance({ accounts: [account] });
  const aws = createFakeTagDirectory({ [account.awsAccountId]: { ...tags } });
  const woken: string[] = [];
  const scans: string[] = [];
  const deps: GovernanceRuntimeDeps = {
    store: memory.store,
    directory: aws.directory,
    sleep: async () => undefined,
    async wakeApply(id) {
      woken.push(id);
    },
    async queueDriftScan() {
      if (options.queue) scans.push("queued");
      return Boolean(options.queue);
    },
  };
  return { deps, memory, aws, woken, scans, account };
}

const ask = (deps: GovernanceRuntimeDeps, who: Viewer, value = "CC-3105") =>
  requestTagChangeAs(deps, who, { idempotencyKey: key(), accounts: { awsAccountIds: ["421938475610"] }, changes: { CostCode: value }, reason: "new cost centre" });

describe("requestTagChangeAs", () => {
  it("answers a second open change of the same key with the first request's id instead of an error", async () => {
    const { deps } = setup();
    const first = await ask(deps, bob);
    expect(first.status).toBe("created");
    const second = await ask(deps, bob, "CC-3106");
    expect(second).toMatchObject({ status: "conflict", message: expect.stringContaining("already has an open change request") });
    expect(second.status === "conflict" && first.status === "created" ? second.requestId : null).toBe(first.status === "created" ? first.request.id : "");
  });

  it("still throws other refusals (a lead of another workload)", async () => {
    const { deps } = setup();
    await expect(ask(deps, lena)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("decide, retry and settle start the apply", () => {
  it("wakes the apply after an approval, not after a rejection, and never lets the requester decide", async () => {
    const { deps, woken } = setup();
    const approved = await ask(deps, bob);
    if (approved.status === "conflict") throw new Error("unexpected conflict");
    await expect(decideTagChangeAs(deps, bob, { id: approved.request.id, decision: "approve", reason: "mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await decideTagChangeAs(deps, carol, { id: approved.request.id, decision: "reject", reason: "not now" });
    expect(woken).toEqual([]);
    const again = await ask(deps, bob, "CC-3107");
    if (again.status === "conflict") throw new Error("unexpected conflict");
    const view = await decideTagChangeAs(deps, carol, { id: again.request.id, decision: "approve", reason: "budget moved" });
    expect(view.state).toBe("approved");
    expect(woken).toEqual([again.request.id]);
  });

  it("wakes the apply after a retry", async () => {
    const { deps, aws, woken } = setup();
    const asked = await ask(deps, bob);
    if (asked.status === "conflict") throw new Error("unexpected conflict");
    await decideTagChangeAs(deps, carol, { id: asked.request.id, decision: "approve", reason: "ok" });
    aws.fail("TagResource", accessDenied);
    const run = await applyTagChange(deps, { id: asked.request.id }, { id: null, label: "system:test" });
    expect(run.record?.state).toBe("failed");
    woken.length = 0;
    const retried = await retryTagChangeAs(deps, carol, { id: asked.request.id });
    expect(retried.state).toBe("applying");
    expect(woken).toEqual([asked.request.id]);
  });

  it("applies a drift revert at once, while an adoption waits for another admin", async () => {
    const { deps, aws, woken } = setup();
    aws.tags.get("421938475610")!.CostCode = "CC-6666";
    aws.tags.get("421938475610")!.Owner = "someone@acme.example";
    const scan = await detectDriftAs(deps, carol);
    expect(scan).toMatchObject({ queued: false, opened: 2 });
    const [costCode, owner] = [...(await deps.store.listDriftFindings({ statuses: ["open"], skip: 0, take: 10 })).rows].sort((a, b) => a.tagKey.localeCompare(b.tagKey));
    const revert = await settleDriftFindingAs(deps, carol, { findingId: costCode!.id, action: "revert", reason: "by hand", idempotencyKey: key() });
    expect(revert.request?.state).toBe("approved");
    expect(woken).toEqual([revert.request!.id]);
    const adopt = await settleDriftFindingAs(deps, carol, { findingId: owner!.id, action: "adopt", reason: "new owner", idempotencyKey: key() });
    expect(adopt.request?.state).toBe("requested");
    expect(woken).toHaveLength(1);
  });

  it("queues the drift scan when a job worker runs, and only for admins", async () => {
    const { deps, scans } = setup({ queue: true });
    await expect(detectDriftAs(deps, bob)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await detectDriftAs(deps, carol)).toEqual({ queued: true });
    expect(scans).toEqual(["queued"]);
  });
});

describe("who sees what", () => {
  it("shows a request to its requester, its workload's members and admins, and hides it from others", async () => {
    const { deps } = setup();
    const asked = await ask(deps, bob);
    if (asked.status === "conflict") throw new Error("unexpected conflict");
    const id = asked.request.id;
    for (const who of [bob, alice, carol]) expect((await getTagChangeRequest(deps, who, { id })).id).toBe(id);
    const outsider = viewer("0de00000-0000-4000-8000-000000000006", "Dave Builder", "builder");
    for (const who of [lena, outsider]) await expect(getTagChangeRequest(deps, who, { id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("puts only one's own waiting requests in a non-admin's approval queue, and everything for admins", async () => {
    const { deps } = setup();
    await ask(deps, bob);
    expect((await listTagChangeApprovals(deps, bob)).waiting).toHaveLength(1);
    expect((await listTagChangeApprovals(deps, lena)).waiting).toHaveLength(0);
    expect((await listTagChangeApprovals(deps, dave)).waiting).toHaveLength(1);
  });

  it("offers the change form to a lead of the account's workload and admins, with derived keys locked", async () => {
    const { deps } = setup();
    const forBob = await getAccountGovernance(deps, bob, "421938475610");
    expect(forBob.mayRequest).toBe(true);
    expect(forBob.keys.find((k) => k.key === "Environment")?.lockedReason).toMatch(/Derived by the portal/);
    expect(forBob.keys.find((k) => k.key === "CostCode")?.lockedReason).toBeNull();
    expect(forBob.drift).toEqual([]);
    const forAlice = await getAccountGovernance(deps, alice, "421938475610");
    expect(forAlice).toMatchObject({ mayRequest: false, mayRequestReason: "Only a lead of payments or a platform admin can ask to change these tags" });
    expect((await getAccountGovernance(deps, carol, "421938475610")).mayRequest).toBe(true);
    await expect(getAccountGovernance(deps, carol, "999999999999")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

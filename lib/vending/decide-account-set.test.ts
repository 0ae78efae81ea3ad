import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeVendingDeps } from "@/test/fake-vending-deps";
import { decideAccountSet } from "./decide-account-set";
import { getAccountSet } from "./get-account-set";
import { listApprovals } from "./list-account-sets";
import { requestAccountSet } from "./request-account-set";

const bob: Viewer = { id: randomUUID(), username: "bob", name: "Bob Lead", email: "bob@acme.example", role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }] };
const alice: Viewer = { id: randomUUID(), username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const carol: Viewer = { id: randomUUID(), username: "carol", name: "Carol Admin", email: null, role: "admin", workloads: [] };
const dave: Viewer = { id: randomUUID(), username: "dave", name: "Dave Admin", email: null, role: "admin", workloads: [] };
const erin: Viewer = { id: randomUUID(), username: "erin", name: "Erin Lead", email: null, role: "lead", workloads: [{ slug: "ledger", name: "Ledger", role: "lead" }] };

async function requested(requester: Viewer = bob) {
  const fake = fakeVendingDeps({ workloads: [{ slug: "payments", team: "payments" }, { slug: "ledger", team: "ledger" }] });
  const { record } = await requestAccountSet(fake.deps, requester, {
    idempotencyKey: randomUUID(),
    workload: { kind: "new", slug: "orders", name: "Orders", teamSlug: "payments" },
    tier: 2,
    sso: { firstName: "Bob", lastName: "Lead", email: "bob@acme.example" },
    tags: { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" },
  });
  return { fake, id: record.id };
}

describe("decideAccountSet", () => {
  it("lets another admin approve: audited, published, and the worker woken", async () => {
    const { fake, id } = await requested();
    const decided = await decideAccountSet(fake.deps, carol, { id, decision: "approve" });
    expect(decided).toMatchObject({ state: "approved", decidedBy: { name: "Carol Admin" } });
    expect(fake.audit.map((a) => [a.action, a.actorLabel])).toContainEqual(["vending.set.approve", "carol"]);
    expect(fake.events.map((e) => e.type)).toEqual(["requested", "approved"]);
    expect(fake.wakes.count).toBe(1);
  });

  it("never lets the requester decide, even when the requester is an admin (four-eyes)", async () => {
    const { fake, id } = await requested(carol);
    await expect(decideAccountSet(fake.deps, carol, { id, decision: "approve" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/four-eyes/) });
    await expect(decideAccountSet(fake.deps, carol, { id, decision: "reject", reason: "changed my mind" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await fake.store.findAccountSet(id))?.state).toBe("requested");
    const view = await getAccountSet(fake.deps, carol, { id });
    expect(view).toMatchObject({ canDecide: false, decideBlockedReason: expect.stringMatching(/another admin/) });
    expect((await decideAccountSet(fake.deps, dave, { id, decision: "approve" })).state).toBe("approved");
  });

  it("refuses leads and builders, and hides the buttons from them", async () => {
    const { fake, id } = await requested();
    await expect(decideAccountSet(fake.deps, bob, { id, decision: "approve" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(decideAccountSet(fake.deps, alice, { id, decision: "approve" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const approvals = await listApprovals(fake.deps, bob);
    expect(approvals.rows.map((r) => [r.id, r.canDecide, r.isRequester])).toEqual([[id, false, true]]);
    expect((await listApprovals(fake.deps, carol)).rows[0]).toMatchObject({ canDecide: true, warnings: expect.arrayContaining([expect.objectContaining({ code: "new_ou" })]) });
  });

  it("needs a reason to reject, shows it to the requester, and frees the names", async () => {
    const { fake, id } = await requested();
    await expect(decideAccountSet(fake.deps, carol, { id, decision: "reject" })).rejects.toMatchObject({ name: "ZodError" });
    await decideAccountSet(fake.deps, carol, { id, decision: "reject", reason: "Use the existing payments accounts" });
    const view = await getAccountSet(fake.deps, bob, { id });
    expect(view).toMatchObject({ state: "rejected", stateLabel: "Rejected", decisionReason: "Use the existing payments accounts", decidedBy: "Carol Admin" });
    expect(view.accounts.every((a) => a.status === "cancelled")).toBe(true);
    expect(await fake.store.findNameConflicts({ names: ["orders-dev"], emails: [] })).toEqual([]);
    await expect(decideAccountSet(fake.deps, dave, { id, decision: "approve" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already decided by Carol Admin/) });
    expect(fake.events.map((e) => e.type)).toEqual(["requested", "rejected"]);
  });

  it("shows a request only to those who may follow it", async () => {
    const { fake, id } = await requested();
    await expect(getAccountSet(fake.deps, erin, { id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getAccountSet(fake.deps, carol, { id })).resolves.toMatchObject({ id });
    await expect(getAccountSet(fake.deps, bob, { id })).resolves.toMatchObject({ id, isRequester: true });
  });
});

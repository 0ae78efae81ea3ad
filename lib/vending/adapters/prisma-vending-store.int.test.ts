import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import type { AuditActor } from "@/lib/platform/audit";
import { createPrismaClient, type Db } from "@/lib/platform/create-prisma-client";
import type { PlannedAccount } from "../core/plan-account-set";
import { defaultTagPolicy } from "../core/tag-policy";
import { defaultVendingSettings } from "../core/vending-settings";
import type { ImportedAccount, NewAccountSet, VendingStore } from "../ports";
import { createPrismaVendingStore } from "./prisma-vending-store";

/*
 * The vending store against real PostgreSQL (the run's fresh database). The in-flight cap is
 * exercised by two stores on two separate Prisma clients and pools, as two worker processes
 * would hold them.
 */

const db = connectTestDb();
const store = createPrismaVendingStore(db);
const bob = { id: randomUUID(), name: "Bob Lead" };
const carol = { id: randomUUID(), name: "Carol Admin" };
const dave = { id: randomUUID(), name: "Dave Admin" };
const actorOf = (user: { id: string; name: string }): AuditActor => ({ id: user.id, label: user.name });
const system: AuditActor = { id: null, label: "system:vending-test" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let teamId = "";
let workloadId = "";
let run = 0;

beforeAll(async () => {
  const team = await db.team.create({ data: { slug: `vend-team-${randomUUID().slice(0, 8)}`, name: "Vending team" } });
  teamId = team.id;
  const workload = await db.workload.create({ data: { slug: `vend-${randomUUID().slice(0, 8)}`, name: "Vending workload", teamId } });
  workloadId = workload.id;
});
afterAll(() => db.$disconnect());

/** Closes every open account request, so that each test starts with an empty queue. */
async function clearQueue(): Promise<void> {
  await db.$executeRaw`UPDATE account_requests SET status = 'cancelled', closed_at = now(), lease_owner = NULL WHERE closed_at IS NULL`;
}

function planned(prefix: string, envs: Array<"dev" | "stage" | "prod"> = ["dev", "stage", "prod"]): PlannedAccount[] {
  return envs.map((env) => ({
    env,
    accountName: `${prefix}-${env}`,
    accountEmail: `aws+${prefix}-${env}@corp.example`,
    ou: env === "prod" ? { id: "ou-ab12-22222222", name: "Prod" } : { id: "ou-ab12-11111111", name: "NonProd" },
    sso: { firstName: "Bob", lastName: "Lead", email: "bob@corp.example" },
    tags: { CostCode: "CC-1234", Workload: prefix, Environment: env },
  }));
}

function newSet(prefix: string, extra: Partial<NewAccountSet> = {}): NewAccountSet {
  return { idempotencyKey: randomUUID(), workload: { id: workloadId }, tier: 1, reason: "new product", requestedBy: bob, tagPolicyVersion: 0, accounts: planned(prefix), ...extra };
}

async function approvedSet(prefix: string, s: VendingStore = store) {
  const { record } = await s.createAccountSet(newSet(prefix), actorOf(bob));
  return s.decideAccountSet(record.id, { decision: "approve", reason: "ok", decider: carol }, actorOf(carol));
}

const unique = (label: string) => `${label}${++run}${randomUUID().slice(0, 4)}`;

describe("settings and tag policy", () => {
  it("reads the seeded settings and saves with optimistic revisions, audited", async () => {
    const first = await store.getSettings();
    expect(first.settings).toEqual(defaultVendingSettings);
    const saved = await store.saveSettings({ settings: { ...first.settings, maxInFlight: 7 }, baseRevision: first.revision }, actorOf(carol));
    expect(saved).toMatchObject({ revision: first.revision + 1, updatedByName: "Carol Admin", settings: { maxInFlight: 7 } });
    await expect(store.saveSettings({ settings: first.settings, baseRevision: first.revision }, actorOf(dave))).rejects.toThrow(/changed since you opened them/);
    const audit = await db.auditEvent.findFirst({ where: { action: "vending.settings.update" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorLabel: "Carol Admin", before: expect.objectContaining({ maxInFlight: 5 }), after: expect.objectContaining({ maxInFlight: 7 }) });
    await store.saveSettings({ settings: first.settings, baseRevision: saved.revision }, actorOf(carol));
  });

  it("starts from the built-in policy, versions every save and refuses a stale one", async () => {
    const initial = await store.getTagPolicy();
    expect(initial.version).toBe(0);
    const keys = [...defaultTagPolicy.keys, { key: "Project", description: "", required: false, source: "entered" as const, whoMayChange: "lead" as const }];
    const [a, b] = await Promise.allSettled([
      store.saveTagPolicy({ keys, baseVersion: 0, note: "add Project" }, actorOf(carol)),
      store.saveTagPolicy({ keys: defaultTagPolicy.keys, baseVersion: 0, note: "same base" }, actorOf(dave)),
    ]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    const current = await store.getTagPolicy();
    expect(current.version).toBe(1);
    await expect(store.saveTagPolicy({ keys, baseVersion: 0, note: "stale" }, actorOf(carol))).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await store.listTagPolicyVersions({ take: 10 })).map((v) => v.version)).toEqual([1]);
  });
});

describe("account set requests", () => {
  beforeEach(clearQueue);

  it("stores a set with queued accounts and derived tokens, once per idempotency key", async () => {
    const input = newSet(unique("pay"));
    const first = await store.createAccountSet(input, actorOf(bob));
    expect(first.created).toBe(true);
    expect(first.record.accounts.map((a) => [a.env, a.status, a.attempt])).toEqual([
      ["dev", "queued", 1],
      ["stage", "queued", 1],
      ["prod", "queued", 1],
    ]);
    for (const account of first.record.accounts) expect(account.provisionToken).toBe(`bulkhead-${account.id}-1`);
    const again = await store.createAccountSet({ ...input, accounts: planned(unique("other")) }, actorOf(bob));
    expect(again).toMatchObject({ created: false, record: { id: first.record.id } });
    await expect(store.createAccountSet(input, actorOf(dave))).resolves.toMatchObject({ created: false });
    await expect(store.createAccountSet({ ...input, requestedBy: dave }, actorOf(dave))).rejects.toThrow(/belongs to another request/);
    expect(await db.auditEvent.count({ where: { action: "vending.set.request", subjectId: first.record.id } })).toBe(1);
  });

  it("refuses names and emails held by an open request or an account, at the field, writing nothing", async () => {
    const prefix = unique("dup");
    await store.createAccountSet(newSet(prefix), actorOf(bob));
    await db.account.create({ data: { awsAccountId: "100000000001", name: "Legacy", email: `LEGACY+${prefix}@corp.example`, source: "imported" } });
    const accounts = planned(prefix.toUpperCase(), ["dev"]).concat({ ...planned(unique("x"), ["prod"])[0]!, accountEmail: `legacy+${prefix}@corp.example` });
    const before = await db.accountSetRequest.count();
    const error = await store.createAccountSet(newSet("z", { accounts }), actorOf(bob)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "CONFLICT",
      fieldErrors: [
        { path: "accounts.dev.accountName", message: expect.stringMatching(/already used by an open request \(dev of request/) },
        { path: "accounts.dev.accountEmail", message: expect.stringMatching(/already used by an open request/) },
        { path: "accounts.prod.accountEmail", message: `legacy+${prefix}@corp.example is already used by account 100000000001` },
      ],
    });
    expect(await db.accountSetRequest.count()).toBe(before);
  });

  it("lets only one of two simultaneous requests take the same names", async () => {
    const prefix = unique("race");
    const results = await Promise.allSettled([store.createAccountSet(newSet(prefix), actorOf(bob)), store.createAccountSet(newSet(prefix), actorOf(bob))]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.accountRequest.count({ where: { accountName: `${prefix}-dev` } })).toBe(1);
  });

  it("holds a new workload's slug until the request is rejected", async () => {
    const slug = unique("fresh");
    const input = newSet(slug, { workload: { new: { slug, name: "Fresh", teamId } } });
    const { record } = await store.createAccountSet(input, actorOf(bob));
    expect(record).toMatchObject({ workload: null, newWorkload: { slug, name: "Fresh", teamId }, workloadSlug: slug });
    await expect(store.createAccountSet({ ...newSet(unique("y")), workload: { new: { slug, name: "Again", teamId } } }, actorOf(bob))).rejects.toMatchObject({
      fieldErrors: [{ path: "workload.slug", message: `Another open request is creating a workload "${slug}"` }],
    });
    await store.decideAccountSet(record.id, { decision: "reject", reason: "use the existing workload", decider: carol }, actorOf(carol));
    await expect(store.createAccountSet({ ...newSet(slug), workload: { new: { slug, name: "Again", teamId } } }, actorOf(bob))).resolves.toMatchObject({ created: true });
  });
});

describe("decisions (four-eyes)", () => {
  beforeEach(clearQueue);

  it("refuses the requester, even an admin, and the database refuses it too", async () => {
    const { record } = await store.createAccountSet(newSet(unique("eyes"), { requestedBy: carol }), actorOf(carol));
    await expect(store.decideAccountSet(record.id, { decision: "approve", reason: "mine", decider: carol }, actorOf(carol))).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A code path that skipped the check would still hit the CHECK constraint.
    await expect(
      db.$executeRaw`UPDATE account_set_requests SET state = 'approved', decided_by_id = requested_by_id, decided_by_name = 'x', decided_at = now() WHERE id = ${record.id}::uuid`,
    ).rejects.toThrow(/account_set_requests_four_eyes/);
    await expect(db.$executeRaw`UPDATE account_set_requests SET state = 'approved' WHERE id = ${record.id}::uuid`).rejects.toThrow(/account_set_requests_decided/);
    expect((await store.findAccountSet(record.id))?.state).toBe("requested");
  });

  it("lets another admin decide once, and records who, when and why", async () => {
    const { record } = await store.createAccountSet(newSet(unique("ok")), actorOf(bob));
    const approved = await store.decideAccountSet(record.id, { decision: "approve", reason: " looks right ", decider: carol }, actorOf(carol));
    expect(approved).toMatchObject({ state: "approved", decidedBy: carol, decisionReason: "looks right" });
    await expect(store.decideAccountSet(record.id, { decision: "reject", reason: "late", decider: dave }, actorOf(dave))).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = await db.auditEvent.findFirst({ where: { action: "vending.set.approve", subjectId: record.id } });
    expect(audit).toMatchObject({ actorLabel: "Carol Admin", before: { state: "requested" }, after: { state: "approved", reason: "looks right" } });
  });

  it("cancels a rejected set's accounts, so that their names are free again", async () => {
    const prefix = unique("rej");
    const { record } = await store.createAccountSet(newSet(prefix), actorOf(bob));
    const rejected = await store.decideAccountSet(record.id, { decision: "reject", reason: "wrong tier", decider: carol }, actorOf(carol));
    expect(rejected.accounts.map((a) => a.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    await expect(store.createAccountSet(newSet(prefix), actorOf(bob))).resolves.toMatchObject({ created: true });
  });
});

describe("the in-flight cap", () => {
  beforeEach(clearQueue);

  it("claims the oldest queued accounts of approved sets only, up to the cap", async () => {
    const waiting = await store.createAccountSet(newSet(unique("wait")), actorOf(bob));
    const first = await approvedSet(unique("cap1"));
    const second = await approvedSet(unique("cap2"));
    const claimed = await store.claimQueuedAccounts({ maxInFlight: 4, owner: "w1", leaseMs: 60_000 }, system);
    expect(claimed.map((a) => a.id)).toEqual([...first.accounts.map((a) => a.id), second.accounts[0]!.id]);
    expect(claimed.every((a) => a.status === "submitted" && a.lease?.owner === "w1")).toBe(true);
    expect(await store.countInFlight()).toBe(4);
    await expect(store.claimQueuedAccounts({ maxInFlight: 4, owner: "w2", leaseMs: 60_000 }, system)).resolves.toEqual([]);
    // Without the first look (a caller that just let a slot go) the claim under the lock still holds the cap.
    await expect(store.claimQueuedAccounts({ maxInFlight: 4, owner: "w2", leaseMs: 60_000, look: false }, system)).resolves.toEqual([]);
    expect(await store.countInFlight()).toBe(4);
    const [next] = await store.claimQueuedAccounts({ maxInFlight: 5, owner: "w2", leaseMs: 60_000, look: false }, system);
    expect(next?.id).toBe(second.accounts[1]!.id);
    expect((await store.findAccountSet(first.id))?.state).toBe("provisioning");
    expect((await store.findAccountSet(waiting.record.id))?.accounts.every((a) => a.status === "queued")).toBe(true);
  });

  it("never exceeds the cap with two workers on separate connection pools", async () => {
    const url = testDatabaseUrl();
    const pools: Db[] = [createPrismaClient(url, { max: 3 }), createPrismaClient(url, { max: 3 })];
    const observer = createPrismaClient(url, { max: 1 });
    const workers = pools.map(createPrismaVendingStore);
    try {
      const sets = [];
      for (let i = 0; i < 4; i++) sets.push(await approvedSet(unique(`pool${i}`)));
      const total = sets.length * 3;
      const cap = 5;
      // Counted after the claim commits and before the release is written, so it is at most
      // the database's own count at every moment: a peak above the cap is a real breach.
      let inFlight = 0;
      let peak = 0;
      let observedPeak = 0;
      const claimedIds: string[] = [];
      const operations: Array<Promise<void>> = [];
      let accountNumber = 200000000000;

      const operate = async (worker: VendingStore, owner: string, id: string) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(15 + Math.random() * 25);
        inFlight--;
        const ok = await worker.updateAccountRequest(id, { event: { type: "record", status: "SUCCEEDED", accountId: String(accountNumber++) } }, { owner, leaseMs: 60_000 }, system);
        expect(ok).toBe(true);
      };
      const runWorker = async (worker: VendingStore, owner: string) => {
        while (claimedIds.length < total) {
          const claimed = await worker.claimQueuedAccounts({ maxInFlight: cap, owner, leaseMs: 60_000 }, system);
          for (const account of claimed) {
            claimedIds.push(account.id);
            operations.push(operate(worker, owner, account.id));
          }
          await sleep(claimed.length === 0 ? 3 : 1);
        }
      };
      let sampling = true;
      const sample = (async () => {
        while (sampling) {
          observedPeak = Math.max(observedPeak, await observer.accountRequest.count({ where: { status: { in: ["submitted", "in_progress"] } } }));
          await sleep(2);
        }
      })();
      await Promise.all([runWorker(workers[0]!, "worker-a"), runWorker(workers[1]!, "worker-b")]);
      await Promise.all(operations);
      sampling = false;
      await sample;

      expect(new Set(claimedIds).size).toBe(total);
      expect(peak).toBeLessThanOrEqual(cap);
      expect(peak).toBe(cap);
      expect(observedPeak).toBeLessThanOrEqual(cap);
      const statuses = await db.accountRequest.groupBy({ by: ["status"], where: { setId: { in: sets.map((s) => s.id) } }, _count: true });
      expect(statuses).toEqual([{ status: "succeeded", _count: total }]);
    } finally {
      await Promise.all([...pools, observer].map((p) => p.$disconnect()));
    }
  });

  it("gives each due account to one worker only", async () => {
    const set = await approvedSet(unique("lease"));
    await store.claimQueuedAccounts({ maxInFlight: 5, owner: "claimer", leaseMs: 1 }, system);
    await sleep(20);
    const other = createPrismaVendingStore(createPrismaClient(testDatabaseUrl(), { max: 2 }));
    const [a, b] = await Promise.all([store.leaseDueAccounts({ owner: "a", leaseMs: 60_000, limit: 2 }), other.leaseDueAccounts({ owner: "b", leaseMs: 60_000, limit: 2 })]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(set.accounts.map((r) => r.id).sort());
    await expect(store.leaseDueAccounts({ owner: "c", leaseMs: 60_000, limit: 5 })).resolves.toEqual([]);
  });
});

describe("an account's way to done", () => {
  beforeEach(clearQueue);

  it("checkpoints, moves through the states, records the account and keeps a timeline", async () => {
    const set = await approvedSet(unique("life"), store);
    const [account] = await store.claimQueuedAccounts({ maxInFlight: 1, owner: "w", leaseMs: 60_000 }, system);
    const lease = { owner: "w", leaseMs: 60_000 };
    // The record id is stored before the next step, without a state change.
    expect(await store.updateAccountRequest(account!.id, { recordId: "rec-1", steps: { provision: { recordId: "rec-1", attempt: 1, at: "t" } } }, lease, system)).toBe(true);
    expect(await store.updateAccountRequest(account!.id, { event: { type: "record", status: "IN_PROGRESS" }, recordStatus: "IN_PROGRESS", releaseLease: true }, lease, system)).toBe(true);
    // Released: a write without the lease is refused and changes nothing.
    expect(await store.updateAccountRequest(account!.id, { event: { type: "record", status: "FAILED" } }, lease, system)).toBe(false);
    const [leased] = await store.leaseDueAccounts({ owner: "w2", leaseMs: 60_000, limit: 1 });
    expect(leased).toMatchObject({ id: account!.id, recordId: "rec-1", status: "in_progress" });
    const lease2 = { owner: "w2", leaseMs: 60_000 };
    await expect(store.updateAccountRequest(account!.id, { event: { type: "verified" } }, lease2, system)).rejects.toThrow(/cannot take "verified"/);
    await store.updateAccountRequest(account!.id, { event: { type: "record", status: "SUCCEEDED", accountId: "300000000001" }, accountId: "300000000001", recordStatus: "SUCCEEDED" }, lease2, system);
    await store.updateAccountRequest(account!.id, { event: { type: "tagged" }, steps: { tag: { at: "t" } } }, lease2, system);
    await store.updateAccountRequest(account!.id, { event: { type: "verified" }, steps: { verify: { at: "t", tags: { CostCode: "CC-1234" } } } }, lease2, system);
    expect(await store.completeAccountRequest(account!.id, { owner: "w2" }, system)).toBe(true);

    const done = await store.findAccountRequest(account!.id);
    expect(done).toMatchObject({ status: "done", accountId: "300000000001", lease: null, steps: { provision: { recordId: "rec-1" }, tag: { at: "t" }, verify: { at: "t" } } });
    expect(await store.findAccount("300000000001")).toMatchObject({
      source: "vended",
      name: account!.accountName,
      workload: { id: workloadId },
      env: "dev",
      tags: account!.tags,
      observedTags: { CostCode: "CC-1234" },
      accountRequestId: account!.id,
    });
    // Done closes the request: its name is now held by the account instead.
    expect(await store.findNameConflicts({ names: [account!.accountName.toUpperCase()], emails: [] })).toEqual([
      { field: "accountName", value: account!.accountName, holder: { kind: "account", awsAccountId: "300000000001" } },
    ]);
    const timeline = await store.listTimeline(set.id);
    expect(timeline.map((t) => t.action)).toEqual([
      "vending.set.request",
      "vending.set.approve",
      "vending.account.submitted",
      "vending.set.start",
      "vending.account.in_progress",
      "vending.account.succeeded",
      "vending.account.tagged",
      "vending.account.verified",
      "vending.account.done",
    ]);
  });

  it("writes a known row's changes, the completion and the milestones in one statement each, with every audit event, and refuses a row that moved", async () => {
    const set = await approvedSet(unique("fast"), store);
    const claimed = await store.claimQueuedAccounts({ maxInFlight: 1, owner: "w", leaseMs: 60_000 }, system);
    expect(claimed).toHaveLength(1);
    const account = claimed[0]!;
    expect(account).toMatchObject({ status: "submitted", lease: { owner: "w" }, setId: set.id, seq: expect.any(Number), steps: {} });
    const lease = { owner: "w", leaseMs: 60_000 };
    // Known row (expected): the status change and its event in one statement.
    expect(await store.updateAccountRequest(account.id, { event: { type: "record", status: "CREATED" }, recordId: "rec-f", recordStatus: "CREATED", expected: account }, lease, system)).toBe(true);
    const inProgress = (await store.findAccountRequest(account.id))!;
    // A stale expectation (still "submitted") matches no row: nothing is written, no event.
    expect(await store.updateAccountRequest(account.id, { event: { type: "record", status: "SUCCEEDED", accountId: "300000000077" }, accountId: "300000000077", expected: account }, lease, system)).toBe(false);
    expect(await store.updateAccountRequest(account.id, { event: { type: "record", status: "SUCCEEDED", accountId: "300000000077" }, accountId: "300000000077", recordStatus: "SUCCEEDED", expected: inProgress }, lease, system)).toBe(true);
    const succeeded = (await store.findAccountRequest(account.id))!;
    expect(succeeded).toMatchObject({ status: "succeeded", accountId: "300000000077", recordId: "rec-f", lease: { owner: "w" } });
    // Another worker's completion is refused.
    expect(await store.completeAccountRequest(account.id, { owner: "intruder", expected: succeeded }, system)).toBe(false);
    // Tagged, verified and done in one statement, one event each, the steps merged.
    const steps = { tag: { at: "t1" }, verify: { at: "t2", tags: { CostCode: "CC-1234", Extra: "seen" } } };
    expect(await store.completeAccountRequest(account.id, { owner: "w", steps, expected: succeeded }, system)).toBe(true);
    expect(await store.completeAccountRequest(account.id, { owner: "w", steps, expected: succeeded }, system)).toBe(false);
    expect(await store.findAccountRequest(account.id)).toMatchObject({ status: "done", lease: null, finishedAt: expect.any(Date), steps: { tag: { at: "t1" }, verify: { at: "t2" } } });
    const stored = await store.findAccount("300000000077");
    expect(stored).toMatchObject({ source: "vended", workload: { id: workloadId }, accountRequestId: account.id, observedTags: { CostCode: "CC-1234", Extra: "seen" }, tags: account.tags });
    const events = await db.auditEvent.findMany({ where: { subjectType: "account_request", subjectId: account.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["vending.account.submitted", "vending.account.in_progress", "vending.account.succeeded", "vending.account.tagged", "vending.account.verified", "vending.account.done"]);
    expect(events[0]).toMatchObject({ actorLabel: "system:vending-test", before: { status: "queued" }, after: { status: "submitted", attempt: 1, recordId: null }, metadata: { setId: set.id, provisionToken: account.provisionToken } });
    expect(events[3]).toMatchObject({ before: { status: "succeeded" }, after: { status: "tagged", accountId: "300000000077" } });
    expect(events[5]).toMatchObject({ before: { status: "verified" }, after: { status: "done", account: stored!.id }, metadata: { awsAccountId: "300000000077" } });
    expect(new Set(events.slice(3).map((e) => e.requestId)).size).toBe(1);
    const setEvents = await db.auditEvent.findMany({ where: { subjectType: "account_set_request", subjectId: set.id, action: "vending.set.start" } });
    expect(setEvents).toHaveLength(1);

    // A set's milestones: an event the first time each is saved, none when saved again.
    await db.accountSetRequest.update({ where: { id: set.id }, data: { leaseOwner: "w", leaseUntil: new Date(Date.now() + 60_000) } });
    const pull = { number: 7, url: "https://github.test/acme/aws-accounts/pull/7", reused: false };
    expect(await store.saveSetSteps(set.id, { providerPr: { base: { sha: "s", branch: "main" }, pull } }, lease)).toBe(true);
    expect(await store.saveSetSteps(set.id, { providerPr: { base: { sha: "s", branch: "main" }, pull, labels: { labels: ["x"] } } }, lease)).toBe(true);
    expect(await store.saveSetSteps(set.id, { consumerRepo: { owner: "acme", repo: "fast-infra", created: true } }, { owner: "intruder", leaseMs: 60_000 })).toBe(false);
    const after = await store.findAccountSet(set.id);
    expect(after).toMatchObject({ providerPrUrl: pull.url, consumerRepo: null, steps: { providerPr: { pull, labels: { labels: ["x"] } } } });
    const milestones = await db.auditEvent.findMany({ where: { subjectType: "account_set_request", subjectId: set.id, action: { in: ["vending.set.pull_request", "vending.set.consumer_repo"] } } });
    expect(milestones.map((e) => [e.action, e.after])).toEqual([["vending.set.pull_request", { repo: "provider", ...pull }]]);
  });

  it("starts a new attempt with a new token when Control Tower was busy, and retries failures from where they failed", async () => {
    await approvedSet(unique("again"));
    const [first, second] = await store.claimQueuedAccounts({ maxInFlight: 2, owner: "w", leaseMs: 60_000 }, system);
    const lease = { owner: "w", leaseMs: 60_000 };
    await store.updateAccountRequest(first!.id, { event: { type: "requeue" }, lastError: "Control Tower busy", nextPollAt: new Date() }, lease, system);
    const requeued = await store.findAccountRequest(first!.id);
    expect(requeued).toMatchObject({ status: "queued", attempt: 2, provisionToken: `bulkhead-${first!.id}-2`, recordId: null, lease: null });

    await store.updateAccountRequest(second!.id, { event: { type: "record", status: "FAILED" }, recordErrors: [{ code: "E", description: "email in use" }], lastError: "email in use", failedStep: "provision" }, lease, system);
    expect(await store.findAccountRequest(second!.id)).toMatchObject({ status: "failed", recordErrors: [{ code: "E", description: "email in use" }], lease: null });
    const retried = await store.retryAccountRequest(second!.id, actorOf(carol));
    expect(retried).toMatchObject({ status: "queued", attempt: 2, provisionToken: `bulkhead-${second!.id}-2`, recordErrors: [], lastError: null });
    await expect(store.retryAccountRequest(second!.id, actorOf(carol))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("settles and retries a set through the state machine", async () => {
    const set = await approvedSet(unique("settle"));
    await expect(store.transitionAccountSet(set.id, { type: "settle", outcome: "failed" }, system)).rejects.toMatchObject({ code: "CONFLICT" });
    await store.transitionAccountSet(set.id, { type: "start" }, system);
    await expect(store.transitionAccountSet(set.id, { type: "settle", outcome: "partially_failed" }, system, { failureMessage: "prod failed" })).resolves.toMatchObject({ state: "partially_failed", failureMessage: "prod failed" });
    await expect(store.transitionAccountSet(set.id, { type: "retry" }, actorOf(carol))).resolves.toMatchObject({ state: "provisioning", failureMessage: null });
  });

  it("settles a leased set and lets its lease go in one write, only for the lease holder", async () => {
    const set = await approvedSet(unique("leased"));
    await store.transitionAccountSet(set.id, { type: "start" }, system);
    await db.accountSetRequest.update({ where: { id: set.id }, data: { leaseOwner: "w", leaseUntil: new Date(Date.now() + 60_000) } });
    expect(await store.settleLeasedSet(set.id, { outcome: "vended", failureMessage: null }, "intruder", system)).toBe(false);
    expect(await store.settleLeasedSet(set.id, { outcome: "partially_failed", failureMessage: "prod failed" }, "w", system)).toBe(true);
    // Settled: a second settle (a replay) writes nothing.
    expect(await store.settleLeasedSet(set.id, { outcome: "vended", failureMessage: null }, "w", system)).toBe(false);
    expect(await db.accountSetRequest.findUniqueOrThrow({ where: { id: set.id } })).toMatchObject({ state: "partially_failed", failureMessage: "prod failed", leaseOwner: null, leaseUntil: null });
    const events = await db.auditEvent.findMany({ where: { subjectType: "account_set_request", subjectId: set.id, action: { startsWith: "vending.set.p" } } });
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([["vending.set.partially_failed", { state: "provisioning" }, { state: "partially_failed", failureMessage: "prod failed" }]]);
  });

  it("attaches a new workload once, links the accounts already stored, and refuses another workload", async () => {
    await clearQueue();
    const { record: set } = await store.createAccountSet(newSet(unique("attach"), { workload: { new: { slug: unique("attach-w"), name: "Attach", teamId } } }), actorOf(bob));
    await store.decideAccountSet(set.id, { decision: "approve", reason: "", decider: carol }, actorOf(carol));
    const [account] = await store.claimQueuedAccounts({ maxInFlight: 1, owner: "w", leaseMs: 60_000 }, system);
    const lease = { owner: "w", leaseMs: 60_000 };
    await store.updateAccountRequest(account!.id, { event: { type: "record", status: "SUCCEEDED", accountId: "300000000091" }, accountId: "300000000091", recordId: "rec-a", recordStatus: "SUCCEEDED" }, lease, system);
    expect(await store.completeAccountRequest(account!.id, { owner: "w" }, system)).toBe(true);
    expect(await store.findAccount("300000000091")).toMatchObject({ workload: null });

    const made = await db.workload.create({ data: { slug: unique("attached"), name: "Attached", teamId } });
    await store.attachWorkload(set.id, made.id, system);
    await store.attachWorkload(set.id, made.id, system);
    expect(await store.findAccount("300000000091")).toMatchObject({ workload: { id: made.id } });
    expect(await db.accountSetRequest.findUniqueOrThrow({ where: { id: set.id }, select: { workloadId: true } })).toEqual({ workloadId: made.id });
    const events = await db.auditEvent.findMany({ where: { subjectType: "account_set_request", subjectId: set.id, action: "vending.set.attach_workload" } });
    expect(events.map((e) => e.after)).toEqual([{ workloadId: made.id, accountsLinked: 1 }]);
    await expect(store.attachWorkload(set.id, workloadId, system)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(store.attachWorkload(randomUUID(), made.id, system)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("imported accounts", () => {
  it("imports the estate in one statement, links by Workload tag and keeps recorded tags", async () => {
    const workload = await db.workload.findUniqueOrThrow({ where: { id: workloadId } });
    const seenAt = new Date("2026-11-30T10:00:00Z");
    const estate: ImportedAccount[] = [
      { awsAccountId: "400000000001", name: "shared-dev", email: "shared-dev@corp.example", ou: { id: "ou-ab12-33333333", name: "Sandbox" }, state: "ACTIVE", joinedAt: null, tags: { Workload: workload.slug, Environment: "dev", CostCode: "CC-7777" } },
      { awsAccountId: "400000000002", name: "audit", email: "audit@corp.example", ou: null, state: "ACTIVE", joinedAt: seenAt, tags: {} },
      ...Array.from({ length: 300 }, (_, i) => ({ awsAccountId: String(500000000000 + i), name: `acct-${i}`, email: `acct-${i}@corp.example`, ou: { id: "ou-ab12-44444444", name: "Legacy" }, state: "ACTIVE", joinedAt: null, tags: { Team: `t${i % 7}` } })),
    ];
    await expect(store.recordImportedAccounts(estate, { seenAt }, system)).resolves.toEqual({ created: 302, updated: 0, linked: 1 });
    expect(await store.findAccount("400000000001")).toMatchObject({ source: "imported", workload: { id: workloadId }, env: "dev", tags: { CostCode: "CC-7777" }, ou: { name: "Sandbox" } });

    const changed = [{ ...estate[0]!, tags: { ...estate[0]!.tags, CostCode: "CC-0000" } }];
    await expect(store.recordImportedAccounts(changed, { seenAt: new Date() }, system)).resolves.toEqual({ created: 0, updated: 1, linked: 1 });
    expect(await store.findAccount("400000000001")).toMatchObject({ tags: { CostCode: "CC-7777" }, observedTags: { CostCode: "CC-0000" } });

    const usage = await store.listKnownUsage();
    expect([...usage.ouIds]).toEqual(expect.arrayContaining(["ou-ab12-33333333", "ou-ab12-44444444"]));
    expect([...(usage.tagValues.CostCode ?? [])]).toContain("CC-7777");
    const page = await store.listAccounts({ workloadIds: [workloadId], skip: 0, take: 50 });
    expect(page.rows.map((a) => a.awsAccountId)).toContain("400000000001");
  });
});

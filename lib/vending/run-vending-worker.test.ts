import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { AppError } from "@/lib/errors/app-error";
import { fakeVendingDeps } from "@/test/fake-vending-deps";
import { decideAccountSet } from "./decide-account-set";
import { getAccountSet } from "./get-account-set";
import { requestAccountSet } from "./request-account-set";
import { retryAccountSet } from "./retry-account-set";
import { createHandoffPriority, runVendingCycle, runVendingWorker } from "./run-vending-worker";
import type { RequestAccountSetInput } from "./vending-input";

const bob: Viewer = { id: randomUUID(), username: "bob", name: "Bob Lead", email: "bob@acme.example", role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }] };
const carol: Viewer = { id: randomUUID(), username: "carol", name: "Carol Admin", email: null, role: "admin", workloads: [] };

type Fake = ReturnType<typeof fakeVendingDeps>;

function setup(options: Parameters<typeof fakeVendingDeps>[0] = {}): Fake {
  return fakeVendingDeps({ workloads: [{ slug: "payments", team: "payments" }], ...options });
}

async function approvedSet(fake: Fake, input: Partial<RequestAccountSetInput> = {}): Promise<string> {
  const { record } = await requestAccountSet(fake.deps, bob, {
    idempotencyKey: randomUUID(),
    workload: { kind: "new", slug: "orders", name: "Orders", teamSlug: "payments" },
    tier: 1,
    sso: { firstName: "Bob", lastName: "Lead", email: "bob@acme.example" },
    tags: { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" },
    ...input,
  });
  await decideAccountSet(fake.deps, carol, { id: record.id, decision: "approve" });
  return record.id;
}

/** Runs the worker until nothing is left to do (every backoff is zero in the fake). */
// Sleeps yield to the event loop (the HCL formatter reads its WebAssembly from disk), at no cost in time.
const drain = (fake: Fake, owner = "worker-1") => runVendingWorker(fake.deps, { owner, budgetMs: 10_000, idleMs: 0, sleep: () => new Promise((resolve) => setImmediate(resolve)) });

describe("the vending worker", () => {
  it("vends a set of three for a new workload: accounts tagged and verified, repo generated, one PR each, the requester leads", async () => {
    const fake = setup();
    const id = await approvedSet(fake);
    const saved: string[][] = [];
    const { saveSetSteps } = fake.deps.store;
    fake.deps.store = { ...fake.deps.store, saveSetSteps: (setId, patch, lease) => (saved.push([...Object.keys(patch), ...Object.keys(patch.providerPr ?? patch.consumerPr ?? {})]), saveSetSteps(setId, patch, lease)) };
    await drain(fake);

    const view = await getAccountSet(fake.deps, bob, { id });
    expect(view.state).toBe("vended");
    // Each pull request's base (only read) is written with the commit made on it, not on its own.
    expect(saved.filter((keys) => keys.length === 2 && keys[1] === "base")).toEqual([]);
    expect(saved).toContainEqual(["providerPr", "base", "commit"]);
    expect((await fake.store.findAccountSet(id))?.steps.consumerPr?.base?.sha).toEqual(expect.any(String));
    expect(view.accounts.map((a) => [a.env, a.status, /^\d{12}$/.test(a.accountId ?? "")])).toEqual([
      ["dev", "done", true],
      ["stage", "done", true],
      ["prod", "done", true],
    ]);
    for (const account of view.accounts) expect(fake.org.accounts.get(account.accountId!)?.tags).toMatchObject({ CostCode: "CC-1234", Workload: "orders", Environment: account.env });

    expect(fake.repos.created).toEqual(["acme-platform/orders-infra"]);
    const provider = fake.github.pulls.filter((p) => p.repo === "acme-platform/aws-accounts");
    const consumer = fake.github.pulls.filter((p) => p.repo === "acme-platform/orders-infra");
    expect(provider).toHaveLength(1);
    expect(consumer).toHaveLength(1);
    expect(Object.keys(provider[0]!.files).sort()).toEqual(["accounts/orders-dev/account.hcl", "accounts/orders-prod/account.hcl", "accounts/orders-stage/account.hcl"]);
    expect(provider[0]!.files["accounts/orders-prod/account.hcl"]).toContain(`account_id   = "${view.accounts[2]!.accountId}"`);
    expect(provider[0]!.body).toContain(`http://portal.test/accounts/requests/${id}`);
    expect(provider[0]!.labels).toEqual(["bulkhead", "account-vending"]);
    expect(Object.keys(consumer[0]!.files).sort()).toEqual(["dev/account.hcl", "prod/account.hcl", "stage/account.hcl"]);
    expect(view).toMatchObject({ providerPrUrl: "https://github.test/acme-platform/aws-accounts/pull/1", consumerPrUrl: "https://github.test/acme-platform/orders-infra/pull/1", consumerRepo: "acme-platform/orders-infra" });

    const workload = fake.workloads.find((w) => w.slug === "orders");
    expect(workload?.consumerRepo).toBe("acme-platform/orders-infra");
    expect(fake.memberships).toEqual([{ userId: bob.id, workloadId: workload!.id, role: "lead", source: "manual" }]);
    expect(fake.accounts.filter((a) => a.workload?.slug === "orders")).toHaveLength(3);

    expect(fake.events.map((e) => e.type).sort()).toEqual(["approved", "provisioning", "provisioning", "provisioning", "requested", "vended", "vended", "vended"]);
    expect(view.timeline.map((t) => t.label)).toEqual(expect.arrayContaining(["Requested", "Approved", "Account created", "Tags read back and verified", "Pull request opened", "Every account vended and wired"]));
  });

  it("waits out throttling and a busy Control Tower without ever failing an account", async () => {
    const fake = setup();
    fake.aws.script.throttle.ProvisionProduct = 2;
    fake.aws.script.throttle.DescribeRecord = 3;
    fake.aws.script.busy = 2;
    fake.aws.script.busyRecordNext = 1;
    fake.org.script.throttleTag = 2;
    const id = await approvedSet(fake);
    await drain(fake);
    const set = await fake.store.findAccountSet(id);
    expect(set?.state).toBe("vended");
    expect(fake.audit.some((a) => a.action === "vending.account.failed")).toBe(false);
    // The record that failed because Control Tower was busy became a new attempt, with a new token and product name.
    const requeued = set!.accounts.find((a) => a.attempt === 2);
    expect(requeued?.provisionToken).toMatch(/-2$/);
    expect(fake.aws.calls).toContainEqual(expect.stringMatching(new RegExp(`^ProvisionProduct ${requeued!.accountName}-attempt-2 `)));
    expect(fake.aws.script.throttle).toEqual({ ProvisionProduct: 0, DescribeRecord: 0 });
  });

  it("stores a FAILED record's errors, settles the set as partly failed without PRs, and vends on an admin's retry", async () => {
    const fake = setup();
    fake.aws.script.failNext.push([{ code: "ProvisioningFailed", description: "EMAIL_ALREADY_EXISTS" }]);
    const id = await approvedSet(fake);
    await drain(fake);
    let view = await getAccountSet(fake.deps, carol, { id });
    expect(view.state).toBe("partially_failed");
    const failed = view.accounts.find((a) => a.status === "failed")!;
    expect(failed).toMatchObject({ failedStep: "provision", recordErrors: [{ code: "ProvisioningFailed", description: "EMAIL_ALREADY_EXISTS" }], lastError: expect.stringMatching(/EMAIL_ALREADY_EXISTS/) });
    expect(view.failureMessage).toMatch(new RegExp(`^${failed.env} \\(${failed.accountName}\\)`));
    expect(view.canRetry).toBe(true);
    expect(fake.github.pulls).toEqual([]);
    expect(fake.events.filter((e) => e.type === "failed")).toHaveLength(1);

    await expect(retryAccountSet(fake.deps, bob, { id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await retryAccountSet(fake.deps, carol, { id, accountRequestId: failed.id });
    expect(fake.wakes.count).toBe(2);
    await drain(fake);
    view = await getAccountSet(fake.deps, carol, { id });
    expect(view.state).toBe("vended");
    expect(view.accounts.find((a) => a.id === failed.id)).toMatchObject({ status: "done", attempt: 2 });
    expect(fake.aws.records.size).toBe(4);
    expect(fake.github.pulls).toHaveLength(2);
  });

  it("never has more accounts in flight than the cap, across sets and workers", async () => {
    const fake = setup();
    const { settings, revision } = await fake.store.getSettings();
    await fake.store.saveSettings({ settings: { ...settings, maxInFlight: 2 }, baseRevision: revision }, { id: carol.id, label: "carol" });
    await approvedSet(fake);
    await approvedSet(fake, { workload: { kind: "existing", slug: "payments" }, tier: 2 });
    let maxSeen = 0;
    for (let i = 0; i < 40; i++) {
      await Promise.all([runVendingCycle(fake.deps, { owner: "a" }), runVendingCycle(fake.deps, { owner: "b" })]);
      maxSeen = Math.max(maxSeen, await fake.store.countInFlight());
    }
    expect(maxSeen).toBe(2);
    expect(fake.aws.peak()).toBeLessThanOrEqual(2);
    const all = await fake.store.listAccountSets({ skip: 0, take: 10 });
    expect(all.rows.map((s) => s.state)).toEqual(["vended", "vended"]);
  });

  it("hands a freed slot to the queue before tagging the account that freed it, and writes only news between polls", async () => {
    const fake = setup({ describesToFinish: 4 });
    const { settings, revision } = await fake.store.getSettings();
    await fake.store.saveSettings({ settings: { ...settings, maxInFlight: 1 }, baseRevision: revision }, { id: carol.id, label: "carol" });
    const id = await approvedSet(fake, { environments: ["dev", "stage"] });
    const order: string[] = [];
    const bookkeeping: string[] = [];
    const { accountFactory, directory, store } = fake.deps;
    fake.deps.accountFactory = { ...accountFactory, provisionAccount: (input) => (order.push(`provision ${input.parameters.accountName}`), accountFactory.provisionAccount(input)) };
    fake.deps.directory = { ...directory, tagAccount: (accountId, tags) => (order.push(`tag ${tags.Environment}`), directory.tagAccount(accountId, tags)) };
    fake.deps.store = {
      ...store,
      updateAccountRequest: (accountId, update, lease, actor) => {
        if (!update.event || update.event.type === "record") bookkeeping.push(update.recordStatus ?? "-");
        return store.updateAccountRequest(accountId, update, lease, actor);
      },
    };
    await drain(fake);

    expect((await fake.store.findAccountSet(id))?.state).toBe("vended");
    expect(order).toEqual(["provision orders-dev", "provision orders-stage", "tag dev", "tag stage"]);
    // Four DescribeRecord calls per account; written: the record (CREATED), its first IN_PROGRESS
    // and SUCCEEDED. The two polls that saw nothing new wrote nothing.
    expect(fake.aws.calls.filter((c) => c.startsWith("DescribeRecord"))).toHaveLength(8);
    expect(bookkeeping).toEqual(["CREATED", "IN_PROGRESS", "SUCCEEDED", "CREATED", "IN_PROGRESS", "SUCCEEDED"]);
    // Tagged, verified and done were written together, each still audited.
    const actions = fake.audit.filter((a) => a.action.startsWith("vending.account.")).map((a) => a.action);
    expect(actions.filter((a) => a === "vending.account.tagged")).toHaveLength(2);
    expect(actions.filter((a) => a === "vending.account.verified")).toHaveLength(2);
    expect(actions.filter((a) => a === "vending.account.done")).toHaveLength(2);
  });

  it("replays a lost ProvisionProduct answer with the same token after the lease expires: one account", async () => {
    const fake = setup();
    const id = await approvedSet(fake, { environments: ["dev"] });
    const provision = fake.aws.factory.provisionAccount.bind(fake.aws.factory);
    let crashed = false;
    fake.deps.accountFactory = {
      ...fake.aws.factory,
      async provisionAccount(input) {
        const record = await provision(input);
        if (!crashed) {
          crashed = true;
          throw new Error("worker killed after AWS answered");
        }
        return record;
      },
    };
    await runVendingCycle(fake.deps, { owner: "doomed" });
    expect((await fake.store.findAccountSet(id))?.accounts[0]).toMatchObject({ status: "submitted", recordId: null });
    // Nobody touches it while the dead worker's lease runs; then another worker takes over.
    await runVendingCycle(fake.deps, { owner: "survivor" });
    expect(fake.aws.records.size).toBe(1);
    const later = new Date(Date.now() + 61_000);
    fake.clock.now = () => later;
    await drain(fake, "survivor");
    const set = await fake.store.findAccountSet(id);
    expect(set?.state).toBe("vended");
    expect(fake.aws.records.size).toBe(1);
    expect(fake.aws.calls.filter((c) => c.startsWith("ProvisionProduct"))).toEqual([
      `ProvisionProduct orders-dev ${set!.accounts[0]!.provisionToken}`,
      `ProvisionProduct orders-dev ${set!.accounts[0]!.provisionToken}`,
    ]);
  });

  it("opens each PR once even when GitHub's answer to opening it was lost", async () => {
    const fake = setup();
    fake.github.script.loseAnswer.add("openPullRequest");
    fake.repos.script.loseAnswer = true;
    const id = await approvedSet(fake);
    await drain(fake);
    expect((await fake.store.findAccountSet(id))?.state).toBe("vended");
    expect(fake.repos.created).toEqual(["acme-platform/orders-infra"]);
    expect(fake.github.pulls.map((p) => p.repo).sort()).toEqual(["acme-platform/aws-accounts", "acme-platform/orders-infra"]);
    expect(fake.github.calls.filter((c) => c === "findOpenPullRequest acme-platform/aws-accounts")).toHaveLength(2);
    expect(fake.github.calls.filter((c) => c === "openPullRequest acme-platform/aws-accounts")).toHaveLength(1);
  });

  it("retries wiring with backoff, settles as failed after the last attempt, and an admin's retry finishes it", async () => {
    const fake = setup();
    fake.github.script.fail.set("readBaseRef", new AppError("FORBIDDEN", "The Bulkhead GitHub App lacks contents:read on acme-platform/aws-accounts"));
    const id = await approvedSet(fake, { workload: { kind: "existing", slug: "payments" }, environments: ["dev"] });
    await drain(fake);
    let view = await getAccountSet(fake.deps, carol, { id });
    expect(view.state).toBe("failed");
    expect(view.failureMessage).toMatch(/Every account was vended, but the repos could not be wired after 3 attempts: The Bulkhead GitHub App lacks contents:read/);
    expect(view.accounts[0]?.status).toBe("done");
    expect(fake.github.calls.filter((c) => c.startsWith("readBaseRef"))).toHaveLength(3);

    fake.github.script.fail.clear();
    await retryAccountSet(fake.deps, carol, { id });
    await drain(fake);
    view = await getAccountSet(fake.deps, carol, { id });
    expect(view).toMatchObject({ state: "vended", wiringError: null, failureMessage: null });
    expect(fake.github.pulls.map((p) => p.repo).sort()).toEqual(["acme-platform/aws-accounts", "acme-platform/payments-infra"]);
  });

  it("fails an account whose tags never read back, naming the tag", async () => {
    const fake = setup();
    fake.org.script.dropTagKeys = ["CostCode"];
    const id = await approvedSet(fake, { environments: ["dev"] });
    await drain(fake);
    const view = await getAccountSet(fake.deps, carol, { id });
    expect(view.state).toBe("failed");
    expect(view.accounts[0]).toMatchObject({ status: "failed", failedStep: "verify", lastError: expect.stringMatching(/CostCode is missing instead of "CC-1234"/) });
    // The account exists, so a retry tags it again rather than vending a second one.
    fake.org.script.dropTagKeys = [];
    await retryAccountSet(fake.deps, carol, { id });
    await drain(fake);
    expect((await getAccountSet(fake.deps, carol, { id })).state).toBe("vended");
    expect(fake.aws.records.size).toBe(1);
  });
});

describe("the handoff priority", () => {
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  it("holds wiring back while a handoff runs, counting chained steps as one, and lets it go after", async () => {
    const priority = createHandoffPriority();
    const order: string[] = [];
    await priority.yieldToAccounts(60_000).then(() => order.push("wiring while idle"));
    let finish!: () => void;
    // A due poll, then (chained, no pause) the claim into the slot it freed.
    const handoff = priority
      .urgent(async () => {
        await turn();
        order.push("poll");
      })
      .then(() => priority.urgent(() => new Promise<void>((resolve) => (finish = resolve)).then(() => order.push("claim"))));
    const wiring = priority.yieldToAccounts(60_000).then(() => order.push("wiring"));
    for (let i = 0; i < 5; i++) await turn();
    expect(order).toEqual(["wiring while idle", "poll"]);
    finish();
    await handoff;
    await wiring;
    expect(order).toEqual(["wiring while idle", "poll", "claim", "wiring"]);
  });

  it("does not start a wiring step when a known handoff comes due within the step's time, and lets it go once the handoff ran", async () => {
    let now = 1_000;
    const priority = createHandoffPriority({ stepMs: 80, now: () => now });
    const order: string[] = [];
    // A poll expected later than a step's time does not hold wiring.
    const later = priority.expectHandoff(now + 81);
    await priority.yieldToAccounts(60_000).then(() => order.push("wiring before the handoff is near"));
    now += 1;
    const wiring = priority.yieldToAccounts(60_000).then(() => order.push("wiring"));
    for (let i = 0; i < 5; i++) await turn();
    expect(order).toEqual(["wiring before the handoff is near"]);
    // The poll runs: its store goes as an urgent step, then the poll is withdrawn.
    await priority.urgent(async () => {
      await turn();
      order.push("store");
    });
    for (let i = 0; i < 3; i++) await turn();
    expect(order).toEqual(["wiring before the handoff is near", "store"]);
    later();
    await wiring;
    expect(order).toEqual(["wiring before the handoff is near", "store", "wiring"]);
    // Withdrawn twice is harmless, and nothing holds wiring any more.
    later();
    await priority.yieldToAccounts(60_000);
  });

  it.each([
    ["an urgent step that never ends", (priority: ReturnType<typeof createHandoffPriority>) => void priority.urgent(() => new Promise<void>(() => {}))],
    ["an expected handoff", (priority: ReturnType<typeof createHandoffPriority>) => priority.expectHandoff(Date.now())],
  ])("never holds wiring back longer than its bound, for %s", async (_holder, hold) => {
    vi.useFakeTimers();
    try {
      const priority = createHandoffPriority({ stepMs: 80 });
      hold(priority);
      let released = false;
      const wiring = priority.yieldToAccounts(250).then(() => (released = true));
      await vi.advanceTimersByTimeAsync(249);
      expect(released).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await wiring;
      expect(released).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

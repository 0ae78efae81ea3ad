import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { deliverScaffold, MAX_AUTOMATIC_RETRIES } from "./deliver-scaffold";
import { resumeStalledScaffolds } from "./resume-stalled-scaffolds";
import type { DeliverySteps, ModuleVersionReader, PullRequestPublisher, ScaffoldDeps, ScaffoldRecord, ScaffoldStore } from "./ports";

const actor = { id: null, label: "test" };

function makeRecord(): ScaffoldRecord {
  return {
    id: "11111111-2222-4333-8444-555555555555",
    idempotencyKey: "key-1",
    kind: "create",
    workload: { id: "w1", slug: "payments", name: "Payments", description: "", consumerRepo: "acme/payments-infra", team: { slug: "payments", name: "Payments team", githubTeam: "payments-team" } },
    moduleVersion: {
      id: "v1",
      version: "1.2.0",
      tag: "sqs/v1.2.0",
      status: "active",
      statusReason: null,
      advisory: null,
      hasErrors: false,
      module: { id: "m1", name: "sqs", path: "modules/sqs", provider: "aws", latestVersion: "1.2.0", source: { owner: "acme", repo: "iac-modules" } },
    },
    env: "dev",
    region: "eu-west-1",
    unitName: "jobs",
    unitPath: "dev/eu-west-1/jobs/terragrunt.hcl",
    style: "terragrunt",
    inputs: { name: "jobs", token: { __expr: 'get_env("TOKEN")' } },
    files: [{ path: "dev/eu-west-1/jobs/terragrunt.hcl", content: "inputs = {}\n" }],
    promotedFromId: null,
    requestedById: "u1",
    requestedByName: "Alice",
    state: "draft",
    branch: "bulkhead/jobs-dev-11111111",
    baseSha: null,
    commitSha: null,
    prNumber: null,
    prUrl: null,
    prOpenedAt: null,
    mergeCommitSha: null,
    steps: {},
    failedStep: null,
    failureMessage: null,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
}

/** The part of the store delivery uses, in memory, with the audit trail as a list of actions. */
function fakeStore(record: ScaffoldRecord, outage: Partial<Record<"saveCheckpoint" | "markFailed" | "releaseDeliveryLease", number>> = {}) {
  const audit: string[] = [];
  // The database is down for the next `outage[method]` calls of each method.
  const database = (method: keyof typeof outage) => {
    if ((outage[method] ?? 0) > 0) {
      outage[method]! -= 1;
      throw new Error("Can't reach database server at 127.0.0.1:5432");
    }
  };
  const unused = () => {
    throw new Error("not used by delivery");
  };
  const store = {
    async findScaffold(id: string) {
      return id === record.id ? structuredClone(record) : null;
    },
    async acquireDeliveryLease(_id: string, { owner, ttlMs }: { owner: string; ttlMs: number }) {
      const lease = record.steps.lease;
      if (lease && Date.parse(lease.until) > Date.now()) return false;
      record.steps.lease = { owner, until: new Date(Date.now() + ttlMs).toISOString() };
      return true;
    },
    async releaseDeliveryLease(_id: string, owner: string) {
      database("releaseDeliveryLease");
      if (record.steps.lease?.owner === owner) record.steps.lease = null;
    },
    async saveCheckpoint(_id: string, steps: DeliverySteps, { owner, ttlMs }: { owner: string; ttlMs: number }) {
      database("saveCheckpoint");
      if (record.steps.lease?.owner !== owner) return false;
      record.steps = { ...record.steps, ...steps, lease: { owner, until: new Date(Date.now() + ttlMs).toISOString() } };
      record.commitSha = steps.commit?.sha ?? record.commitSha;
      return true;
    },
    async markRetrying() {
      record.state = "draft";
      audit.push("scaffold.retry");
    },
    async markPrOpen(_id: string, { prNumber, prUrl }: { prNumber: number; prUrl: string }) {
      Object.assign(record, { state: "pr_open", prNumber, prUrl, failedStep: null, failureMessage: null });
      audit.push("scaffold.pr_open");
    },
    async markFailed(_id: string, { failedStep, failureMessage }: { failedStep: string; failureMessage: string }) {
      database("markFailed");
      Object.assign(record, { state: "failed", failedStep, failureMessage, prNumber: record.steps.pull?.number ?? null, prUrl: record.steps.pull?.url ?? null });
      audit.push("scaffold.failed");
    },
    async listStalledDrafts(before: Date) {
      return record.state === "draft" && record.updatedAt < before ? [record.id] : [];
    },
    async listFailedWithPullRequest({ before, maxAutomaticRetries }: { before: Date; maxAutomaticRetries: number }) {
      const retried = record.steps.automaticRetries ?? 0;
      return record.state === "failed" && record.steps.pull && record.updatedAt < before && retried < maxAutomaticRetries ? [record.id] : [];
    },
  };
  return { store: new Proxy(store, { get: (target, key) => (key in target ? target[key as keyof typeof target] : unused) }) as unknown as ScaffoldStore, audit };
}

/** A GitHub in memory: counts commits and PRs, and fails the steps it is told to. */
function fakeGithub(failures: Partial<Record<keyof PullRequestPublisher, unknown>> = {}) {
  const calls: string[] = [];
  const pulls = new Map<string, { number: number; url: string; body: string }>();
  let commits = 0;
  const failOnce = (step: keyof PullRequestPublisher) => {
    calls.push(step);
    const failure = failures[step];
    if (failure) {
      delete failures[step];
      throw failure;
    }
  };
  const publisher: PullRequestPublisher = {
    async readBaseRef() {
      failOnce("readBaseRef");
      return { branch: "main", sha: "a".repeat(40) };
    },
    async createCommit() {
      failOnce("createCommit");
      commits += 1;
      return { sha: String(commits).padStart(40, "c"), treeSha: "t".repeat(40) };
    },
    async pointBranch() {
      failOnce("pointBranch");
      return { created: true };
    },
    async findOpenPullRequest(_repo, { branch }) {
      failOnce("findOpenPullRequest");
      const pull = pulls.get(branch);
      return pull ? { number: pull.number, url: pull.url } : null;
    },
    async openPullRequest(_repo, { branch, body }) {
      calls.push("openPullRequest");
      const pull = { number: pulls.size + 1, url: `https://gh/pull/${pulls.size + 1}`, body };
      pulls.set(branch, pull);
      const failure = failures.openPullRequest;
      if (failure) {
        // GitHub made the PR, then the answer was lost.
        delete failures.openPullRequest;
        throw failure;
      }
      return { number: pull.number, url: pull.url };
    },
    async addLabels() {
      failOnce("addLabels");
    },
    async requestTeamReviewers() {
      failOnce("requestTeamReviewers");
    },
    async readPullRequest() {
      throw new Error("not used by delivery");
    },
  };
  return { publisher, calls, pulls, commits: () => commits };
}

/** The catalogue in memory: the request's version, whose `token` input is sensitive. */
function fakeVersions(record: ScaffoldRecord): ModuleVersionReader {
  const token = { name: "token", type: "string", description: null, defaultJson: null, defaultText: null, required: true, sensitive: true, nullable: true, validations: [] };
  return {
    async findModuleVersion(id) {
      return id === record.moduleVersion.id ? { ...structuredClone(record.moduleVersion), variables: [token] } : null;
    },
    async findModuleVersionId() {
      throw new Error("not used by delivery");
    },
  };
}

function depsFor(store: ScaffoldStore, publisher: PullRequestPublisher, record: ScaffoldRecord): ScaffoldDeps {
  return { store, publisher, versions: fakeVersions(record), workloads: {} as never, config: { gitUrl: "https://github.com", publicUrl: "https://portal" } };
}

describe("deliverScaffold", () => {
  it("runs every step once and ends in pr_open", async () => {
    const record = makeRecord();
    const { store, audit } = fakeStore(record);
    const github = fakeGithub();
    const result = await deliverScaffold(depsFor(store, github.publisher, record), { id: record.id, actor });
    expect(result.state).toBe("pr_open");
    expect(github.calls).toEqual(["readBaseRef", "createCommit", "pointBranch", "findOpenPullRequest", "openPullRequest", "addLabels", "requestTeamReviewers"]);
    expect(audit).toEqual(["scaffold.pr_open"]);
    expect(result.steps.lease).toBeNull();
    const body = github.pulls.get(record.branch)!.body;
    expect(body).toContain("[sqs 1\\.2\\.0](<https://portal/catalogue/acme/iac-modules/sqs?version=1.2.0>)");
    expect(body).toContain('`get_env("TOKEN")` _(reference; sensitive input)_');
  });

  it("after a lost PR answer, a retry finds the PR instead of opening a second one, reusing the commit", async () => {
    const record = makeRecord();
    const { store, audit } = fakeStore(record);
    const github = fakeGithub({ openPullRequest: new Error("socket hang up") });
    const deps = depsFor(store, github.publisher, record);
    const failed = await deliverScaffold(deps, { id: record.id, actor });
    expect(failed).toMatchObject({ state: "failed", failedStep: "pull" });
    // Unexpected errors are logged; the stored message is generic, with a reference to the log line.
    expect(failed.failureMessage).toMatch(/^Something went wrong on our side \(reference [0-9a-f-]{36}\)/);
    expect(failed.failureMessage).not.toContain("socket hang up");
    const done = await deliverScaffold(deps, { id: record.id, actor });
    expect(done.state).toBe("pr_open");
    expect(github.commits()).toBe(1);
    expect(github.pulls.size).toBe(1);
    expect(done.steps.pull).toMatchObject({ number: 1, reused: true });
    expect(audit).toEqual(["scaffold.failed", "scaffold.retry", "scaffold.pr_open"]);
  });

  it("keeps the AppError message of a failed step, and does nothing more for a request that is done", async () => {
    const record = makeRecord();
    const { store } = fakeStore(record);
    const github = fakeGithub({ createCommit: new AppError("FORBIDDEN", "The Bulkhead GitHub App lacks contents:write on acme/payments-infra") });
    const deps = depsFor(store, github.publisher, record);
    expect(await deliverScaffold(deps, { id: record.id, actor })).toMatchObject({ state: "failed", failedStep: "commit", failureMessage: "The Bulkhead GitHub App lacks contents:write on acme/payments-infra" });
    await deliverScaffold(deps, { id: record.id, actor });
    const calls = github.calls.length;
    expect(await deliverScaffold(deps, { id: record.id, actor })).toMatchObject({ state: "pr_open" });
    expect(github.calls.length).toBe(calls);
  });

  it("stops without writing when another delivery took over its expired lease", async () => {
    const record = makeRecord();
    const { store, audit } = fakeStore(record);
    const github = fakeGithub({});
    const original = github.publisher.createCommit.bind(github.publisher);
    github.publisher.createCommit = async (...args: Parameters<typeof original>) => {
      // The lease expired during a slow step and a second delivery took it.
      record.steps.lease = { owner: "someone-else", until: new Date(Date.now() + 60_000).toISOString() };
      return original(...args);
    };
    const deps = depsFor(store, github.publisher, record);
    const result = await deliverScaffold(deps, { id: record.id, actor, waitMs: 0 });
    expect(result.state).toBe("draft");
    expect(result.steps.commit).toBeUndefined();
    expect(github.pulls.size).toBe(0);
    expect(audit).toEqual([]);
  });

  it("resumes a draft a crash left behind, reusing its checkpoints, and leaves fresh drafts alone", async () => {
    const record = makeRecord();
    const { store } = fakeStore(record);
    const github = fakeGithub({});
    const deps = depsFor(store, github.publisher, record);
    // A crash after the commit step: the checkpoint is stored, the delivery never finished.
    record.steps.commit = { sha: "c0ffee", treeSha: "7ree" };
    record.steps.base = { branch: "main", sha: "ba5e" };
    record.updatedAt = new Date(Date.now() - 60_000);
    expect(await resumeStalledScaffolds(deps, { stalledForMs: 5 * 60_000 })).toEqual({ resumed: 0, states: {} });
    record.updatedAt = new Date(Date.now() - 10 * 60_000);
    expect(await resumeStalledScaffolds(deps, { stalledForMs: 5 * 60_000 })).toEqual({ resumed: 1, states: { pr_open: 1 } });
    expect(github.commits()).toBe(0);
    expect(github.pulls.size).toBe(1);
  });

  it("records a reviewer failure without failing the request", async () => {
    const record = makeRecord();
    const { store } = fakeStore(record);
    const github = fakeGithub({ requestTeamReviewers: new AppError("CONFLICT", "team not found") });
    const result = await deliverScaffold(depsFor(store, github.publisher, record), { id: record.id, actor });
    expect(result.state).toBe("pr_open");
    expect(result.steps.reviewers).toEqual({ teams: ["payments-team"], error: "team not found" });
  });

  it("waits for a delivery someone else holds instead of racing it", async () => {
    const record = makeRecord();
    const { store } = fakeStore(record);
    const github = fakeGithub();
    record.steps.lease = { owner: "other", until: new Date(Date.now() + 60_000).toISOString() };
    setTimeout(() => {
      record.state = "pr_open";
      record.steps.lease = null;
    }, 120);
    const result = await deliverScaffold(depsFor(store, github.publisher, record), { id: record.id, actor, waitMs: 5_000 });
    expect(result.state).toBe("pr_open");
    expect(github.calls).toEqual([]);
  });

  it("fails the pull step, opening no PR, when the version is gone and its sensitive inputs cannot be known", async () => {
    const record = makeRecord();
    const { store } = fakeStore(record);
    const github = fakeGithub();
    const deps = { ...depsFor(store, github.publisher, record), versions: { ...fakeVersions(record), findModuleVersion: async () => null } };
    const result = await deliverScaffold(deps, { id: record.id, actor });
    expect(result).toMatchObject({ state: "failed", failedStep: "pull", failureMessage: "sqs 1.2.0 is no longer in the catalogue" });
    expect(github.pulls.size).toBe(0);
  });

  it("gives its lease back when the database fails mid-delivery, so a retry delivers at once instead of waiting and answering draft", async () => {
    const record = makeRecord();
    // The database goes away before the commit step: the checkpoint, the failure and the release all fail once.
    record.steps.base = { branch: "main", sha: "ba5e" };
    const { store, audit } = fakeStore(record, { saveCheckpoint: 1, markFailed: 1, releaseDeliveryLease: 1 });
    const github = fakeGithub();
    const deps = depsFor(store, github.publisher, record);
    await expect(deliverScaffold(deps, { id: record.id, actor })).rejects.toThrow(/Can't reach database server/);
    expect(record.state).toBe("draft");

    // The database is back; the user retries (same idempotency key, or Retry) straight away.
    const started = Date.now();
    const retried = await deliverScaffold(deps, { id: record.id, actor, waitMs: 10_000 });
    expect(retried.state).toBe("pr_open");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(retried.steps.lease).toBeNull();
    expect(github.commits()).toBe(1);
    expect(github.pulls.size).toBe(1);
    expect(audit).toEqual(["scaffold.pr_open"]);
  });

  it("after GitHub fails the labels step, keeps the PR in view and lets the resume job finish the request", async () => {
    const record = makeRecord();
    const { store, audit } = fakeStore(record);
    const github = fakeGithub({ addLabels: new AppError("UPSTREAM_FAILED", "GitHub had an internal error (503) while we tried to label the pull request in acme/payments-infra; retry in a moment.") });
    const deps = depsFor(store, github.publisher, record);
    const failed = await deliverScaffold(deps, { id: record.id, actor });
    expect(failed).toMatchObject({ state: "failed", failedStep: "labels", prNumber: 1, prUrl: "https://gh/pull/1" });
    expect(failed.failureMessage).toBe(
      "Pull request #1 is open (https://gh/pull/1), but adding labels failed: GitHub had an internal error (503) while we tried to label the pull request in acme/payments-infra; retry in a moment. Bulkhead retries this on its own; Retry does it now.",
    );

    record.updatedAt = new Date(Date.now() - 10 * 60_000);
    expect(await resumeStalledScaffolds(deps, { stalledForMs: 5 * 60_000 })).toEqual({ resumed: 1, states: { pr_open: 1 } });
    expect(record).toMatchObject({ state: "pr_open", prNumber: 1, failedStep: null });
    expect(record.steps.labels).toEqual({ labels: ["bulkhead", "module:sqs"] });
    expect(github.commits()).toBe(1);
    expect(github.pulls.size).toBe(1);
    expect(github.calls.filter((c) => c === "addLabels")).toHaveLength(2);
    expect(audit).toEqual(["scaffold.failed", "scaffold.retry", "scaffold.pr_open"]);
  });

  it("retries a failed request with an open PR automatically a bounded number of times, then leaves it to a person", async () => {
    const record = makeRecord();
    const { store } = fakeStore(record);
    const github = fakeGithub();
    github.publisher.addLabels = async () => {
      throw new AppError("FORBIDDEN", "The Bulkhead GitHub App lacks pull_requests:write on acme/payments-infra");
    };
    const deps = depsFor(store, github.publisher, record);
    await deliverScaffold(deps, { id: record.id, actor });
    for (let run = 0; run < MAX_AUTOMATIC_RETRIES + 2; run++) {
      record.updatedAt = new Date(Date.now() - 10 * 60_000);
      await resumeStalledScaffolds(deps, { stalledForMs: 5 * 60_000 });
    }
    expect(record).toMatchObject({ state: "failed", failedStep: "labels", prUrl: "https://gh/pull/1" });
    expect(record.steps.automaticRetries).toBe(MAX_AUTOMATIC_RETRIES);
    expect(github.pulls.size).toBe(1);
    // A person may still retry past the limit.
    github.publisher.addLabels = async () => undefined;
    expect((await deliverScaffold(deps, { id: record.id, actor })).state).toBe("pr_open");
  });

  it("does not retry a failed request without a PR automatically", async () => {
    const record = makeRecord();
    const { store } = fakeStore(record);
    const github = fakeGithub({ createCommit: new AppError("FORBIDDEN", "The Bulkhead GitHub App lacks contents:write on acme/payments-infra") });
    const deps = depsFor(store, github.publisher, record);
    await deliverScaffold(deps, { id: record.id, actor });
    record.updatedAt = new Date(Date.now() - 10 * 60_000);
    expect(await resumeStalledScaffolds(deps, { stalledForMs: 5 * 60_000 })).toEqual({ resumed: 0, states: {} });
    expect(record.state).toBe("failed");
  });
});

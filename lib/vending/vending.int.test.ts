import { spawn, execFile, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ServiceCatalogClient } from "@aws-sdk/client-service-catalog";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestDb, testDatabaseUrl } from "@/test/db";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { EMULATOR_CREDENTIALS, startAwsEmulator, type AwsEmulator } from "@/emulators/aws/server";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedGithubRepos } from "@/emulators/github/seed/index";
import type { Viewer } from "@/lib/platform/auth/roles";
import { createPrismaClient, type Db } from "@/lib/platform/create-prisma-client";
import { createGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { createGithubPullRequestPublisher } from "@/lib/scaffold";
import { createPrismaWorkloadStore } from "@/lib/workloads";
import { buildAwsClientConfig } from "@/lib/platform/aws-client-config";
import { createEventBridgeVendingEvents } from "./adapters/eventbridge-vending-events";
import { createGithubConsumerRepoFactory } from "./adapters/github-consumer-repo-factory";
import { createOrganizationsDirectory } from "./adapters/organizations-directory";
import { createPrismaVendingStore } from "./adapters/prisma-vending-store";
import { createServiceCatalogAccountFactory } from "./adapters/service-catalog-account-factory";
import { defaultVendingSettings, type VendingSettings } from "./core/vending-settings";
import { decideAccountSet } from "./decide-account-set";
import { importAccounts } from "./import-accounts";
import type { VendingDeps, VendingPullRequests } from "./ports";
import { requestAccountSet } from "./request-account-set";
import { retryAccountSet } from "./retry-account-set";
import { runVendingWorker } from "./run-vending-worker";
import type { RequestAccountSetInput } from "./vending-input";

/*
 * Account vending end to end below the UI: the real adapters against the AWS emulator (Service
 * Catalog, Organizations, EventBridge), the GitHub emulator (real git repos) and PostgreSQL.
 * "Two worker processes" are two runVendingWorker loops on two separate Prisma clients and AWS
 * clients in this process; "killed mid-vend" is a real child process (test/vending-worker-process.ts)
 * stopped with SIGKILL.
 */

const exec = promisify(execFile);
const ORG = "acme-platform";
const db = connectTestDb();
const run = Math.random().toString(36).slice(2, 6);
const timings = {
  pollBackoff: { initialMs: 40, factor: 1, maxMs: 40, jitter: 0 },
  retryBackoff: { initialMs: 40, factor: 1.5, maxMs: 300, jitter: 0 },
  leaseMs: 1_500,
  maxWiringAttempts: 4,
};

let aws: AwsEmulator;
let github: GithubEmulator;
let stateDir: string;
let deps: VendingDeps;
let makeDeps: (database: Db, options?: { pullRequests?: VendingPullRequests }) => VendingDeps;
let githubEnv: Record<string, string>;
let bob: Viewer;
let carol: Viewer;
let settingsBefore: VendingSettings;

async function awsControl<T = unknown>(route: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<T> {
  const response = await fetch(`${aws.url}/__emulator${route}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function githubPulls(repo: string): Promise<Array<{ number: number; headRef: string; title: string; state: string; labels: string[] }>> {
  const response = await fetch(`${github.url}/__emulator/pulls?repo=${ORG}/${repo}`);
  return (await response.json()) as Array<{ number: number; headRef: string; title: string; state: string; labels: string[] }>;
}

async function gitShow(repo: string, ref: string, file: string): Promise<string> {
  const { stdout } = await exec("git", ["--git-dir", path.join(stateDir, "repos", ORG, `${repo}.git`), "show", `${ref}:${file}`]);
  return stdout;
}

interface EmulatorState {
  accounts: Array<{ Id: string; Name: string; ParentId: string; Tags: Array<{ Key: string; Value: string }> }>;
  records: Array<{ provisionedProductName: string; status: string; parameters: { AccountName: string } }>;
  provisionedProducts: Array<{ name: string; status: string }>;
  peakInFlight: number;
  events: Array<{ source: string; detailType: string; eventBusName: string; detail: string }>;
}

const sso = { firstName: "Bob", lastName: "Lead", email: "bob@acme.example" };
const tags = { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" };

function newWorkload(slug: string, extra: Partial<RequestAccountSetInput> = {}): RequestAccountSetInput {
  return { idempotencyKey: randomUUID(), workload: { kind: "new", slug, name: `Workload ${slug}`, teamSlug: "payments" }, tier: 1, sso, tags, reason: "integration test", ...extra };
}

async function requestAndApprove(input: RequestAccountSetInput, using: VendingDeps = deps): Promise<string> {
  const { record } = await requestAccountSet(using, bob, input);
  await decideAccountSet(using, carol, { id: record.id, decision: "approve" });
  return record.id;
}

const work = (using: VendingDeps = deps, owner = "it-worker", budgetMs = 45_000) => runVendingWorker(using, { owner, budgetMs, idleMs: 20, maxSleepMs: 200 });

beforeAll(async () => {
  await seedDemoData(db);
  // Other integration files share this database: close their open account requests so that
  // their rows neither hold in-flight slots nor reach this file's worker.
  await db.$executeRaw`UPDATE account_requests SET status = 'cancelled', closed_at = now(), lease_owner = NULL WHERE closed_at IS NULL`;
  const makeUser = (username: string, name: string) => db.user.create({ data: { externalId: `it:${username}-${run}`, username: `${username}-${run}`, name, email: `${username}@acme.example` } });
  const bobRow = await makeUser("bob", "Bob Lead");
  const carolRow = await makeUser("carol", "Carol Admin");
  bob = { id: bobRow.id, username: bobRow.username, name: bobRow.name, email: bobRow.email, role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }] };
  carol = { id: carolRow.id, username: carolRow.username, name: carolRow.name, email: carolRow.email, role: "admin", workloads: [] };

  aws = await startAwsEmulator({ port: 0, provisionMs: 250 });
  stateDir = await mkdtemp(path.join(os.tmpdir(), "vending-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  github = await startGithubEmulator({ port: 0, stateDir });
  githubEnv = {
    GITHUB_API_URL: github.apiUrl,
    GITHUB_GIT_URL: github.gitUrl,
    GITHUB_APP_ID: String(github.appId),
    GITHUB_APP_PRIVATE_KEY: github.appPrivateKeyPem,
    GITHUB_WEBHOOK_SECRET: github.webhookSecret,
    GITHUB_ORG: ORG,
  };
  const app = createGithubApp({ appId: String(github.appId), privateKey: github.appPrivateKeyPem, webhookSecret: github.webhookSecret, apiUrl: github.apiUrl, gitUrl: github.gitUrl, org: ORG });
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(app, owner, repo);
  // Two attempts: the SDK absorbs a reset keep-alive connection, and scripted throttling (three in
  // a row) still reaches the worker, which must wait it out itself.
  const awsConfig = buildAwsClientConfig({ region: "us-east-1", maxAttempts: 2, endpoint: aws.url, credentials: EMULATOR_CREDENTIALS });
  makeDeps = (database, options = {}) => ({
    store: createPrismaVendingStore(database),
    accountFactory: createServiceCatalogAccountFactory({ client: new ServiceCatalogClient(awsConfig) }),
    directory: createOrganizationsDirectory({ client: new OrganizationsClient(awsConfig) }),
    events: createEventBridgeVendingEvents({ client: new EventBridgeClient(awsConfig), busName: "bulkhead-events" }),
    pullRequests: options.pullRequests ?? createGithubPullRequestPublisher({ getOctokit }),
    repoFactory: createGithubConsumerRepoFactory({ getOctokit }),
    workloads: createPrismaWorkloadStore(database),
    config: { publicUrl: "http://portal.test" },
    wakeWorker: async () => {},
    timings,
  });
  deps = makeDeps(db);
  const current = await deps.store.getSettings();
  settingsBefore = current.settings;
  await deps.store.saveSettings(
    {
      settings: {
        ...defaultVendingSettings,
        emailPattern: "aws+{workload}-{env}@acme.example",
        defaultOus: { dev: { id: "ou-7hq2-4nj7c1ye", name: "NonProd" }, stage: { id: "ou-7hq2-4nj7c1ye", name: "NonProd" }, prod: { id: "ou-7hq2-8pz3k5du", name: "Prod" } },
        providerRepoOwner: ORG,
        providerRepoName: "aws-accounts",
        templateRepoOwner: ORG,
        templateRepoName: "consumer-template",
        consumerRepoOwner: ORG,
        maxInFlight: 5,
      },
      baseRevision: current.revision,
    },
    { id: carol.id, label: carol.username },
  );
}, 120_000);

afterAll(async () => {
  // Leave the settings as other files expect them (they start from the seeded defaults).
  const current = await deps?.store.getSettings();
  if (current) await deps.store.saveSettings({ settings: settingsBefore, baseRevision: current.revision }, { id: null, label: "system:test" });
  await db.$executeRaw`UPDATE account_requests SET status = 'cancelled', closed_at = now(), lease_owner = NULL WHERE closed_at IS NULL`;
  await Promise.allSettled([aws?.close(), github?.close()]);
  await rm(stateDir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("account vending against the AWS and GitHub emulators", () => {
  it("vends a set of three for a new workload: accounts tagged and verified, consumer repo generated, one PR each, bob leads", async () => {
    const slug = `orders${run}`;
    const id = await requestAndApprove(newWorkload(slug));
    await work();

    const set = (await deps.store.findAccountSet(id))!;
    expect(set.state).toBe("vended");
    expect(set.accounts.map((a) => [a.env, a.status])).toEqual([
      ["dev", "done"],
      ["stage", "done"],
      ["prod", "done"],
    ]);
    const state = await awsControl<EmulatorState>("/state");
    for (const account of set.accounts) {
      expect(account.accountId).toMatch(/^\d{12}$/);
      const inAws = state.accounts.find((a) => a.Id === account.accountId)!;
      expect(inAws).toMatchObject({ Name: account.accountName, ParentId: account.ou.id });
      expect(Object.fromEntries(inAws.Tags.map((t) => [t.Key, t.Value]))).toEqual({ ...tags, Workload: slug, Environment: account.env });
      expect(account.steps.verify?.tags).toMatchObject({ Workload: slug, Environment: account.env });
    }

    const provider = (await githubPulls("aws-accounts")).filter((p) => p.headRef === `bulkhead/accounts-${id}`);
    expect(provider).toHaveLength(1);
    expect(provider[0]!.labels).toEqual(expect.arrayContaining(["bulkhead", "account-vending"]));
    const prodFile = await gitShow("aws-accounts", `bulkhead/accounts-${id}`, `accounts/${slug}-prod/account.hcl`);
    expect(prodFile).toContain(`account_id   = "${set.accounts[2]!.accountId}"`);
    expect(prodFile).toMatch(/CostCode\s+= "CC-1234"/);
    const consumer = await githubPulls(`${slug}-infra`);
    expect(consumer).toHaveLength(1);
    expect(await gitShow(`${slug}-infra`, "main", "root.hcl")).toContain('find_in_parent_folders("account.hcl")');
    expect(await gitShow(`${slug}-infra`, consumer[0]!.headRef, "dev/account.hcl")).toContain(`account_id   = "${set.accounts[0]!.accountId}"`);
    expect(set.providerPrUrl).toMatch(/\/acme-platform\/aws-accounts\/pull\/\d+$/);
    expect(set.consumerPrUrl).toMatch(new RegExp(`/acme-platform/${slug}-infra/pull/1$`));

    const workload = await db.workload.findUniqueOrThrow({ where: { slug }, include: { memberships: true, accounts: true } });
    expect(workload.consumerRepo).toBe(`${ORG}/${slug}-infra`);
    expect(workload.memberships).toEqual([expect.objectContaining({ userId: bob.id, role: "lead", source: "manual" })]);
    expect(workload.accounts).toHaveLength(3);

    const events = state.events.filter((e) => e.source === "bulkhead.vending" && JSON.parse(e.detail).setId === id);
    expect(events.map((e) => e.detailType).sort()).toEqual([
      "Account Provisioning Started",
      "Account Provisioning Started",
      "Account Provisioning Started",
      "Account Set Approved",
      "Account Set Requested",
      "Account Vended",
      "Account Vended",
      "Account Vended",
    ]);
    expect(events.every((e) => e.eventBusName === "bulkhead-events")).toBe(true);
    const timeline = await deps.store.listTimeline(id);
    expect(timeline.map((t) => t.action)).toEqual(expect.arrayContaining(["vending.set.request", "vending.set.approve", "vending.account.succeeded", "vending.account.verified", "vending.set.pull_request", "vending.set.vended"]));
  });

  it("stores the RecordErrors of a failed account, and an admin's retry vends it under a new provisioned-product name", async () => {
    const slug = `billing${run}`;
    await awsControl("/failures", { accountName: `${slug}-stage`, description: "The account baseline StackSet instance failed (emulated)." });
    const id = await requestAndApprove(newWorkload(slug));
    await work();
    let set = (await deps.store.findAccountSet(id))!;
    expect(set.state).toBe("partially_failed");
    const stage = set.accounts.find((a) => a.env === "stage")!;
    expect(stage).toMatchObject({ status: "failed", failedStep: "provision", recordStatus: "FAILED", recordErrors: [{ code: "ProvisioningFailed", description: expect.stringMatching(/StackSet/) }] });
    expect(await githubPulls("aws-accounts").then((pulls) => pulls.filter((p) => p.headRef === `bulkhead/accounts-${id}`))).toEqual([]);

    await retryAccountSet(deps, carol, { id, accountRequestId: stage.id });
    await work();
    set = (await deps.store.findAccountSet(id))!;
    expect(set.state).toBe("vended");
    expect(set.accounts.find((a) => a.env === "stage")).toMatchObject({ status: "done", attempt: 2 });
    const products = (await awsControl<EmulatorState>("/state")).provisionedProducts.filter((p) => p.name.startsWith(`${slug}-stage`));
    expect(products.map((p) => [p.name, p.status]).sort()).toEqual([
      [`${slug}-stage`, "ERROR"],
      [`${slug}-stage-attempt-2`, "AVAILABLE"],
    ]);
    expect((await githubPulls("aws-accounts")).filter((p) => p.headRef === `bulkhead/accounts-${id}`)).toHaveLength(1);
  });

  it("waits out throttling of every AWS call it makes, and never fails an account for it", async () => {
    const slug = `search${run}`;
    for (const [service, operation] of [
      ["servicecatalog", "ProvisionProduct"],
      ["servicecatalog", "DescribeRecord"],
      ["organizations", "TagResource"],
      ["organizations", "ListTagsForResource"],
    ] as const) {
      await awsControl("/throttles", { service, operation, count: 3 });
    }
    const id = await requestAndApprove(newWorkload(slug, { environments: ["dev", "prod"] }));
    await work();
    const set = (await deps.store.findAccountSet(id))!;
    expect(set.state).toBe("vended");
    const audit = await db.auditEvent.findMany({ where: { subjectId: { in: set.accounts.map((a) => a.id) } } });
    expect(audit.some((a) => a.action === "vending.account.failed")).toBe(false);
    expect((await awsControl<{ length: number }>("/throttles")).length).toBe(0);
  });

  it("keeps 12 queued requests within the in-flight cap with two workers on separate clients (the emulator's peak)", async () => {
    await awsControl("/provisioning", { durationMs: 400, resetPeak: true });
    const ids: string[] = [];
    for (let i = 1; i <= 12; i++) ids.push(await requestAndApprove(newWorkload(`load${run}${String(i).padStart(2, "0")}`, { tier: 3 })));
    const second = createPrismaClient(testDatabaseUrl(), { max: 4 });
    try {
      const workerA = makeDeps(db);
      const workerB = makeDeps(second);
      // Count each worker's claims and claim attempts: both compete for the same slots.
      const claims = { a: 0, b: 0 };
      const attempts = { a: 0, b: 0 };
      for (const [key, using] of [["a", workerA], ["b", workerB]] as const) {
        const claim = using.store.claimQueuedAccounts.bind(using.store);
        using.store = {
          ...using.store,
          claimQueuedAccounts: async (...args) => {
            attempts[key] += 1;
            const claimed = await claim(...args);
            claims[key] += claimed.length;
            return claimed;
          },
        };
      }
      let peakSeen = 0;
      let done = false;
      const sampler = (async () => {
        while (!done) {
          peakSeen = Math.max(peakSeen, await deps.store.countInFlight());
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      await Promise.all([work(workerA, "worker-a", 90_000), work(workerB, "worker-b", 90_000)]);
      done = true;
      await sampler;
      const sets = await Promise.all(ids.map((id) => deps.store.findAccountSet(id)));
      expect(sets.map((s) => s?.state)).toEqual(Array(12).fill("vended"));
      const health = await awsControl<{ peakInFlight: number }>("/health");
      expect(health.peakInFlight).toBeLessThanOrEqual(5);
      expect(health.peakInFlight).toBeGreaterThanOrEqual(2);
      expect(peakSeen).toBeLessThanOrEqual(5);
      // Every account was claimed once, by whichever worker won the lock; both kept trying.
      expect(claims.a + claims.b).toBe(12);
      expect(Math.min(attempts.a, attempts.b)).toBeGreaterThan(5);
    } finally {
      await second.$disconnect();
      await awsControl("/provisioning", { durationMs: 250 });
    }
  }, 150_000);

  it("survives a worker process killed mid-vend: exactly one account per request in AWS", async () => {
    await awsControl("/provisioning", { durationMs: 1_500 });
    const slugs = [`kill${run}a`, `kill${run}b`];
    const ids = [];
    for (const slug of slugs) ids.push(await requestAndApprove(newWorkload(slug, { tier: 2 })));
    const child = startWorkerProcess();
    try {
      // Kill it while Account Factory is working on accounts it submitted.
      await waitFor(async () => (await awsControl<EmulatorState>("/state")).records.some((r) => r.status === "IN_PROGRESS" && r.parameters.AccountName.startsWith(`kill${run}`)), 30_000);
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await work();
    const state = await awsControl<EmulatorState>("/state");
    for (const [i, slug] of slugs.entries()) {
      const set = (await deps.store.findAccountSet(ids[i]!))!;
      expect(set.state).toBe("vended");
      for (const account of set.accounts) {
        expect(state.accounts.filter((a) => a.Name === account.accountName)).toHaveLength(1);
        expect(state.records.filter((r) => r.parameters.AccountName === account.accountName)).toHaveLength(1);
      }
      expect(await githubPulls(`${slug}-infra`)).toHaveLength(1);
    }
    await awsControl("/provisioning", { durationMs: 250 });
  }, 90_000);

  it("opens both PRs once each even when the process dies between GitHub answering and the checkpoint", async () => {
    const slug = `crash${run}`;
    const app = createGithubApp({ appId: String(github.appId), privateKey: github.appPrivateKeyPem, webhookSecret: github.webhookSecret, apiUrl: github.apiUrl, gitUrl: github.gitUrl, org: ORG });
    const real = createGithubPullRequestPublisher({ getOctokit: (owner, repo) => getRepoOctokit(app, owner, repo) });
    const lost = new Set(["openPullRequest:aws-accounts", `openPullRequest:${slug}-infra`, `pointBranch:${slug}-infra`]);
    // Each of these calls reaches GitHub, then its answer is lost, as when the worker dies right after.
    const flaky: VendingPullRequests = {
      ...real,
      openPullRequest: async (repo, options) => {
        const pull = await real.openPullRequest(repo, options);
        if (lost.delete(`openPullRequest:${repo.repo}`)) throw new Error("connection reset after GitHub opened the pull request");
        return pull;
      },
      pointBranch: async (repo, options) => {
        const result = await real.pointBranch(repo, options);
        if (lost.delete(`pointBranch:${repo.repo}`)) throw new Error("connection reset after GitHub created the branch");
        return result;
      },
    };
    const id = await requestAndApprove(newWorkload(slug, { tier: 3 }));
    await work(makeDeps(db, { pullRequests: flaky }));
    const set = (await deps.store.findAccountSet(id))!;
    expect(set.state).toBe("vended");
    expect(lost.size).toBe(0);
    expect((await githubPulls("aws-accounts")).filter((p) => p.headRef === `bulkhead/accounts-${id}`)).toHaveLength(1);
    expect(await githubPulls(`${slug}-infra`)).toHaveLength(1);
    expect(set.providerPrUrl).not.toBeNull();
    expect(set.steps.providerPr?.pull?.reused).toBe(true);
  });

  it("imports the organization's accounts (paginated) and links them to workloads by their Workload tag", async () => {
    const summary = await importAccounts(deps, { actor: { id: null, label: "system:test" } });
    const state = await awsControl<EmulatorState>("/state");
    expect(summary.seen).toBe(state.accounts.length);
    expect(summary.seen).toBeGreaterThan(14);
    const paymentsDev = await deps.store.findAccount("421938475610");
    expect(paymentsDev).toMatchObject({ name: "payments-dev", source: "imported", workload: { slug: "payments" }, env: "dev", ou: { id: "ou-7hq2-4nj7c1ye", name: "NonProd" } });
    const management = await deps.store.findAccount("318274650912");
    expect(management).toMatchObject({ source: "imported", workload: null, ou: null });
    // Accounts the portal vended stay vended, with AWS's view of their tags refreshed.
    const vended = await deps.store.listAccounts({ source: "vended", skip: 0, take: 500 });
    expect(vended.total).toBeGreaterThanOrEqual(3);
    expect(vended.rows.every((a) => a.observedTags !== null)).toBe(true);
    const again = await importAccounts(deps, { actor: { id: null, label: "system:test" } });
    expect(again).toMatchObject({ created: 0, updated: summary.seen });
    const page = await deps.store.listAccounts({ search: "payments", skip: 0, take: 2 });
    expect(page.rows).toHaveLength(2);
    expect(page.total).toBeGreaterThanOrEqual(3);
  });
});

function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("test/vending-worker-process.ts")], {
    env: {
      ...process.env,
      ...aws.clientEnv,
      ...githubEnv,
      DATABASE_URL: testDatabaseUrl(),
      AUTH_SECRET: "x".repeat(40),
      AUTH_OIDC_ISSUER: "http://127.0.0.1:9/",
      AUTH_OIDC_CLIENT_ID: "test",
      AUTH_OIDC_CLIENT_SECRET: "test",
      BULKHEAD_PUBLIC_URL: "http://portal.test",
      VENDING_TIMINGS: JSON.stringify(timings),
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

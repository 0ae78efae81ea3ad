import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectTestDb } from "@/test/db";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedGithubRepos } from "@/emulators/github/seed/index";
import type { Viewer } from "@/lib/platform/auth/roles";
import { createGithubApp, getRepoOctokit, type InstallationOctokit } from "@/lib/platform/github/github-app";
import { createDisabledNoticeChannels } from "@/lib/estate/adapters/disabled-notice-channels";
import { createPrismaEstateStore } from "@/lib/estate/adapters/prisma-estate-store";
import { createWorkloadsRepoFiles } from "@/lib/estate/adapters/workloads-repo-files";
import { scanWorkloadRepo } from "@/lib/estate/scan-workload-repo";
import { createGithubConsumerRepoReader } from "./adapters/github-consumer-repo-reader";
import { createPrismaWorkloadStore } from "./adapters/prisma-workload-store";
import { getWorkloadDetail } from "./get-workload-detail";
import { listWorkloads } from "./list-workloads";
import type { WorkloadsDeps } from "./ports";
import { registerWorkload } from "./register-workload";

// github-app.ts is marked server-only for Next; in vitest there is no react-server condition.
vi.mock("server-only", () => ({}));

const ORG = "acme-platform";
const db = connectTestDb();
const run = Math.random().toString(36).slice(2, 7);

let stateDir: string;
let emulator: GithubEmulator;
let deps: WorkloadsDeps;
let versions: Record<string, string>;
let getOctokit: (owner: string, repo: string) => Promise<InstallationOctokit>;
/** Every GitHub route the counting reader called, in order. */
const calls: string[] = [];

async function control(route: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${route}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** A reader whose Octokit records each request's route, to count what reaches GitHub. */
function countingReader() {
  return createGithubConsumerRepoReader({
    getOctokit: async (owner, repo) => {
      const octokit = await getOctokit(owner, repo);
      return new Proxy(octokit, {
        get(target, property, receiver) {
          if (property !== "request") return Reflect.get(target, property, receiver);
          return (route: string, parameters?: Record<string, unknown>) => {
            calls.push(route);
            return (target.request as (r: string, p?: Record<string, unknown>) => Promise<unknown>)(route, parameters);
          };
        },
      });
    },
  });
}

const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const bob: Viewer = { id: "0b0b0b00-0000-4000-8000-000000000002", username: "bob", name: "Bob Lead", email: null, role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }, { slug: "ledger", name: "Ledger", role: "lead" }] };

beforeAll(async () => {
  await seedDemoData(db);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "workloads-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  emulator = await startGithubEmulator({ port: 0, stateDir });
  const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
  getOctokit = (owner, repo) => getRepoOctokit(app, owner, repo);
  deps = { store: createPrismaWorkloadStore(db), repos: createGithubConsumerRepoReader({ getOctokit }) };
  versions = await seedCatalogueFixture({
    db,
    repoDir: path.join(stateDir, "repos", ORG, "iac-modules.git"),
    owner: ORG,
    repo: "iac-modules",
    modules: { vpc: ["1.0.0", "1.1.0", "1.2.0"], "sqs-queue": ["1.0.0", "1.2.0"] },
  });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await db.$disconnect();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("workloads", () => {
  it("has the estate scan record the consumer repo's consumptions, catalogue versions and bring-your-own IaC alike", async () => {
    // The scan is the estate domain's (lib/estate); the workload page shows what it recorded.
    const estate = { store: createPrismaEstateStore(db), repos: createWorkloadsRepoFiles(deps.repos), channels: createDisabledNoticeChannels(), now: () => new Date(), config: { publicUrl: "http://portal.test", registryHosts: ["portal.test"], envs: ["dev", "stage", "prod"] } };
    const workload = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
    const result = await scanWorkloadRepo(estate, { target: { workloadId: workload.id, slug: "payments", name: workload.name, repo: { owner: ORG, repo: "payments-infra" } } });
    expect(result.units).toBeGreaterThan(3);
    const rows = await db.consumption.findMany({ where: { workloadId: workload.id, endedAt: null } });
    expect(rows.find((r) => r.file === "dev/eu-west-1/vpc/terragrunt.hcl")).toMatchObject({ unitPath: "dev/eu-west-1/vpc", moduleVersionId: versions["vpc@1.2.0"], ref: "vpc/v1.2.0", recordedBy: "scan" });
    expect(rows.some((r) => r.moduleVersionId === null)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "estate.scan.apply", subjectId: workload.id } })).toBeGreaterThan(0);
  });

  it("shows the units of the repo matched to the catalogue, with the scanned consumption and the next env", async () => {
    const detail = await getWorkloadDetail(deps, alice, { slug: "payments" });
    expect(detail).toMatchObject({ workload: { slug: "payments", consumerRepo: `${ORG}/payments-infra` }, canEdit: true, repoError: null });
    expect(detail.units.find((u) => u.unitPath === "dev/eu-west-1/vpc/terragrunt.hcl")).toMatchObject({
      module: { name: "vpc", source: `${ORG}/iac-modules` },
      version: "1.2.0",
      moduleVersionId: versions["vpc@1.2.0"],
      promoteTo: "stage",
      consumption: { recordedBy: "scan" },
    });
    expect(detail.units.some((u) => u.module === null)).toBe(true);
    expect((await getWorkloadDetail(deps, bob, { slug: "checkout" })).canEdit).toBe(false);
    await expect(getWorkloadDetail(deps, alice, { slug: `missing-${run}` })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists every workload, the viewer's own first", async () => {
    const list = await listWorkloads(deps, bob);
    expect(list.slice(0, 2).map((w) => w.slug).sort()).toEqual(["ledger", "payments"]);
    expect(list.find((w) => w.slug === "payments")).toMatchObject({ yourRole: "lead", team: "Payments team" });
    expect(list.find((w) => w.slug === "checkout")).toMatchObject({ yourRole: null });
  });

  it("registers a workload only when the App sees the repo and it has root.hcl", async () => {
    await expect(
      registerWorkload(deps, bob, { slug: `pay2-${run}`, name: "Payments 2", description: "", teamSlug: "payments", consumerRepo: `${ORG}/missing-repo` }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "consumerRepo" }] });
    await expect(
      registerWorkload(deps, bob, { slug: `pay3-${run}`, name: "Payments 3", description: "", teamSlug: "payments", consumerRepo: `${ORG}/iac-modules` }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(registerWorkload(deps, alice, { slug: `pay4-${run}`, name: "P4", description: "", teamSlug: "payments", consumerRepo: `${ORG}/payments-infra` })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a consumer repo another workload owns, naming it: Walk Dup on payments-infra, Payments on checkout-infra (issue 9)", async () => {
    await expect(registerWorkload(deps, bob, { slug: `walk-dup-${run}`, name: "Walk Dup", description: "", teamSlug: "payments", consumerRepo: `${ORG}/payments-infra` })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: [{ path: "consumerRepo", message: expect.stringContaining(`${ORG}/payments-infra already belongs to the Payments workload (payments)`) }],
    });
    await expect(registerWorkload(deps, bob, { slug: `pay-co-${run}`, name: "Payments on checkout", description: "", teamSlug: "payments", consumerRepo: "ACME-PLATFORM/Checkout-Infra" })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: [{ path: "consumerRepo", message: expect.stringContaining("the Checkout workload (checkout)") }],
    });
    expect(await db.workload.count({ where: { slug: { in: [`walk-dup-${run}`, `pay-co-${run}`] } } })).toBe(0);
  });

  it("has the database refuse a second workload on a repo, whatever its case, and the store name the owner", async () => {
    const team = await db.team.findUniqueOrThrow({ where: { slug: "payments" } });
    await expect(db.workload.create({ data: { slug: `raw-${run}`, name: "Raw", teamId: team.id, consumerRepo: `${ORG.toUpperCase()}/PAYMENTS-INFRA` } })).rejects.toMatchObject({ code: "P2002" });
    // Two registrations racing past the check: the index decides, and the loser gets the field error.
    await expect(
      deps.store.createWorkload({ slug: `race-${run}`, name: "Race", description: "", teamId: team.id, consumerRepo: `${ORG}/Payments-Infra` }, { id: null, label: "test" }),
    ).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: [{ path: "consumerRepo", message: expect.stringContaining("the Payments workload (payments)") }] });
    // Workloads without a repo are not affected.
    await db.workload.createMany({ data: [{ slug: `none-a-${run}`, name: "A", teamId: team.id }, { slug: `none-b-${run}`, name: "B", teamId: team.id }] });
  });

  it("makes the registering lead the workload's lead: a manual membership, audited, kept at sign-in, shown as manual (issue 9)", async () => {
    await control("/repos", { method: "POST", body: { name: `orders-infra-${run}`, files: { "root.hcl": "# root\n", "dev/account.hcl": "locals {}\n" } } });
    const user = await db.user.upsert({ where: { externalId: `oidc:bob-${run}` }, create: { externalId: `oidc:bob-${run}`, username: `bob-${run}`, name: "Bob" }, update: {} });
    const lead: Viewer = { ...bob, id: user.id, username: user.username };
    const created = await registerWorkload(deps, lead, { slug: `orders-${run}`, name: "Orders", description: "", teamSlug: "payments", consumerRepo: `${ORG}/orders-infra-${run}` });
    expect(created).toMatchObject({ grantedLead: true, leadGroup: `orders-${run}-leads` });
    const memberships = await db.membership.findMany({ where: { userId: user.id }, include: { workload: { select: { slug: true } } } });
    expect(memberships.map((m) => [m.workload?.slug, m.role, m.source])).toEqual([[`orders-${run}`, "lead", "manual"]]);
    const grant = await db.auditEvent.findFirstOrThrow({ where: { action: "membership.grant", subjectId: memberships[0]!.id } });
    expect(grant).toMatchObject({ actorId: user.id, after: { user: user.username, workload: `orders-${run}`, role: "lead", source: "manual" } });
    const list = await listWorkloads(deps, { ...lead, workloads: [...lead.workloads, { slug: `orders-${run}`, name: "Orders", role: "lead" }] });
    expect(list.find((w) => w.slug === `orders-${run}`)).toMatchObject({ yourRole: "lead", yourRoleSource: "manual" });
    const detail = await getWorkloadDetail(deps, lead, { slug: `orders-${run}` });
    expect(detail).toMatchObject({ yourRole: { role: "lead", source: "manual" }, grantingGroups: { lead: `orders-${run}-leads`, builder: `team-orders-${run}` } });
  });

  it("refuses an empty repo at registration with a field error", async () => {
    await control("/repos", { method: "POST", body: { name: `empty-infra-${run}` } });
    await expect(registerWorkload(deps, bob, { slug: `empty-${run}`, name: "Empty", description: "", teamSlug: "payments", consumerRepo: `${ORG}/empty-infra-${run}` })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: [{ path: "consumerRepo", message: "The repository is empty: push root.hcl first" }],
    });
  });
});

describe("the consumer-repo reader against GitHub's stricter answers (emulator)", () => {
  it("reads the units once per commit: a second view reads no file, a push reads again", async () => {
    const reader = countingReader();
    const counted = { ...deps, repos: reader };
    const repo = `cache-infra-${run}`;
    const unit = (ref: string) => `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nterraform {\n  source = "git::https://github.com/${ORG}/iac-modules.git//modules/vpc?ref=${ref}"\n}\n\ninputs = {}\n`;
    await control("/repos", { method: "POST", body: { name: repo, files: { "root.hcl": "", "dev/eu-west-1/region.hcl": "", "dev/eu-west-1/vpc/terragrunt.hcl": unit("vpc/v1.1.0"), "dev/eu-west-1/app/terragrunt.hcl": unit("vpc/v1.0.0") } } });
    const team = await db.team.findUniqueOrThrow({ where: { slug: "payments" } });
    await db.workload.create({ data: { slug: `cache-${run}`, name: "Cache", teamId: team.id, consumerRepo: `${ORG}/${repo}` } });

    calls.length = 0;
    const first = await getWorkloadDetail(counted, alice, { slug: `cache-${run}` });
    expect(first.units.map((u) => u.version)).toEqual(["1.0.0", "1.1.0"]);
    const contentsRoute = "GET /repos/{owner}/{repo}/contents/{path}";
    expect(calls.filter((c) => c === contentsRoute)).toHaveLength(2);

    calls.length = 0;
    await getWorkloadDetail(counted, alice, { slug: `cache-${run}` });
    expect(calls).toEqual(["GET /repos/{owner}/{repo}", "GET /repos/{owner}/{repo}/git/ref/{ref}"]);

    await control(`/repos/${ORG}/${repo}/commits`, { method: "POST", body: { files: { "dev/eu-west-1/vpc/terragrunt.hcl": unit("vpc/v1.2.0") }, message: "bump vpc" } });
    calls.length = 0;
    const third = await getWorkloadDetail(counted, alice, { slug: `cache-${run}` });
    expect(third.units.find((u) => u.unitName === "vpc")?.version).toBe("1.2.0");
    expect(calls.filter((c) => c === contentsRoute)).toHaveLength(2);
    expect(calls).toContain("GET /repos/{owner}/{repo}/git/trees/{tree_sha}");
  });

  it("reads a file the contents API leaves empty (over the inline limit) through the git blob", async () => {
    const big = `# ${"x".repeat(5000)}\nlocals {}\n`;
    await control("/repos", { method: "POST", body: { name: `big-infra-${run}`, files: { "root.hcl": big } } });
    await control("/limits", { method: "POST", body: { contentsInlineBytes: 1024 } });
    try {
      const reader = countingReader();
      calls.length = 0;
      const head = await reader.readHead({ owner: ORG, repo: `big-infra-${run}` });
      expect(await reader.readFile({ owner: ORG, repo: `big-infra-${run}` }, { ref: head.sha, path: "root.hcl" })).toBe(big);
      expect(calls).toContain("GET /repos/{owner}/{repo}/git/blobs/{file_sha}");
    } finally {
      await control("/limits", { method: "POST", body: { contentsInlineBytes: 1024 * 1024 } });
    }
  });

  it("refuses a tree GitHub cut short, clearly", async () => {
    await control("/limits", { method: "POST", body: { treeEntries: 3 } });
    try {
      const reader = countingReader();
      const head = await reader.readHead({ owner: ORG, repo: "payments-infra" });
      await expect(reader.listFiles({ owner: ORG, repo: "payments-infra" }, { ref: head.sha })).rejects.toMatchObject({
        code: "UPSTREAM_FAILED",
        message: expect.stringContaining("has more files than GitHub lists in one tree (the listing came back truncated)"),
      });
    } finally {
      await control("/limits", { method: "POST", body: { treeEntries: 100_000 } });
    }
  });

  it("reports an empty repo (409) as such", async () => {
    await control("/repos", { method: "POST", body: { name: `void-${run}` } });
    await expect(countingReader().readHead({ owner: ORG, repo: `void-${run}` })).rejects.toMatchObject({ code: "CONFLICT", details: { reason: "empty_repository" }, message: `${ORG}/void-${run} is empty: push root.hcl first.` });
  });
});

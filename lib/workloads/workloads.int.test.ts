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
import { createGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { createGithubConsumerRepoReader } from "./adapters/github-consumer-repo-reader";
import { createPrismaWorkloadStore } from "./adapters/prisma-workload-store";
import { getWorkloadDetail } from "./get-workload-detail";
import { listWorkloads } from "./list-workloads";
import type { WorkloadsDeps } from "./ports";
import { registerWorkload } from "./register-workload";
import { scanConsumerRepo } from "./scan-consumer-repo";

// github-app.ts is marked server-only for Next; in vitest there is no react-server condition.
vi.mock("server-only", () => ({}));

const ORG = "acme-platform";
const db = connectTestDb();
const run = Math.random().toString(36).slice(2, 7);

let stateDir: string;
let emulator: GithubEmulator;
let deps: WorkloadsDeps;
let versions: Record<string, string>;

const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const bob: Viewer = { id: "0b0b0b00-0000-4000-8000-000000000002", username: "bob", name: "Bob Lead", email: null, role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }, { slug: "ledger", name: "Ledger", role: "lead" }] };

beforeAll(async () => {
  await seedDemoData(db);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "workloads-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  emulator = await startGithubEmulator({ port: 0, stateDir });
  const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
  deps = { store: createPrismaWorkloadStore(db), repos: createGithubConsumerRepoReader({ getOctokit: (owner, repo) => getRepoOctokit(app, owner, repo) }) };
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
  it("scans the consumer repo into consumptions, catalogue versions and bring-your-own IaC alike", async () => {
    const result = await scanConsumerRepo(deps, { workload: "payments" });
    expect(result.units).toBeGreaterThan(3);
    const workload = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
    const rows = await db.consumption.findMany({ where: { workloadId: workload.id } });
    expect(rows.find((r) => r.unitPath === "dev/eu-west-1/vpc/terragrunt.hcl")).toMatchObject({ moduleVersionId: versions["vpc@1.2.0"], ref: "vpc/v1.2.0", recordedBy: "scan" });
    expect(rows.some((r) => r.moduleVersionId === null)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "consumption.scan", subjectId: workload.id } })).toBeGreaterThan(0);
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
    const created = await registerWorkload(deps, bob, { slug: `pay5-${run}`, name: "Payments 5", description: "", teamSlug: "payments", consumerRepo: `${ORG}/payments-infra` });
    expect(created).toMatchObject({ slug: `pay5-${run}`, consumerRepo: `${ORG}/payments-infra` });
    expect(await db.auditEvent.count({ where: { action: "workload.create", subjectId: created.id } })).toBe(1);
  });
});

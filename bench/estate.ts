// Estate benchmark (issue 12): scan 200 consumer repos of 50 Terragrunt units each through the
// GitHub emulator (repos per second, and where the time goes), fan out notices for a new version
// of a module used by 5,000 units (target < 5 s end to end), and the inbox of a user with 1,000
// notices (target p95 < 50 ms), then a bulk upgrade of 25 units of one repo (25 PRs through the
// emulator, and the same batch again, which must find them). Real PostgreSQL, a fresh database.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { percentile } from "./support/percentile";
import { registerServerOnly } from "../lib/cli/register-server-only";

const REPOS = Number(process.env.BENCH_ESTATE_REPOS ?? 200);
const UNITS = Number(process.env.BENCH_ESTATE_UNITS ?? 50);
const SCAN_CONCURRENCY = Number(process.env.BENCH_ESTATE_CONCURRENCY ?? 8);
const ORG = "acme-platform";
const INBOX_RUNS = 200;

export async function runEstateBench(): Promise<Record<string, unknown>> {
  registerServerOnly();
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const { migrateDatabase } = await import("../scripts/lib/migrate");
  const { createPrismaClient } = await import("../lib/platform/create-prisma-client");
  const { startGithubEmulator } = await import("../emulators/github/server");
  const { seedGithubRepos } = await import("../emulators/github/seed/index");
  const { writeBareRepo } = await import("../emulators/github/seed/write-bare-repo");
  const { createGithubApp, getRepoOctokit } = await import("../lib/platform/github/github-app");
  const { createGithubConsumerRepoReader } = await import("../lib/workloads/adapters/github-consumer-repo-reader");
  const { seedCatalogueFixture } = await import("../test/seed-catalogue-fixture");
  const { createPrismaEstateStore } = await import("../lib/estate/adapters/prisma-estate-store");
  const { createWorkloadsRepoFiles } = await import("../lib/estate/adapters/workloads-repo-files");
  const { createDisabledNoticeChannels } = await import("../lib/estate/adapters/disabled-notice-channels");
  const { scanWorkloadRepo } = await import("../lib/estate/scan-workload-repo");
  const { reconcileNotices } = await import("../lib/estate/reconcile-notices");
  const { openUpgradePullRequests, MAX_BULK_UPGRADES } = await import("../lib/estate/open-upgrade-pull-requests");
  const { createGithubPullRequestPublisher } = await import("../lib/scaffold/adapters/github-pull-request-publisher");
  const { createPrismaModuleVersionReader } = await import("../lib/scaffold/adapters/prisma-module-version-reader");
  const { createPrismaScaffoldStore } = await import("../lib/scaffold/adapters/prisma-scaffold-store");
  const { createPrismaWorkloadStore } = await import("../lib/workloads/adapters/prisma-workload-store");
  type EstateDeps = import("../lib/estate/ports").EstateDeps;

  const database = await createTestDatabase("bulkhead_bench_estate");
  const db = createPrismaClient(database.url, { max: 10 });
  const stateDir = await mkdtemp(path.join(os.tmpdir(), "bench-estate-"));
  let emulator: Awaited<ReturnType<typeof startGithubEmulator>> | null = null;
  try {
    await migrateDatabase(database.url);
    const reposDir = path.join(stateDir, "repos");
    await seedGithubRepos({ reposDir, org: ORG });

    // 200 consumer repos of 50 units: half on vpc 1.2.0 (the newest), half on sqs-queue 1.2.0.
    const seedStart = performance.now();
    const rootHcl = 'remote_state {\n  backend = "s3"\n}\n';
    const unitFile = (i: number) => {
      const moduleName = i % 2 === 0 ? "vpc" : "sqs-queue";
      return `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nterraform {\n  source = "git::https://github.com/${ORG}/iac-modules.git//modules/${moduleName}?ref=${moduleName}/v1.2.0"\n}\n\ninputs = {\n  name = "unit-${i}"\n}\n`;
    };
    const repoNames = Array.from({ length: REPOS }, (_, i) => `bench-consumer-${String(i).padStart(3, "0")}`);
    for (let i = 0; i < repoNames.length; i += 16) {
      await Promise.all(
        repoNames.slice(i, i + 16).map((repo) =>
          writeBareRepo({
            bareDir: path.join(reposDir, ORG, `${repo}.git`),
            description: "bench consumer repo",
            buildCommits: async () => [
              {
                message: "units",
                date: new Date("2026-01-01T00:00:00Z"),
                files: Object.fromEntries([
                  ["root.hcl", rootHcl],
                  ...Array.from({ length: UNITS }, (_, u) => [`${["dev", "stage", "prod"][u % 3]}/eu-west-1/unit-${u}/terragrunt.hcl`, unitFile(u)]),
                ]),
              },
            ],
          }),
        ),
      );
    }
    const seedMs = performance.now() - seedStart;

    emulator = await startGithubEmulator({ port: 0, stateDir });
    const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
    const reader = createGithubConsumerRepoReader({ getOctokit: (owner, repo) => getRepoOctokit(app, owner, repo) });
    const versions = await seedCatalogueFixture({ db, repoDir: path.join(reposDir, ORG, "iac-modules.git"), owner: ORG, repo: "iac-modules", modules: { vpc: ["1.0.0", "1.1.0", "1.2.0"], "sqs-queue": ["1.0.0", "1.2.0"] } });
    const vpcModuleId = (await db.moduleVersion.findUniqueOrThrow({ where: { id: versions["vpc@1.2.0"]! } })).moduleId;

    const team = await db.team.create({ data: { slug: "bench-team", name: "Bench team" } });
    await db.workload.createMany({ data: repoNames.map((repo) => ({ slug: repo, name: repo, teamId: team.id, consumerRepo: `${ORG}/${repo}` })) });
    const store = createPrismaEstateStore(db);
    const deps: EstateDeps = {
      store,
      repos: createWorkloadsRepoFiles(reader),
      channels: createDisabledNoticeChannels(),
      now: () => new Date(),
      config: { publicUrl: "http://portal.bench", registryHosts: ["portal.bench"], envs: ["dev", "stage", "prod"] },
    };

    // ---------------------------------------------------------------- scans
    const targets = await store.listScanTargets();
    const phases = { read: 0, parse: 0, apply: 0, notices: 0 };
    let references = 0;
    let next = 0;
    const scanStart = performance.now();
    await Promise.all(
      Array.from({ length: SCAN_CONCURRENCY }, async () => {
        while (next < targets.length) {
          const target = targets[next++]!;
          const result = await scanWorkloadRepo(deps, { target });
          references += result.references;
          for (const key of Object.keys(phases) as Array<keyof typeof phases>) phases[key] += result.timings[key];
        }
      }),
    );
    const scanMs = performance.now() - scanStart;
    const rescanStart = performance.now();
    await scanWorkloadRepo(deps, { target: targets[0]! });
    const rescanOneMs = performance.now() - rescanStart;

    // ---------------------------------------------------------------- fan-out
    const vpcUnits = await db.consumption.count({ where: { moduleId: vpcModuleId, endedAt: null } });
    const fanStart = performance.now();
    // 1.3.0 keeps 1.2.0's inputs (its docs are copied), so the upgrade PRs below need no new input.
    const docs120 = (await db.moduleVersion.findUniqueOrThrow({ where: { id: versions["vpc@1.2.0"]! } })).docs ?? {};
    await db.moduleVersion.create({ data: { moduleId: vpcModuleId, version: "1.3.0", tag: "vpc/v1.3.0", commitSha: "f".repeat(40), major: 1, minor: 3, patch: 0, docs: docs120 } });
    const fanned = await reconcileNotices(deps, { moduleId: vpcModuleId });
    const fanOutMs = performance.now() - fanStart;
    const again = performance.now();
    const second = await reconcileNotices(deps, { moduleId: vpcModuleId });
    const fanOutNoopMs = performance.now() - again;

    // ---------------------------------------------------------------- inbox
    const user = await db.user.create({ data: { externalId: "bench:inbox", username: "inbox", name: "Inbox Bench" } });
    const perWorkload = Math.ceil(UNITS / 2);
    const workloadsFor1000 = Math.ceil(1000 / perWorkload);
    const workloadRows = await db.workload.findMany({ where: { slug: { in: repoNames.slice(0, workloadsFor1000) } }, select: { id: true } });
    await db.membership.createMany({ data: workloadRows.map((w) => ({ userId: user.id, workloadId: w.id, role: "builder" as const })) });
    const inboxSamples: number[] = [];
    const countSamples: number[] = [];
    let visible = 0;
    for (let i = 0; i < INBOX_RUNS; i++) {
      const t0 = performance.now();
      const page = await store.listInbox({ userId: user.id, now: new Date(), filter: i % 2 === 0 ? {} : { unreadOnly: true }, cursor: null, take: 50 });
      inboxSamples.push(performance.now() - t0);
      const t1 = performance.now();
      visible = await store.countUnread(user.id);
      countSamples.push(performance.now() - t1);
      if (page.items.length === 0) throw new Error("the inbox is empty");
    }

    // ---------------------------------------------------------------- bulk upgrade
    const getOctokit = (owner: string, repo: string) => getRepoOctokit(app, owner, repo);
    const scaffold = {
      store: createPrismaScaffoldStore(db),
      versions: createPrismaModuleVersionReader(db),
      workloads: { store: createPrismaWorkloadStore(db), repos: reader },
      publisher: createGithubPullRequestPublisher({ getOctokit }),
      config: { gitUrl: emulator.gitUrl, publicUrl: "http://portal.bench" },
    };
    const lead = await db.user.create({ data: { externalId: "bench:lead", username: "lead", name: "Lead Bench" } });
    const admin = { id: lead.id, username: "lead", name: "Lead Bench", email: null, role: "admin" as const, workloads: [] };
    const bulkUnits = await db.consumption.findMany({ where: { workloadId: targets[0]!.workloadId, moduleId: vpcModuleId, endedAt: null }, orderBy: { file: "asc" }, take: MAX_BULK_UPGRADES, select: { id: true } });
    const bulkStart = performance.now();
    const bulk = await openUpgradePullRequests(deps, scaffold, admin, { consumptionIds: bulkUnits.map((u) => u.id) });
    const bulkMs = performance.now() - bulkStart;
    const bulkAgainStart = performance.now();
    const bulkAgain = await openUpgradePullRequests(deps, scaffold, admin, { consumptionIds: bulkUnits.map((u) => u.id) });
    const bulkAgainMs = performance.now() - bulkAgainStart;
    const count = (results: typeof bulk.results, status: string) => results.filter((r) => r.status === status).length;

    inboxSamples.sort((a, b) => a - b);
    countSamples.sort((a, b) => a - b);
    return {
      repos: targets.length,
      unitsPerRepo: UNITS,
      references,
      scanConcurrency: SCAN_CONCURRENCY,
      seedReposMs: Math.round(seedMs),
      scanAllMs: Math.round(scanMs),
      reposPerSecond: Number((targets.length / (scanMs / 1000)).toFixed(1)),
      rescanOneUnchangedMs: Math.round(rescanOneMs),
      fanOutUnits: vpcUnits,
      fanOutOpened: fanned.opened,
      fanOutMs: Math.round(fanOutMs),
      fanOutTargetMs: 5000,
      fanOutRepeatChanged: second.opened + second.updated + second.resolved,
      fanOutRepeatMs: Math.round(fanOutNoopMs),
      inboxNotices: visible,
      inboxP50Ms: Number(percentile(inboxSamples, 50).toFixed(1)),
      inboxP95Ms: Number(percentile(inboxSamples, 95).toFixed(1)),
      inboxTargetP95Ms: 50,
      unreadCountP95Ms: Number(percentile(countSamples, 95).toFixed(1)),
      bulkUpgradeUnits: bulkUnits.length,
      bulkUpgradeOpened: count(bulk.results, "opened"),
      bulkUpgradeOther: bulk.results.filter((r) => r.status !== "opened").map((r) => `${r.status}: ${r.message ?? ""}`).slice(0, 3),
      bulkUpgradeMs: Math.round(bulkMs),
      bulkUpgradeAgainAlreadyOpen: count(bulkAgain.results, "already_open"),
      bulkUpgradeAgainMs: Math.round(bulkAgainMs),
      "scan phases (ms summed over scans)": { read: phases.read, parse: phases.parse, apply: phases.apply, notices: phases.notices },
    };
  } finally {
    await emulator?.close();
    await db.$disconnect();
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

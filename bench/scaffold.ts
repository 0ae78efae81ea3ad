// Scaffold benchmark: 50 submissions (distinct idempotency keys and units) against a fresh
// database and a seeded GitHub emulator, timed from createScaffold() to the PR existing.
// GitHub round trips are timed separately so the portal's own share can be read off.
import { register } from "node:module";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

// The adapters are `server-only` for Next; outside it, resolve that marker as React's server build does.
register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(s, c, n) { return s === "server-only" ? n(s, { ...c, conditions: [...c.conditions, "react-server"] }) : n(s, c); }',
    ),
  import.meta.url,
);

const RUNS = 50;
const WARMUP = 2;
const ORG = "acme-platform";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] ?? 0) * 10) / 10;
}

/** Runs the benchmark and returns its figures (milliseconds unless named otherwise). */
export async function runScaffoldBench(): Promise<Record<string, number | string>> {
  const { createTestDatabase } = await import("../scripts/lib/test-database");
  const { migrateDatabase } = await import("../scripts/lib/migrate");
  const { createPrismaClient } = await import("../lib/platform/create-prisma-client");
  const { seedDemoData } = await import("../prisma/seed-demo-data");
  const { seedGithubRepos } = await import("../emulators/github/seed/index");
  const { startGithubEmulator } = await import("../emulators/github/server");
  const { createGithubApp, getRepoOctokit } = await import("../lib/platform/github/github-app");
  const { createGithubPullRequestPublisher } = await import("../lib/scaffold/adapters/github-pull-request-publisher");
  const { createGithubConsumerRepoReader } = await import("../lib/workloads/adapters/github-consumer-repo-reader");
  const { createPrismaWorkloadStore } = await import("../lib/workloads/adapters/prisma-workload-store");
  const { createPrismaModuleVersionReader } = await import("../lib/scaffold/adapters/prisma-module-version-reader");
  const { createPrismaScaffoldStore } = await import("../lib/scaffold/adapters/prisma-scaffold-store");
  const { seedCatalogueFixture } = await import("../test/seed-catalogue-fixture");
  const { createScaffold } = await import("../lib/scaffold/create-scaffold");

  const database = await createTestDatabase("bulkhead_bench");
  const stateDir = await mkdtemp(path.join(os.tmpdir(), "scaffold-bench-"));
  const db = createPrismaClient(database.url, { max: 4 });
  const emulator = await (async () => {
    await migrateDatabase(database.url);
    await seedDemoData(db);
    await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
    return startGithubEmulator({ port: 0, stateDir });
  })();
  try {
    const versions = await seedCatalogueFixture({
      db,
      repoDir: path.join(stateDir, "repos", ORG, "iac-modules.git"),
      owner: ORG,
      repo: "iac-modules",
      modules: { "sqs-queue": ["1.2.0"] },
    });
    const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });

    // Every GitHub round trip of the current submission, timed at the client.
    let githubMs = 0;
    let githubCalls = 0;
    const getOctokit = async (owner: string, repo: string) => {
      const octokit = await getRepoOctokit(app, owner, repo);
      octokit.hook.wrap("request", async (request, options) => {
        const started = performance.now();
        try {
          return await request(options);
        } finally {
          githubMs += performance.now() - started;
          githubCalls += 1;
        }
      });
      return octokit;
    };
    const publisher = createGithubPullRequestPublisher({ getOctokit });
    let prCreatedAt = 0;
    const deps = {
      store: createPrismaScaffoldStore(db),
      versions: createPrismaModuleVersionReader(db),
      workloads: { store: createPrismaWorkloadStore(db), repos: createGithubConsumerRepoReader({ getOctokit }) },
      publisher: {
        ...publisher,
        async openPullRequest(...args: Parameters<typeof publisher.openPullRequest>) {
          const pull = await publisher.openPullRequest(...args);
          prCreatedAt = performance.now();
          return pull;
        },
      },
      config: { gitUrl: emulator.gitUrl, publicUrl: "http://localhost:3000" },
    };
    const admin = { id: "00000000-0000-4000-8000-00000000be4c", username: "bench", name: "Bench", email: null, role: "admin" as const, workloads: [] };

    const toPr: number[] = [];
    const toReturn: number[] = [];
    const github: number[] = [];
    const portal: number[] = [];
    let calls = 0;
    const branches: string[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      githubMs = 0;
      githubCalls = 0;
      const started = performance.now();
      const outcome = await createScaffold(deps, admin, {
        workload: "payments",
        moduleVersionId: versions["sqs-queue@1.2.0"]!,
        env: "dev",
        region: "eu-west-1",
        unitName: `bench-${i}`,
        style: "terragrunt",
        values: { name: `payments-bench-${i}`, visibility_timeout_seconds: 60 + i },
        idempotencyKey: `bench-${Date.now()}-${i}`,
        mode: "create",
      });
      const returned = performance.now();
      if (outcome.state !== "pr_open") throw new Error(`run ${i}: ${outcome.state} ${outcome.failureMessage ?? ""}`);
      if (i < WARMUP) continue;
      toPr.push(prCreatedAt - started);
      toReturn.push(returned - started);
      github.push(githubMs);
      portal.push(returned - started - githubMs);
      calls += githubCalls;
      branches.push((await db.scaffoldRequest.findUniqueOrThrow({ where: { id: outcome.id } })).branch);
    }
    const pulls = (await (await fetch(`${emulator.url}/__emulator/pulls?repo=${ORG}/payments-infra`)).json()) as Array<{ headRef: string }>;
    const prsFound = branches.filter((b) => pulls.some((p) => p.headRef === b)).length;

    // The emulator alone: a plain authenticated GET, repeated, as a floor for one round trip.
    const octokit = await getRepoOctokit(app, ORG, "payments-infra");
    const raw: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      await octokit.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { owner: ORG, repo: "payments-infra", ref: "heads/main" });
      raw.push(performance.now() - started);
    }

    return {
      runs: RUNS,
      prs_found_in_emulator: prsFound,
      submit_to_pr_p50_ms: percentile(toPr, 50),
      submit_to_pr_p95_ms: percentile(toPr, 95),
      submit_to_pr_open_p50_ms: percentile(toReturn, 50),
      submit_to_pr_open_p95_ms: percentile(toReturn, 95),
      github_roundtrips_per_submit: Math.round((calls / RUNS) * 10) / 10,
      github_time_p50_ms: percentile(github, 50),
      github_time_p95_ms: percentile(github, 95),
      portal_time_excl_github_p50_ms: percentile(portal, 50),
      portal_time_excl_github_p95_ms: percentile(portal, 95),
      emulator_single_get_p50_ms: percentile(raw, 50),
      target: "submit_to_pr_p95_ms < 1000 (excluding the emulator's own time: portal_time_excl_github)",
      database: database.kind,
    };
  } finally {
    await emulator.close();
    await db.$disconnect();
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  }
}

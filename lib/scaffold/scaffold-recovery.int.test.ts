import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedGithubRepos } from "@/emulators/github/seed/index";
import type { Viewer } from "@/lib/platform/auth/roles";
import { createGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { createGithubConsumerRepoReader } from "@/lib/workloads/adapters/github-consumer-repo-reader";
import { createPrismaWorkloadStore } from "@/lib/workloads/adapters/prisma-workload-store";
import { connectTestDb } from "@/test/db";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";
import { createGithubPullRequestPublisher } from "./adapters/github-pull-request-publisher";
import { createPrismaModuleVersionReader } from "./adapters/prisma-module-version-reader";
import { createPrismaScaffoldStore } from "./adapters/prisma-scaffold-store";
import { createScaffold } from "./create-scaffold";
import type { ScaffoldDeps } from "./ports";
import { reconcileOpenScaffolds } from "./reconcile-open-scaffolds";
import { resumeStalledScaffolds } from "./resume-stalled-scaffolds";

vi.mock("server-only", () => ({}));

// Recovery against the GitHub emulator: webhooks that never arrive, and GitHub failing a step.
// The ledger workload, so that PR numbers never meet those of scaffold.int.test.ts's emulator.
const ORG = "acme-platform";
const REPO = "ledger-infra";
const db = connectTestDb();
const run = Math.random().toString(36).slice(2, 7);

let stateDir: string;
let emulator: GithubEmulator;
let deps: ScaffoldDeps;
let versions: Record<string, string>;

const lena: Viewer = { id: "0b0a11ce-0000-4000-8000-00000000000e", username: "lena", name: "Lena Builder", email: null, role: "builder", workloads: [{ slug: "ledger", name: "Ledger", role: "builder" }] };

async function control(route: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${route}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

type EmulatorPull = { number: number; headRef: string; state: string; labels?: Array<string | { name: string }> };
const pullsFor = async (branch: string) => ((await control(`/pulls?repo=${ORG}/${REPO}`)) as EmulatorPull[]).filter((p) => p.headRef === branch);

const request = (unitName: string) => ({
  workload: "ledger",
  moduleVersionId: versions["sqs-queue@1.2.0"]!,
  env: "dev" as const,
  region: "eu-west-1",
  unitName,
  style: "terragrunt" as const,
  values: { name: `ledger-${unitName}`, visibility_timeout_seconds: 90 },
  idempotencyKey: `key-${unitName}`,
  mode: "create" as const,
});

beforeAll(async () => {
  await seedDemoData(db);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "scaffold-recovery-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  // Webhooks go nowhere: every delivery the emulator attempts is lost.
  emulator = await startGithubEmulator({ port: 0, stateDir, webhookUrl: "http://127.0.0.1:1/api/github/webhooks" });
  const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(app, owner, repo);
  deps = {
    store: createPrismaScaffoldStore(db),
    versions: createPrismaModuleVersionReader(db),
    workloads: { store: createPrismaWorkloadStore(db), repos: createGithubConsumerRepoReader({ getOctokit }) },
    publisher: createGithubPullRequestPublisher({ getOctokit }),
    config: { gitUrl: emulator.gitUrl, publicUrl: "http://portal.test" },
  };
  versions = await seedCatalogueFixture({
    db,
    repoDir: path.join(stateDir, "repos", ORG, "iac-modules.git"),
    owner: ORG,
    repo: "iac-modules",
    modules: { "sqs-queue": ["1.0.0", "1.2.0"] },
  });
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await db.$disconnect();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("reconciling PRs whose webhooks were lost", () => {
  it("records a merge exactly as the webhook would, a close as closed, and leaves open PRs open", async () => {
    const toMerge = await createScaffold(deps, lena, request(`merged-${run}`));
    const toClose = await createScaffold(deps, lena, request(`closed-${run}`));
    const stillOpen = await createScaffold(deps, lena, request(`open-${run}`));
    expect([toMerge.state, toClose.state, stillOpen.state]).toEqual(["pr_open", "pr_open", "pr_open"]);

    const merge = (await control(`/repos/${ORG}/${REPO}/pulls/${toMerge.prNumber}/merge`, { method: "POST" })) as { sha: string };
    await control(`/repos/${ORG}/${REPO}/pulls/${toClose.prNumber}/close`, { method: "POST" });
    const deliveries = (await control("/deliveries")) as Array<{ event: string; action: string | null; status: number | null; error: string | null }>;
    expect(deliveries.filter((d) => d.event === "pull_request" && d.action === "closed").every((d) => d.status === null && d.error)).toBe(true);
    // Nothing told the portal: before the fix, these stayed pr_open for good.
    expect((await deps.store.findScaffold(toMerge.id))?.state).toBe("pr_open");

    const result = await reconcileOpenScaffolds(deps);
    expect(result.merged).toContain(toMerge.id);
    expect(result.closed).toContain(toClose.id);
    expect(result.merged).not.toContain(stillOpen.id);
    expect(result.closed).not.toContain(stillOpen.id);

    const merged = (await deps.store.findScaffold(toMerge.id))!;
    expect(merged).toMatchObject({ state: "merged", mergeCommitSha: merge.sha });
    const workload = await db.workload.findUniqueOrThrow({ where: { slug: "ledger" } });
    const consumption = await db.consumption.findFirstOrThrow({ where: { workloadId: workload.id, file: merged.unitPath, endedAt: null } });
    expect(consumption).toMatchObject({ recordedBy: "scaffold", scaffoldRequestId: toMerge.id, commitSha: merge.sha, moduleVersionId: versions["sqs-queue@1.2.0"], ref: "sqs-queue/v1.2.0" });
    expect((await deps.store.findScaffold(toClose.id))?.state).toBe("closed");
    expect((await deps.store.findScaffold(stillOpen.id))?.state).toBe("pr_open");
    const audit = await db.auditEvent.findMany({ where: { subjectId: toMerge.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => `${a.action} by ${a.actorLabel}`)).toEqual(["scaffold.create by lena", "scaffold.pr_open by lena", "scaffold.merged by system:reconcile"]);

    // A second run, or the webhook arriving late, changes nothing.
    const again = await reconcileOpenScaffolds(deps);
    expect(again.merged).not.toContain(toMerge.id);
    expect(await db.auditEvent.count({ where: { subjectId: toMerge.id } })).toBe(3);
  });
});

describe("delivery recovery against GitHub faults", () => {
  it("shows the PR of a request whose labels step got a 503, and the resume job finishes it", async () => {
    await control("/faults", { method: "POST", body: { match: { method: "POST", pathPattern: "/issues/\\d+/labels$" }, status: 503, count: 1 } });
    const outcome = await createScaffold(deps, lena, request(`labels-${run}`));
    expect(outcome).toMatchObject({ state: "failed", failedStep: "labels" });
    expect(outcome.prUrl).toMatch(new RegExp(`/${ORG}/${REPO}/pull/${outcome.prNumber}$`));
    expect(outcome.failureMessage).toMatch(new RegExp(`^Pull request #${outcome.prNumber} is open \\(.+\\), but adding labels failed: GitHub had an internal error \\(503\\)`));
    const record = (await deps.store.findScaffold(outcome.id))!;
    expect(await pullsFor(record.branch)).toHaveLength(1);

    const resumed = await resumeStalledScaffolds(deps, { stalledForMs: 0 });
    expect(resumed.resumed).toBeGreaterThanOrEqual(1);
    const done = (await deps.store.findScaffold(outcome.id))!;
    expect(done).toMatchObject({ state: "pr_open", prNumber: outcome.prNumber, failedStep: null, failureMessage: null });
    expect(done.steps.automaticRetries).toBe(1);
    const pulls = await pullsFor(done.branch);
    expect(pulls).toHaveLength(1);
    expect(JSON.stringify(pulls[0]!.labels)).toContain("bulkhead");
    const actions = (await db.auditEvent.findMany({ where: { subjectId: outcome.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["scaffold.create", "scaffold.failed", "scaffold.retry", "scaffold.pr_open"]);
  });
});

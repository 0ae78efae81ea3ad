import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectTestDb } from "@/test/db";
import { startEstateUpgradeStack, ORG, type EstateUpgradeStack } from "@/test/estate-upgrade-stack";
import { seedDemoData } from "@/prisma/seed-demo-data";
import type { Viewer } from "@/lib/platform/auth/roles";
import type { ScaffoldDeps } from "@/lib/scaffold";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";
import { openUpgradePullRequest } from "./open-upgrade-pull-request";
import type { EstateDeps, ScanTarget } from "./ports";
import { scanWorkloadRepo } from "./scan-workload-repo";

/*
 * The unit views and the inbox carry each unit's open upgrade PR (number, link, target version),
 * read from the scaffold requests the upgrades delivered through the GitHub emulator, until the
 * emulator merges or closes it (its signed webhooks, handled by the scaffold and the estate as the
 * webhook route does).
 */

vi.mock("server-only", () => ({}));

const db = connectTestDb();
const VPC = "prod/eu-west-1/vpc/terragrunt.hcl";
const QUEUE = "dev/eu-west-1/orders-queue/terragrunt.hcl";

let stack: EstateUpgradeStack;
let scaffold: ScaffoldDeps;
let deps: EstateDeps;
let target: ScanTarget;
let ids: Record<string, string>;
/** A member of payments, whose inbox holds its notices. */
let reader: string;

const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };

async function waitFor(predicate: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openConsumption(file: string) {
  return (await db.consumption.findFirst({ where: { workloadId: target.workloadId, file, endedAt: null }, include: { moduleVersion: true } }))!;
}

/** The payments units as the workload page reads them, by file. */
async function unitViews() {
  return new Map((await deps.store.listUnitViews({ workloadSlugs: ["payments"] })).map((u) => [u.file, u]));
}

/** A payments member's inbox item for the unit's open notice. */
async function inboxItemOf(file: string) {
  const consumption = await openConsumption(file);
  const { items } = await deps.store.listInbox({ userId: reader, now: new Date(), filter: {}, cursor: null, take: 200 });
  return items.find((i) => i.notice.consumptionId === consumption.id) ?? null;
}

async function openPullRequest(file: string, toVersionId?: string) {
  const outcome = await openUpgradePullRequest(deps, scaffold, alice, { consumptionId: (await openConsumption(file)).id, toVersionId });
  if (outcome.status === "inputs_required") throw new Error(`${file} needs no new inputs`);
  const { prNumber, prUrl } = outcome.pullRequest;
  expect(prNumber).toEqual(expect.any(Number));
  return { id: outcome.pullRequest.id, number: prNumber!, url: prUrl!, targetVersion: outcome.to };
}

beforeAll(async () => {
  await seedDemoData(db);
  stack = await startEstateUpgradeStack(db, "estate-open-upgrade-views-it-");
  ({ scaffold, deps } = stack);
  ids = await seedCatalogueFixture({ db, repoDir: path.join(stack.stateDir, "repos", ORG, "iac-modules.git"), owner: ORG, repo: "iac-modules", modules: { vpc: ["1.0.0", "1.1.0", "1.2.0"], "sqs-queue": ["1.0.0", "1.2.0"] } });
  const [payments] = await deps.store.listScanTargets({ repo: { owner: ORG, repo: "payments-infra" } });
  target = payments!;
  reader = (await db.user.create({ data: { externalId: "test:inbox-reader", username: "inbox-reader", name: "Inbox reader" } })).id;
  await db.membership.create({ data: { userId: reader, workloadId: target.workloadId, role: "builder" } });
  await scanWorkloadRepo(deps, { target });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("open upgrade PRs in the unit views and the inbox", () => {
  it("shows a unit's open upgrade PR with its number, link and target version: an older one while it is the only one, then the newest", async () => {
    const before = await unitViews();
    expect([...before.values()].every((u) => u.openUpgrade === null)).toBe(true);
    expect(before.get(VPC)).toMatchObject({ version: { version: "1.0.0" }, notice: { targetVersion: "1.2.0" } });

    // A PR to 1.1.0 while the notice asks for 1.2.0: the unit shows it (and still wants the newer one).
    const older = await openPullRequest(VPC, ids["vpc@1.1.0"]);
    expect(older.targetVersion).toBe("1.1.0");
    let views = await unitViews();
    expect(views.get(VPC)?.openUpgrade).toEqual({ number: older.number, url: older.url, targetVersion: "1.1.0" });
    expect((await inboxItemOf(VPC))?.openUpgrade).toEqual({ number: older.number, url: older.url, targetVersion: "1.1.0" });

    const newer = await openPullRequest(VPC);
    expect(newer).toMatchObject({ targetVersion: "1.2.0" });
    expect(newer.number).not.toBe(older.number);
    views = await unitViews();
    expect(views.get(VPC)?.openUpgrade).toEqual({ number: newer.number, url: newer.url, targetVersion: "1.2.0" });
    expect((await inboxItemOf(VPC))?.openUpgrade).toEqual({ number: newer.number, url: newer.url, targetVersion: "1.2.0" });
    // Only that unit has one.
    expect([...views.values()].filter((u) => u.openUpgrade !== null).map((u) => u.file)).toEqual([VPC]);
  });

  it("drops a PR once the emulator closes it, while the notice stays open", async () => {
    const pull = await openPullRequest(QUEUE);
    expect((await unitViews()).get(QUEUE)?.openUpgrade).toEqual({ number: pull.number, url: pull.url, targetVersion: "1.2.0" });
    expect((await inboxItemOf(QUEUE))?.openUpgrade).toMatchObject({ number: pull.number });

    await stack.control(`/repos/${ORG}/payments-infra/pulls/${pull.number}/close`, { method: "POST" });
    await waitFor(async () => (await db.scaffoldRequest.findUniqueOrThrow({ where: { id: pull.id } })).state === "closed");
    const unit = (await unitViews()).get(QUEUE);
    expect(unit?.notice).not.toBeNull();
    expect(unit?.openUpgrade).toBeNull();
    const item = await inboxItemOf(QUEUE);
    expect(item).not.toBeNull();
    expect(item?.openUpgrade).toBeNull();
  });

  it("drops a PR once the emulator merges it, and an older one still open that the unit has passed", async () => {
    const requests = await db.scaffoldRequest.findMany({ where: { workloadId: target.workloadId, kind: "update", unitPath: VPC }, include: { moduleVersion: true } });
    const newer = requests.find((r) => r.moduleVersion.version === "1.2.0")!;
    const older = requests.find((r) => r.moduleVersion.version === "1.1.0")!;
    await stack.control(`/repos/${ORG}/payments-infra/pulls/${newer.prNumber}/merge`, { method: "POST" });
    await waitFor(async () => (await openConsumption(VPC)).moduleVersion?.version === "1.2.0");
    expect((await db.scaffoldRequest.findUniqueOrThrow({ where: { id: newer.id } })).state).toBe("merged");
    // The PR to 1.1.0 is still open on GitHub, but the unit is on 1.2.0 now.
    expect((await db.scaffoldRequest.findUniqueOrThrow({ where: { id: older.id } })).state).toBe("pr_open");
    expect((await unitViews()).get(VPC)).toMatchObject({ version: { version: "1.2.0" }, openUpgrade: null });
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectTestDb } from "@/test/db";
import { startEstateUpgradeStack, ORG, type EstateUpgradeStack } from "@/test/estate-upgrade-stack";
import { seedDemoData } from "@/prisma/seed-demo-data";
import type { Viewer } from "@/lib/platform/auth/roles";
import type { ScaffoldDeps } from "@/lib/scaffold";
import { seedCatalogueFixture } from "@/test/seed-catalogue-fixture";
import path from "node:path";
import { openUpgradePullRequest } from "./open-upgrade-pull-request";
import type { EstateDeps, ScanTarget } from "./ports";
import { scanWorkloadRepo } from "./scan-workload-repo";

/*
 * Upgrade PRs through the GitHub emulator: the PR's diff touches only the ref line, a second click
 * finds the same PR, and the emulator's merge (its signed webhook, handled by the scaffold and the
 * estate as the webhook route does) resolves the notice.
 */

vi.mock("server-only", () => ({}));

const db = connectTestDb();
const UNIT = "prod/eu-west-1/vpc/terragrunt.hcl";

let stack: EstateUpgradeStack;
let scaffold: ScaffoldDeps;
let deps: EstateDeps;
let target: ScanTarget;
let handled: string[];

const alice: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000001", username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const dave: Viewer = { id: "0d0d0d00-0000-4000-8000-000000000004", username: "dave", name: "Dave", email: null, role: "builder", workloads: [] };

const control = (route: string, init?: { method?: string }) => stack.control(route, init);

const gitShow = (ref: string, file: string) => stack.gitShow(ref, file);

async function waitFor(predicate: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await seedDemoData(db);
  stack = await startEstateUpgradeStack(db, "estate-upgrade-it-");
  ({ scaffold, deps, handled } = stack);
  await seedCatalogueFixture({ db, repoDir: path.join(stack.stateDir, "repos", ORG, "iac-modules.git"), owner: ORG, repo: "iac-modules", modules: { vpc: ["1.0.0", "1.1.0", "1.2.0"], "sqs-queue": ["1.0.0", "1.2.0"] } });
  const [payments] = await deps.store.listScanTargets({ repo: { owner: ORG, repo: "payments-infra" } });
  target = payments!;
  await scanWorkloadRepo(deps, { target });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("upgrade pull requests", () => {
  it("bumps only the ref line, carries the changelog, diff, due date and notice link, and is one PR per unit and version", async () => {
    const consumption = (await db.consumption.findFirst({ where: { workloadId: target.workloadId, file: UNIT, endedAt: null } }))!;
    const notice = (await deps.store.findOpenNotices([consumption.id])).get(consumption.id)!;
    expect(notice).toMatchObject({ fromVersion: "1.0.0", targetVersion: "1.2.0" });

    await expect(openUpgradePullRequest(deps, scaffold, dave, { consumptionId: consumption.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const outcome = await openUpgradePullRequest(deps, scaffold, alice, { consumptionId: consumption.id });
    if (outcome.status === "inputs_required") throw new Error("1.2.0 needs no new inputs");
    expect(outcome).toMatchObject({ from: "1.0.0", to: "1.2.0", pullRequest: { state: "pr_open", prNumber: expect.any(Number) } });

    const request = (await scaffold.store.findScaffold(outcome.pullRequest.id))!;
    const before = await gitShow("main", UNIT);
    const after = await gitShow(request.branch, UNIT);
    const a = before.split("\n");
    const b = after.split("\n");
    expect(b).toHaveLength(a.length);
    const changed = a.flatMap((line, i) => (line === b[i] ? [] : [i]));
    expect(changed).toHaveLength(1);
    expect(a[changed[0]!]).toContain("?ref=vpc/v1.0.0");
    expect(b[changed[0]!]).toBe(a[changed[0]!]!.replace("vpc/v1.0.0", "vpc/v1.2.0"));

    const pulls = (await control(`/pulls?repo=${ORG}/payments-infra`)) as Array<{ number: number; body?: string; title?: string }>;
    const pull = pulls.find((p) => p.number === outcome.pullRequest.prNumber);
    expect(pull?.title ?? request.steps.pullRequestText?.title).toContain("Upgrade vpc to 1.2.0");
    const body = request.steps.pullRequestText!.body;
    expect(body).toContain(`http://portal.test/inbox?notice=${notice.id}`);
    expect(body).toContain(notice.dueAt.toISOString().slice(0, 10));
    expect(body).toMatch(/1\.2\.0/);

    // A second click, by anyone who may change the workload, finds the same PR.
    const again = await openUpgradePullRequest(deps, scaffold, alice, { consumptionId: consumption.id });
    expect(again.status).toBe("already_open");
    if (again.status === "inputs_required") return;
    expect(again.pullRequest.id).toBe(outcome.pullRequest.id);
    expect(((await control(`/pulls?repo=${ORG}/payments-infra`)) as unknown[]).length).toBe(pulls.length);
  });

  it("resolves the notice when the emulator merges the PR", async () => {
    const consumption = (await db.consumption.findFirst({ where: { workloadId: target.workloadId, file: UNIT, endedAt: null } }))!;
    const notice = (await deps.store.findOpenNotices([consumption.id])).get(consumption.id)!;
    const request = (await db.scaffoldRequest.findFirst({ where: { workloadId: target.workloadId, kind: "update", unitPath: UNIT }, orderBy: { createdAt: "desc" } }))!;
    await control(`/repos/${ORG}/payments-infra/pulls/${request.prNumber}/merge`, { method: "POST" });
    await waitFor(async () => (await db.estateNotice.findUniqueOrThrow({ where: { id: notice.id } })).resolvedAt !== null);
    expect(await db.estateNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ resolution: "satisfied" });
    const now = await db.consumption.findFirst({ where: { workloadId: target.workloadId, file: UNIT, endedAt: null }, include: { moduleVersion: true } });
    expect(now?.moduleVersion?.version).toBe("1.2.0");
    expect(handled.some((h) => h.startsWith("estate: estate scan of payments"))).toBe(true);
  });
});

import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestDb } from "@/test/db";
import { createInMemoryRepoFiles, loadFixtureRepo, type InMemoryRepo } from "@/test/fixtures/estate/in-memory-repo-files";
import { systemActor } from "@/lib/platform/audit";
import { createDisabledNoticeChannels } from "./adapters/disabled-notice-channels";
import { createPrismaEstateStore } from "./adapters/prisma-estate-store";
import { DAY_MS } from "./core/notice-policy";
import { handleEstateWebhook } from "./estate-webhooks";
import type { EstateDeps, ScanTarget } from "./ports";
import { reconcileNotices, reconcileNoticesAfterStatusChange } from "./reconcile-notices";
import { recordCompliance } from "./record-compliance";
import { scanWorkloadRepo } from "./scan-workload-repo";

/*
 * The estate against real PostgreSQL: scans of a real-world consumer repo (the core's fixture)
 * record every reference as a consumption interval, bring-your-own included; a removed unit ends
 * its consumption; a new tag opens notices; a vulnerable flag tightens them; a move to a fixed
 * version resolves them; the inbox, its unread count and read state; the policy; compliance.
 */

const db = connectTestDb();
const run = randomUUID().slice(0, 8);
const owner = `estate-${run}`;
const store = createPrismaEstateStore(db);
const repos = new Map<string, InMemoryRepo>();

const deps: EstateDeps = {
  store,
  repos: createInMemoryRepoFiles(repos),
  channels: createDisabledNoticeChannels(),
  now: () => new Date(),
  config: { publicUrl: "http://portal.test", registryHosts: ["bulkhead.example.com"], envs: ["dev", "stage", "prod"] },
};
const actor = systemActor("test");
let target: ScanTarget;
let repo: InMemoryRepo;
const ids: Record<string, string> = {};
let modules: Record<string, string> = {};
let member: string;
let admin: string;
let outsider: string;

async function addVersion(moduleName: string, version: string, status: "active" | "vulnerable" = "active") {
  const [major, minor, patch] = version.split(".").map(Number);
  const row = await db.moduleVersion.create({
    data: { moduleId: modules[moduleName]!, version, tag: `${moduleName}/v${version}`, commitSha: "c".repeat(40), major: major!, minor: minor!, patch: patch!, docs: {}, status },
  });
  ids[`${moduleName}@${version}`] = row.id;
  return row;
}

function push(change: (files: Map<string, string>) => void) {
  change(repo.files);
  repo.sha = randomUUID().replaceAll("-", "");
}

async function openFor(file: string, address = "terraform.source") {
  return db.consumption.findFirst({ where: { workloadId: target.workloadId, file, address, endedAt: null } });
}

beforeAll(async () => {
  const source = await db.moduleSource.create({ data: { owner, repo: "iac-modules", layout: "monorepo" } });
  modules = {};
  for (const name of ["vpc", "rds", "alb"]) {
    const row = await db.module.create({ data: { sourceId: source.id, name, path: `modules/${name}` } });
    modules[name] = row.id;
  }
  await addVersion("vpc", "1.3.2");
  await addVersion("vpc", "1.4.0");
  await addVersion("rds", "1.2.0");
  await addVersion("alb", "2.1.0");
  await addVersion("alb", "2.3.0");

  const team = await db.team.create({ data: { slug: `estate-team-${run}`, name: "Estate team" } });
  const workload = await db.workload.create({ data: { slug: `estate-${run}`, name: "Estate payments", teamId: team.id, consumerRepo: `${owner}/payments-infra` } });
  const user = (name: string) => db.user.create({ data: { externalId: `test:${name}-${run}`, username: `${name}-${run}`, name } });
  member = (await user("alice")).id;
  admin = (await user("carol")).id;
  outsider = (await user("dave")).id;
  await db.membership.create({ data: { userId: member, workloadId: workload.id, role: "builder" } });
  await db.membership.create({ data: { userId: admin, workloadId: null, role: "admin" } });

  const files = await loadFixtureRepo(fileURLToPath(new URL("./core/fixtures/live-repo", import.meta.url)), { from: "acme-platform", to: owner });
  repo = { files, sha: "a".repeat(40) };
  repos.set(`${owner}/payments-infra`.toLowerCase(), repo);
  const [found] = await store.listScanTargets({ repo: { owner: owner.toUpperCase(), repo: "payments-infra" } });
  target = found!;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("estate scans", () => {
  it("records every reference form as a consumption, catalogue versions and bring-your-own alike", async () => {
    expect(target).toMatchObject({ slug: `estate-${run}`, repo: { owner, repo: "payments-infra" } });
    const result = await scanWorkloadRepo(deps, { target, actor });
    expect(result.started).toBeGreaterThan(8);
    expect(result.ended).toBe(0);
    // Terragrunt, inherited from _envcommon.
    expect(await openFor("dev/eu-west-1/vpc/terragrunt.hcl")).toMatchObject({ unitPath: "dev/eu-west-1/vpc", env: "dev", region: "eu-west-1", moduleVersionId: ids["vpc@1.4.0"], matchKind: "version", kind: "terragrunt" });
    // Credentials in the URL are redacted; the version is still found.
    const prodVpc = await openFor("prod/eu-west-1/vpc/terragrunt.hcl");
    expect(prodVpc).toMatchObject({ moduleVersionId: ids["vpc@1.3.2"] });
    expect(prodVpc!.source).not.toContain("ghs_notARealToken123");
    // A `module` block with the portal's own registry address and a constraint: the newest allowed.
    expect(await openFor("prod/us-east-1/networking/main.tf", "module.alb")).toMatchObject({ kind: "module", moduleVersionId: ids["alb@2.3.0"], versionConstraint: ">= 2.0.0, < 3.0.0", matchKind: "version" });
    // Public registry and other git repos: bring-your-own, with their source.
    expect(await openFor("prod/us-east-1/networking/main.tf", "module.vpc")).toMatchObject({ matchKind: "bring_your_own", moduleVersionId: null, source: "terraform-aws-modules/vpc/aws", versionConstraint: "~> 5.1" });
    expect(await openFor("dev/eu-west-1/sqs/terragrunt.hcl")).toMatchObject({ matchKind: "bring_your_own" });
    // A catalogue module whose ref names no version is recorded with the problem.
    expect(await openFor("dev/eu-west-1/s3/terragrunt.hcl")).toBeTruthy();
    // Tool caches are never read.
    expect(await db.consumption.count({ where: { workloadId: target.workloadId, file: { contains: ".terragrunt-cache" } } })).toBe(0);
    expect(result.bringYourOwn).toBeGreaterThan(2);
  });

  it("opens notices for units behind the newest version, due by the policy's change level", async () => {
    const prodVpc = (await openFor("prod/eu-west-1/vpc/terragrunt.hcl"))!;
    const notices = await store.findOpenNotices([prodVpc.id]);
    const notice = notices.get(prodVpc.id)!;
    const v140 = await db.moduleVersion.findUniqueOrThrow({ where: { id: ids["vpc@1.4.0"]! } });
    expect(notice).toMatchObject({ kind: "update_available", fromVersion: "1.3.2", requiredVersion: "1.4.0", targetVersion: "1.4.0", level: "minor" });
    expect(notice.dueAt.getTime()).toBe(v140.ingestedAt.getTime() + 60 * DAY_MS);
    // The dev unit is on the newest: nothing to do.
    const devVpc = (await openFor("dev/eu-west-1/vpc/terragrunt.hcl"))!;
    expect((await store.findOpenNotices([devVpc.id])).size).toBe(0);
  });

  it("changes nothing when the same commit is scanned again", async () => {
    const again = await scanWorkloadRepo(deps, { target, actor });
    expect(again).toMatchObject({ started: 0, ended: 0, notices: { opened: 0, updated: 0, resolved: 0 } });
  });

  it("fans notices out when a new tag appears, and tightens them when the version is flagged vulnerable", async () => {
    await addVersion("vpc", "1.5.0");
    const fanned = await reconcileNotices(deps, { moduleId: modules.vpc });
    expect(fanned.opened).toBe(1); // dev on 1.4.0
    const devVpc = (await openFor("dev/eu-west-1/vpc/terragrunt.hcl"))!;
    const before = (await store.findOpenNotices([devVpc.id])).get(devVpc.id)!;
    expect(before).toMatchObject({ kind: "update_available", requiredVersion: "1.5.0" });
    expect(before.dueAt.getTime() - Date.now()).toBeGreaterThan(50 * DAY_MS);

    await db.moduleVersion.update({ where: { id: ids["vpc@1.4.0"]! }, data: { status: "vulnerable", statusReason: "Flow logs disabled", severity: "high", fixedIn: "1.5.0" } });
    expect(await db.moduleVersionStatusChange.count({ where: { moduleVersionId: ids["vpc@1.4.0"]! } })).toBe(1);
    const flagged = await reconcileNotices(deps, { moduleId: modules.vpc });
    expect(flagged.tightened).toBe(1);
    const after = (await store.findOpenNotices([devVpc.id])).get(devVpc.id)!;
    expect(after).toMatchObject({ id: before.id, kind: "vulnerable", severity: "high", requiredVersion: "1.5.0", advisory: { summary: "Flow logs disabled", fixedIn: "1.5.0" } });
    expect(after.dueAt.getTime() - Date.now()).toBeLessThanOrEqual(7 * DAY_MS);
    expect(after.dueAt.getTime()).toBeLessThan(before.dueAt.getTime());
    expect(await db.auditEvent.count({ where: { action: "estate.notice.update", subjectId: target.workloadId } })).toBeGreaterThan(0);
  });

  it("shows notices in the inbox of the workload's members, counts unread ones, and marks them read", async () => {
    const inbox = await store.listInbox({ userId: member, now: deps.now(), filter: {}, cursor: null, take: 50 });
    expect(inbox.items.length).toBe(2);
    expect(inbox.items[0]).toMatchObject({ escalation: "due_soon", read: false, module: { name: "vpc" }, workload: { slug: target.slug }, unitPath: "dev/eu-west-1/vpc" });
    expect(await store.countUnread(member)).toBe(2);
    expect(await store.countUnread(outsider)).toBe(0);
    // Admins see overdue notices of every workload; none is overdue yet.
    expect(await store.countUnread(admin)).toBe(0);

    await store.markRead({ userId: member, noticeIds: [inbox.items[0]!.notice.id] });
    expect(await store.countUnread(member)).toBe(1);
    const unread = await store.listInbox({ userId: member, now: deps.now(), filter: { unreadOnly: true }, cursor: null, take: 50 });
    expect(unread.items.map((i) => i.notice.id)).toEqual([inbox.items[1]!.notice.id]);
    const vulnerable = await store.listInbox({ userId: member, now: deps.now(), filter: { kind: ["vulnerable"] }, cursor: null, take: 50 });
    expect(vulnerable.items).toHaveLength(1);
    const paged = await store.listInbox({ userId: member, now: deps.now(), filter: {}, cursor: null, take: 1 });
    const next = await store.listInbox({ userId: member, now: deps.now(), filter: {}, cursor: paged.nextCursor, take: 1 });
    expect([paged.items[0]!.notice.id, next.items[0]!.notice.id]).toEqual(inbox.items.map((i) => i.notice.id));
    await expect(store.listInbox({ userId: member, now: deps.now(), filter: {}, cursor: "nope", take: 1 })).rejects.toMatchObject({ code: "INVALID_INPUT" });

    // Ten days on, the vulnerable notice is overdue: the admins see it too.
    const later = new Date(Date.now() + 10 * DAY_MS);
    const escalated = await store.listInbox({ userId: admin, now: later, filter: { escalation: ["overdue"] }, cursor: null, take: 50 });
    expect(escalated.items.map((i) => i.notice.kind)).toEqual(["vulnerable"]);
    expect((await store.listOverdueNotices({ now: later })).some((n) => n.workloadId === target.workloadId)).toBe(true);
  });

  it("resolves a notice when a push moves the unit to a version that meets it", async () => {
    const devVpc = (await openFor("dev/eu-west-1/vpc/terragrunt.hcl"))!;
    const notice = (await store.findOpenNotices([devVpc.id])).get(devVpc.id)!;
    push((files) => files.set("dev/eu-west-1/vpc/terragrunt.hcl", files.get("dev/eu-west-1/vpc/terragrunt.hcl")!.replace("ref=vpc/v1.4.0", "ref=vpc/v1.5.0")));
    const outcome = await handleEstateWebhook(deps, { name: "push", payload: { ref: "refs/heads/main", repository: { name: "payments-infra", owner: { login: owner }, default_branch: "main" } } });
    expect(outcome).toContain(target.slug);
    const ended = await db.consumption.findUniqueOrThrow({ where: { id: devVpc.id } });
    expect(ended).toMatchObject({ endedReason: "version_changed", endedBy: "system:estate-scan" });
    expect(await openFor("dev/eu-west-1/vpc/terragrunt.hcl")).toMatchObject({ moduleVersionId: ids["vpc@1.5.0"] });
    expect(await db.estateNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ resolution: "satisfied", resolvedAt: expect.any(Date) });
    // Pushes elsewhere are not the estate's.
    expect(await handleEstateWebhook(deps, { name: "push", payload: { ref: "refs/heads/feature", repository: { name: "payments-infra", owner: { login: owner }, default_branch: "main" } } })).toBeNull();
    expect(await handleEstateWebhook(deps, { name: "push", payload: { ref: "refs/heads/main", repository: { name: "unknown", owner: { login: owner }, default_branch: "main" } } })).toBeNull();
  });

  it("ends the consumption of a removed unit instead of deleting it, and its notice no longer applies", async () => {
    const prodVpc = (await openFor("prod/eu-west-1/vpc/terragrunt.hcl"))!;
    const notice = (await store.findOpenNotices([prodVpc.id])).get(prodVpc.id)!;
    push((files) => files.delete("prod/eu-west-1/vpc/terragrunt.hcl"));
        const result = await scanWorkloadRepo(deps, { target, actor });
    expect(result.ended).toBe(1);
    expect(await db.consumption.findUniqueOrThrow({ where: { id: prodVpc.id } })).toMatchObject({ endedReason: "unit_removed", endedAt: expect.any(Date), endedCommitSha: repo.sha });
    expect(await db.estateNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ resolution: "no_longer_applies" });
  });

  it("keeps the consumption of a file that is present but unparsable right now", async () => {
    const rds = (await openFor("dev/eu-west-1/rds/terragrunt.hcl"))!;
    push((files) => files.set("dev/eu-west-1/rds/terragrunt.hcl", 'terraform {\n  source = "git::https://x\n'));
    const result = await scanWorkloadRepo(deps, { target, actor });
    expect(result.unreadableFiles).toContain("dev/eu-west-1/rds/terragrunt.hcl");
    expect(await db.consumption.findUniqueOrThrow({ where: { id: rds.id } })).toMatchObject({ endedAt: null });
  });

  it("refuses to apply a scan older than one already applied", async () => {
    await expect(
      store.applyScan({ workloadId: target.workloadId, commitSha: "old", startedAt: new Date(0), references: [], unreadableFiles: [] }, actor),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.consumption.count({ where: { workloadId: target.workloadId, endedAt: null } })).toBeGreaterThan(5);
  });

  it("keeps one open consumption per reference and one open notice per consumption, in the database itself", async () => {
    const open = (await openFor("dev/eu-west-1/vpc/terragrunt.hcl"))!;
    const { id: _id, recordedAt: _at, ...copy } = open;
    await expect(db.consumption.create({ data: { ...copy, normalizedSource: undefined } })).rejects.toThrow();
  });

  it("saves the policy with its audit event, and computes compliance per week", async () => {
    const before = await store.getPolicy();
    expect(before).toMatchObject({ major: 90, minor: 60, patch: 30, vulnerable: 7 });
    await store.saveSettings({ policy: { ...before, vulnerable: 3 }, chatWebhookUrl: null }, actor);
    expect((await store.getPolicy()).vulnerable).toBe(3);
    expect(await db.auditEvent.count({ where: { action: "estate.settings.update" } })).toBeGreaterThan(0);
    await store.saveSettings({ policy: before, chatWebhookUrl: null }, actor);

    const weeks = await recordCompliance(deps, { weeks: 2 });
    expect(weeks).toHaveLength(2);
    expect(weeks.at(-1)!.units).toBeGreaterThan(0);
    const stored = await store.listComplianceSnapshots({ moduleId: null, from: weeks[0]!.startsAt, to: deps.now() });
    expect(stored.map((w) => w.week)).toEqual(weeks.map((w) => w.week));
  });

  it("opens notices when an admin deprecates the version units run, and resolves them when it is reactivated", async () => {
    const devVpc = (await openFor("dev/eu-west-1/vpc/terragrunt.hcl"))!;
    expect(devVpc.moduleVersionId).toBe(ids["vpc@1.5.0"]);
    expect((await store.findOpenNotices([devVpc.id])).size).toBe(0);
    await db.moduleVersion.update({ where: { id: ids["vpc@1.5.0"]! }, data: { status: "deprecated", statusReason: "Use the next major" } });
    const flagged = await reconcileNoticesAfterStatusChange(deps, { versionId: ids["vpc@1.5.0"]!, reactivated: false, actor });
    expect(flagged?.opened).toBeGreaterThanOrEqual(1);
    const notice = (await store.findOpenNotices([devVpc.id])).get(devVpc.id)!;
    expect(notice).toMatchObject({ kind: "deprecated", fromVersion: "1.5.0" });

    await db.moduleVersion.update({ where: { id: ids["vpc@1.5.0"]! }, data: { status: "active", statusReason: null } });
    await reconcileNoticesAfterStatusChange(deps, { versionId: ids["vpc@1.5.0"]!, reactivated: true, actor });
    expect(await db.estateNotice.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ resolution: "no_longer_applies" });
    expect(await reconcileNoticesAfterStatusChange(deps, { versionId: randomUUID(), reactivated: true, actor })).toBeNull();
  });
});

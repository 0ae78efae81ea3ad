import { randomInt, randomUUID } from "node:crypto";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_CREDENTIALS, startAwsEmulator, type AwsEmulator } from "@/emulators/aws/server";
import { createIsolatedDatabase } from "@/test/fixtures/governance/isolated-database";
import { buildAwsClientConfig } from "@/lib/platform/aws-client-config";
import type { Db } from "@/lib/platform/create-prisma-client";
import { createOrganizationsTagDirectory } from "./adapters/organizations-tag-directory";
import { createPrismaGovernanceStore } from "./adapters/prisma-governance-store";
import { applyTagChange } from "./apply-tag-change";
import type { GovernanceActor } from "./core/tag-change-access";
import { decideTagChange } from "./decide-tag-change";
import { detectDrift } from "./detect-drift";
import type { GovernanceDeps } from "./ports";
import { requestTagChange } from "./request-tag-change";
import { retryTagChange } from "./retry-tag-change";
import { settleDriftFinding } from "./settle-drift-finding";
import { verifyAuditLog } from "./verify-audit-log";

/*
 * Governance end to end below the UI: the use cases on the Prisma store (PostgreSQL, a database
 * of this file's own) and governance's Organizations tags adapter on the real AWS SDK, talking to the AWS emulator.
 * Drift is made through the emulator's control route, behind the portal's back.
 */

const NONPROD_OU = "ou-7hq2-4nj7c1ye";
let db: Db;
let closeDatabase: () => Promise<void>;
const system = { id: null, label: "system:governance-it" };
let emulator: AwsEmulator;
let client: OrganizationsClient;
let deps: GovernanceDeps;
let workloadSlug = "";
let workloadId = "";
const accountIds: Record<"dev" | "stage" | "prod", string> = { dev: "", stage: "", prod: "" };

const carol: GovernanceActor = { id: randomUUID(), name: "Carol Admin", isAdmin: true, leadOf: [] };
const dave: GovernanceActor = { id: randomUUID(), name: "Dave Admin", isAdmin: true, leadOf: [] };
let bob: GovernanceActor;

const awsId = () => String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));
const key = () => `it-${randomUUID()}`;

async function control<T = unknown>(path: string, method = "GET", body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

const awsTags = (id: string) => deps.directory.listTags(id);
const recordedTags = async (awsAccountId: string) => (await db.account.findUniqueOrThrow({ where: { awsAccountId } })).tags as Record<string, string>;

beforeAll(async () => {
  const isolated = await createIsolatedDatabase("bulkhead_governance");
  db = isolated.db;
  closeDatabase = isolated.close;
  emulator = await startAwsEmulator({ port: 0, provisionMs: 100 });
  client = new OrganizationsClient(buildAwsClientConfig({ endpoint: emulator.url, region: "us-east-1", credentials: EMULATOR_CREDENTIALS, maxAttempts: 1 }));
  deps = {
    store: createPrismaGovernanceStore(db),
    directory: createOrganizationsTagDirectory({ client, callTimeoutMs: 10_000 }),
    config: { applyRate: { callsPerSecond: 200, callsPerAccount: 2 }, attemptsPerRun: 2, retryDelayMs: 20, leaseMs: 30_000 },
  };
  const team = await db.team.create({ data: { slug: `shop-team-${randomUUID().slice(0, 8)}`, name: "Shop team" } });
  workloadSlug = `shop-${randomUUID().slice(0, 8)}`;
  workloadId = (await db.workload.create({ data: { slug: workloadSlug, name: "Shop", teamId: team.id } })).id;
  bob = { id: randomUUID(), name: "Bob Lead", isAdmin: false, leadOf: [workloadSlug] };
  for (const env of ["dev", "stage", "prod"] as const) {
    const id = awsId();
    const name = `${workloadSlug}-${env}`;
    const tags = { CostCode: "CC-2101", Owner: "shop@acme.example", DataClassification: "internal", Workload: workloadSlug, Environment: env };
    await control("/accounts", "POST", { id, name, email: `aws+${name}@acme.example`, parentId: NONPROD_OU, tags });
    await db.account.create({ data: { awsAccountId: id, name, email: `aws+${name}@acme.example`, workloadId, env, source: "vended", tags } });
    accountIds[env] = id;
  }
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
  await closeDatabase?.();
});

describe("tag change requests against the emulator", () => {
  it("approve, apply, verify: a lead's cost-code change reaches AWS and the record", async () => {
    const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: [accountIds.dev] }, changes: { CostCode: "CC-7001" }, reason: "cost centre move" }, bob);
    await expect(decideTagChange(deps, { id: request.id, decision: "approve", reason: "mine" }, bob)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await decideTagChange(deps, { id: request.id, decision: "approve", reason: "finance agreed" }, carol);
    const result = await applyTagChange(deps, { id: request.id }, system);
    expect(result).toMatchObject({ status: "settled", record: { state: "applied", items: [{ status: "verified", observedTags: expect.objectContaining({ CostCode: "CC-7001" }) }] } });
    expect((await awsTags(accountIds.dev)).CostCode).toBe("CC-7001");
    expect((await recordedTags(accountIds.dev)).CostCode).toBe("CC-7001");
    const trail = await db.auditEvent.findMany({ where: { OR: [{ subjectId: request.id }, { subjectId: accountIds.dev }] }, orderBy: { id: "asc" }, select: { action: true, actorLabel: true } });
    expect(trail).toEqual([
      { action: "governance.tag_change.request", actorLabel: "Bob Lead" },
      { action: "governance.tag_change.approve", actorLabel: "Carol Admin" },
      { action: "governance.tag_change.apply", actorLabel: system.label },
      { action: "governance.tag_change.account_applying", actorLabel: system.label },
      { action: "governance.tag_change.account_applied", actorLabel: system.label },
      { action: "governance.tag_change.account_verified", actorLabel: system.label },
      { action: "governance.tag_change.applied", actorLabel: system.label },
    ]);
  });

  it("an AWS error fails the request with the error, recorded tags untouched; an admin's retry applies it", async () => {
    await control("/throttles", "POST", { service: "organizations", operation: "TagResource", count: 10 });
    const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: [accountIds.stage] }, changes: { CostCode: "CC-7002" }, reason: "move" }, bob);
    await decideTagChange(deps, { id: request.id, decision: "approve", reason: "ok" }, carol);
    const failed = await applyTagChange(deps, { id: request.id }, system);
    expect(failed.record).toMatchObject({
      state: "failed",
      failureMessage: expect.stringMatching(/AWS Organizations is throttling requests \(TooManyRequestsException\)/),
      items: [{ status: "failed", retryable: true, attempts: 2 }],
    });
    expect((await awsTags(accountIds.stage)).CostCode).toBe("CC-2101");
    expect((await recordedTags(accountIds.stage)).CostCode).toBe("CC-2101");

    await control("/throttles", "DELETE");
    await retryTagChange(deps, { id: request.id }, carol);
    const retried = await applyTagChange(deps, { id: request.id }, system);
    expect(retried.record).toMatchObject({ state: "applied", applyRuns: 2, items: [{ status: "verified", attempts: 3, error: null }] });
    expect((await awsTags(accountIds.stage)).CostCode).toBe("CC-7002");
  });

  it("a bulk change applies per account: one account AWS does not know fails, the others are applied", async () => {
    const ghost = awsId();
    await db.account.create({ data: { awsAccountId: ghost, name: `${workloadSlug}-legacy`, email: `legacy-${ghost}@acme.example`, workloadId, source: "imported", tags: { CostCode: "CC-2101" } } });
    const { request } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { workloadSlugs: [workloadSlug] }, changes: { CostCode: "CC-8000" }, reason: "cost-code move for the whole workload" }, carol);
    expect(request.items).toHaveLength(4);
    await expect(decideTagChange(deps, { id: request.id, decision: "approve", reason: "mine" }, carol)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await decideTagChange(deps, { id: request.id, decision: "approve", reason: "ok" }, dave);
    const result = await applyTagChange(deps, { id: request.id }, system);
    expect(result.record).toMatchObject({ state: "partially_failed", failureMessage: expect.stringMatching(new RegExp(`^1 of 4 accounts failed; first: ${ghost}: AWS Organizations could not find`)) });
    expect(result.record!.items.map((i) => [i.awsAccountId, i.status]).sort()).toEqual(
      [[accountIds.dev, "verified"], [accountIds.stage, "verified"], [accountIds.prod, "verified"], [ghost, "failed"]].sort(),
    );
    for (const env of ["dev", "stage", "prod"] as const) expect((await awsTags(accountIds[env])).CostCode).toBe("CC-8000");
    expect((await recordedTags(ghost)).CostCode).toBe("CC-2101");
    // The failed account keeps its key until the request is retried or cancelled.
    await expect(requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: [ghost] }, changes: { CostCode: "CC-1234" }, reason: "x" }, carol)).rejects.toMatchObject({
      code: "CONFLICT",
      details: { requestId: request.id },
    });
    await db.account.update({ where: { awsAccountId: ghost }, data: { state: "CLOSED" } });
  });

  it("a second open request for the same account and key is refused, with the first one's id", async () => {
    const { request: first } = await requestTagChange(deps, { idempotencyKey: key(), accounts: { awsAccountIds: [accountIds.prod] }, changes: { Owner: "payments@acme.example" }, reason: "new owner" }, bob);
    const error = await requestTagChange(deps, { idempotencyKey: key(), accounts: { workloadSlugs: [workloadSlug] }, changes: { Owner: "shop-leads@acme.example" }, reason: "x" }, carol).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", details: { requestId: first.id }, message: expect.stringContaining(`open change request ${first.id}`) });
    await decideTagChange(deps, { id: first.id, decision: "reject", reason: "keep the owner" }, carol);
  });
});

describe("drift against the emulator", () => {
  it("drift found through the control route, then reverted: applied, verified, finding reverted", async () => {
    await control(`/tags/${accountIds.prod}`, "POST", { set: { DataClassification: "public", Extra: "ignored" } });
    const scan = await detectDrift(deps, system);
    expect(scan.opened).toBeGreaterThanOrEqual(1);
    const finding = await db.driftFinding.findFirstOrThrow({ where: { awsAccountId: accountIds.prod, status: "open" } });
    expect(finding).toMatchObject({ tagKey: "DataClassification", kind: "changed", recordedValue: "internal", observedValue: "public" });
    expect(await db.driftFinding.count({ where: { awsAccountId: accountIds.prod, tagKey: "Extra" } })).toBe(0);

    const { request } = await settleDriftFinding(deps, { findingId: finding.id, action: "revert", reason: "changed outside the portal", idempotencyKey: key() }, carol);
    expect(request).toMatchObject({ origin: "drift_revert", state: "approved" });
    const result = await applyTagChange(deps, { id: request!.id }, system);
    expect(result.record).toMatchObject({ state: "applied" });
    expect((await awsTags(accountIds.prod)).DataClassification).toBe("internal");
    expect(await db.driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).toMatchObject({ status: "reverted", settledByName: "Carol Admin", settledAt: expect.any(Date) });
    await detectDrift(deps, system);
    expect(await db.driftFinding.count({ where: { awsAccountId: accountIds.prod, status: "open" } })).toBe(0);
  });

  it("drift found, then adopted through another admin's approval: the AWS value becomes the record", async () => {
    await control(`/tags/${accountIds.stage}`, "POST", { set: { DataClassification: "confidential" } });
    await detectDrift(deps, system);
    const finding = await db.driftFinding.findFirstOrThrow({ where: { awsAccountId: accountIds.stage, status: "open" } });
    const { request } = await settleDriftFinding(deps, { findingId: finding.id, action: "adopt", reason: "the data really is confidential", idempotencyKey: key() }, carol);
    expect(request).toMatchObject({ origin: "drift_adopt", state: "requested" });
    expect(await db.driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).toMatchObject({ status: "adopting", changeRequestId: request!.id });
    await expect(decideTagChange(deps, { id: request!.id, decision: "approve", reason: "mine" }, carol)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await decideTagChange(deps, { id: request!.id, decision: "approve", reason: "agreed" }, dave);
    await applyTagChange(deps, { id: request!.id }, system);
    expect((await recordedTags(accountIds.stage)).DataClassification).toBe("confidential");
    expect(await db.driftFinding.findUniqueOrThrow({ where: { id: finding.id } })).toMatchObject({ status: "adopted" });
    await detectDrift(deps, system);
    expect(await db.driftFinding.count({ where: { awsAccountId: accountIds.stage, status: "open" } })).toBe(0);
  });
});

describe("audit trail of all of it", () => {
  it("verifies, and names the row an owner edits with the triggers off", async () => {
    await expect(verifyAuditLog({ store: deps.store })).resolves.toMatchObject({ ok: true, broken: null });
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: "governance.tag_change.approve" }, orderBy: { id: "asc" } });
    await db.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER");
    try {
      await db.$executeRaw`UPDATE audit_events SET actor_label = 'Someone Else' WHERE id = ${row.id}`;
    } finally {
      await db.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER");
    }
    const result = await verifyAuditLog({ store: deps.store });
    expect(result).toMatchObject({ ok: false, broken: { id: row.id.toString(), reason: "content_changed" } });
    await db.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER");
    try {
      await db.$executeRaw`UPDATE audit_events SET actor_label = ${row.actorLabel} WHERE id = ${row.id}`;
    } finally {
      await db.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER");
    }
    await expect(verifyAuditLog({ store: deps.store })).resolves.toMatchObject({ ok: true });
  });
});

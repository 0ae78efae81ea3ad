import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedDatabase } from "@/test/fixtures/governance/isolated-database";
import { recordAudit, type AuditActor } from "@/lib/platform/audit";
import type { Db } from "@/lib/platform/create-prisma-client";
import { createAuditChainVerifier, hashAuditRow } from "../core/audit-chain";
import type { GovernanceAccount, GovernanceStore, NewTagChangeRequest } from "../ports";
import { verifyAuditLog } from "../verify-audit-log";
import { createPrismaGovernanceStore } from "./prisma-governance-store";

/*
 * The governance store and the migration's rules against real PostgreSQL: one open change per account and key and four-eyes held by the database itself, the
 * audit hash chain computed by the trigger and checked in TypeScript, tampering by the table
 * owner detected, and the chain of 100,000 rows verified (the export is the platform's,
 * lib/platform/audit/export-audit-csv). The file runs on a
 * database of its own (see createIsolatedDatabase).
 */

let db: Db;
let store: GovernanceStore;
let closeDatabase: () => Promise<void>;
const bob = { id: randomUUID(), name: "Bob Lead" };
const carol = { id: randomUUID(), name: "Carol Admin" };
const actorOf = (user: { id: string; name: string }): AuditActor => ({ id: user.id, label: user.name });
let workloadSlug = "";
const accounts: GovernanceAccount[] = [];

const awsId = () => String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999));

beforeAll(async () => {
  const isolated = await createIsolatedDatabase("bulkhead_governance_store");
  db = isolated.db;
  closeDatabase = isolated.close;
  store = createPrismaGovernanceStore(db);
  const team = await db.team.create({ data: { slug: `gov-team-${randomUUID().slice(0, 8)}`, name: "Governance team" } });
  workloadSlug = `gov-${randomUUID().slice(0, 8)}`;
  const workload = await db.workload.create({ data: { slug: workloadSlug, name: "Governance workload", teamId: team.id } });
  for (const env of ["dev", "stage", "prod"]) {
    await db.account.create({
      data: {
        awsAccountId: awsId(),
        name: `${workloadSlug}-${env}`,
        email: `aws+${workloadSlug}-${env}@corp.example`,
        workloadId: workload.id,
        env,
        source: "vended",
        tags: { CostCode: "CC-1000", Owner: "o@corp.example", DataClassification: "internal", Workload: workloadSlug, Environment: env },
      },
    });
  }
  accounts.push(...(await store.findAccounts({ workloadSlugs: [workloadSlug] })));
});
afterAll(() => closeDatabase?.());

function newRequest(account: GovernanceAccount, changes: Record<string, string>, extra: Partial<NewTagChangeRequest> = {}): NewTagChangeRequest {
  return {
    idempotencyKey: randomUUID(),
    origin: "request",
    bulk: false,
    changes,
    reason: "test",
    requestedBy: bob,
    tagPolicyVersion: 0,
    items: [{ accountId: account.id, awsAccountId: account.awsAccountId, before: Object.fromEntries(Object.keys(changes).map((k) => [k, account.tags[k] ?? null])), after: changes }],
    ...extra,
  };
}

describe("one open change per account and key", () => {
  it("refuses a second open request for the same key, naming the first, and frees the key when the first closes", async () => {
    const account = accounts[0]!;
    const { record: first } = await store.createTagChangeRequest(newRequest(account, { CostCode: "CC-2000" }), actorOf(bob));
    const error = await store.createTagChangeRequest(newRequest(account, { CostCode: "CC-3000", Owner: "x@corp.example" }), actorOf(bob)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "CONFLICT",
      message: `CostCode of ${account.name} (${account.awsAccountId}) already has an open change request ${first.id}; wait for it to finish or cancel it first`,
      details: { requestId: first.id },
      fieldErrors: [{ path: "changes.CostCode" }],
    });
    // Nothing of the refused request was written.
    expect(await db.tagChangeLock.count({ where: { accountId: account.id } })).toBe(1);
    await expect(store.createTagChangeRequest(newRequest(account, { Owner: "x@corp.example" }), actorOf(bob))).resolves.toMatchObject({ created: true });

    await store.cancelTagChangeRequest(first.id, { reason: "wrong" }, actorOf(bob));
    await expect(store.createTagChangeRequest(newRequest(account, { CostCode: "CC-3000" }), actorOf(bob))).resolves.toMatchObject({ created: true });
  });

  it("lets only one of two simultaneous requests take a key", async () => {
    const account = accounts[1]!;
    const results = await Promise.allSettled([
      store.createTagChangeRequest(newRequest(account, { CostCode: "CC-4000" }), actorOf(bob)),
      store.createTagChangeRequest(newRequest(account, { CostCode: "CC-5000" }), actorOf(carol)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const winner = results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ record: { id: string } }>;
    const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ code: "CONFLICT", details: { requestId: winner.value.record.id } });
  });

  it("holds in the database even when code inserts an item directly", async () => {
    const account = accounts[2]!;
    const { record } = await store.createTagChangeRequest(newRequest(account, { DataClassification: "restricted" }), actorOf(bob));
    const other = await db.tagChangeRequest.create({ data: { idempotencyKey: randomUUID(), changes: { DataClassification: "public" }, reason: "bypass", requestedById: bob.id, requestedByName: bob.name, tagPolicyVersion: 0 } });
    await expect(
      db.tagChangeItem.create({ data: { requestId: other.id, accountId: account.id, awsAccountId: account.awsAccountId, before: {}, after: { DataClassification: "public" } } }),
    ).rejects.toThrow(/tag_change_locks_pkey|Unique constraint/);
    // The locks belong to the triggers: the app can neither add nor remove one.
    await expect(db.$executeRaw`INSERT INTO tag_change_locks (account_id, tag_key, item_id, request_id) VALUES (${account.id}::uuid, 'Owner', ${record.items[0]!.id}::uuid, ${record.id}::uuid)`).rejects.toThrow(
      /written by the tag_change_items triggers only/,
    );
    await expect(db.$executeRaw`DELETE FROM tag_change_locks WHERE account_id = ${account.id}::uuid`).rejects.toThrow(/written by the tag_change_items triggers only/);
    // Nor change what an open item holds.
    await expect(db.tagChangeItem.update({ where: { id: record.items[0]!.id }, data: { after: { Owner: "y@corp.example" } } })).rejects.toThrow(/fixed when it is requested/);
  });
});

describe("four-eyes", () => {
  it("refuses the requester as decider in the store and in the database", async () => {
    const account = accounts[0]!;
    const { record } = await store.createTagChangeRequest(newRequest(account, { DataClassification: "confidential" }, { requestedBy: carol }), actorOf(carol));
    await expect(store.decideTagChangeRequest(record.id, { decision: "approve", reason: "mine", decider: carol }, actorOf(carol))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      db.$executeRaw`UPDATE tag_change_requests SET state = 'approved', decided_by_id = requested_by_id, decided_by_name = 'Carol Admin', decided_at = now() WHERE id = ${record.id}::uuid`,
    ).rejects.toThrow(/tag_change_requests_four_eyes/);
    // Nor may it skip the decision altogether.
    await expect(db.$executeRaw`UPDATE tag_change_requests SET state = 'applying' WHERE id = ${record.id}::uuid`).rejects.toThrow(/tag_change_requests_decided/);
    await expect(store.decideTagChangeRequest(record.id, { decision: "approve", reason: "ok", decider: bob }, actorOf(bob))).resolves.toMatchObject({ state: "approved", decidedBy: { id: bob.id } });
  });
});

type RawRow = { id: bigint; after: string | null };

/** Runs `run` as the table owner with the audit triggers switched off, as an insider could. */
async function asOwnerWithoutTriggers(run: () => Promise<unknown>): Promise<void> {
  await db.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER");
  try {
    await run();
  } finally {
    await db.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER");
  }
}

describe("audit hash chain", () => {
  it("is computed by the trigger for every writer, matches the TypeScript canonical form, and cannot be forged", async () => {
    await db.$transaction(async (tx) => {
      await recordAudit(tx, { actor: actorOf(carol), action: "test.chain", subject: { type: "test", id: "1" }, before: { n: 1.5, s: "Zoë \u0001 \"q\"" }, after: { list: [1, null, true] } });
    });
    await db.$executeRaw`INSERT INTO audit_events (actor_label, action, subject_type, subject_id, after, request_id, at, hash, prev_hash)
                         VALUES ('psql', 'test.chain', 'test', '2', '{"b": 1.50, "a": [1.0]}', 'req-1', '2026-11-30 12:00:00.123456+00', 'forged', 'forged')`;
    const head = await store.getAuditChainHead();
    const rows = await store.readAuditChain({ afterId: null, upToId: head.lastId, take: 100_000 });
    const verifier = createAuditChainVerifier();
    for (const row of rows) expect(verifier.push(row)).toBeNull();
    expect(verifier.finish(head)).toBeNull();
    const last = rows.at(-1)!;
    expect(last).toMatchObject({ subjectId: "2", after: '{"a": [1.0], "b": 1.50}', requestId: "req-1", prevHash: rows.at(-2)!.hash });
    expect(last.hash).toBe(hashAuditRow(last));
    expect(last.at.toISOString()).toBe("2026-11-30T12:00:00.123Z");
    // The head moves only with an insert.
    await expect(db.$executeRaw`UPDATE audit_chain_head SET last_hash = 'x'`).rejects.toThrow(/moved only by the audit_events_chain trigger/);
  });

  it("names the first broken row after the owner edits, deletes or cuts rows with the triggers off", async () => {
    for (let i = 0; i < 5; i++) await db.$transaction((tx) => recordAudit(tx, { actor: actorOf(bob), action: "test.tamper", subject: { type: "test", id: String(i) }, after: { i } }));
    const victims = await db.$queryRaw<RawRow[]>`SELECT id, after::text AS after FROM audit_events WHERE action = 'test.tamper' ORDER BY id`;
    const [, edited, removed] = victims;
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true, broken: null });

    // 1. An edit: the row no longer matches its hash.
    await asOwnerWithoutTriggers(() => db.$executeRaw`UPDATE audit_events SET after = '{"i": 999}' WHERE id = ${edited!.id}`);
    expect(await verifyAuditLog({ store }, { pageSize: 7 })).toMatchObject({ ok: false, broken: { id: edited!.id.toString(), reason: "content_changed" } });
    await asOwnerWithoutTriggers(() => db.$executeRaw`UPDATE audit_events SET after = ${edited!.after}::jsonb WHERE id = ${edited!.id}`);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });

    // 2. A deletion: the next row's link points nowhere.
    await asOwnerWithoutTriggers(async () => {
      await db.$executeRaw`CREATE TABLE audit_tamper_backup AS SELECT * FROM audit_events WHERE id = ${removed!.id}`;
      await db.$executeRaw`DELETE FROM audit_events WHERE id = ${removed!.id}`;
    });
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: false, broken: { id: victims[3]!.id.toString(), reason: "link_broken" } });
    await asOwnerWithoutTriggers(() => db.$executeRaw`INSERT INTO audit_events SELECT * FROM audit_tamper_backup`);
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });

    // 3. Rows cut off the end: the chain head still names the last one.
    const lastRow = victims.at(-1)!;
    expect((await store.getAuditChainHead()).lastId).toBe(lastRow.id.toString());
    await asOwnerWithoutTriggers(async () => {
      await db.$executeRaw`TRUNCATE audit_tamper_backup`;
      await db.$executeRaw`INSERT INTO audit_tamper_backup SELECT * FROM audit_events WHERE id = ${lastRow.id}`;
      await db.$executeRaw`DELETE FROM audit_events WHERE id = ${lastRow.id}`;
    });
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: false, broken: { reason: "head_mismatch", id: victims.at(-2)!.id.toString() } });
    await asOwnerWithoutTriggers(async () => {
      await db.$executeRaw`INSERT INTO audit_events SELECT * FROM audit_tamper_backup`;
      await db.$executeRaw`DROP TABLE audit_tamper_backup`;
    });
    expect(await verifyAuditLog({ store })).toMatchObject({ ok: true });
  });
});

describe("a long audit chain", () => {
  it("is chained by the trigger for 100,000 rows in one statement and verified whole", { timeout: 600_000 }, async () => {
    const insertStart = performance.now();
    // One statement, so the trigger chains 100,000 rows the way it chains any writer's.
    await db.$executeRaw`
      INSERT INTO audit_events (actor_label, action, subject_type, subject_id, before, after, request_id)
      SELECT 'system:bench', 'bench.export', 'account', lpad(g::text, 12, '0'),
             jsonb_build_object('CostCode', 'CC-1000'), jsonb_build_object('CostCode', 'CC-' || (2000 + g % 1000), 'note', 'row ' || g || ', "quoted"'), 'bench-' || (g / 100)
        FROM generate_series(1, 100000) AS g`;
    const insertMs = performance.now() - insertStart;

    const verifyStart = performance.now();
    const verified = await verifyAuditLog({ store });
    const verifyMs = performance.now() - verifyStart;
    expect(verified).toMatchObject({ ok: true });
    expect(verified.checked).toBeGreaterThanOrEqual(100_000);

    console.info(
      `chained insert of 100,000 rows by the trigger: ${(insertMs / 1000).toFixed(2)} s; chain verify of ${verified.checked} rows: ${(verifyMs / 1000).toFixed(2)} s = ${Math.round(verified.checked / (verifyMs / 1000))} rows/s`,
    );
  });
});

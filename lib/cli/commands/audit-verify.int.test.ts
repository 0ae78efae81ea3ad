import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/platform/audit";
import { createPrismaClient, type Db } from "@/lib/platform/create-prisma-client";
import { migrateDatabase } from "@/scripts/lib/migrate";
import { createTestDatabase, type TestDatabase } from "@/scripts/lib/test-database";
import { runAuditVerify } from "./audit-verify";

// Its own database: the test breaks the chain on purpose, which other files must not see.
let database: TestDatabase;
let db: Db;

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

beforeAll(async () => {
  database = await createTestDatabase("bulkhead_cli_audit");
  await migrateDatabase(database.url);
  db = createPrismaClient(database.url, { max: 2 });
  for (const action of ["workload.create", "membership.grant", "scaffold.create"]) {
    await recordAudit(db, { actor: { id: null, label: "test" }, action, subject: { type: "workload", id: "payments" } });
  }
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("npm run bulkhead -- audit verify", () => {
  it("says the chain holds, then names the row an owner edited with the triggers off", async () => {
    const first = capture();
    await expect(runAuditVerify(["verify"], first.io, { DATABASE_URL: database.url })).resolves.toBe(0);
    expect(first.out.stdout).toMatch(/^audit chain verified: \d+ rows/);

    const row = await db.auditEvent.findFirstOrThrow({ where: { action: "membership.grant" } });
    await db.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER");
    try {
      await db.$executeRaw`UPDATE audit_events SET action = 'membership.revoke' WHERE id = ${row.id}`;
    } finally {
      await db.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER");
    }

    const second = capture();
    await expect(runAuditVerify(["verify"], second.io, { DATABASE_URL: database.url })).resolves.toBe(1);
    expect(second.out.stdout).toContain(`audit chain BROKEN at row ${row.id.toString()}: content_changed`);
  });

  it("refuses bad usage and a missing DATABASE_URL with exit 2", async () => {
    const usage = capture();
    await expect(runAuditVerify(["check"], usage.io, { DATABASE_URL: database.url })).resolves.toBe(2);
    expect(usage.out.stderr).toContain("usage: npm run bulkhead -- audit verify");
    const noDb = capture();
    await expect(runAuditVerify(["verify"], noDb.io, {})).resolves.toBe(2);
    expect(noDb.out.stderr).toContain("DATABASE_URL is not set");
  });
});

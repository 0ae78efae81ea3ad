import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectTestDb, testDatabaseOwnerUrl } from "@/test/db";
import { createPrismaClient } from "../create-prisma-client";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { listAuditEvents } from "../list-audit-events";
import { recordSignIn } from "./record-sign-in";
import { defaultRoleRules } from "./role-mapping";

const db = connectTestDb();

beforeAll(async () => {
  await seedDemoData(db);
});
afterAll(async () => {
  await db.$disconnect();
});

const bob = {
  provider: "oidc",
  subject: "bob-it",
  username: "bob-it",
  name: "Bob Baker",
  email: "bob@acme.example",
  groups: ["payments-leads", "ledger-leads", "unknown-leads"],
};

describe("recordSignIn against PostgreSQL", () => {
  it("creates the user, derives memberships from groups and audits the sign-in", async () => {
    const { userId } = await recordSignIn(db, bob, defaultRoleRules);
    const memberships = await db.membership.findMany({ where: { userId }, include: { workload: true } });
    expect(memberships.map((m) => `${m.role}:${m.workload?.slug}`).sort()).toEqual(["lead:ledger", "lead:payments"]);

    const { events } = await listAuditEvents({ filter: { action: "auth.sign_in", actor: "bob-it" } }, db);
    expect(events[0]?.subjectId).toBe(userId);
    expect(events[0]?.after).toEqual({ roles: ["lead:ledger", "lead:payments"] });
    expect(events[0]?.metadata).toMatchObject({ unmatchedWorkloads: ["unknown"] });
  });

  it("re-derives roles at the next sign-in and keeps one user row", async () => {
    const first = await recordSignIn(db, bob, defaultRoleRules);
    const second = await recordSignIn(db, { ...bob, groups: ["team-payments"], name: "Robert Baker" }, defaultRoleRules);
    expect(second.userId).toBe(first.userId);
    const user = await db.user.findUniqueOrThrow({ where: { id: first.userId }, include: { memberships: true } });
    expect(user.name).toBe("Robert Baker");
    expect(user.memberships.map((m) => m.role)).toEqual(["builder"]);
    const { events } = await listAuditEvents({ filter: { action: "auth.sign_in", actor: "bob-it" }, limit: 1 }, db);
    expect(events[0]?.before).toEqual({ roles: ["lead:ledger", "lead:payments"] });
  });

  it("keeps manual memberships across sign-ins", async () => {
    const { userId } = await recordSignIn(db, { ...bob, subject: "eve", username: "eve", groups: [] }, defaultRoleRules);
    const checkout = await db.workload.findUniqueOrThrow({ where: { slug: "checkout" } });
    await db.membership.create({ data: { userId, workloadId: checkout.id, role: "lead", source: "manual" } });
    await recordSignIn(db, { ...bob, subject: "eve", username: "eve", groups: [] }, defaultRoleRules);
    expect(await db.membership.count({ where: { userId } })).toBe(1);
  });
});

describe("the audit log", () => {
  it("refuses updates and deletes: the app's role has no such right, and the trigger stops even the owner", async () => {
    // On PGlite the app shares the owner's role, so there only the trigger answers.
    await expect(db.auditEvent.updateMany({ data: { action: "tampered" } })).rejects.toThrow(/permission denied|append-only/);
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/permission denied|append-only/);
    const owner = createPrismaClient(testDatabaseOwnerUrl(), { max: 1 });
    try {
      await expect(owner.auditEvent.updateMany({ data: { action: "tampered" } })).rejects.toThrow(/append-only/);
      await expect(owner.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    } finally {
      await owner.$disconnect();
    }
  });

  it("paginates newest first without gaps or repeats", async () => {
    // The newest 200 rows (the run's shared database may hold more, written by other files).
    const all = await listAuditEvents({ limit: 200 }, db);
    const seen: string[] = [];
    let cursor: bigint | undefined;
    while (seen.length < all.events.length) {
      const page = await listAuditEvents({ limit: 2, older: cursor }, db);
      seen.push(...page.events.map((e) => e.id));
      if (!page.olderCursor) break;
      cursor = BigInt(page.olderCursor);
    }
    expect(seen.slice(0, all.events.length)).toEqual(all.events.map((e) => e.id));
    expect(seen.length).toBeGreaterThan(3);
  });
});

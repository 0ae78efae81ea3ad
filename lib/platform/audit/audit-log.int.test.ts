import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "@/prisma/seed-demo-data";
import { connectTestDb } from "@/test/db";
import { parseCsv } from "@/test/parse-csv";
import { recordAudit, systemActor, type AuditActor } from "../audit";
import { getAuditEvent, listAuditEvents } from "../list-audit-events";
import { auditFilterSchema } from "./audit-filter";
import { startAuditCsvExport } from "./export-audit-csv";
import { runInRequestContext } from "./request-context";
import { workloadAuditScope } from "./workload-audit-scope";

const db = connectTestDb();
// Every action this file writes starts with it, so that other files' rows never count.
const RUN = `t${Date.now().toString(36)}`;

interface Fixture {
  carol: AuditActor & { id: string };
  bob: AuditActor & { id: string };
  payments: { id: string };
  ledger: { id: string };
  /** `<type>:<id>` of every subject that belongs to payments, with the id its row was written under. */
  paymentsSubjects: Array<{ type: string; id: string }>;
  otherSubjects: Array<{ type: string; id: string }>;
  ids: Record<string, string>;
}

let f: Fixture;

async function seed(): Promise<Fixture> {
  await seedDemoData(db);
  const user = (username: string, name: string) =>
    db.user.upsert({ where: { externalId: `it:${RUN}:${username}` }, create: { externalId: `it:${RUN}:${username}`, username: `${username}-${RUN}`, name }, update: {} });
  const carolRow = await user("carol", "Carol Chen");
  const bobRow = await user("bob", "Bob Baker");
  const payments = await db.workload.findUniqueOrThrow({ where: { slug: "payments" } });
  const ledger = await db.workload.findUniqueOrThrow({ where: { slug: "ledger" } });
  const membership = await db.membership.create({ data: { userId: bobRow.id, workloadId: payments.id, role: "lead", source: "manual" } });

  const source = await db.moduleSource.create({ data: { owner: "acme", repo: `modules-${RUN}`, layout: "monorepo" } });
  const mod = await db.module.create({ data: { sourceId: source.id, name: "vpc", path: "modules/vpc" } });
  const version = await db.moduleVersion.create({
    data: { moduleId: mod.id, version: "1.4.0", tag: "vpc/v1.4.0", commitSha: "a".repeat(40), major: 1, minor: 4, patch: 0, docs: {} },
  });
  const scaffold = (workloadId: string, unit: string) =>
    db.scaffoldRequest.create({
      data: {
        idempotencyKey: `${RUN}-${unit}`,
        workloadId,
        moduleVersionId: version.id,
        env: "dev",
        region: "eu-west-1",
        unitName: unit,
        unitPath: `dev/eu-west-1/${unit}`,
        inputs: {},
        files: [],
        branch: `bulkhead/${RUN}-${unit}`,
        requestedById: bobRow.id,
        requestedByName: "bob",
      },
    });
  const paymentsScaffold = await scaffold(payments.id, "vpc");
  const ledgerScaffold = await scaffold(ledger.id, "vpc-ledger");
  const consumption = await db.consumption.create({
    data: { workloadId: payments.id, env: "dev", region: "eu-west-1", unitPath: `dev/eu-west-1/vpc-${RUN}`, file: `dev/eu-west-1/vpc-${RUN}/terragrunt.hcl`, source: "git::x", ref: "vpc/v1.4.0", commitSha: "b".repeat(40), recordedBy: "scan" },
  });
  const set = await db.accountSetRequest.create({
    data: { idempotencyKey: `${RUN}-set`, workloadId: payments.id, tier: 1, requestedById: bobRow.id, requestedByName: "bob", tagPolicyVersion: 0, state: "requested" },
  });
  const accountRequest = await db.accountRequest.create({
    data: {
      setId: set.id,
      env: "prod",
      accountName: `payments-prod-${RUN}`,
      accountEmail: `payments-prod-${RUN}@acme.example`,
      ouId: "ou-ab12-34cd56ef",
      ouName: "Workloads/Prod",
      ssoFirstName: "Bob",
      ssoLastName: "Baker",
      ssoEmail: "bob@acme.example",
      tags: {},
      provisionToken: `${RUN}-token`,
    },
  });
  const awsAccountId = String(Date.now()).padStart(12, "7").slice(-12);
  const account = await db.account.create({
    data: { awsAccountId, name: `payments-prod-${RUN}`, email: `acct-${RUN}@acme.example`, workloadId: payments.id, env: "prod", source: "vended" },
  });
  const tagChange = await db.tagChangeRequest.create({
    data: {
      idempotencyKey: `${RUN}-tags`,
      changes: { CostCode: "CC-3105" },
      reason: "audit names",
      requestedById: bobRow.id,
      requestedByName: "bob",
      tagPolicyVersion: 0,
      items: { create: [{ accountId: account.id, awsAccountId, before: { CostCode: null }, after: { CostCode: "CC-3105" } }] },
    },
  });
  const finding = await db.driftFinding.create({ data: { accountId: account.id, awsAccountId, tagKey: "Owner", kind: "added", recordedValue: null, observedValue: "x@acme.example" } });
  return {
    carol: { id: carolRow.id, label: carolRow.username },
    bob: { id: bobRow.id, label: bobRow.username },
    payments,
    ledger,
    paymentsSubjects: [
      { type: "workload", id: payments.id },
      { type: "membership", id: membership.id },
      { type: "scaffold_request", id: paymentsScaffold.id },
      { type: "consumption", id: consumption.id },
      { type: "account_set_request", id: set.id },
      { type: "account_request", id: accountRequest.id },
      // Governance names accounts by their AWS id, other writers by the row's uuid.
      { type: "account", id: awsAccountId },
      { type: "account", id: account.id },
      { type: "tag_change_request", id: tagChange.id },
    ],
    otherSubjects: [
      { type: "workload", id: ledger.id },
      { type: "scaffold_request", id: ledgerScaffold.id },
      { type: "user", id: bobRow.id },
      { type: "module_source", id: source.id },
      { type: "module_version", id: version.id },
      { type: "tag_policy", id: "1" },
      { type: "unknown_thing", id: "42" },
      // Drift findings are for admins only.
      { type: "drift_finding", id: finding.id },
    ],
    ids: { source: source.id, module: mod.id, version: version.id, paymentsScaffold: paymentsScaffold.id, set: set.id, account: awsAccountId, tagChange: tagChange.id, finding: finding.id },
  };
}

beforeAll(async () => {
  f = await seed();
  // One request writes one row per subject; every row a change with before and after.
  await runInRequestContext(async () => {
    for (const subject of [...f.paymentsSubjects, ...f.otherSubjects]) {
      await recordAudit(db, { actor: f.bob, action: `${RUN}.touch`, subject, before: { state: "old" }, after: { state: "new" } });
    }
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("request ids", () => {
  it("gives every row of one request the same id, and rows outside a request ids of their own", async () => {
    const requestId = await runInRequestContext(async (id) => {
      await recordAudit(db, { actor: f.carol, action: `${RUN}.req.a`, subject: { type: "workload", id: f.payments.id } });
      await db.$transaction((tx) => recordAudit(tx, { actor: f.carol, action: `${RUN}.req.b`, subject: { type: "workload", id: f.payments.id } }));
      return id;
    });
    await recordAudit(db, { actor: systemActor("script"), action: `${RUN}.req.c`, subject: { type: "workload", id: f.payments.id } });
    await recordAudit(db, { actor: systemActor("script"), action: `${RUN}.req.d`, subject: { type: "workload", id: f.payments.id } });
    const rows = await db.auditEvent.findMany({ where: { action: { startsWith: `${RUN}.req.` } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.requestId)).toEqual([requestId, requestId, expect.any(String), expect.any(String)]);
    expect(rows[2]!.requestId).not.toBe(rows[3]!.requestId);
    expect(rows[2]!.requestId).not.toBe(requestId);
    const { events } = await listAuditEvents({ filter: { requestId } }, db);
    expect(events.map((e) => e.action).sort()).toEqual([`${RUN}.req.a`, `${RUN}.req.b`]);
  });
});

describe("names and links", () => {
  it("shows each known subject by name with its page, actors by today's name, and falls back to the id", async () => {
    const { events } = await listAuditEvents({ filter: { action: `${RUN}.touch` }, limit: 200 }, db);
    const by = (type: string, id: string) => events.find((e) => e.subjectType === type && e.subjectId === id)!;
    expect(by("workload", f.payments.id)).toMatchObject({ subjectName: "Payments (payments)", subjectHref: "/workloads/payments" });
    expect(by("module_version", f.ids.version!)).toMatchObject({
      subjectName: `vpc 1.4.0 (acme/modules-${RUN})`,
      subjectHref: `/catalogue/acme/modules-${RUN}/vpc?version=1.4.0`,
    });
    expect(by("module_source", f.ids.source!)).toMatchObject({ subjectName: `acme/modules-${RUN}`, subjectHref: "/admin/catalogue" });
    expect(by("scaffold_request", f.ids.paymentsScaffold!)).toMatchObject({ subjectName: "payments: dev/eu-west-1/vpc", subjectHref: `/scaffold/${f.ids.paymentsScaffold}` });
    expect(by("account_set_request", f.ids.set!)).toMatchObject({ subjectName: "Account set for payments", subjectHref: `/accounts/requests/${f.ids.set}` });
    expect(by("account", f.ids.account!)).toMatchObject({ subjectName: `payments-prod-${RUN} (${f.ids.account})`, subjectHref: `/accounts/${f.ids.account}` });
    expect(by("tag_change_request", f.ids.tagChange!)).toMatchObject({ subjectName: `Tag change of payments-prod-${RUN}`, subjectHref: `/tag-changes/${f.ids.tagChange}` });
    expect(by("drift_finding", f.ids.finding!)).toMatchObject({ subjectName: `Drift of Owner on payments-prod-${RUN}` });
    expect(by("user", f.bob.id)).toMatchObject({ subjectName: `Bob Baker (@bob-${RUN})`, subjectHref: `/admin/audit?actor=${f.bob.id}` });
    expect(by("tag_policy", "1")).toMatchObject({ subjectName: "Tag policy version 1" });
    expect(by("unknown_thing", "42")).toMatchObject({ subjectName: null, subjectHref: null });
    expect(events[0]).toMatchObject({ actorId: f.bob.id, actorLabel: `bob-${RUN}`, actorName: `Bob Baker (@bob-${RUN})`, before: { state: "old" }, after: { state: "new" } });
  });

  it("keeps a subject that no longer resolves (or an id that is not a uuid) as its id", async () => {
    await recordAudit(db, { actor: f.carol, action: `${RUN}.gone`, subject: { type: "workload", id: "not-a-uuid" } });
    await recordAudit(db, { actor: f.carol, action: `${RUN}.gone`, subject: { type: "scaffold_request", id: randomUUID() } });
    const { events } = await listAuditEvents({ filter: { action: `${RUN}.gone` } }, db);
    expect(events.map((e) => e.subjectName)).toEqual([null, null]);
  });
});

describe("filters", () => {
  beforeAll(async () => {
    await recordAudit(db, { actor: f.carol, action: `${RUN}.f.approve`, subject: { type: "account_set_request", id: f.ids.set! } });
    await recordAudit(db, { actor: systemActor("vending-worker"), action: `${RUN}.f.provision`, subject: { type: "account_set_request", id: f.ids.set! } });
    await recordAudit(db, { actor: f.carol, action: `${RUN}.f%x`, subject: { type: "workload", id: f.ledger.id } });
  });

  const actions = async (filter: Record<string, string>) => {
    const { events } = await listAuditEvents({ filter: auditFilterSchema.parse({ action: `${RUN}.f`, ...filter }) }, db);
    return events.map((e) => e.action).sort();
  };

  it("matches an action prefix literally (% and _ are not wildcards)", async () => {
    expect(await actions({})).toEqual([`${RUN}.f%x`, `${RUN}.f.approve`, `${RUN}.f.provision`]);
    expect(await actions({ action: `${RUN}.f%` })).toEqual([`${RUN}.f%x`]);
    expect(await actions({ action: `${RUN}.f_` })).toEqual([]);
  });

  it("finds the actor by username, today's name or user id, and the system by its job", async () => {
    expect(await actions({ actor: "CAROL-" })).toEqual([`${RUN}.f%x`, `${RUN}.f.approve`]);
    expect(await actions({ actor: "carol chen" })).toEqual([`${RUN}.f%x`, `${RUN}.f.approve`]);
    expect(await actions({ actor: f.carol.id })).toEqual([`${RUN}.f%x`, `${RUN}.f.approve`]);
    expect(await actions({ actor: "vending-worker" })).toEqual([`${RUN}.f.provision`]);
  });

  it("narrows by subject type and id", async () => {
    expect(await actions({ subjectType: "workload" })).toEqual([`${RUN}.f%x`]);
    expect(await actions({ subjectType: "account_set_request", subjectId: f.ids.set! })).toEqual([`${RUN}.f.approve`, `${RUN}.f.provision`]);
  });

  it("takes a time range: from inclusive, to exclusive, a time without zone as UTC", async () => {
    const rows = await db.auditEvent.findMany({ where: { action: { startsWith: `${RUN}.f` } }, orderBy: { id: "asc" } });
    const at = rows[1]!.at;
    const { events: from } = await listAuditEvents({ filter: { action: `${RUN}.f`, from: at } }, db);
    expect(from.every((e) => e.at >= at)).toBe(true);
    expect(from.map((e) => e.id)).toContain(rows[1]!.id.toString());
    const { events: to } = await listAuditEvents({ filter: { action: `${RUN}.f`, to: at } }, db);
    expect(to.every((e) => e.at < at)).toBe(true);
    const future = auditFilterSchema.parse({ action: `${RUN}.f`, from: "2999-01-01T00:00" });
    expect(future.from?.toISOString()).toBe("2999-01-01T00:00:00.000Z");
    expect((await listAuditEvents({ filter: future }, db)).events).toEqual([]);
  });
});

describe("keyset pages", () => {
  it("walks older and back newer over the same rows, without gaps or repeats", async () => {
    const filter = { action: `${RUN}.touch` };
    const all = (await listAuditEvents({ filter, limit: 200 }, db)).events.map((e) => e.id);
    expect(all.length).toBe(17);
    const pages: string[][] = [];
    let page = await listAuditEvents({ filter, limit: 4 }, db);
    expect(page.newerCursor).toBeNull();
    pages.push(page.events.map((e) => e.id));
    while (page.olderCursor) {
      page = await listAuditEvents({ filter, limit: 4, older: BigInt(page.olderCursor) }, db);
      pages.push(page.events.map((e) => e.id));
    }
    expect(pages.flat()).toEqual(all);
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 1]);
    // Back from the last page: the same pages in reverse, the newest one full.
    const back: string[][] = [];
    while (page.newerCursor) {
      page = await listAuditEvents({ filter, limit: 4, newer: BigInt(page.newerCursor) }, db);
      back.push(page.events.map((e) => e.id));
    }
    expect(back).toEqual(pages.slice(0, -1).reverse());
  });
});

describe("leads see their own workload's trail and nothing else", () => {
  it("scopes by subject to the workload: its members, scaffolds, consumptions, account requests and accounts", async () => {
    const { scope } = await workloadAuditScope("payments", db);
    const { events } = await listAuditEvents({ filter: { action: `${RUN}.touch` }, scope, limit: 200 }, db);
    const seen = events.map((e) => `${e.subjectType}:${e.subjectId}`).sort();
    expect(seen).toEqual(f.paymentsSubjects.map((s) => `${s.type}:${s.id}`).sort());
    for (const other of f.otherSubjects) expect(seen).not.toContain(`${other.type}:${other.id}`);
  });

  it("answers null for an event outside the scope, and the event inside it", async () => {
    const { scope } = await workloadAuditScope("ledger", db);
    const { events } = await listAuditEvents({ filter: { action: `${RUN}.touch`, subjectType: "scaffold_request" }, limit: 200 }, db);
    const ledgerRow = events.find((e) => e.subjectId !== f.ids.paymentsScaffold)!;
    const paymentsRow = events.find((e) => e.subjectId === f.ids.paymentsScaffold)!;
    expect((await getAuditEvent({ id: BigInt(ledgerRow.id), scope }, db))?.id).toBe(ledgerRow.id);
    expect(await getAuditEvent({ id: BigInt(paymentsRow.id), scope }, db)).toBeNull();
    expect(await getAuditEvent({ id: BigInt(paymentsRow.id) }, db)).not.toBeNull();
  });

  it("refuses an unknown workload", async () => {
    await expect(workloadAuditScope("no-such-workload", db)).rejects.toThrow(/There is no workload "no-such-workload"/);
  });
});

describe("CSV export", () => {
  async function exportText(filter: Record<string, string>, batchSize: number): Promise<string> {
    let text = "";
    for await (const chunk of await startAuditCsvExport({ filter: auditFilterSchema.parse(filter), batchSize }, db)) text += chunk;
    return text;
  }

  it("holds exactly the rows the list shows, oldest first, with subject names, across batches", async () => {
    const filter = { action: `${RUN}.touch` };
    const listed = (await listAuditEvents({ filter, limit: 200 }, db)).events;
    const [header, ...records] = parseCsv(await exportText(filter, 4));
    expect(header).toEqual(["id", "at", "actor_id", "actor", "action", "subject_type", "subject_id", "subject_name", "request_id", "before", "after", "metadata"]);
    expect(records.map((r) => r[0])).toEqual(listed.map((e) => e.id).reverse());
    const workloadRow = records.find((r) => r[5] === "workload" && r[6] === f.payments.id)!;
    expect(workloadRow[7]).toBe("Payments (payments)");
    expect(workloadRow[1]).toBe(listed.find((e) => e.subjectId === f.payments.id && e.subjectType === "workload")!.at.toISOString());
    expect(JSON.parse(workloadRow[9]!)).toEqual({ state: "old" });
    expect(workloadRow[8]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes a hostile actor name as text, not a formula", async () => {
    await recordAudit(db, { actor: { id: null, label: '=HYPERLINK("http://evil.example","x")' }, action: `${RUN}.csv`, subject: { type: "workload", id: "-1" }, after: -5 });
    const [, record] = parseCsv(await exportText({ action: `${RUN}.csv` }, 100));
    expect(record![3]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(record![6]).toBe("'-1");
    expect(record![10]).toBe("'-5");
  });

  it("exports only the header when nothing matches", async () => {
    expect(parseCsv(await exportText({ action: `${RUN}.nothing` }, 10))).toHaveLength(1);
  });
});

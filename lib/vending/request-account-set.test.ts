import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeVendingDeps } from "@/test/fake-vending-deps";
import { getAccountRequestForm } from "./get-account-request-form";
import { requestAccountSet } from "./request-account-set";
import type { RequestAccountSetInput } from "./vending-input";

const bob: Viewer = { id: randomUUID(), username: "bob", name: "Bob Lead", email: "bob@acme.example", role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }] };
const alice: Viewer = { id: randomUUID(), username: "alice", name: "Alice Builder", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const carol: Viewer = { id: randomUUID(), username: "carol", name: "Carol Admin", email: null, role: "admin", workloads: [] };

const setup = () =>
  fakeVendingDeps({
    workloads: [
      { slug: "payments", team: "payments" },
      { slug: "ledger", team: "ledger" },
    ],
    accounts: [{ id: "421938475610", name: "payments-dev", email: "aws+payments-dev@acme.example", parentId: "ou-7hq2-4nj7c1ye" }],
  });

const newOrders = (extra: Partial<RequestAccountSetInput> = {}): RequestAccountSetInput => ({
  idempotencyKey: randomUUID(),
  workload: { kind: "new", slug: "orders", name: "Orders", teamSlug: "payments" },
  tier: 1,
  sso: { firstName: "Bob", lastName: "Lead", email: "bob@acme.example" },
  tags: { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" },
  reason: "New product",
  ...extra,
});

describe("requestAccountSet", () => {
  it("stores a tier-1 set for a new workload with names, emails, OUs and tags derived, and publishes it", async () => {
    const fake = setup();
    const { record, created } = await requestAccountSet(fake.deps, bob, newOrders());
    expect(created).toBe(true);
    expect(record.state).toBe("requested");
    expect(record.newWorkload).toMatchObject({ slug: "orders", name: "Orders" });
    expect(record.accounts.map((a) => [a.env, a.accountName, a.accountEmail, a.ou.name])).toEqual([
      ["dev", "orders-dev", "aws+orders-dev@acme.example", "NonProd"],
      ["stage", "orders-stage", "aws+orders-stage@acme.example", "NonProd"],
      ["prod", "orders-prod", "aws+orders-prod@acme.example", "Prod"],
    ]);
    expect(record.accounts[2]?.tags).toEqual({ CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal", Workload: "orders", Environment: "prod" });
    expect(fake.events.map((e) => e.type)).toEqual(["requested"]);
    expect(fake.audit.map((a) => a.action)).toEqual(["vending.set.request"]);
  });

  it("takes the lead's edits: fewer environments, another name and OU", async () => {
    const fake = setup();
    const { record } = await requestAccountSet(
      fake.deps,
      bob,
      newOrders({ environments: ["prod", "dev"], accounts: { dev: { accountName: "orders-sandbox", ou: "Sandbox (ou-7hq2-9b3xn4qa)" } } }),
    );
    expect(record.accounts.map((a) => [a.env, a.accountName, a.ou.id])).toEqual([
      ["dev", "orders-sandbox", "ou-7hq2-9b3xn4qa"],
      ["prod", "orders-prod", "ou-7hq2-8pz3k5du"],
    ]);
  });

  it("reports every problem at its field and stores nothing", async () => {
    const fake = setup();
    const error = await requestAccountSet(
      fake.deps,
      bob,
      newOrders({
        workload: { kind: "existing", slug: "payments" },
        tags: { CostCode: "12", DataClassification: "top-secret", Workload: "x" },
        sso: { firstName: "", lastName: "Lead", email: "not-an-email" },
        accounts: { stage: { ou: "Nowhere (ou-7hq2-00000000)" } },
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INVALID_INPUT" });
    const paths = (error as { fieldErrors: Array<{ path: string }> }).fieldErrors.map((f) => f.path).sort();
    expect(paths).toEqual(["accounts.stage.ou", "sso.email", "sso.firstName", "tags.CostCode", "tags.DataClassification", "tags.Owner", "tags.Workload"]);
    expect((await fake.store.listAccountSets({ skip: 0, take: 10 })).total).toBe(0);
    expect(fake.events).toEqual([]);
  });

  it("refuses names and emails that Organizations, stored accounts or open requests already hold", async () => {
    const fake = setup();
    const first = await requestAccountSet(fake.deps, bob, newOrders({ workload: { kind: "existing", slug: "payments" }, environments: ["stage"] }));
    expect(first.created).toBe(true);
    const error = await requestAccountSet(fake.deps, bob, newOrders({ workload: { kind: "existing", slug: "payments" } })).catch((e: unknown) => e);
    const messages = (error as { fieldErrors: Array<{ path: string; message: string }> }).fieldErrors;
    expect(messages).toEqual(
      expect.arrayContaining([
        { path: "accounts.dev.accountName", message: "AWS Organizations already has an account named payments-dev (421938475610)" },
        { path: "accounts.dev.accountEmail", message: "AWS Organizations already has an account with this email (421938475610)" },
        { path: "accounts.stage.accountName", message: "Already used by another open request (its stage account)" },
      ]),
    );
    expect((await fake.store.listAccountSets({ skip: 0, take: 10 })).total).toBe(1);
  });

  it("returns the first request for a repeated idempotency key (a double submit)", async () => {
    const fake = setup();
    const input = newOrders();
    const first = await requestAccountSet(fake.deps, bob, input);
    const again = await requestAccountSet(fake.deps, bob, input);
    expect(again).toMatchObject({ created: false, record: { id: first.record.id } });
    expect(fake.events).toHaveLength(1);
    await expect(requestAccountSet(fake.deps, carol, input)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("lets leads request only for their workloads and their teams, and builders not at all", async () => {
    const fake = setup();
    await expect(requestAccountSet(fake.deps, alice, newOrders())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestAccountSet(fake.deps, bob, newOrders({ workload: { kind: "existing", slug: "ledger" } }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestAccountSet(fake.deps, bob, newOrders({ workload: { kind: "new", slug: "orders", name: "Orders", teamSlug: "ledger" } }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requestAccountSet(fake.deps, bob, newOrders({ workload: { kind: "new", slug: "payments", name: "Payments 2", teamSlug: "payments" } }))).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: expect.arrayContaining([expect.objectContaining({ path: "workload.slug" })]),
    });
    const admin = await requestAccountSet(fake.deps, carol, newOrders({ workload: { kind: "new", slug: "orders", name: "Orders", teamSlug: "ledger" } }));
    expect(admin.created).toBe(true);
  });
});

describe("getAccountRequestForm", () => {
  it("offers the viewer's workloads and teams, patterns, tiers, OUs in Account Factory's form and the policy", async () => {
    const fake = setup();
    const form = await getAccountRequestForm(fake.deps, bob);
    expect(form.workloads.map((w) => w.slug)).toEqual(["payments"]);
    expect(form.teams.map((t) => t.slug)).toEqual(["payments"]);
    expect(form.ous.map((o) => o.label)).toContain("NonProd (ou-7hq2-4nj7c1ye)");
    expect(form.defaultOus.prod).toBe("Prod (ou-7hq2-8pz3k5du)");
    expect(form.tierEnvironments["2"]).toEqual(["dev", "prod"]);
    expect(form.sso).toEqual({ firstName: "Bob", lastName: "Lead", email: "bob@acme.example" });
    expect(form.policy.keys.map((k) => k.key)).toContain("CostCode");
  });

  it("still opens when Organizations is unreachable, saying why the OUs are missing", async () => {
    const fake = setup();
    fake.org.script.unavailable = true;
    const form = await getAccountRequestForm(fake.deps, carol);
    expect(form.ous).toEqual([]);
    expect(form.ouError).toMatch(/internal error/);
    await expect(getAccountRequestForm(fake.deps, alice)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

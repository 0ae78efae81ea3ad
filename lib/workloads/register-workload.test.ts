import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeWorkloadsDeps } from "@/test/fake-workloads-deps";
import { registerWorkload } from "./register-workload";

const bob: Viewer = { id: "u-bob", username: "bob", name: "Bob", email: null, role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }] };
const alice: Viewer = { id: "u-alice", username: "alice", name: "Alice", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const carol: Viewer = { id: "u-carol", username: "carol", name: "Carol", email: null, role: "admin", workloads: [] };

function setup() {
  return fakeWorkloadsDeps({
    teams: [{ slug: "payments", name: "Payments team" }, { slug: "ledger", name: "Ledger team" }],
    workloads: [{ slug: "payments", consumerRepo: "acme/payments-infra", team: { slug: "payments", name: "Payments team", githubTeam: null } }],
    repos: {
      "acme/new-infra": { files: { "root.hcl": "" } },
      "acme/flat": { files: { "main.tf": "" } },
      "acme/empty-infra": { files: {}, error: new AppError("CONFLICT", "acme/empty-infra is empty: push root.hcl first.", { details: { reason: "empty_repository" } }) },
    },
  });
}

const input = (extra: Record<string, string> = {}) => ({ slug: "pay-2", name: "Payments 2", description: "", teamSlug: "payments", consumerRepo: "acme/new-infra", ...extra });

describe("registerWorkload", () => {
  it("registers for a team the lead already leads, and makes them its lead: a manual membership, audited (issue 9)", async () => {
    const fake = setup();
    expect(await registerWorkload(fake.deps, bob, input())).toMatchObject({
      slug: "pay-2",
      consumerRepo: "acme/new-infra",
      team: { slug: "payments" },
      grantedLead: true,
      leadGroup: "pay-2-leads",
    });
    expect(fake.audit).toEqual(["workload.create", "membership.grant"]);
    expect(fake.memberships.get("u-bob")).toEqual([{ workloadSlug: "pay-2", role: "lead", source: "manual" }]);
  });

  it("names the lead group from the configured role mapping, or none when it has no pattern to spell out", async () => {
    const custom = { ...setup().deps, roleRules: [{ pattern: "^iac-(.+)-owners$", role: "lead" as const, workload: "$1" }] };
    expect(await registerWorkload(custom, bob, input())).toMatchObject({ leadGroup: "iac-pay-2-owners" });
    const none = { ...setup().deps, roleRules: [{ group: "platform", role: "admin" as const }] };
    expect(await registerWorkload(none, bob, input())).toMatchObject({ grantedLead: true, leadGroup: null });
  });

  it("refuses a consumer repo named . or .. or outside GitHub's owner rule, before anything is read or written", async () => {
    const fake = setup();
    for (const consumerRepo of ["acme/..", "acme/.", "../acme", "acme_x/infra", "-acme/infra", "acme/infra/extra"]) {
      await expect(registerWorkload(fake.deps, bob, input({ consumerRepo })), consumerRepo).rejects.toThrow(/owner\/name/);
    }
    expect(fake.audit).toEqual([]);
  });

    it("refuses a consumer repo another workload owns, whatever its case, naming the owner (issues 8 and 9)", async () => {
    const fake = setup();
    for (const consumerRepo of ["acme/payments-infra", "ACME/Payments-Infra"]) {
      await expect(registerWorkload(fake.deps, bob, input({ consumerRepo }))).rejects.toMatchObject({
        code: "CONFLICT",
        fieldErrors: [{ path: "consumerRepo", message: expect.stringContaining("already belongs to the payments workload (payments)") }],
      });
    }
    expect(fake.audit).toEqual([]);
  });

  it("refuses an empty repo with a field error that says what to do", async () => {
    const fake = setup();
    await expect(registerWorkload(fake.deps, bob, input({ consumerRepo: "acme/empty-infra" }))).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: [{ path: "consumerRepo", message: "The repository is empty: push root.hcl first" }],
    });
  });

  it("lets admins register for any team, and nobody for a team that does not exist", async () => {
    const fake = setup();
    expect(await registerWorkload(fake.deps, carol, input({ teamSlug: "ledger" }))).toMatchObject({ team: { slug: "ledger" }, grantedLead: false });
    expect(fake.memberships.get("u-carol")).toBeUndefined();
    await expect(registerWorkload(fake.deps, carol, input({ slug: "x-1", teamSlug: "nope" }))).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: [{ path: "teamSlug" }] });
  });

  it("refuses builders, leads of other teams and taken slugs", async () => {
    const fake = setup();
    await expect(registerWorkload(fake.deps, alice, input())).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(registerWorkload(fake.deps, bob, input({ teamSlug: "ledger" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(registerWorkload(fake.deps, bob, input({ slug: "payments" }))).rejects.toMatchObject({ code: "CONFLICT", fieldErrors: [{ path: "slug" }] });
    expect(fake.audit).toEqual([]);
  });

  it("checks that the App sees the repo and that it has the Terragrunt layout", async () => {
    const fake = setup();
    await expect(registerWorkload(fake.deps, bob, input({ consumerRepo: "acme/hidden" }))).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("cannot see acme/hidden"), fieldErrors: [{ path: "consumerRepo" }] });
    await expect(registerWorkload(fake.deps, bob, input({ consumerRepo: "acme/flat" }))).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("has no root.hcl on main") });
    await expect(registerWorkload(fake.deps, bob, input({ consumerRepo: "not a repo" }))).rejects.toMatchObject({ name: "ZodError" });
    expect(fake.audit).toEqual([]);
  });
});

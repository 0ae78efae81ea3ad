import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeWorkloadsDeps } from "@/test/fake-workloads-deps";
import { listRegistrationTeams } from "./list-registration-teams";
import { listWorkloads } from "./list-workloads";

const fake = fakeWorkloadsDeps({
  workloads: [
    { slug: "checkout", team: { slug: "checkout", name: "Checkout team", githubTeam: null }, consumerRepo: "acme/checkout-infra" },
    { slug: "ledger", team: { slug: "money", name: "Money team", githubTeam: null } },
    { slug: "payments", team: { slug: "money", name: "Money team", githubTeam: null }, consumerRepo: "acme/payments-infra" },
  ],
});
const bob: Viewer = { id: "u-bob", username: "bob", name: "Bob", email: null, role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }, { slug: "checkout", name: "Checkout", role: "builder" }] };
const carol: Viewer = { id: "u-carol", username: "carol", name: "Carol", email: null, role: "admin", workloads: [] };

describe("listWorkloads", () => {
  it("lists every workload, the viewer's own first, each in slug order", async () => {
    const list = await listWorkloads(fake.deps, bob);
    expect(list.map((w) => [w.slug, w.yourRole, w.team, w.consumerRepo])).toEqual([
      ["checkout", "builder", "Checkout team", "acme/checkout-infra"],
      ["payments", "lead", "Money team", "acme/payments-infra"],
      ["ledger", null, "Money team", null],
    ]);
  });
});

describe("listWorkloads: where a role comes from", () => {
  it("marks a role granted in the portal as manual, and one from an IdP group as idp", async () => {
    const withSources = fakeWorkloadsDeps({
      workloads: [{ slug: "checkout" }, { slug: "payments" }],
      memberships: { "u-bob": [{ workloadSlug: "payments", role: "lead", source: "manual" }, { workloadSlug: "checkout", role: "builder", source: "idp" }] },
    });
    const list = await listWorkloads(withSources.deps, bob);
    expect(list.map((w) => [w.slug, w.yourRole, w.yourRoleSource])).toEqual([
      ["checkout", "builder", "idp"],
      ["payments", "lead", "manual"],
    ]);
  });
});

describe("listRegistrationTeams", () => {
  it("suggests the teams of the workloads a lead leads, and every team to admins", async () => {
    expect(await listRegistrationTeams(fake.deps, bob)).toEqual([{ slug: "money", name: "Money team" }]);
    expect(await listRegistrationTeams(fake.deps, carol)).toEqual([
      { slug: "checkout", name: "Checkout team" },
      { slug: "money", name: "Money team" },
    ]);
  });
});

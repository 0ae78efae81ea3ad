import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { fakeWorkloadsDeps } from "@/test/fake-workloads-deps";
import { getAccessHelp } from "./get-access-help";

const dave: Viewer = { id: "u-dave", username: "dave", name: "Dave", email: null, role: "builder", workloads: [] };
const alice: Viewer = { id: "u-alice", username: "alice", name: "Alice", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const carol: Viewer = { id: "u-carol", username: "carol", name: "Carol", email: null, role: "admin", workloads: [] };

const fake = fakeWorkloadsDeps({
  workloads: [
    { slug: "payments", name: "Payments", team: { slug: "payments", name: "Payments team", githubTeam: null } },
    { slug: "checkout", name: "Checkout", team: { slug: "checkout", name: "Checkout team", githubTeam: null } },
  ],
  memberships: {
    "u-bob": [{ workloadSlug: "payments", role: "lead", source: "idp" }],
    "u-erin": [{ workloadSlug: "payments", role: "lead", source: "manual" }, { workloadSlug: "checkout", role: "builder", source: "idp" }],
    "u-alice": [{ workloadSlug: "payments", role: "builder", source: "idp" }],
  },
  users: { "u-bob": { name: "Bob Lead", username: "bob" }, "u-erin": { name: "Erin", username: "erin" }, "u-alice": { name: "Alice", username: "alice" } },
});

describe("getAccessHelp", () => {
  it("tells someone with no workload whom to ask and which IdP group grants the builder role, per workload", async () => {
    const help = await getAccessHelp(fake.deps, dave);
    expect(help.hasAccess).toBe(false);
    expect(help.builderGroupTemplate).toBe("team-{slug}");
    expect(help.workloads).toEqual([
      { slug: "checkout", name: "Checkout", team: "Checkout team", leads: [], builderGroup: "team-checkout", leadGroup: "checkout-leads" },
      {
        slug: "payments",
        name: "Payments",
        team: "Payments team",
        leads: [
          { name: "Bob Lead", username: "bob" },
          { name: "Erin", username: "erin" },
        ],
        builderGroup: "team-payments",
        leadGroup: "payments-leads",
      },
    ]);
  });

  it("says no help is needed for members and admins", async () => {
    expect((await getAccessHelp(fake.deps, alice)).hasAccess).toBe(true);
    expect((await getAccessHelp(fake.deps, carol)).hasAccess).toBe(true);
  });

  it("names no group when the role mapping has none for builders", async () => {
    const help = await getAccessHelp({ ...fake.deps, roleRules: [{ pattern: "^admins$", role: "admin" }] }, dave);
    expect(help.builderGroupTemplate).toBeNull();
    expect(help.workloads.every((w) => w.builderGroup === null && w.leadGroup === null)).toBe(true);
  });
});

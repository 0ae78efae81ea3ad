import { describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/platform/auth/roles";
import { assertCanChangeWorkload, canChangeWorkload, consumerRepoOf, viewerActor } from "./workload-access";

const alice: Viewer = { id: "u-alice", username: "alice", name: "Alice", email: null, role: "builder", workloads: [{ slug: "payments", name: "Payments", role: "builder" }] };
const carol: Viewer = { id: "u-carol", username: "carol", name: "Carol", email: null, role: "admin", workloads: [] };

describe("workload access", () => {
  it("lets members change their workloads and admins any", () => {
    expect(canChangeWorkload(alice, "payments")).toBe(true);
    expect(canChangeWorkload(alice, "ledger")).toBe(false);
    expect(canChangeWorkload(carol, "ledger")).toBe(true);
    expect(() => assertCanChangeWorkload(alice, { slug: "ledger", name: "Ledger" })).toThrow(/not a member of the Ledger workload/);
    expect(() => assertCanChangeWorkload(alice, { slug: "payments", name: "Payments" })).not.toThrow();
  });

  it("splits the consumer repo, or says none is linked", () => {
    expect(consumerRepoOf({ name: "Payments", consumerRepo: "acme/payments-infra" })).toEqual({ owner: "acme", repo: "payments-infra" });
    expect(() => consumerRepoOf({ name: "Drafts", consumerRepo: null })).toThrow(/Drafts workload has no consumer repo linked/);
  });

  it("audits a person by id and username", () => {
    expect(viewerActor(alice)).toEqual({ id: "u-alice", label: "alice" });
  });
});

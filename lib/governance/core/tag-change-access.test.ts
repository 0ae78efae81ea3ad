import { describe, expect, it } from "vitest";
import { assertAdmin, assertMayRequestTagChange } from "./tag-change-access";

const bob = { id: "b", name: "Bob", isAdmin: false, leadOf: ["payments"] };
const carol = { id: "c", name: "Carol", isAdmin: true, leadOf: [] };
const payDev = { awsAccountId: "421938475610", name: "payments-dev", workloadSlug: "payments" };
const ledgerDev = { awsAccountId: "583920174465", name: "ledger-dev", workloadSlug: "ledger" };

describe("assertMayRequestTagChange", () => {
  it("lets a lead ask for one account of a workload they lead", () => {
    expect(() => assertMayRequestTagChange(bob, [payDev])).not.toThrow();
  });

  it("refuses a lead another workload's account, an unlinked account and a bulk request", () => {
    expect(() => assertMayRequestTagChange(bob, [ledgerDev])).toThrow(/lead of workload "ledger"/);
    expect(() => assertMayRequestTagChange(bob, [{ ...payDev, workloadSlug: null }])).toThrow(/belongs to no workload/);
    expect(() => assertMayRequestTagChange(bob, [payDev, payDev])).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("lets admins ask for anything", () => {
    expect(() => assertMayRequestTagChange(carol, [payDev, ledgerDev])).not.toThrow();
    expect(() => assertAdmin(bob, "retry a tag change")).toThrow("Only platform admins can retry a tag change");
  });
});

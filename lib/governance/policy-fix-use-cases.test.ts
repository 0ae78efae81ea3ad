import { describe, expect, it } from "vitest";
import { createFakeTagDirectory, createInMemoryGovernance, makeAccount } from "@/test/fixtures/governance/in-memory-governance";
import { defaultTagPolicy, tagPolicyKeysSchema } from "@/lib/vending";
import type { GovernanceActor } from "./core/tag-change-access";
import { listNonCompliantAccounts } from "./list-non-compliant-accounts";
import { requestPolicyFix } from "./request-policy-fix";

const carol: GovernanceActor = { id: "ca201000-0000-4000-8000-000000000002", name: "Carol Admin", isAdmin: true, leadOf: [] };
const bob: GovernanceActor = { id: "b0b00000-0000-4000-8000-000000000001", name: "Bob Lead", isAdmin: false, leadOf: ["payments"] };

// Version 2 adds a required BusinessUnit.
const policy = { version: 2, keys: tagPolicyKeysSchema.parse([...defaultTagPolicy.keys, { key: "BusinessUnit", description: "", allowedValues: ["retail", "corporate"] }]) };
const base = { CostCode: "CC-1000", Owner: "o@acme.example", DataClassification: "internal", Workload: "payments", Environment: "dev" };

function setup() {
  const accounts = [
    makeAccount({ awsAccountId: "100000000001", name: "a", tags: { ...base, BusinessUnit: "retail" } }),
    makeAccount({ awsAccountId: "100000000002", name: "b", tags: base }),
    makeAccount({ awsAccountId: "100000000003", name: "c", tags: { ...base, CostCode: "x" } }),
    makeAccount({ awsAccountId: "100000000004", name: "d", tags: base, state: "SUSPENDED" }),
  ];
  const memory = createInMemoryGovernance({ policy, accounts });
  return { deps: { store: memory.store, directory: createFakeTagDirectory().directory, config: { pageSize: 2 } }, memory };
}

describe("listNonCompliantAccounts", () => {
  it("lists the active accounts the policy now refuses, for admins", async () => {
    const { deps } = setup();
    const result = await listNonCompliantAccounts(deps, carol);
    expect(result.policyVersion).toBe(2);
    expect(result.accounts.map((n) => [n.account.name, n.violations.map((v) => v.key)]).sort()).toEqual([
      ["b", ["BusinessUnit"]],
      ["c", ["CostCode", "BusinessUnit"]],
    ]);
    await expect(listNonCompliantAccounts(deps, bob)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("requestPolicyFix", () => {
  it("raises one bulk request for the accounts the values fix, and names the rest", async () => {
    const { deps } = setup();
    const result = await requestPolicyFix(deps, { idempotencyKey: "policy-fix-0001", changes: { BusinessUnit: "corporate" }, reason: "BusinessUnit is now required" }, carol);
    expect(result.request).toMatchObject({ origin: "policy_fix", bulk: true, state: "requested", items: [{ awsAccountId: "100000000002", after: { BusinessUnit: "corporate" } }] });
    expect(result.unresolved.map((u) => [u.account.name, u.violations.map((v) => v.key)])).toEqual([["c", ["CostCode"]]]);
    await expect(requestPolicyFix(deps, { idempotencyKey: "policy-fix-0002", changes: { BusinessUnit: "moon" }, reason: "x" }, carol)).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

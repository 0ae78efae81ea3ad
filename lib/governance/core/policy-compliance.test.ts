import { describe, expect, it } from "vitest";
import { defaultTagPolicy, tagPolicyKeysSchema, type TagPolicy } from "@/lib/vending";
import { findNonCompliantAccounts, planComplianceFix } from "./policy-compliance";

const base = { Owner: "o@x.y", Workload: "payments", Environment: "dev", DataClassification: "internal" };
const account = (n: number, tags: Record<string, string>) => ({ accountId: `a${n}`, awsAccountId: String(100000000000 + n), name: `acct-${n}`, workloadSlug: "payments", env: "dev", tags });

// Version 2: a new required key, and "public" no longer allowed.
const tightened: TagPolicy = {
  version: 2,
  keys: tagPolicyKeysSchema.parse([
    ...defaultTagPolicy.keys.filter((k) => k.key !== "DataClassification"),
    { key: "DataClassification", description: "", allowedValues: ["internal", "confidential", "restricted"] },
    { key: "BusinessUnit", description: "", allowedValues: ["retail", "corporate"] },
  ]),
};

const accounts = [
  account(1, { ...base, CostCode: "CC-1000", BusinessUnit: "retail" }),
  account(2, { ...base, CostCode: "CC-1000" }),
  account(3, { ...base, CostCode: "CC-1000", DataClassification: "public" }),
  account(4, { ...base, CostCode: "bad", BusinessUnit: "retail" }),
];

describe("findNonCompliantAccounts", () => {
  it("lists the accounts the new policy breaks, with each key", () => {
    expect(findNonCompliantAccounts(tightened, accounts).map((n) => [n.account.accountId, n.violations])).toEqual([
      ["a2", [{ key: "BusinessUnit", problem: "missing" }]],
      ["a3", [{ key: "DataClassification", problem: "DataClassification must be one of: internal, confidential, restricted" }, { key: "BusinessUnit", problem: "missing" }]],
      ["a4", [{ key: "CostCode", problem: "CostCode must match CC-[0-9]{4,6}" }]],
    ]);
  });
});

describe("planComplianceFix", () => {
  it("plans one item per account the values fix and lists the others with what remains", () => {
    const plan = planComplianceFix(tightened, accounts, { BusinessUnit: "corporate", DataClassification: "internal" });
    expect(plan.items).toEqual([
      { accountId: "a2", awsAccountId: "100000000002", before: { BusinessUnit: null }, after: { BusinessUnit: "corporate" } },
      { accountId: "a3", awsAccountId: "100000000003", before: { DataClassification: "public", BusinessUnit: null }, after: { BusinessUnit: "corporate", DataClassification: "internal" } },
    ]);
    expect(plan.unresolved.map((u) => [u.account.accountId, u.violations])).toEqual([["a4", [{ key: "CostCode", problem: "CostCode must match CC-[0-9]{4,6}" }]]]);
  });
});

import { describe, expect, it } from "vitest";
import { planTagChangeItems } from "./plan-tag-change";

const account = (n: number, tags: Record<string, string>) => ({ accountId: `a${n}`, awsAccountId: String(100000000000 + n), name: `acct-${n}`, tags });

describe("planTagChangeItems", () => {
  it("makes one item per account that needs the change, with the recorded values before", () => {
    const plan = planTagChangeItems(
      [account(1, { CostCode: "CC-1000", Owner: "a@x.y" }), account(2, { CostCode: "CC-2000" }), account(3, { Owner: "a@x.y" }), account(1, {})],
      { CostCode: "CC-2000", Owner: "a@x.y" },
    );
    expect(plan.items).toEqual([
      { accountId: "a1", awsAccountId: "100000000001", before: { CostCode: "CC-1000" }, after: { CostCode: "CC-2000" } },
      { accountId: "a2", awsAccountId: "100000000002", before: { Owner: null }, after: { Owner: "a@x.y" } },
      { accountId: "a3", awsAccountId: "100000000003", before: { CostCode: null }, after: { CostCode: "CC-2000" } },
    ]);
    expect(plan.unchanged).toEqual([]);
  });

  it("skips accounts already at every value", () => {
    const plan = planTagChangeItems([account(1, { CostCode: "CC-2000" }), account(2, { CostCode: "CC-1000" })], { CostCode: "CC-2000" });
    expect(plan.items.map((i) => i.accountId)).toEqual(["a2"]);
    expect(plan.unchanged.map((a) => a.accountId)).toEqual(["a1"]);
  });
});

import { describe, expect, it } from "vitest";
import { demoTagPolicy, demoVendingSettings } from "@/prisma/seed-demo-data";
import { planAccountSet } from "./core/plan-account-set";
import { validateEnteredTags } from "./core/tag-policy";

describe("the demo's vending seed", () => {
  const policy = { version: 1, keys: demoTagPolicy };

  it("holds CostCode to CC-nnnn, Owner to an email and DataClassification to four values", () => {
    expect(validateEnteredTags(policy, { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" })).toMatchObject({ ok: true });
    const bad = validateEnteredTags(policy, { CostCode: "CC-12345", Owner: "bob", DataClassification: "secret" });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path).sort()).toEqual(["tags.CostCode", "tags.DataClassification", "tags.Owner"]);
  });

  it("plans a tier-1 set from the defaults alone", () => {
    const plan = planAccountSet(
      { workloadSlug: "orders", tier: 1, sso: { firstName: "Bob", lastName: "Lead", email: "bob@acme.example" }, tags: { CostCode: "CC-1234", Owner: "bob@acme.example", DataClassification: "internal" } },
      { settings: demoVendingSettings, policy },
    );
    expect(plan.ok && plan.value.map((a) => [a.accountName, a.accountEmail, a.ou.name, a.tags.Workload, a.tags.Environment])).toEqual([
      ["orders-dev", "aws+orders-dev@acme.example", "NonProd", "orders", "dev"],
      ["orders-stage", "aws+orders-stage@acme.example", "NonProd", "orders", "stage"],
      ["orders-prod", "aws+orders-prod@acme.example", "Prod", "orders", "prod"],
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { planAccountSet, type PlanAccountSetContext, type PlanAccountSetInput } from "./plan-account-set";
import { defaultTagPolicy } from "./tag-policy";
import { defaultVendingSettings } from "./vending-settings";

const nonProd = { id: "ou-ab12-11111111", name: "NonProd" };
const prod = { id: "ou-ab12-22222222", name: "Prod" };
const context: PlanAccountSetContext = {
  settings: { ...defaultVendingSettings, defaultOus: { dev: nonProd, stage: nonProd, prod } },
  policy: defaultTagPolicy,
};
const input: PlanAccountSetInput = {
  workloadSlug: "payments",
  tier: 1,
  sso: { firstName: "Bob", lastName: "Lead", email: "bob@corp.example" },
  tags: { CostCode: "CC-1234", Owner: "bob@corp.example", DataClassification: "internal" },
};
const errorsOf = (result: ReturnType<typeof planAccountSet>) => (result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`));

describe("planAccountSet", () => {
  it("derives a tier-1 set: three accounts, names, emails, default OUs and full tags", () => {
    const result = planAccountSet(input, context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((a) => [a.env, a.accountName, a.accountEmail, a.ou.name])).toEqual([
      ["dev", "payments-dev", "aws+payments-dev@corp.example", "NonProd"],
      ["stage", "payments-stage", "aws+payments-stage@corp.example", "NonProd"],
      ["prod", "payments-prod", "aws+payments-prod@corp.example", "Prod"],
    ]);
    expect(result.value[2]!.tags).toEqual({ ...input.tags, Workload: "payments", Environment: "prod" });
  });

  it("lets the lead choose environments and edit names, emails and OUs", () => {
    const result = planAccountSet(
      { ...input, tier: 3, environments: ["prod", "dev"], accounts: { prod: { accountName: "pay-live", accountEmail: "pay-live@corp.example", ou: "Prod (ou-ab12-22222222)" } } },
      context,
    );
    expect(result.ok && result.value.map((a) => `${a.env}=${a.accountName}/${a.accountEmail}`)).toEqual(["dev=payments-dev/aws+payments-dev@corp.example", "prod=pay-live/pay-live@corp.example"]);
  });

  it("reports every problem at its field and plans nothing", () => {
    const result = planAccountSet(
      {
        ...input,
        sso: { firstName: "", lastName: "Lead", email: "nope" },
        tags: { CostCode: "x", Environment: "prod" },
        accounts: { dev: { accountName: "bad name", ou: "NonProd" }, stage: { accountEmail: "AWS+payments-prod@corp.example" } },
      },
      context,
    );
    expect(errorsOf(result)).toEqual([
      "sso.firstName: Enter a name",
      "sso.email: An email address is at least 6 characters",
      "tags.CostCode: CostCode must match CC-[0-9]{4,6}",
      "tags.Environment: Environment is set by the portal from the environment; leave it out",
      "tags.Owner: Owner is required (Email of the accountable owner)",
      "tags.DataClassification: DataClassification is required (Most sensitive data the account will hold)",
      "accounts.dev.accountName: Use letters, digits, dots, dashes and underscores, starting and ending with a letter or digit",
      "accounts.dev.ou: Choose an OU in the form Name (ou-xxxx-xxxxxxxx)",
      "accounts.prod.accountEmail: Same email as the stage account",
    ]);
  });

  it("needs an OU for an environment without a default", () => {
    expect(errorsOf(planAccountSet(input, { ...context, settings: { ...context.settings, defaultOus: { dev: nonProd, prod } } }))).toEqual([
      "accounts.stage.ou: Choose the OU for stage: no default is set",
    ]);
  });

  it("checks chosen OUs against Organizations and takes the name Organizations reports", () => {
    const renamed = { id: nonProd.id, name: "Non-Production" };
    const result = planAccountSet(input, { ...context, knownOus: [renamed, prod] });
    expect(result.ok && result.value[0]!.ou).toEqual(renamed);
    expect(errorsOf(planAccountSet(input, { ...context, knownOus: [prod] }))).toEqual([
      "accounts.dev.ou: Organizations has no OU ou-ab12-11111111",
      "accounts.stage.ou: Organizations has no OU ou-ab12-11111111",
    ]);
  });

  it("refuses an undefined tier and an empty choice of environments", () => {
    expect(errorsOf(planAccountSet({ ...input, tier: 8 }, context))).toEqual(["tier: Choose one of the tiers 1, 2, 3"]);
    expect(errorsOf(planAccountSet({ ...input, environments: [] }, context))).toEqual(["environments: Choose at least one environment"]);
  });
});

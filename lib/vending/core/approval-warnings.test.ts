import { describe, expect, it } from "vitest";
import { buildApprovalWarnings, type BuildApprovalWarningsOptions } from "./approval-warnings";

const nonProd = { id: "ou-ab12-11111111", name: "NonProd" };
const sandbox = { id: "ou-ab12-33333333", name: "Sandbox" };
const options: BuildApprovalWarningsOptions = {
  workloadSlug: "payments",
  accounts: [
    { env: "dev", accountName: "payments-dev", accountEmail: "aws+payments-dev@corp.example", ou: nonProd, tags: { CostCode: "CC-1234", Workload: "payments", Environment: "dev" } },
    { env: "stage", accountName: "payments-stage", accountEmail: "aws+payments-stage@corp.example", ou: nonProd, tags: { CostCode: "CC-1234", Workload: "payments", Environment: "stage" } },
  ],
  known: { ouIds: [nonProd.id], tagValues: { CostCode: ["CC-1234"], Environment: ["dev"] } },
  settings: { accountNamePattern: "{workload}-{env}", emailPattern: "aws+{workload}-{env}@corp.example", defaultOus: { dev: nonProd, stage: nonProd } },
  derivedKeys: ["Workload", "Environment"],
};

describe("buildApprovalWarnings", () => {
  it("has nothing to say about an ordinary request", () => {
    expect(buildApprovalWarnings(options)).toEqual([]);
  });

  it("warns about an OU no account uses yet and one that is not the default", () => {
    const warnings = buildApprovalWarnings({ ...options, accounts: [{ ...options.accounts[0]!, ou: sandbox }] });
    expect(warnings.map((w) => w.code)).toEqual(["new_ou", "non_default_ou"]);
    expect(warnings[0]!.message).toBe("No account is in Sandbox (ou-ab12-33333333) yet: check that dev belongs there");
  });

  it("warns once per tag value never seen, and never about derived keys", () => {
    const accounts = options.accounts.map((a) => ({ ...a, tags: { ...a.tags, CostCode: "CC-9999" } }));
    const warnings = buildApprovalWarnings({ ...options, accounts });
    expect(warnings).toEqual([{ code: "new_tag_value", key: "CostCode", value: "CC-9999", message: "No account has CostCode = CC-9999 yet: check for a typo" }]);
  });

  it("warns when names or emails were edited away from the patterns", () => {
    const accounts = [{ ...options.accounts[0]!, accountName: "pay-dev", accountEmail: "other@corp.example" }];
    expect(buildApprovalWarnings({ ...options, accounts }).map((w) => w.message)).toEqual([
      "The dev account is named pay-dev, not payments-dev as the pattern gives",
      "The dev root email is other@corp.example, not aws+payments-dev@corp.example as the pattern gives",
    ]);
  });
});

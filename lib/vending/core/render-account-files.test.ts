import { parse } from "@cdktn/hcl2json";
import { describe, expect, it } from "vitest";
import { renderConsumerAccountFile, renderProviderAccountFile, type ProviderAccountFileInput } from "./render-account-files";

const provider: ProviderAccountFileInput = {
  accountId: "123456789012",
  accountName: "payments-dev",
  env: "dev",
  ou: { id: "ou-ab12-11111111", name: "NonProd" },
  tags: { Workload: "payments", CostCode: "CC-1234", "team:owner/email": "bob@corp.example" },
  requestId: "3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f",
};

describe("renderProviderAccountFile", () => {
  it("writes accounts/<name>/account.hcl with id, environment, OU and sorted tags", async () => {
    const file = await renderProviderAccountFile(provider);
    expect(file.path).toBe("accounts/payments-dev/account.hcl");
    expect(file.content).toBe(
      [
        "# Registered by Bulkhead for account set request 3f2c1d9e-8b7a-4c6d-9e0f-1a2b3c4d5e6f.",
        "# The provider pipeline applies the baselines to this account.",
        "locals {",
        '  account_id   = "123456789012"',
        '  account_name = "payments-dev"',
        '  environment  = "dev"',
        "  organizational_unit = {",
        '    id   = "ou-ab12-11111111"',
        '    name = "NonProd"',
        "  }",
        "  tags = {",
        '    CostCode           = "CC-1234"',
        '    Workload           = "payments"',
        '    "team:owner/email" = "bob@corp.example"',
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("escapes hostile OU names so they stay data", async () => {
    const file = await renderProviderAccountFile({ ...provider, ou: { id: "ou-ab12-11111111", name: 'Prod" } evil = ${file("/etc/passwd")} #' } });
    const parsed = (await parse("account.hcl", file.content)) as { locals: Array<Record<string, unknown>> };
    expect(Object.keys(parsed.locals[0]!)).toEqual(["account_id", "account_name", "environment", "organizational_unit", "tags"]);
    expect(file.content).toContain("$${file(");
  });

  it.each([
    [{ accountName: "../../etc" }, /Account name/],
    [{ accountName: "a/b" }, /Account name/],
    [{ accountId: "12345678901" }, /12-digit/],
    [{ env: "qa" }, /not an environment/],
    [{ ou: { id: "r-ab12", name: "Root" } }, /organizational unit id/],
    [{ tags: { CostCode: 'x"y' } }, /Tag CostCode/],
    [{ tags: { "aws:x": "y" } }, /Tag key/],
    [{ requestId: "x\n# injected" }, /request id/],
  ])("refuses %j", async (override, message) => {
    await expect(renderProviderAccountFile({ ...provider, ...(override as Partial<ProviderAccountFileInput>) })).rejects.toThrow(message);
  });
});

describe("renderConsumerAccountFile", () => {
  it("writes <env>/account.hcl with the account id, name and environment", async () => {
    const file = await renderConsumerAccountFile({ accountId: "210987654321", accountName: "payments-prod", env: "prod" });
    expect(file).toEqual({
      path: "prod/account.hcl",
      content: [
        "# The prod account of this workload, recorded by Bulkhead.",
        "locals {",
        '  account_id   = "210987654321"',
        '  account_name = "payments-prod"',
        '  environment  = "prod"',
        "}",
        "",
      ].join("\n"),
    });
  });
});

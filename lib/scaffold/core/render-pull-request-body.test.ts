import { describe, expect, it } from "vitest";
import { renderPullRequestBody, renderPullRequestTitle } from "./render-pull-request-body";

const base = {
  kind: "create" as const,
  module: { name: "vpc", source: "acme/iac-modules//modules/vpc" },
  version: "2.0.0",
  catalogueUrl: "https://portal/catalogue/acme/iac-modules/vpc?version=2.0.0",
  workload: "Payments",
  unitPath: "dev/eu-west-1/vpc/terragrunt.hcl",
  requestedBy: "Alice",
  requestUrl: "https://portal/scaffold/requests/1",
};

describe("renderPullRequestBody", () => {
  it("links the module version, lists inputs and never prints a sensitive value", () => {
    const body = renderPullRequestBody({
      ...base,
      inputs: { cidr: "10.0.0.0/16", password: { __expr: 'get_env("DB_PASSWORD")' }, leaked: "hunter2" },
      sensitiveInputs: new Set(["password", "leaked"]),
    });
    expect(body).toContain("[vpc 2.0.0](https://portal/catalogue/acme/iac-modules/vpc?version=2.0.0)");
    expect(body).toContain('- `cidr` = `"10.0.0.0/16"`');
    expect(body).toContain('- `password` = `get_env("DB_PASSWORD")` _(reference; sensitive input)_');
    expect(body).not.toContain("hunter2");
    expect(body).toContain("**Requested by:** Alice");
    expect(body).toContain("- [ ] ");
  });

  it("names promotions in the title and body", () => {
    expect(renderPullRequestTitle({ ...base, kind: "promote", unitPath: "stage/eu-west-1/vpc/terragrunt.hcl" })).toBe("Promote vpc 2.0.0 in stage/eu-west-1/vpc");
    const body = renderPullRequestBody({ ...base, kind: "promote", promotedFrom: "dev/eu-west-1/vpc/terragrunt.hcl", inputs: {}, sensitiveInputs: new Set() });
    expect(body).toContain("Promotes `dev/eu-west-1/vpc/terragrunt.hcl`");
    expect(body).toContain("applied and verified in the previous environment");
  });
});

import { describe, expect, it } from "vitest";
import { buildFormModel, buildSensitiveReference, humanize, REFERENCE_OPTIONS, SENSITIVE_EXPLANATION } from "./build-form-model";
import type { ScaffoldVariable } from "./scaffold-variable";

function variable(name: string, type: string, extra: Partial<ScaffoldVariable> = {}): ScaffoldVariable {
  return { name, type, description: `The ${name}`, defaultJson: null, defaultText: null, required: true, sensitive: false, nullable: true, validations: [], ...extra };
}

describe("buildFormModel", () => {
  const model = buildFormModel([
    variable("zone", "string", { required: false, defaultJson: "a", defaultText: '"a"' }),
    variable("vpc_name", "string", { validations: [{ condition: "length(var.vpc_name) < 10", errorMessage: "short" }, { condition: "fileexists(var.vpc_name)", errorMessage: "f" }] }),
    variable("azs", "list(string)", { required: false, defaultJson: ["a", "b"], defaultText: '["a", "b"]' }),
    variable("count", "number"),
    variable("enabled", "bool", { required: false, defaultJson: true, defaultText: "true" }),
    variable("tags", "map(string)", { required: false, defaultJson: {}, defaultText: "{}" }),
    variable("network", "object({ cidr = string, az = optional(string, \"eu-west-1a\"), flags = optional(list(bool)) })"),
    variable("subnets", "map(object({ cidr = string }))", { required: false, defaultJson: {}, defaultText: "{}" }),
    variable("rules", "list(object({ port = number, nested = optional(object({ x = number })) }))"),
    variable("anything", "any", { required: false, defaultJson: null, defaultText: "null" }),
    variable("pair", "tuple([string, number])"),
    variable("odd", "list(strng)"),
    variable("matrix", "list(list(string))"),
    variable("password", "string", { sensitive: true, required: false, defaultJson: null, defaultText: "null" }),
  ]);

  it("puts required inputs first, then optional, each alphabetical", () => {
    expect(model.fields.map((f) => f.name)).toEqual([
      "count", "matrix", "network", "odd", "pair", "rules", "vpc_name",
      "anything", "azs", "enabled", "password", "subnets", "tags", "zone",
    ]);
  });

  it("picks a widget per type", () => {
    const kinds = Object.fromEntries(model.fields.map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      count: "number", matrix: "raw", network: "fieldset", odd: "raw", pair: "raw", rules: "group", vpc_name: "text",
      anything: "raw", azs: "rows", enabled: "checkbox", password: "sensitive", subnets: "group", tags: "rows", zone: "text",
    });
  });

  it("shows defaults as placeholders", () => {
    const byName = Object.fromEntries(model.fields.map((f) => [f.name, f]));
    expect(byName.zone).toMatchObject({ placeholder: "a", hasDefault: true, defaultValue: "a", required: false });
    expect(byName.azs).toMatchObject({ placeholder: '["a","b"]', kind: "rows", collection: "list", element: "string" });
    expect(byName.tags).toMatchObject({ kind: "rows", collection: "map", element: "string", placeholder: "{}" });
    expect(byName.count).toMatchObject({ placeholder: null, hasDefault: false, required: true, label: "Count" });
    expect(byName.vpc_name).toMatchObject({ label: "VPC name", description: "The vpc_name" });
    // An optional input whose default is null shows no "null" placeholder.
    expect(byName.anything).toMatchObject({ placeholder: null, hasDefault: true, defaultValue: null });
  });

  it("keeps acronyms in labels", () => {
    expect(
      ["cidr_block", "kms_key_arn", "enable_dns_hostnames", "az", "azs", "vpc_id", "private_ip", "allowed_sns_topic_arns", "ipv6_cidrs", "name-prefix", "tags"].map(humanize),
    ).toEqual(["CIDR block", "KMS key ARN", "Enable DNS hostnames", "AZ", "AZs", "VPC ID", "Private IP", "Allowed SNS topic ARNs", "IPv6 CIDRs", "Name prefix", "Tags"]);
  });

  it("builds nested fieldsets with optional attributes marked", () => {
    const network = model.fields.find((f) => f.name === "network");
    expect(network).toMatchObject({
      kind: "fieldset",
      fields: [
        { name: "cidr", kind: "text", required: true, path: "network.cidr", placeholder: null },
        { name: "az", kind: "text", required: false, placeholder: "eu-west-1a", defaultValue: "eu-west-1a" },
        { name: "flags", kind: "rows", required: false, element: "bool", placeholder: null, hasDefault: true },
      ],
    });
  });

  it("builds repeatable groups for list(object) and map(object)", () => {
    expect(model.fields.find((f) => f.name === "subnets")).toMatchObject({ kind: "group", collection: "map", itemFields: [{ name: "cidr", path: "subnets[*].cidr" }] });
    expect(model.fields.find((f) => f.name === "rules")).toMatchObject({
      kind: "group",
      collection: "list",
      itemFields: [{ name: "port", kind: "number" }, { name: "nested", kind: "fieldset", fields: [{ name: "x", path: "rules[*].nested.x" }] }],
    });
  });

  it("offers references, never a plain value, for sensitive inputs", () => {
    expect(model.fields.find((f) => f.name === "password")).toMatchObject({ kind: "sensitive", explanation: SENSITIVE_EXPLANATION, referenceOptions: REFERENCE_OPTIONS });
    expect(REFERENCE_OPTIONS.map((o) => o.kind)).toEqual(["env", "dependency", "expression"]);
  });

  it("marks which rules the portal checks", () => {
    expect(model.fields.find((f) => f.name === "vpc_name")?.rules).toEqual([
      { condition: "length(var.vpc_name) < 10", errorMessage: "short", checkable: true },
      { condition: "fileexists(var.vpc_name)", errorMessage: "f", checkable: false },
    ]);
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe("buildSensitiveReference", () => {
  it("builds get_env, dependency output and raw expressions", () => {
    expect(buildSensitiveReference({ kind: "env", name: "DB_PASSWORD" })).toEqual({ ok: true, value: { __expr: 'get_env("DB_PASSWORD")' } });
    expect(buildSensitiveReference({ kind: "dependency", unit: "secrets", output: "db_password" })).toEqual({
      ok: true,
      value: { __expr: "dependency.secrets.outputs.db_password" },
    });
    expect(buildSensitiveReference({ kind: "expression", expression: " local.x " })).toEqual({ ok: true, value: { __expr: "local.x" } });
    expect(buildSensitiveReference({ kind: "env", name: 'X") + ("' }).ok).toBe(false);
    expect(buildSensitiveReference({ kind: "dependency", unit: "a.b", output: "c" }).ok).toBe(false);
    expect(buildSensitiveReference({ kind: "expression", expression: " " }).ok).toBe(false);
  });
});

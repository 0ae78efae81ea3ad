import { describe, expect, it } from "vitest";
import { buildFormModel } from "@/lib/scaffold/core/build-form-model";
import type { ScaffoldVariable } from "@/lib/scaffold/core/scaffold-variable";
import {
  anchorErrors,
  createDraft,
  createGroupItem,
  createRow,
  fieldDomId,
  listFieldPaths,
  parentPath,
  readDraft,
  revalidateChangedFields,
  singularLabel,
  sortByForm,
  validateDraft,
  type DraftMap,
  type FieldDraft,
} from "./form-draft";
import { formChecks } from "./form-checks";

function variable(partial: Partial<ScaffoldVariable> & { name: string; type: string }): ScaffoldVariable {
  return { description: null, defaultJson: null, defaultText: null, required: true, sensitive: false, nullable: true, validations: [], ...partial };
}

const variables: ScaffoldVariable[] = [
  variable({
    name: "cidr_block",
    type: "string",
    validations: [{ condition: "can(cidrhost(var.cidr_block, 0))", errorMessage: "The cidr_block must be a valid IPv4 CIDR block." }],
  }),
  variable({ name: "subnets", type: "map(object({ cidr_block = string, az = string, tags = optional(map(string), {}) }))" }),
  variable({
    name: "flow_logs",
    type: 'object({ enabled = optional(bool, false), retention_in_days = optional(number, 90), traffic_type = optional(string, "ALL") })',
    required: false,
    defaultJson: {},
    defaultText: "{}",
    validations: [{ condition: 'contains(["ACCEPT", "REJECT", "ALL"], var.flow_logs.traffic_type)', errorMessage: "Bad traffic type." }],
  }),
  variable({ name: "azs", type: "list(string)", required: false, defaultJson: [], defaultText: "[]" }),
  variable({ name: "tags", type: "map(string)", required: false, defaultJson: {}, defaultText: "{}" }),
  variable({ name: "db_password", type: "string", sensitive: true, required: false }),
  variable({ name: "settings", type: "any", required: false }),
  variable({ name: "size", type: "number", required: false, defaultJson: 3, defaultText: "3" }),
  variable({ name: "rules", type: "list(object({ port = number }))", required: false, defaultJson: [], defaultText: "[]" }),
];
const form = buildFormModel(variables);

function field<K extends FieldDraft["kind"]>(drafts: DraftMap, name: string, kind: K): Extract<FieldDraft, { kind: K }> {
  const draft = drafts[name];
  if (draft?.kind !== kind) throw new Error(`${name} is not ${kind}`);
  return draft as Extract<FieldDraft, { kind: K }>;
}

function subnetsField() {
  const f = form.fields.find((x) => x.name === "subnets");
  if (f?.kind !== "group") throw new Error("subnets is not a group");
  return f;
}

describe("readDraft", () => {
  it("leaves untouched optional inputs out and reports missing required ones", () => {
    const { values, errors } = readDraft(form, createDraft(form), formChecks);
    expect(values).toEqual({});
    expect(errors).toEqual([
      { path: "cidr_block", message: "Required" },
      { path: "subnets", message: "Required" },
    ]);
  });

  it("builds typed JSON from nested objects, map groups, rows, raw text and references", () => {
    const drafts = createDraft(form);
    drafts.cidr_block = { kind: "text", text: "10.0.0.0/16" };
    const item = createGroupItem(subnetsField(), "private-a");
    item.fields.cidr_block = { kind: "text", text: "10.0.1.0/24" };
    item.fields.az = { kind: "text", text: "eu-west-1a" };
    drafts.subnets = { kind: "group", touched: true, items: [item] };
    field(drafts, "flow_logs", "fieldset").fields.retention_in_days = { kind: "text", text: "30" };
    const azs = field(drafts, "azs", "rows");
    const row = createRow(form.fields.find((x) => x.name === "azs") as Parameters<typeof createRow>[0]);
    drafts.azs = { ...azs, touched: true, rows: [{ ...row, value: "eu-west-1a" }] };
    drafts.db_password = { kind: "sensitive", choice: "env", envName: "DB_PASSWORD", unit: "", output: "", expression: "" };
    drafts.settings = { kind: "text", text: "{ a = 1 }" };

    const { values, errors } = readDraft(form, drafts, formChecks);
    expect(errors).toEqual([]);
    expect(values).toEqual({
      cidr_block: "10.0.0.0/16",
      subnets: { "private-a": { cidr_block: "10.0.1.0/24", az: "eu-west-1a" } },
      flow_logs: { retention_in_days: 30 },
      azs: ["eu-west-1a"],
      db_password: { __expr: 'get_env("DB_PASSWORD")' },
      settings: { __hcl: "{ a = 1 }" },
    });
  });

  it("reports required attributes, bad numbers and duplicate keys at their paths", () => {
    const drafts = createDraft(form);
    drafts.cidr_block = { kind: "text", text: "10.0.0.0/16" };
    const a = createGroupItem(subnetsField(), "a");
    a.fields.az = { kind: "text", text: "x" };
    const b = createGroupItem(subnetsField(), "a");
    drafts.subnets = { kind: "group", touched: true, items: [a, b] };
    drafts.size = { kind: "text", text: "three" };
    const { errors } = readDraft(form, drafts, formChecks);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'subnets["a"].cidr_block', message: "Required" },
        { path: 'subnets["a"]', message: 'Duplicate key "a"' },
        { path: "size", message: "Enter a number" },
      ]),
    );
  });

  it("round-trips prefilled values, including expressions, through the draft", () => {
    const initial = {
      cidr_block: "10.1.0.0/16",
      subnets: { b: { cidr_block: "10.1.2.0/24", az: { __expr: "local.az" } } },
      rules: [{ port: 443 }],
      tags: { Team: "payments" },
      db_password: { __expr: "dependency.secrets.outputs.db_password" },
    };
    const drafts = createDraft(form, initial);
    // A prefilled expression is a field switched to "reference": its path goes with the values.
    expect(readDraft(form, drafts, formChecks)).toEqual({ values: initial, references: ['subnets["b"].az'], errors: [] });
    expect(field(drafts, "db_password", "sensitive")).toMatchObject({ choice: "dependency", unit: "secrets", output: "db_password" });
  });

  it("submits a field switched to reference with its path, in canonical form, and refuses what the portal never writes", () => {
    const drafts = createDraft(form);
    drafts.cidr_block = { kind: "expr", text: " dependency.vpc # net\n .outputs.cidr " };
    field(drafts, "flow_logs", "fieldset").fields.traffic_type = { kind: "expr", text: 'get_env("TF_VAR_traffic_type")' };
    expect(readDraft(form, drafts, formChecks)).toMatchObject({
      values: { cidr_block: { __expr: "dependency.vpc.outputs.cidr" }, flow_logs: { traffic_type: { __expr: 'get_env("TF_VAR_traffic_type")' } } },
      references: ["cidr_block", "flow_logs.traffic_type"],
    });
    drafts.cidr_block = { kind: "expr", text: 'run_cmd("sh", "-c", "id")' };
    expect(readDraft(form, drafts, formChecks).errors).toContainEqual({ path: "cidr_block", message: expect.stringMatching(/^The function run_cmd\(\) is not allowed/) });
  });

  it("rejects an invalid sensitive reference instead of writing it", () => {
    const drafts = createDraft(form);
    drafts.db_password = { kind: "sensitive", choice: "env", envName: "not valid", unit: "", output: "", expression: "" };
    expect(readDraft(form, drafts, formChecks).errors).toContainEqual({ path: "db_password", message: "Use letters, digits and underscores for the variable name" });
  });
});

describe("validateDraft", () => {
  it("checks the module's validation rules in the browser", () => {
    const drafts = createDraft(form);
    drafts.cidr_block = { kind: "text", text: "10.0.0.0/33" };
    drafts.subnets = { kind: "group", touched: true, items: [] };
    field(drafts, "flow_logs", "fieldset").fields.traffic_type = { kind: "text", text: "SOME" };
    expect(validateDraft(form, drafts, formChecks).errors).toEqual([
      { path: "cidr_block", message: "The cidr_block must be a valid IPv4 CIDR block." },
      { path: "flow_logs", message: "Bad traffic type." },
    ]);
    drafts.cidr_block = { kind: "text", text: "10.0.0.0/16" };
    field(drafts, "flow_logs", "fieldset").fields.traffic_type = { kind: "text", text: "ALL" };
    expect(validateDraft(form, drafts, formChecks).errors).toEqual([]);
  });
});

describe("revalidateChangedFields", () => {
  const base = () => {
    const drafts = createDraft(form);
    drafts.cidr_block = { kind: "text", text: "10.0.0.0/33" };
    drafts.subnets = { kind: "group", touched: true, items: [] };
    return drafts;
  };
  const shown = [
    { path: "cidr_block", message: "The cidr_block must be a valid IPv4 CIDR block." },
    { path: "size", message: "From the server: too big" },
  ];

  it("drops a field's error as soon as its value is fixed, and keeps other fields' errors until the next Preview", () => {
    const before = base();
    const after = { ...before, cidr_block: { kind: "text" as const, text: "10.0.0.0/16" } };
    expect(revalidateChangedFields(form, before, after, shown, formChecks)).toEqual([{ path: "size", message: "From the server: too big" }]);
  });

  it("replaces a changed field's server error with what the browser finds now, and flags a newly broken field", () => {
    const before = base();
    const after = { ...before, size: { kind: "text" as const, text: "abc" } };
    const next = revalidateChangedFields(form, before, after, shown, formChecks);
    expect(next.filter((e) => e.path === "cidr_block")).toEqual([shown[0]]);
    expect(next.filter((e) => e.path === "size").map((e) => e.message)).not.toContain("From the server: too big");
    expect(next.some((e) => e.path === "size")).toBe(true);
    const fixed = { ...after, size: { kind: "text" as const, text: "4" } };
    expect(revalidateChangedFields(form, after, fixed, next, formChecks).filter((e) => e.path === "size")).toEqual([]);
  });

  it("checks nested paths under the input that changed", () => {
    const before = base();
    const after = { ...before, flow_logs: { kind: "fieldset" as const, fields: { ...field(before, "flow_logs", "fieldset").fields, traffic_type: { kind: "text" as const, text: "SOME" } } } };
    expect(revalidateChangedFields(form, before, after, [], formChecks)).toEqual([{ path: "flow_logs", message: "Bad traffic type." }]);
    expect(revalidateChangedFields(form, before, before, shown, formChecks)).toBe(shown);
  });
});

describe("error anchoring", () => {
  it("puts server errors on the rendered field or its nearest ancestor", () => {
    const drafts = createDraft(form, { cidr_block: "x", subnets: { a: { cidr_block: "y", az: "z" } }, azs: ["a", "a"] });
    const known = listFieldPaths(form, drafts);
    expect(known.get('subnets["a"].cidr_block')).toBe("Subnets › a › CIDR block");
    const anchored = anchorErrors(
      [
        { path: 'subnets["a"].cidr_block', message: "Bad" },
        { path: "azs[1]", message: "Duplicate value in a set" },
        { path: 'tags["x"].deep', message: "Odd" },
      ],
      known,
    );
    expect(anchored.get('subnets["a"].cidr_block')).toEqual(["Bad"]);
    expect(anchored.get("azs[1]")).toEqual(["Duplicate value in a set"]);
    expect(anchored.get("tags")).toEqual(['["x"].deep: Odd']);
  });

  it("orders summary entries as the fields appear in the form", () => {
    const known = listFieldPaths(form, createDraft(form));
    const sorted = sortByForm<string[]>([["size", ["x"]], ["nowhere", ["y"]], ["cidr_block", ["z"]], ["flow_logs.traffic_type", ["w"]]], known);
    expect(sorted.map(([path]) => path)).toEqual(["cidr_block", "flow_logs.traffic_type", "size", "nowhere"]);
  });

  it("splits paths and builds safe DOM ids", () => {
    expect(parentPath('a.b[0]["k.x"]')).toBe("a.b[0]");
    expect(parentPath("a.b")).toBe("a");
    expect(parentPath("a")).toBeNull();
    expect(fieldDomId('subnets["a"].cidr')).toMatch(/^field-[A-Za-z0-9_-]+$/);
    expect(fieldDomId("a.b")).not.toBe(fieldDomId("a-b"));
    expect(singularLabel("Subnets")).toBe("subnet");
    expect(singularLabel("Policies")).toBe("policy");
  });
});

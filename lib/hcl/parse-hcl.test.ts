import { describe, expect, it } from "vitest";

import {
  displayTemplate,
  isLiteralTemplate,
  parseHcl,
  parseHclErrorMessage,
  unescapeTemplateLiteral,
  unwrapExpression,
} from "./parse-hcl";

describe("parseHcl", () => {
  it("returns hcl2json's Terraform JSON syntax, wrapping expressions in ${}", async () => {
    const result = await parseHcl("main.tf", 'variable "a" {\n  type = list(string)\n  default = ["x"]\n}\n');
    expect(result).toEqual({ ok: true, body: { variable: { a: [{ type: "${list(string)}", default: ["x"] }] } } });
  });

  it("turns a syntax error into file + line errors", async () => {
    const result = await parseHcl("broken.tf", 'variable "a" {\n  type = string\n}\nvariable "b" {\n  a = = 1\n}\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: "broken.tf", line: 5 });
    expect(result.errors[0]!.message).toMatch(/^Invalid expression/);
  });

  it("reports an unclosed block at the line of its opening brace", async () => {
    const result = await parseHcl("x.tf", 'variable "x" {\n  type = string\n\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/Unclosed configuration block/) });
  });
});

describe("parseHclErrorMessage", () => {
  it("splits several diagnostics and drops duplicates", () => {
    const message =
      "parse config: [c.tf:3,26-4,1: Invalid multi-line string; Detail one. c.tf:4,2-5,1: Invalid multi-line string; Detail one. c.tf:3,26-4,1: Unterminated template string; No closing marker.]";
    expect(parseHclErrorMessage("c.tf", message)).toEqual([
      { file: "c.tf", line: 3, message: "Invalid multi-line string; Detail one." },
      { file: "c.tf", line: 4, message: "Invalid multi-line string; Detail one." },
      { file: "c.tf", line: 3, message: "Unterminated template string; No closing marker." },
    ]);
  });

  it("handles file names with regex characters and messages without positions", () => {
    expect(parseHclErrorMessage("a+b.tf", "parse config: [a+b.tf:7,1-2: Bad; thing.]")).toEqual([
      { file: "a+b.tf", line: 7, message: "Bad; thing." },
    ]);
    expect(parseHclErrorMessage("a.tf", "boom")).toEqual([{ file: "a.tf", line: null, message: "boom" }]);
  });
});

describe("template helpers", () => {
  it("unwraps whole expressions only", () => {
    expect(unwrapExpression("${object({ a = string })}")).toBe("object({ a = string })");
    expect(unwrapExpression('${can(regex("^[a-z]+$", var.x))}')).toBe('can(regex("^[a-z]+$", var.x))');
    expect(unwrapExpression('${lookup({ a = "}" }, "a")}')).toBe('lookup({ a = "}" }, "a")');
    expect(unwrapExpression("${a}-${b}")).toBeNull();
    expect(unwrapExpression("plain")).toBeNull();
  });

  it("tells literals from templates and unescapes literals", () => {
    expect(isLiteralTemplate("cost $${x} and %%{y}")).toBe(true);
    expect(isLiteralTemplate("a-${var.x}")).toBe(false);
    expect(isLiteralTemplate("%{ if true }x%{ endif }")).toBe(false);
    expect(unescapeTemplateLiteral("cost $${x} and %%{y} and $$z")).toBe("cost ${x} and %{y} and $$z");
  });

  it("displays literals unescaped, expressions bare and templates as written", () => {
    expect(displayTemplate("use $${var}")).toBe("use ${var}");
    expect(displayTemplate("${var.x}")).toBe("var.x");
    expect(displayTemplate("a-${var.x}-$${lit}")).toBe("a-${var.x}-$${lit}");
  });
});

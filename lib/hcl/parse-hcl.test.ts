import { describe, expect, it } from "vitest";

import { parseHcl, parseHclErrorMessage, parseHclFile } from "./parse-hcl";

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

describe("parseHclFile", () => {
  it("returns the body, or throws INVALID_INPUT with hcl2json's message", async () => {
    expect(await parseHclFile('inputs = { a = "${x}" }\n')).toEqual({ inputs: { a: "${x}" } });
    await expect(parseHclFile("inputs = {\n")).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/^HCL does not parse: .*terragrunt\.hcl:/) });
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

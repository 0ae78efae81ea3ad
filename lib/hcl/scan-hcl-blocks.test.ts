import { describe, expect, it } from "vitest";

import { readHeaderComment, readLeadingComments, scanHclBlocks } from "./scan-hcl-blocks";

describe("scanHclBlocks", () => {
  it("finds top-level blocks with quoted and unquoted labels and their lines", () => {
    const src = ['terraform {', '  required_version = ">= 1.5"', "}", "", "variable name {}", 'resource "aws_vpc" "this" {', "}"].join("\n");
    expect(scanHclBlocks(src)).toEqual([
      { type: "terraform", labels: [], line: 1 },
      { type: "variable", labels: ["name"], line: 5 },
      { type: "resource", labels: ["aws_vpc", "this"], line: 6 },
    ]);
  });

  it("ignores blocks inside comments of every kind", () => {
    const src = [
      '# variable "hash" {}',
      '// variable "slashes" {}',
      "/*",
      'variable "block" {',
      "}",
      "*/",
      'variable "real" { # trailing { brace',
      "}",
    ].join("\n");
    expect(scanHclBlocks(src)).toEqual([{ type: "variable", labels: ["real"], line: 7 }]);
  });

  it("skips heredocs (plain and indented) whose text looks like HCL", () => {
    const src = [
      'variable "a" {',
      "  description = <<EOT",
      '}',
      'variable "fake1" {',
      "EOT",
      "}",
      'variable "b" {',
      "  default = <<-EOT",
      '    variable "fake2" {',
      "    }",
      "  EOT",
      "}",
      'output "c" {}',
    ].join("\n");
    expect(scanHclBlocks(src).map((b) => `${b.type}.${b.labels.join(".")}@${b.line}`)).toEqual([
      "variable.a@1",
      "variable.b@7",
      "output.c@13",
    ]);
  });

  it("skips strings holding braces, escaped quotes and nested templates", () => {
    const src = [
      'variable "a" {',
      '  default = "}} \\" ${jsonencode({ x = "}" })} $${literal} {{"',
      "}",
      'variable "b" {}',
    ].join("\n");
    expect(scanHclBlocks(src).map((b) => [b.labels[0], b.line])).toEqual([
      ["a", 1],
      ["b", 4],
    ]);
  });

  it("does not report nested blocks and survives broken input", () => {
    const src = ['variable "a" {', "  validation {", "    condition = true", "  }", "}", 'variable "b" {', '  default = "unterminated', "}", 'output "o" {}'].join(
      "\n",
    );
    const blocks = scanHclBlocks(src);
    expect(blocks.map((b) => b.labels[0])).toEqual(["a", "b", "o"]);
    expect(blocks.find((b) => b.labels[0] === "o")?.line).toBe(9);
  });

  it("handles CRLF line endings", () => {
    expect(scanHclBlocks('variable "a" {\r\n}\r\n\r\nvariable "b" {}\r\n')).toEqual([
      { type: "variable", labels: ["a"], line: 1 },
      { type: "variable", labels: ["b"], line: 4 },
    ]);
  });

  it("steps over strings whatever they hold, and recovers from unterminated ones", () => {
    const cases: Array<[string, Array<{ type: string; labels: string[]; line: number }>]> = [
      ['variable "a" {\n  default = "x\\"y ${f("}")} $${z}"\n}\nvariable "b" {}', [{ type: "variable", labels: ["a"], line: 1 }, { type: "variable", labels: ["b"], line: 4 }]],
      ['variable "a\\"b" "c" {\n}\noutput "o" {}', [{ type: "variable", labels: ['a\\"b', "c"], line: 1 }, { type: "output", labels: ["o"], line: 3 }]],
      ['variable "a" {\n  d = "${\n  f("x")\n}"\n}\nvariable "b" {}', [{ type: "variable", labels: ["a"], line: 1 }, { type: "variable", labels: ["b"], line: 6 }]],
      ['variable "a" {\n  d = "unterminated\n}\nvariable "b" {}', [{ type: "variable", labels: ["a"], line: 1 }, { type: "variable", labels: ["b"], line: 4 }]],
      ['locals {\n  x = "${"a\n}\nvariable "c" {}', [{ type: "locals", labels: [], line: 1 }]],
      ['variable "x" "${y}" {\n}\nvariable "z" {}', [{ type: "variable", labels: ["x", "${y}"], line: 1 }, { type: "variable", labels: ["z"], line: 3 }]],
      // An escaped newline is invalid HCL; the line after it is still counted (until the shared scanner, it was not).
      ['x = "\\\nvariable "q" {}\nvariable "r" {}', [{ type: "variable", labels: ["r"], line: 3 }]],
      ['x = "${"\nvariable "q" {}\n}"\nvariable "r" {}', [{ type: "variable", labels: ["r"], line: 4 }]],
      ['variable "a', []],
    ];
    for (const [src, blocks] of cases) expect(scanHclBlocks(src), src).toEqual(blocks);
  });
});

describe("readLeadingComments", () => {
  it("reads contiguous # and // lines right above the block, as terraform-docs does", () => {
    const src = ["# unrelated", "", "// first line", "# second line", 'variable "a" {}'].join("\n");
    expect(readLeadingComments(src, 5)).toEqual(["first line", "second line"]);
  });

  it("ignores indented comments and returns nothing without comments", () => {
    expect(readLeadingComments(['  # indented', 'variable "a" {}'].join("\n"), 2)).toEqual([]);
    expect(readLeadingComments('variable "a" {}', 1)).toEqual([]);
  });
});

describe("readHeaderComment", () => {
  it("reads the leading /** */ comment of main.tf", () => {
    expect(readHeaderComment(["/**", " * # Title", " *", " * Text", " */", "", "terraform {}"].join("\n"))).toBe("# Title\n\nText");
  });

  it("is null when the file does not start with a block comment", () => {
    expect(readHeaderComment('terraform {}\n/* later */')).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { findBlockAttributes } from "./find-block-attributes";

describe("findBlockAttributes", () => {
  it("locates top-level blocks, their labels and direct attributes with 1-based lines", async () => {
    const text = [
      "# header",
      'module "vpc" {',
      '  source  = "terraform-aws-modules/vpc/aws" # pinned',
      '  version = "~> 5.0"',
      "  tags = {",
      '    source = "not-an-attribute-of-the-block"',
      "  }",
      "  nested {",
      '    source = "nested-block"',
      "  }",
      "}",
      "",
      "terraform {",
      '  source = "${local.base}?ref=v1"',
      "}",
      "",
    ].join("\n");
    const result = await findBlockAttributes(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.blocks.map((b) => [b.type, b.labels, b.line])).toEqual([
      ["module", ["vpc"], 2],
      ["terraform", [], 13],
    ]);
    const moduleBlock = result.blocks[0]!;
    expect(moduleBlock.attributes.map((a) => [a.name, a.line])).toEqual([
      ["source", 3],
      ["version", 4],
      ["tags", 5],
    ]);
    const source = moduleBlock.attributes[0]!;
    expect(source.literal?.raw).toBe("terraform-aws-modules/vpc/aws");
    expect(text.slice(source.literal!.start, source.literal!.end)).toBe("terraform-aws-modules/vpc/aws");
    // A template is not a literal: it cannot be edited as one.
    expect(result.blocks[1]!.attributes[0]!.literal).toBeNull();
  });

  it("gives UTF-16 offsets that slice the text, after non-ASCII comments and CRLF line ends", async () => {
    const text = '# naïve ✓ 🚀\r\nmodule "a" {\r\n  version = "1.2.0"\r\n}\r\n';
    const result = await findBlockAttributes(text);
    if (!result.ok) throw new Error(result.message);
    const version = result.blocks[0]!.attributes[0]!;
    expect(version.line).toBe(3);
    expect(text.slice(version.literal!.start, version.literal!.end)).toBe("1.2.0");
  });

  it("refuses files with syntax errors instead of guessing", async () => {
    expect(await findBlockAttributes('module "a" {\n  source = \n}\n')).toEqual({ ok: false, message: "The file has HCL syntax errors" });
  });
});

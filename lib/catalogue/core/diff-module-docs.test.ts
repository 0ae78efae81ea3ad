import { describe, expect, it } from "vitest";

import { diffModuleDocs } from "@/lib/modules/diff-module-docs";
import { extractModuleDocs } from "./extract-module-docs";
import { formatTypeExpression, normalizeTypeExpression } from "@/lib/hcl";

async function docsOf(tf: string) {
  const docs = await extractModuleDocs({ files: [{ path: "main.tf", content: tf }] });
  expect(docs.errors).toEqual([]);
  return docs;
}

const V1 = `terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 4.0" }
  }
}
variable "name" { type = string }
variable "size" {
  type    = number
  default = 1
}
variable "tags" {
  type = map(string)
  default = {}
}
variable "old" { default = "x" }
variable "mode" {
  type    = string
  default = "a"
}
output "id" { value = 1 }
output "arn" {
  value = 2
  description = "ARN"
}
`;

const V2 = `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws    = { source = "hashicorp/aws", version = ">= 5.0" }
    random = { source = "hashicorp/random" }
  }
}
variable "name" {
  type        = string
  description = "Now documented"
}
variable "size" {
  type    = string
  default = "1"
}
variable "tags" {
  # only reformatted
  type = map(
    string
  )
  default = {}
}
variable "mode" {
  type      = string
  sensitive = true
  nullable  = false
  validation {
    condition     = contains(["a", "b"], var.mode)
    error_message = "a or b"
  }
}
variable "new_required" { type = string }
variable "new_optional" {
  type = bool
  default = true
}
output "id" {
  value = 1
  sensitive = true
}
output "new" { value = 3 }
`;

describe("diffModuleDocs", async () => {
  const diff = diffModuleDocs(await docsOf(V1), await docsOf(V2));

  it("lists added, removed and changed inputs with before/after per field", () => {
    expect(diff.inputs.added.map((i) => i.name)).toEqual(["new_required", "new_optional"]);
    expect(diff.inputs.removed.map((i) => i.name)).toEqual(["old"]);
    expect(diff.inputs.changed).toEqual([
      { name: "name", description: { before: null, after: "Now documented" } },
      { name: "size", type: { before: "number", after: "string" }, default: { before: "1", after: '"1"' } },
      {
        name: "mode",
        default: { before: '"a"', after: null },
        required: { before: false, after: true },
        sensitive: { before: false, after: true },
        nullable: { before: true, after: false },
        validations: { before: [], after: [{ condition: 'contains(["a", "b"], var.mode)', errorMessage: "a or b" }] },
      },
    ]);
  });

  it("does not count a reformatted type as a change", () => {
    expect(diff.inputs.changed.find((c) => c.name === "tags")).toBeUndefined();
  });

  it("lists output, provider and terraform version changes", () => {
    expect(diff.outputs.added.map((o) => o.name)).toEqual(["new"]);
    expect(diff.outputs.removed.map((o) => o.name)).toEqual(["arn"]);
    expect(diff.outputs.changed).toEqual([{ name: "id", sensitive: { before: false, after: true } }]);
    expect(diff.providers.added.map((p) => p.name)).toEqual(["random"]);
    expect(diff.providers.changed).toEqual([{ name: "aws", versionConstraint: { before: ">= 4.0", after: ">= 5.0" } }]);
    expect(diff.requiredVersion).toEqual({ before: ">= 1.3", after: ">= 1.5" });
  });

  it("flags breaking changes with reasons", () => {
    expect(diff.breaking).toBe(true);
    expect(diff.breakingReasons).toEqual([
      'New required input "new_required"',
      'Removed input "old"',
      'Input "size" changed type from number to string',
      'Input "mode" is now required',
      'Removed output "arn"',
    ]);
  });

  it("is not breaking for additive changes", async () => {
    const additive = diffModuleDocs(
      await docsOf('variable "a" { type = string }\noutput "x" { value = 1 }\n'),
      await docsOf('variable "a" { type = string }\nvariable "b" {\n  default = 1\n}\noutput "x" { value = 1 }\noutput "y" { value = 2 }\n'),
    );
    expect(additive.breaking).toBe(false);
    expect(additive.breakingReasons).toEqual([]);
    expect(additive.inputs.added.map((i) => i.name)).toEqual(["b"]);
  });

  it("is empty between identical docs", async () => {
    const docs = await docsOf(V1);
    const same = diffModuleDocs(docs, docs);
    expect(same.inputs).toEqual({ added: [], removed: [], changed: [] });
    expect(same.outputs).toEqual({ added: [], removed: [], changed: [] });
    expect(same.requiredVersion).toBeNull();
    expect(same.breaking).toBe(false);
  });
});

describe("type expression formatting", () => {
  it("puts a type on one line without comments", () => {
    expect(formatTypeExpression('object({\n  a = string # why\n  // more\n  b = optional(string, "#x")\n})')).toBe(
      'object({ a = string b = optional(string, "#x") })',
    );
  });

  it("normalizes spacing and trailing commas for comparison", () => {
    expect(normalizeTypeExpression("object({ a = string, })")).toBe(normalizeTypeExpression("object({a=string})"));
    expect(normalizeTypeExpression("list(string)")).not.toBe(normalizeTypeExpression("set(string)"));
  });
});

import { describe, expect, it } from "vitest";

import { extractModuleDocs } from "./extract-module-docs";
import { moduleDocsSchema, type ModuleDocs, type ModuleInput } from "@/lib/modules/module-docs";

const VARIABLES_TF = `# Inputs of the demo module.
variable "name" {
  type        = string
  description = "Bucket name; may contain $\${literal} and %%{literal} text"
}

// A comment between blocks { with braces }
/* variable "commented_out" {
  type = string
} */

variable "count_limit" {
  type    = number
  default = 3
}

variable "enabled" {
  type    = bool
  default = false
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

variable "ports" {
  type    = set(number)
  default = [80, 443]
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "pair" {
  type    = tuple([string, number, bool])
  default = ["a", 1, true]
}

variable "settings" {
  description = "Settings object"
  type = object({
    name = string
    tags = optional(map(string), {})
    size = optional(number)
  })
  default = {
    name = "main"
    tags = { team = "platform" }
  }
}

variable "rules" {
  type = map(object({
    cidr  = string
    ports = list(number)
    extra = optional(object({ note = optional(string, "n/a") }))
  }))
  default = {
    ssh = { cidr = "10.0.0.0/8", ports = [22] }
  }
}

variable "anything" {
  type = any
}

variable "untyped" {}

variable "nothing" {
  type    = string
  default = null
}

variable "password" {
  type      = string
  sensitive = true
}

variable "region" {
  type     = string
  nullable = false
  default  = "eu-west-1"

  validation {
    condition     = length(var.region) > 0
    error_message = "Region must not be empty."
  }

  validation {
    condition     = can(regex("^[a-z]{2}-[a-z]+-\\\\d$", var.region))
    error_message = <<-EOT
      Region must look like eu-west-1.
    EOT
  }
}

variable "policy" {
  description = <<EOT
A JSON policy.
Use $\${aws:username} in statements.
EOT
  type    = string
  default = <<-EOT
    {
      "Version": "2012-10-17"
    }
  EOT
}

variable "template" {
  type    = string
  default = "prefix-$\${not_interpolated}-%%{not_a_directive}"
}

variable "computed" {
  type    = map(string)
  default = tomap({ a = "b" })
}
`;

const OUTPUTS_TF = `output "id" {
  description = "The ID"
  value       = aws_s3_bucket.this.id
}

output "secret" {
  value     = var.password
  sensitive = true
}
`;

const VERSIONS_TF = `terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0, < 7.0"
    }
    random = {
      source = "hashicorp/random"
    }
    legacy = ">= 1.0"
  }
}
`;

const MAIN_TF = `resource "aws_s3_bucket" "this" {
  bucket = var.name
}

data "aws_caller_identity" "current" {}

data "aws_region" "other" {
  provider = aws.replica
}

module "labels" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}

module "local" {
  source = "./modules/helper"
}
`;

async function extract(extraFiles: Array<{ path: string; content: string }> = [], version?: string): Promise<ModuleDocs> {
  return extractModuleDocs({
    files: [
      { path: "variables.tf", content: VARIABLES_TF },
      { path: "outputs.tf", content: OUTPUTS_TF },
      { path: "versions.tf", content: VERSIONS_TF },
      { path: "main.tf", content: MAIN_TF },
      ...extraFiles,
    ],
    version,
  });
}

function input(docs: ModuleDocs, name: string): ModuleInput {
  const found = docs.inputs.find((i) => i.name === name);
  if (!found) throw new Error(`no input ${name}`);
  return found;
}

describe("extractModuleDocs: inputs", async () => {
  const docs = await extract();

  it("produces docs that satisfy the schema and has no errors", () => {
    expect(moduleDocsSchema.parse(docs)).toEqual(docs);
    expect(docs.errors).toEqual([]);
  });

  it("keeps source order and block lines, skipping commented-out blocks", () => {
    expect(docs.inputs.map((i) => i.name)).toEqual([
      "name",
      "count_limit",
      "enabled",
      "azs",
      "ports",
      "tags",
      "pair",
      "settings",
      "rules",
      "anything",
      "untyped",
      "nothing",
      "password",
      "region",
      "policy",
      "template",
      "computed",
    ]);
    expect(input(docs, "name")).toMatchObject({ file: "variables.tf", line: 2 });
    expect(input(docs, "count_limit").line).toBe(12);
    expect(input(docs, "computed").line).toBe(VARIABLES_TF.split("\n").indexOf('variable "computed" {') + 1);
  });

  it("reads primitive and collection types with their defaults", () => {
    expect(input(docs, "count_limit")).toMatchObject({ type: "number", defaultJson: 3, defaultText: "3", required: false });
    expect(input(docs, "enabled")).toMatchObject({ type: "bool", defaultJson: false, defaultText: "false" });
    expect(input(docs, "azs")).toMatchObject({
      type: "list(string)",
      defaultJson: ["eu-west-1a", "eu-west-1b"],
      defaultText: '["eu-west-1a", "eu-west-1b"]',
    });
    expect(input(docs, "ports")).toMatchObject({ type: "set(number)", defaultJson: [80, 443] });
    expect(input(docs, "tags")).toMatchObject({ type: "map(string)", defaultJson: {}, defaultText: "{}" });
    expect(input(docs, "pair")).toMatchObject({ type: "tuple([string, number, bool])", defaultJson: ["a", 1, true] });
  });

  it("keeps object types with optional() and defaults exactly as written", () => {
    expect(input(docs, "settings").type).toBe(
      "object({\n    name = string\n    tags = optional(map(string), {})\n    size = optional(number)\n  })",
    );
    expect(input(docs, "settings").defaultJson).toEqual({ name: "main", tags: { team: "platform" } });
    expect(input(docs, "settings").defaultText).toBe('{ name = "main", tags = { team = "platform" } }');
    expect(input(docs, "rules").type).toContain('extra = optional(object({ note = optional(string, "n/a") }))');
    expect(input(docs, "rules").type.startsWith("map(object({")).toBe(true);
    expect(input(docs, "rules").defaultJson).toEqual({ ssh: { cidr: "10.0.0.0/8", ports: [22] } });
  });

  it("uses any for `type = any` and for a missing type, and tells them apart", () => {
    expect(input(docs, "anything")).toMatchObject({ type: "any", typeDeclared: true, required: true });
    expect(input(docs, "untyped")).toMatchObject({ type: "any", typeDeclared: false, required: true, description: null });
  });

  it("treats default = null as optional and a missing default as required", () => {
    expect(input(docs, "nothing")).toMatchObject({ required: false, defaultJson: null, defaultText: "null" });
    expect(input(docs, "name")).toMatchObject({ required: true, defaultJson: null, defaultText: null });
  });

  it("reads sensitive and nullable, defaulting to false and true", () => {
    expect(input(docs, "password")).toMatchObject({ sensitive: true, nullable: true });
    expect(input(docs, "region")).toMatchObject({ sensitive: false, nullable: false });
    expect(input(docs, "name")).toMatchObject({ sensitive: false, nullable: true });
  });

  it("reads every validation block with its condition and message", () => {
    expect(input(docs, "region").validations).toEqual([
      { condition: "length(var.region) > 0", errorMessage: "Region must not be empty." },
      { condition: 'can(regex("^[a-z]{2}-[a-z]+-\\\\d$", var.region))', errorMessage: "Region must look like eu-west-1.\n" },
    ]);
    expect(input(docs, "name").validations).toEqual([]);
  });

  it("reads heredoc descriptions and <<- defaults, unescaping literal $${", () => {
    expect(input(docs, "policy").description).toBe("A JSON policy.\nUse ${aws:username} in statements.\n");
    expect(input(docs, "policy").defaultJson).toBe('{\n  "Version": "2012-10-17"\n}\n');
    expect(input(docs, "policy").defaultText).toBe('<<EOT\n{\n  "Version": "2012-10-17"\n}\nEOT');
  });

  it("unescapes $${ and %%{ in literal strings but keeps them escaped in HCL text", () => {
    expect(input(docs, "name").description).toBe("Bucket name; may contain ${literal} and %{literal} text");
    expect(input(docs, "template").defaultJson).toBe("prefix-${not_interpolated}-%{not_a_directive}");
    expect(input(docs, "template").defaultText).toBe('"prefix-$${not_interpolated}-%%{not_a_directive}"');
    expect(input(docs, "template").defaultIsExpression).toBe(false);
  });

  it("keeps a non-literal default as its expression text and flags it", () => {
    expect(input(docs, "computed")).toMatchObject({
      defaultJson: 'tomap({ a = "b" })',
      defaultText: 'tomap({ a = "b" })',
      defaultIsExpression: true,
      required: false,
    });
  });
});

describe("extractModuleDocs: the rest of the module", async () => {
  const docs = await extract(
    [
      { path: "README.md", content: "# Demo\n" },
      { path: "CHANGELOG.md", content: "# Changelog\n\n## [1.1.0] - 2024-02-01\n- Added tags\n\n## [1.0.0] - 2024-01-01\n- First\n" },
      { path: "modules/helper/main.tf", content: 'variable "inner" {}\n' },
      { path: "modules/helper/README.md", content: "helper" },
      { path: "modules/docs-only/README.md", content: "not a module" },
      { path: "examples/complete/main.tf", content: 'module "demo" {\n  source = "../.."\n}\n' },
      { path: "examples/complete/README.md", content: "complete" },
      { path: "examples/simple/main.tf", content: 'module "demo" {\n  source = "../.."\n}\n' },
    ],
    "v1.1.0",
  );

  it("reads outputs with description and sensitive", () => {
    expect(docs.outputs).toEqual([
      { name: "id", description: "The ID", sensitive: false, docsIgnored: false, file: "outputs.tf", line: 1 },
      { name: "secret", description: null, sensitive: true, docsIgnored: false, file: "outputs.tf", line: 6 },
    ]);
  });

  it("reads required providers with and without source, and required_version", () => {
    expect(docs.providers).toEqual([
      { name: "aws", source: "hashicorp/aws", versionConstraint: ">= 5.0, < 7.0" },
      { name: "legacy", source: null, versionConstraint: ">= 1.0" },
      { name: "random", source: "hashicorp/random", versionConstraint: null },
    ]);
    expect(docs.requiredVersion).toBe(">= 1.5.0");
  });

  it("reads resources, data sources and module calls; only root files define them", () => {
    expect(docs.resources.map((r) => [r.mode, r.type, r.name, r.provider, r.providerAlias, r.line])).toEqual([
      ["managed", "aws_s3_bucket", "this", "aws", null, 1],
      ["data", "aws_caller_identity", "current", "aws", null, 5],
      ["data", "aws_region", "other", "aws", "replica", 7],
    ]);
    expect(docs.modules.map((m) => [m.name, m.source, m.version])).toEqual([
      ["labels", "cloudposse/label/null", "0.25.0"],
      ["local", "./modules/helper", null],
    ]);
    expect(docs.inputs.some((i) => i.name === "inner")).toBe(false);
  });

  it("finds submodules, examples, README and the changelog section", () => {
    expect(docs.submodules).toEqual(["modules/helper"]);
    expect(docs.examples.map((e) => [e.name, e.path, e.files.map((f) => f.path)])).toEqual([
      ["complete", "examples/complete", ["examples/complete/README.md", "examples/complete/main.tf"]],
      ["simple", "examples/simple", ["examples/simple/main.tf"]],
    ]);
    expect(docs.readme).toBe("# Demo\n");
    expect(docs.changelog).toBe("## [1.1.0] - 2024-02-01\n- Added tags");
  });
});

describe("extractModuleDocs: broken and unusual modules", () => {
  it("records a broken file with its line and still extracts the others", async () => {
    const docs = await extractModuleDocs({
      files: [
        { path: "variables.tf", content: 'variable "ok" {\n  type = string\n}\n' },
        { path: "broken.tf", content: 'variable "bad" {\n  type = string\n  default = "unterminated\n}\n' },
        { path: "outputs.tf", content: 'output "still_here" {\n  value = 1\n}\n' },
      ],
    });
    expect(docs.inputs.map((i) => i.name)).toEqual(["ok"]);
    expect(docs.outputs.map((o) => o.name)).toEqual(["still_here"]);
    expect(docs.errors.length).toBeGreaterThan(0);
    expect(docs.errors.every((e) => e.file === "broken.tf")).toBe(true);
    expect(docs.errors[0]).toMatchObject({ file: "broken.tf", line: 3 });
  });

  it("reports a variable declared in two files and keeps the first", async () => {
    const docs = await extractModuleDocs({
      files: [
        { path: "a.tf", content: 'variable "x" {\n  default = 1\n}\n' },
        { path: "b.tf", content: '\nvariable "x" {\n  default = 2\n}\n' },
      ],
    });
    expect(docs.inputs).toHaveLength(1);
    expect(docs.inputs[0]).toMatchObject({ file: "a.tf", defaultJson: 1 });
    expect(docs.errors).toEqual([{ file: "b.tf", line: 2, message: 'Duplicate variable "x" (first declared at a.tf:1)' }]);
  });

  it("orders inputs by file then line across several files", async () => {
    const docs = await extractModuleDocs({
      files: [
        { path: "z.tf", content: 'variable "first_in_z" {}\n' },
        { path: "a.tf", content: 'variable "zz" {}\nvariable "aa" {}\n' },
      ],
    });
    expect(docs.inputs.map((i) => `${i.file}:${i.line}:${i.name}`)).toEqual(["a.tf:1:zz", "a.tf:2:aa", "z.tf:1:first_in_z"]);
  });

  it("uses the leading comment as a description and marks terraform-docs-ignore", async () => {
    const docs = await extractModuleDocs({
      files: [
        {
          path: "variables.tf",
          content: '// Documented by comment.\nvariable "a" {}\n\n# terraform-docs-ignore\nvariable "hidden" {}\n\n# Not used: the description wins\nvariable "c" {\n  description = "Explicit"\n}\n',
        },
      ],
    });
    expect(docs.inputs.map((i) => [i.name, i.description, i.docsIgnored])).toEqual([
      ["a", "Documented by comment.", false],
      ["hidden", "terraform-docs-ignore", true],
      ["c", "Explicit", false],
    ]);
  });

  it("selects a module inside a monorepo tree with modulePath", async () => {
    const docs = await extractModuleDocs({
      modulePath: "modules/vpc",
      files: [
        { path: "modules/vpc/variables.tf", content: 'variable "cidr" {}\n' },
        { path: "modules/vpc/README.md", content: "vpc" },
        { path: "modules/s3/variables.tf", content: 'variable "bucket" {}\n' },
        { path: "README.md", content: "repo" },
      ],
    });
    expect(docs.inputs.map((i) => [i.name, i.file])).toEqual([["cidr", "variables.tf"]]);
    expect(docs.readme).toBe("vpc");
  });

  it("returns empty docs for a folder without .tf files", async () => {
    const docs = await extractModuleDocs({ files: [{ path: "README.md", content: "x" }] });
    expect(docs).toMatchObject({ inputs: [], outputs: [], providers: [], requiredVersion: null, errors: [], readme: "x" });
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { extractModuleDocs } from "./extract-module-docs";
import { renderDocsMarkdown, toTerraformDocsJson } from "./render-docs-markdown";

function fixture(dir: string, name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${dir}/${name}`, import.meta.url)), "utf8");
}

const MODULE_TF = `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "= 5.40.0"
    }
  }
}

variable "name" {
  description = "Name | with pipe"
  type        = string
}

variable "config" {
  type = object({
    size = number
  })
  default = { size = 1 }
  sensitive = true
  nullable  = false
  validation {
    condition     = var.config.size > 0
    error_message = "Size must be positive."
  }
}

# terraform-docs-ignore
variable "internal" {
  default = 1
}

resource "aws_vpc" "this" {}

output "vpc_id" {
  description = "The VPC"
  value       = aws_vpc.this.id
  sensitive   = true
}

module "sub" {
  source = "git::https://example.com/x.git?ref=v1.0.0"
}
`;

describe("toTerraformDocsJson", async () => {
  const docs = await extractModuleDocs({ files: [{ path: "main.tf", content: MODULE_TF }] });
  const json = toTerraformDocsJson(docs);

  it("writes inputs sorted by name with our sensitive, nullable and validations fields", () => {
    expect(json.inputs).toEqual([
      {
        name: "config",
        type: "object({\n    size = number\n  })",
        description: null,
        default: { size: 1 },
        required: false,
        sensitive: true,
        nullable: false,
        validations: [{ condition: "var.config.size > 0", error_message: "Size must be positive." }],
      },
      { name: "name", type: "string", description: "Name | with pipe", default: null, required: true, sensitive: false, nullable: true, validations: [] },
    ]);
  });

  it("writes outputs, providers, requirements, resources and modules like terraform-docs", () => {
    expect(json.outputs).toEqual([{ name: "vpc_id", description: "The VPC", sensitive: true }]);
    expect(json.providers).toEqual([{ name: "aws", alias: null, version: "= 5.40.0" }]);
    expect(json.requirements).toEqual([
      { name: "terraform", version: ">= 1.5" },
      { name: "aws", version: "= 5.40.0" },
    ]);
    expect(json.resources).toEqual([
      { type: "vpc", name: "this", provider: "aws", source: "hashicorp/aws", mode: "managed", version: "5.40.0", description: null },
    ]);
    expect(json.modules).toEqual([{ name: "sub", source: "git::https://example.com/x.git", version: "v1.0.0", description: null }]);
  });

  it("can put required inputs first", () => {
    expect(toTerraformDocsJson(docs, { sort: "required" }).inputs.map((i) => i.name)).toEqual(["name", "config"]);
  });
});

describe("renderDocsMarkdown", async () => {
  const docs = await extractModuleDocs({ files: [{ path: "main.tf", content: MODULE_TF }] });
  const markdown = renderDocsMarkdown(docs);

  it("renders the terraform-docs sections in order", () => {
    const headings = markdown.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toEqual(["## Requirements", "## Providers", "## Modules", "## Resources", "## Inputs", "## Outputs"]);
  });

  it("renders input rows with escaped pipes, multi-line types and defaults", () => {
    expect(markdown).toContain(
      '| <a name="input_name"></a> [name](#input\\_name) | Name \\| with pipe | `string` | n/a | yes |',
    );
    expect(markdown).toContain(
      '| <a name="input_config"></a> [config](#input\\_config) | n/a | <pre>object({<br>    size = number<br>  })</pre> | <pre>{<br>  "size": 1<br>}</pre> | no |',
    );
    expect(markdown).not.toContain("internal");
  });

  it("links resources to the registry docs", () => {
    expect(markdown).toContain("| [aws_vpc.this](https://registry.terraform.io/providers/hashicorp/aws/5.40.0/docs/resources/vpc) | resource |");
  });

  it("says so when a section is empty", async () => {
    const empty = renderDocsMarkdown(await extractModuleDocs({ files: [{ path: "main.tf", content: "" }] }));
    for (const line of ["No requirements.", "No providers.", "No modules.", "No resources.", "No inputs.", "No outputs."]) {
      expect(empty).toContain(line);
    }
  });
});

describe("parity with terraform-docs on public modules", () => {
  it("matches terraform-docs' own json golden for its examples module", async () => {
    const dir = "terraform-docs-examples";
    const docs = await extractModuleDocs({
      files: ["main.tf", "outputs.tf", "variables.tf"].map((path) => ({ path, content: fixture(dir, path) })),
    });
    expect(docs.errors).toEqual([]);
    const ours = toTerraformDocsJson(docs, { sort: "position" });
    const golden = JSON.parse(fixture(dir, "json-Base.golden")) as typeof ours;

    // terraform-docs' markdown escaping wrapped this URL in <>; the source has none (see fixtures README).
    const withUrl = golden.inputs.find((i) => i.name === "with-url")!;
    withUrl.description = "The description contains url. https://www.domain.com/foo/bar_baz.html";

    expect(ours.inputs.map(({ sensitive: _s, nullable: _n, validations: _v, ...rest }) => rest)).toEqual(golden.inputs);
    expect(ours.outputs.map(({ sensitive: _s, ...rest }) => rest)).toEqual(golden.outputs);
    expect(ours.header).toBe(golden.header);
    expect(ours.modules).toEqual(golden.modules);
    expect(ours.providers).toEqual(golden.providers);
    expect(ours.requirements).toEqual(golden.requirements);
    expect(ours.resources).toEqual(golden.resources);
  });

  it("renders the same Inputs rows as terraform-docs did for terraform-aws-s3-bucket's notification module", async () => {
    const dir = "s3-bucket-notification";
    const docs = await extractModuleDocs({ files: [{ path: "variables.tf", content: fixture(dir, "variables.tf") }] });
    const rows = renderDocsMarkdown(docs)
      .split("\n")
      .filter((line) => line.startsWith('| <a name="input_') && !line.includes("input_eventbridge"));
    expect(rows).toEqual(fixture(dir, "terraform-docs-inputs.md").trim().split("\n"));
  });
});

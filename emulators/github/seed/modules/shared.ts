import type { RenderContext } from "../module-definition";

export interface ProviderRequirement {
  source: string;
  version: string;
}

/** A `versions.tf` pinning Terraform and the providers the module uses. */
export function renderVersionsTf(options: {
  requiredVersion: string;
  providers: Record<string, ProviderRequirement>;
}): string {
  const providers = Object.entries(options.providers)
    .map(
      ([name, p]) => `    ${name} = {\n      source  = "${p.source}"\n      version = "${p.version}"\n    }`,
    )
    .join("\n");
  return `terraform {\n  required_version = "${options.requiredVersion}"\n\n  required_providers {\n${providers}\n  }\n}\n`;
}

export const aws = (version: string): ProviderRequirement => ({ source: "hashicorp/aws", version });
export const random = (version: string): ProviderRequirement => ({ source: "hashicorp/random", version });
export const tls = (version: string): ProviderRequirement => ({ source: "hashicorp/tls", version });

/** The `tags` input every module takes, merged into each resource's tags. */
export const tagsVariable = `variable "tags" {
  description = "Tags applied to every resource the module creates, on top of the provider's default tags."
  type        = map(string)
  default     = {}
}`;

/** README usage section with the Terragrunt unit and the plain module block, at this version. */
export function renderUsage(context: RenderContext, moduleName: string, inputs: string): string {
  const indented = inputs
    .trim()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `## Usage

With Terragrunt, in \`<env>/<region>/<unit>/terragrunt.hcl\`:

\`\`\`hcl
include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "${context.source}"
}

inputs = {
${indented}
}
\`\`\`

As a plain Terraform module:

\`\`\`hcl
module "${moduleName.replace(/-/g, "_")}" {
  source = "${context.source}"

${indented}
}
\`\`\``;
}

/** The provider block examples start with. */
export const exampleProvider = `provider "aws" {
  region = "eu-west-1"
}`;

import { formatHclFiles } from "../format-hcl-files";
import type { ModuleDefinition } from "../module-definition";
import type { ConsumerRepo, ConsumerUnit, Environment } from "./consumer-repos";

export type UnitSource =
  | {
      /** A module from one of the org's module sources, pinned to a tag. */
      kind: "catalogue";
      repo: string;
      module: ModuleDefinition;
      /** Path inside the repo; `.` for repo-per-module sources. */
      path: string;
      version: string;
      ref: string;
    }
  /** Code the team keeps in its own repo ("bring your own IaC"). */
  | { kind: "local"; address: string }
  /** A third-party module, for example from the public Terraform registry. */
  | { kind: "external"; address: string };

const environments: Environment[] = ["dev", "stage", "prod"];

/** The source address a unit's `terraform` block uses, exactly as production repos write it. */
export function formatUnitSource(org: string, source: UnitSource): string {
  if (source.kind !== "catalogue") return source.address;
  return `git::https://github.com/${org}/${source.repo}.git//${source.path}?ref=${source.ref}`;
}

/**
 * One `terragrunt.hcl`. `terraform {` stays alone on its line and `source` on one line with `?ref=` last,
 * the shape Renovate's line-based terragrunt manager and Bulkhead's upgrade PRs rely on.
 */
export async function renderUnitFile(options: { org: string; unit: ConsumerUnit }): Promise<string> {
  const text = `include "root" {
  path = find_in_parent_folders("root.hcl")
}

terraform {
  source = "${formatUnitSource(options.org, options.unit.source)}"
}

${options.unit.body.trim()}
`;
  const formatted = await formatHclFiles({ "terragrunt.hcl": text });
  return formatted["terragrunt.hcl"] as string;
}

/** The skeleton of a consumer repo: root.hcl, account and region files, README and CODEOWNERS. */
export async function renderConsumerFiles(options: { org: string; consumer: ConsumerRepo }): Promise<Record<string, string>> {
  const { org, consumer } = options;
  const files: Record<string, string> = {
    ...consumerToolingFiles,
    "root.hcl": renderRootHcl(`"${consumer.workload}"`),
    "README.md": renderConsumerReadme(org, consumer),
    ".github/CODEOWNERS": `* @${org}/${consumer.team}\n/prod/ @${org}/${consumer.team} @${org}/platform\n`,
    ...consumer.ownModules,
  };
  for (const env of environments) {
    files[`${env}/account.hcl`] = `# Account of the ${consumer.workload} workload's ${env} environment.
locals {
  account_name = "${consumer.workload}-${env}"
  account_id   = "${consumer.accountIds[env]}"
  environment  = "${env}"
}
`;
    files[`${env}/eu-west-1/region.hcl`] = `locals {
  aws_region = "eu-west-1"
}
`;
  }
  return (await formatHclFiles(files)) as Record<string, string>;
}

/** The files every consumer repo has beside its units, the vending template's included. */
export const consumerToolingFiles: Readonly<Record<string, string>> = {
  ".gitignore": ".terragrunt-cache/\n.terraform/\n.terraform.lock.hcl\n*.tfstate\n*.tfstate.*\n",
  ".terraform-version": "1.9.8\n",
  ".terragrunt-version": "0.67.16\n",
};

/**
 * A consumer repo's root.hcl: state backend and provider per account and region. `workload` is an
 * HCL expression: a quoted name in the seeded repos, one read from the repo's name in the vending
 * template (a repo generated from it is `<workload>-infra`).
 */
export function renderRootHcl(workload: string): string {
  return `# Included by every unit: state backend and provider per account and region.
locals {
  account_vars = read_terragrunt_config(find_in_parent_folders("account.hcl"))
  region_vars  = read_terragrunt_config(find_in_parent_folders("region.hcl"))

  workload     = ${workload}
  account_name = local.account_vars.locals.account_name
  account_id   = local.account_vars.locals.account_id
  environment  = local.account_vars.locals.environment
  aws_region   = local.region_vars.locals.aws_region
}

remote_state {
  backend = "s3"

  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }

  config = {
    bucket         = "acme-tfstate-\${local.account_id}-\${local.aws_region}"
    key            = "\${path_relative_to_include()}/terraform.tfstate"
    region         = local.aws_region
    encrypt        = true
    dynamodb_table = "acme-terraform-locks"
  }
}

generate "provider" {
  path      = "provider.tf"
  if_exists = "overwrite_terragrunt"
  contents  = <<EOF
provider "aws" {
  region              = "\${local.aws_region}"
  allowed_account_ids = ["\${local.account_id}"]

  default_tags {
    tags = {
      Workload    = "\${local.workload}"
      Environment = "\${local.environment}"
      ManagedBy   = "terragrunt"
    }
  }
}
EOF
}
`;
}

function renderConsumerReadme(org: string, consumer: ConsumerRepo): string {
  return `# ${consumer.repo}

Infrastructure of the **${consumer.workload}** workload, owned by \`@${org}/${consumer.team}\`.
One repo spans the workload's three AWS accounts; each account is a folder.

\`\`\`
root.hcl                     state backend and provider, included by every unit
<env>/account.hcl            account name, id and environment
<env>/<region>/region.hcl    AWS region
<env>/<region>/<unit>/terragrunt.hcl
\`\`\`

| Environment | Account |
|---|---|
${environments.map((env) => `| ${env} | \`${consumer.accountIds[env]}\` (${consumer.workload}-${env}) |`).join("\n")}

## Working on a unit

\`\`\`sh
cd dev/eu-west-1/vpc
terragrunt plan
\`\`\`

Units pin platform modules by tag (\`?ref=vpc/v1.2.0\`). Bulkhead opens a pull request when a newer
version is due; promote changes from dev to stage to prod by copying the unit folder.
`;
}

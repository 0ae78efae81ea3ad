import type { SeedClock } from "../build-module-repos";
import type { SeedCommit } from "../write-bare-repo";

/*
 * The two repos account vending writes to: the provider repo, where each vended account is
 * registered (`accounts/<account-name>/account.hcl`) so that the provider pipeline applies the
 * baselines, and the consumer template, from which a new workload's consumer repo is generated
 * (`POST /repos/{owner}/consumer-template/generate`).
 */

export const providerRepoName = "aws-accounts";
export const consumerTemplateRepoName = "consumer-template";

export interface VendingRepoPlan {
  repo: string;
  description: string;
  /** Marked as a template repository (`is_template`). */
  isTemplate: boolean;
  build: (clock: SeedClock) => SeedCommit[];
}

const providerReadme = `# aws-accounts

Every AWS account of the organization that the platform baselines, one folder per account:

\`\`\`
accounts/<account-name>/account.hcl   account id, environment, OU and mandatory tags
baselines/                           what the provider pipeline applies to each account
\`\`\`

Bulkhead opens one pull request per vended account set, adding the set's \`account.hcl\` files.
When it merges, the provider pipeline applies the baselines (reference VPC, AWS Config, security
baseline, mandatory tags) to the new accounts.
`;

const baselinesReadme = `# Baselines

Applied by the provider pipeline to every account under \`accounts/\`:

- reference VPC
- AWS Config recorder and conformance packs
- security baseline (GuardDuty, Security Hub, IAM password policy)
- mandatory tags, read from each account's \`account.hcl\`
`;

const templateRootHcl = `# Included by every unit: state backend and provider per account and region.
locals {
  account_vars = read_terragrunt_config(find_in_parent_folders("account.hcl"))
  region_vars  = read_terragrunt_config(find_in_parent_folders("region.hcl"))

  workload     = trimsuffix(basename(get_repo_root()), "-infra")
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

const templateReadme = `# Consumer repo template

The standard layout of a workload's Terragrunt repo. Bulkhead generates a new workload's repo from
this template when its account set is vended, then opens a pull request adding one folder per account.

\`\`\`
root.hcl                     state backend and provider, included by every unit
<env>/account.hcl            account name, id and environment (added by Bulkhead)
<env>/<region>/region.hcl    AWS region
<env>/<region>/<unit>/terragrunt.hcl
\`\`\`
`;

export const vendingRepoPlans: VendingRepoPlan[] = [
  {
    repo: providerRepoName,
    description: "Every AWS account the platform baselines (provider repo): one folder per account.",
    isTemplate: false,
    build: (clock) => [
      {
        message: "chore: start the account registry",
        date: clock.dayDate(400),
        files: { "README.md": providerReadme, "accounts/.gitkeep": "", "baselines/README.md": baselinesReadme },
      },
    ],
  },
  {
    repo: consumerTemplateRepoName,
    description: "Template of a workload's Terragrunt consumer repo (root.hcl at the top, one folder per account).",
    isTemplate: true,
    build: (clock) => [
      {
        message: "chore: the standard consumer layout",
        date: clock.dayDate(300),
        files: {
          "root.hcl": templateRootHcl,
          "README.md": templateReadme,
          ".gitignore": ".terragrunt-cache/\n.terraform/\n.terraform.lock.hcl\n*.tfstate\n*.tfstate.*\n",
          ".terraform-version": "1.9.8\n",
          ".terragrunt-version": "0.67.16\n",
        },
      },
    ],
  },
];

import type { SeedClock } from "../build-module-repos";
import type { SeedCommit } from "../write-bare-repo";
import { consumerToolingFiles, renderRootHcl } from "../consumers/render-consumer-files";

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
          "root.hcl": renderRootHcl('trimsuffix(basename(get_repo_root()), "-infra")'),
          "README.md": templateReadme,
          ...consumerToolingFiles,
        },
      },
    ],
  },
];

import type { SeedClock } from "../build-module-repos";
import type { ModuleDefinition } from "../module-definition";
import { eksClusterModule } from "../modules/eks-cluster";
import { dynamodbTableModule } from "../modules/dynamodb-table";
import { kmsKeyModule } from "../modules/kms-key";
import { rdsPostgresModule } from "../modules/rds-postgres";
import { s3BucketModule } from "../modules/s3-bucket";
import { sqsQueueModule } from "../modules/sqs-queue";
import { vpcModule } from "../modules/vpc";
import { wafAclModule } from "../modules/waf-acl";
import type { SeedCommit } from "../write-bare-repo";
import { renderConsumerFiles, renderUnitFile, type UnitSource } from "./render-consumer-files";

export type Environment = "dev" | "stage" | "prod";

export interface ConsumerUnit {
  env: Environment;
  region: string;
  name: string;
  daysAgo: number;
  source: UnitSource;
  /** HCL after the `terraform` block: `dependency` blocks and `inputs`. */
  body: string;
}

export interface ConsumerRepo {
  workload: string;
  repo: string;
  team: string;
  description: string;
  accountIds: Record<Environment, string>;
  units: ConsumerUnit[];
  /** Code the team wrote itself, committed with the bootstrap commit. */
  ownModules?: Record<string, string>;
}

const region = "eu-west-1";

const fromMonorepo = (module: ModuleDefinition, version: string): UnitSource => ({
  kind: "catalogue",
  repo: "iac-modules",
  module,
  path: `modules/${module.name}`,
  version,
  ref: `${module.name}/v${version}`,
});

const fromOwnRepo = (repo: string, module: ModuleDefinition, tagPrefix: string, version: string): UnitSource => ({
  kind: "catalogue",
  repo,
  module,
  path: ".",
  version,
  ref: `${tagPrefix}${version}`,
});

/** The workloads' Terragrunt repos, one per workload spanning dev, stage and prod. */
export const consumerRepos: ConsumerRepo[] = [
  {
    workload: "payments",
    repo: "payments-infra",
    team: "payments-team",
    description: "Infrastructure of the payments workload (Terragrunt, dev/stage/prod).",
    accountIds: { dev: "421938475610", stage: "421938475627", prod: "421938475634" },
    units: [
      {
        env: "prod",
        region,
        name: "vpc",
        daysAgo: 660,
        source: fromMonorepo(vpcModule, "1.0.0"),
        body: `inputs = {
  name            = "payments-prod"
  cidr_block      = "10.12.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  public_subnets  = ["10.12.0.0/24", "10.12.1.0/24", "10.12.2.0/24"]
  private_subnets = ["10.12.10.0/24", "10.12.11.0/24", "10.12.12.0/24"]

  tags = {
    DataClassification = "restricted"
  }
}`,
      },
      {
        env: "dev",
        region,
        name: "orders-queue",
        daysAgo: 525,
        source: fromMonorepo(sqsQueueModule, "1.0.0"),
        body: `inputs = {
  name                       = "payments-orders-dev"
  visibility_timeout_seconds = 120
  max_receive_count          = 3
}`,
      },
      {
        env: "stage",
        region,
        name: "vpc",
        daysAgo: 500,
        source: fromMonorepo(vpcModule, "1.1.0"),
        body: `inputs = {
  name            = "payments-stage"
  cidr_block      = "10.11.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b"]
  public_subnets  = ["10.11.0.0/24", "10.11.1.0/24"]
  private_subnets = ["10.11.10.0/24", "10.11.11.0/24"]

  single_nat_gateway = true

  flow_logs = {
    enabled           = true
    retention_in_days = 30
  }
}`,
      },
      {
        env: "stage",
        region,
        name: "orders-queue",
        daysAgo: 495,
        source: fromMonorepo(sqsQueueModule, "1.0.0"),
        body: `inputs = {
  name                       = "payments-orders-stage"
  visibility_timeout_seconds = 120
}`,
      },
      {
        env: "dev",
        region,
        name: "vpc",
        daysAgo: 320,
        source: fromMonorepo(vpcModule, "1.2.0"),
        body: `inputs = {
  name             = "payments-dev"
  cidr_block       = "10.10.0.0/16"
  azs              = ["eu-west-1a", "eu-west-1b"]
  public_subnets   = ["10.10.0.0/24", "10.10.1.0/24"]
  private_subnets  = ["10.10.10.0/24", "10.10.11.0/24"]
  database_subnets = ["10.10.20.0/24", "10.10.21.0/24"]

  single_nat_gateway = true
}`,
      },
      {
        env: "dev",
        region,
        name: "receipts-bucket",
        daysAgo: 230,
        source: fromMonorepo(s3BucketModule, "1.3.0"),
        body: `inputs = {
  bucket_name = "acme-payments-receipts-dev"

  lifecycle_rules = [
    {
      id              = "expire-old-receipts"
      prefix          = "receipts/"
      expiration_days = 400
      transitions     = [{ days = 90, storage_class = "GLACIER_IR" }]
    },
  ]

  tags = {
    DataClassification = "confidential"
  }
}`,
      },
      {
        env: "dev",
        region,
        name: "payments-db",
        daysAgo: 190,
        source: fromMonorepo(rdsPostgresModule, "2.0.0"),
        body: `dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    database_subnet_ids = ["subnet-00000000000000001", "subnet-00000000000000002"]
  }
}

inputs = {
  identifier             = "payments-dev"
  db_name                = "payments"
  instance_class         = "db.t4g.small"
  subnet_ids             = dependency.vpc.outputs.database_subnet_ids
  vpc_security_group_ids = ["sg-0b7c1d2e3f4a5b6c7"]
  deletion_protection    = false
  backup_retention_period = 3
}`,
      },
    ],
  },
  {
    workload: "ledger",
    repo: "ledger-infra",
    team: "ledger-team",
    description: "Infrastructure of the ledger workload (Terragrunt, dev/stage/prod).",
    accountIds: { dev: "583920174465", stage: "583920174472", prod: "583920174489" },
    units: [
      {
        env: "stage",
        region,
        name: "vpc",
        daysAgo: 650,
        source: fromMonorepo(vpcModule, "1.0.0"),
        body: `inputs = {
  name            = "ledger-stage"
  cidr_block      = "10.21.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b"]
  public_subnets  = ["10.21.0.0/24", "10.21.1.0/24"]
  private_subnets = ["10.21.10.0/24", "10.21.11.0/24"]
}`,
      },
      {
        env: "stage",
        region,
        name: "eks",
        daysAgo: 600,
        source: fromOwnRepo("terraform-aws-eks-cluster", eksClusterModule, "v", "1.0.0"),
        body: `dependency "vpc" {
  config_path = "../vpc"

  mock_outputs = {
    vpc_id             = "vpc-00000000000000000"
    private_subnet_ids = ["subnet-00000000000000001", "subnet-00000000000000002"]
  }
}

inputs = {
  cluster_name       = "ledger-stage"
  kubernetes_version = "1.28"
  vpc_id             = dependency.vpc.outputs.vpc_id
  subnet_ids         = dependency.vpc.outputs.private_subnet_ids

  node_groups = {
    default = {
      instance_types = ["m7g.large"]
      min_size       = 2
      max_size       = 6
    }
  }
}`,
      },
      {
        env: "prod",
        region,
        name: "ledger-key",
        daysAgo: 430,
        source: fromMonorepo(kmsKeyModule, "1.1.0"),
        body: `inputs = {
  alias               = "ledger-data"
  description         = "Encrypts the ledger tables and their backups"
  key_administrators  = ["arn:aws:iam::583920174489:role/platform-admin"]
  key_users           = ["arn:aws:iam::583920174489:role/ledger-app"]
  multi_region        = true
}`,
      },
      {
        env: "dev",
        region,
        name: "eks",
        daysAgo: 215,
        source: fromOwnRepo("terraform-aws-eks-cluster", eksClusterModule, "v", "1.2.0"),
        body: `inputs = {
  cluster_name = "ledger-dev"
  vpc_id       = "vpc-0c1d2e3f4a5b6c7d8"
  subnet_ids   = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]

  node_groups = {
    default = {
      instance_types = ["m7g.large"]
    }
    spot = {
      instance_types = ["m7g.large", "m6g.large"]
      capacity_type  = "SPOT"
      min_size       = 0
      labels         = { lifecycle = "spot" }
    }
  }

  access_entries = {
    ledger-developers = {
      principal_arn = "arn:aws:iam::583920174465:role/ledger-developer"
      policy_associations = {
        edit = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
          access_scope = { type = "namespace", namespaces = ["ledger"] }
        }
      }
    }
  }
}`,
      },
      {
        env: "dev",
        region,
        name: "entries-table",
        daysAgo: 160,
        source: fromMonorepo(dynamodbTableModule, "1.2.0"),
        body: `inputs = {
  name      = "ledger-entries-dev"
  hash_key  = "account_id"
  range_key = "entry_id"

  attributes = [
    { name = "account_id", type = "S" },
    { name = "entry_id", type = "S" },
    { name = "booked_at", type = "N" },
  ]

  global_secondary_indexes = {
    by-booking-date = {
      hash_key  = "account_id"
      range_key = "booked_at"
    }
  }

  stream_view_type            = "NEW_AND_OLD_IMAGES"
  deletion_protection_enabled = false
}`,
      },
      {
        env: "dev",
        region,
        name: "vpc",
        daysAgo: 50,
        source: fromMonorepo(vpcModule, "2.0.0"),
        body: `inputs = {
  name       = "ledger-dev"
  cidr_block = "10.20.0.0/16"

  subnets = {
    public-a  = { cidr_block = "10.20.0.0/24", az = "eu-west-1a", tier = "public" }
    public-b  = { cidr_block = "10.20.1.0/24", az = "eu-west-1b", tier = "public" }
    private-a = { cidr_block = "10.20.10.0/24", az = "eu-west-1a", tier = "private" }
    private-b = { cidr_block = "10.20.11.0/24", az = "eu-west-1b", tier = "private" }
  }

  nat_gateway_mode = "single"
}`,
      },
    ],
  },
  {
    workload: "checkout",
    repo: "checkout-infra",
    team: "checkout-team",
    description: "Infrastructure of the checkout workload (Terragrunt, dev/stage/prod), partly hand-written.",
    accountIds: { dev: "709513628840", stage: "709513628857", prod: "709513628864" },
    ownModules: renderFeatureFlagsModule(),
    units: [
      {
        env: "dev",
        region,
        name: "feature-flags",
        daysAgo: 420,
        source: { kind: "local", address: "${get_repo_root()}/modules/feature-flags" },
        body: `inputs = {
  application = "checkout"
  environment = "dev"

  flags = {
    one-click-checkout = true
    new-tax-engine     = false
  }
}`,
      },
      {
        env: "dev",
        region,
        name: "edge-waf",
        daysAgo: 340,
        source: fromOwnRepo("terraform-aws-waf-acl", wafAclModule, "", "1.0.0"),
        body: `inputs = {
  name       = "checkout-edge-dev"
  rate_limit = 2000
}`,
      },
      {
        env: "dev",
        region,
        name: "vpc",
        daysAgo: 310,
        source: fromMonorepo(vpcModule, "1.2.0"),
        body: `inputs = {
  name            = "checkout-dev"
  cidr_block      = "10.30.0.0/16"
  azs             = ["eu-west-1a", "eu-west-1b"]
  public_subnets  = ["10.30.0.0/24", "10.30.1.0/24"]
  private_subnets = ["10.30.10.0/24", "10.30.11.0/24"]

  single_nat_gateway = true
}`,
      },
      {
        env: "prod",
        region,
        name: "static-assets",
        daysAgo: 140,
        source: { kind: "external", address: "tfr:///terraform-aws-modules/s3-bucket/aws?version=4.1.2" },
        body: `inputs = {
  bucket = "acme-checkout-static-assets-prod"

  versioning = {
    enabled = true
  }

  server_side_encryption_configuration = {
    rule = {
      apply_server_side_encryption_by_default = {
        sse_algorithm = "AES256"
      }
    }
  }
}`,
      },
    ],
  },
];

export interface BuildConsumerCommitsOptions {
  org: string;
  consumer: ConsumerRepo;
  clock: SeedClock;
}

/** A bootstrap commit with the Terragrunt skeleton, then one commit per unit in the order teams added them. */
export async function buildConsumerCommits(options: BuildConsumerCommitsOptions): Promise<SeedCommit[]> {
  const { org, consumer, clock } = options;
  const units = [...consumer.units].sort((a, b) => b.daysAgo - a.daysAgo);
  const oldest = units[0]?.daysAgo ?? 0;
  const commits: SeedCommit[] = [
    {
      message: "chore: bootstrap the Terragrunt layout",
      date: clock.dayDate(oldest + 7),
      files: await renderConsumerFiles({ org, consumer }),
    },
  ];
  let previous = commits[0]?.date.getTime() ?? 0;
  for (const unit of units) {
    const source = unit.source;
    if (source.kind === "catalogue") {
      const release = source.module.versions.find((spec) => spec.version === source.version);
      if (!release) throw new Error(`${consumer.repo}: ${source.module.name} has no version ${source.version}`);
      if (release.daysAgo <= unit.daysAgo) {
        throw new Error(`${consumer.repo}: unit ${unit.env}/${unit.name} predates ${source.ref}`);
      }
    }
    const path = `${unit.env}/${unit.region}/${unit.name}/terragrunt.hcl`;
    const what =
      source.kind === "catalogue"
        ? source.repo === "iac-modules"
          ? source.ref
          : `${source.repo} ${source.ref}`
        : source.kind === "local"
          ? "own module"
          : "third-party module";
    // Units added on the same day are spaced an hour apart so commit dates strictly increase.
    previous = Math.max(clock.dayDate(unit.daysAgo).getTime(), previous + 3_600_000);
    commits.push({
      message: `feat(${unit.env}): add ${unit.name} (${what})`,
      date: new Date(previous),
      files: { [path]: await renderUnitFile({ org, unit }) },
    });
  }
  return commits;
}

function renderFeatureFlagsModule(): Record<string, string> {
  return {
    "modules/feature-flags/main.tf": `terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

variable "application" {
  type = string
}

variable "environment" {
  type = string
}

variable "flags" {
  description = "Feature flags and whether they are on."
  type        = map(bool)
  default     = {}
}

resource "aws_ssm_parameter" "flag" {
  for_each = var.flags

  name  = "/\${var.application}/\${var.environment}/flags/\${each.key}"
  type  = "String"
  value = tostring(each.value)
}

output "parameter_names" {
  value = [for p in aws_ssm_parameter.flag : p.name]
}
`,
    "modules/feature-flags/README.md": `# feature-flags

Checkout's own module: feature flags as SSM parameters, read by the checkout service at start-up.
Not from the platform catalogue.
`,
  };
}

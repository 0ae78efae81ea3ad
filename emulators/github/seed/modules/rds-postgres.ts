import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, random, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** Amazon RDS for PostgreSQL instance with the platform's backup and encryption defaults. */
export const rdsPostgresModule: ModuleDefinition = {
  name: "rds-postgres",
  category: "database",
  description: "An RDS for PostgreSQL instance with encryption, backups, Performance Insights and optional read replicas.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 640,
      summary: "feat(rds-postgres): first release of the PostgreSQL module",
      changes: {
        added: [
          "Encrypted PostgreSQL 15 instance in the given subnets, with a DB subnet group.",
          "Outputs `db_instance_address`, `db_instance_endpoint`, `db_instance_port`, `db_instance_arn` and `connection_string` (sensitive).",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 470,
      summary: "feat(rds-postgres): parameter group and Performance Insights",
      changes: {
        added: ["`parameters` input, applied through a dedicated parameter group.", "`performance_insights` input."],
      },
    },
    {
      version: "2.0.0",
      daysAgo: 210,
      summary: "feat(rds-postgres)!: Secrets Manager managed master password, PostgreSQL 16",
      changes: {
        added: [
          "`manage_master_user_password` and `master_user_secret_kms_key_id` inputs: RDS keeps the password in Secrets Manager and rotates it.",
          "`master_user_secret_arn` output.",
          "A random suffix on the final snapshot name, so re-creating an instance never clashes with an old snapshot.",
        ],
        changed: [
          "**BREAKING:** `engine_version` defaults to `16.3`, and only majors 14, 15 and 16 are accepted.",
          "Requires the `hashicorp/random` provider.",
        ],
        removed: [
          "**BREAKING:** `master_password`; passwords no longer pass through Terraform state.",
          "**BREAKING:** `connection_string` output; read the secret from `master_user_secret_arn`.",
        ],
        security: ["The master password no longer appears in Terraform state or plan output."],
      },
    },
    {
      version: "2.1.0",
      daysAgo: 75,
      summary: "feat(rds-postgres): read replicas",
      changes: {
        added: ["`read_replicas` input, a map of replicas with their own instance class and AZ.", "`replica_endpoints` output."],
      },
    },
  ],
  renderFiles: renderRdsPostgres,
};

function renderRdsPostgres(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const v2 = v.since("2.0.0");
  return {
    "versions.tf": renderVersionsTf({
      requiredVersion: ">= 1.5.0",
      providers: v2 ? { aws: aws(">= 5.30"), random: random(">= 3.5") } : { aws: aws(">= 5.0") },
    }),
    "variables.tf": joinBlocks(
      `variable "identifier" {
  description = "Identifier of the DB instance."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.identifier))
    error_message = "The identifier must start with a letter and contain only lowercase letters, digits and hyphens."
  }
}`,
      `variable "engine_version" {
  description = "PostgreSQL engine version."
  type        = string
  default     = "${v2 ? "16.3" : "15.5"}"${
    v2
      ? `

  validation {
    condition     = contains(["14", "15", "16"], split(".", var.engine_version)[0])
    error_message = "Only PostgreSQL 14, 15 and 16 are supported."
  }`
      : ""
  }
}`,
      `variable "instance_class" {
  description = "Instance class, for example db.t4g.medium or db.r6g.large."
  type        = string
  default     = "db.t4g.medium"
}`,
      `variable "allocated_storage" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20
}`,
      `variable "max_allocated_storage" {
  description = "Upper limit for storage autoscaling in GiB. Set equal to allocated_storage to turn autoscaling off."
  type        = number
  default     = 100
}`,
      `variable "db_name" {
  description = "Name of the database created in the instance."
  type        = string
}`,
      `variable "master_username" {
  description = "Master user name."
  type        = string
  default     = "postgres"
}`,
      !v2 &&
        `variable "master_password" {
  description = "Master password. Store it in a secret and pass it with get_env() or a data source, never in plain text."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.master_password) >= 16
    error_message = "The master_password must be at least 16 characters long."
  }
}`,
      v2 &&
        `variable "manage_master_user_password" {
  description = "Let RDS generate the master password, keep it in Secrets Manager and rotate it."
  type        = bool
  default     = true
}`,
      v2 &&
        `variable "master_user_secret_kms_key_id" {
  description = "KMS key for the Secrets Manager secret. Null uses the aws/secretsmanager key."
  type        = string
  default     = null
}`,
      `variable "subnet_ids" {
  description = "Subnets of the DB subnet group, normally the VPC module's database subnets."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Give at least two subnets in different availability zones."
  }
}`,
      `variable "vpc_security_group_ids" {
  description = "Security groups attached to the instance."
  type        = list(string)
}`,
      `variable "multi_az" {
  description = "Run a standby in another availability zone. Use it in prod."
  type        = bool
  default     = false
}`,
      `variable "backup_retention_period" {
  description = "Days to keep automated backups."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_period >= 0 && var.backup_retention_period <= 35
    error_message = "The backup_retention_period must be between 0 and 35 days."
  }
}`,
      `variable "deletion_protection" {
  description = "Refuse to delete the instance."
  type        = bool
  default     = true
}`,
      `variable "kms_key_arn" {
  description = "KMS key for storage encryption. Null uses the aws/rds key."
  type        = string
  default     = null
}`,
      v.since("1.1.0") &&
        `variable "parameters" {
  description = "PostgreSQL parameters, for example { log_min_duration_statement = \\"500\\" }."
  type        = map(string)
  default     = {}
}`,
      v.since("1.1.0") &&
        `variable "performance_insights" {
  description = "Performance Insights settings."
  type = object({
    enabled          = optional(bool, true)
    retention_period = optional(number, 7)
    kms_key_arn      = optional(string)
  })
  default = {}
}`,
      v.since("2.1.0") &&
        `variable "read_replicas" {
  description = "Read replicas keyed by a suffix of the identifier."
  type = map(object({
    instance_class    = optional(string)
    availability_zone = optional(string)
  }))
  default = {}
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `resource "aws_db_subnet_group" "this" {
  name       = var.identifier
  subnet_ids = var.subnet_ids

  tags = var.tags
}`,
      v.since("1.1.0") &&
        `resource "aws_db_parameter_group" "this" {
  name_prefix = "\${var.identifier}-"
  family      = "postgres\${split(".", var.engine_version)[0]}"

  dynamic "parameter" {
    for_each = var.parameters
    content {
      name         = parameter.key
      value        = parameter.value
      apply_method = "pending-reboot"
    }
  }

  lifecycle {
    create_before_destroy = true
  }

  tags = var.tags
}`,
      v2 &&
        `resource "random_id" "snapshot_suffix" {
  byte_length = 4

  keepers = {
    identifier = var.identifier
  }
}`,
      `resource "aws_db_instance" "this" {
  identifier     = var.identifier
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage
  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = var.kms_key_arn

  db_name  = var.db_name
  username = var.master_username
${
  v2
    ? `  manage_master_user_password   = var.manage_master_user_password ? true : null
  master_user_secret_kms_key_id = var.manage_master_user_password ? var.master_user_secret_kms_key_id : null`
    : "  password = var.master_password"
}

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = var.vpc_security_group_ids
  multi_az               = var.multi_az
  publicly_accessible    = false${v.since("1.1.0") ? "\n  parameter_group_name   = aws_db_parameter_group.this.name" : ""}

  backup_retention_period   = var.backup_retention_period
  backup_window             = "02:00-03:00"
  maintenance_window        = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  final_snapshot_identifier = ${v2 ? '"${var.identifier}-final-${random_id.snapshot_suffix.hex}"' : '"${var.identifier}-final"'}
${
  v.since("1.1.0")
    ? `
  performance_insights_enabled          = var.performance_insights.enabled
  performance_insights_retention_period = var.performance_insights.enabled ? var.performance_insights.retention_period : null
  performance_insights_kms_key_id       = var.performance_insights.enabled ? var.performance_insights.kms_key_arn : null
`
    : ""
}
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  auto_minor_version_upgrade      = true

  tags = var.tags
}`,
      v.since("2.1.0") &&
        `resource "aws_db_instance" "replica" {
  for_each = var.read_replicas

  identifier          = "\${var.identifier}-\${each.key}"
  replicate_source_db = aws_db_instance.this.identifier
  instance_class      = coalesce(each.value.instance_class, var.instance_class)
  availability_zone   = each.value.availability_zone
  storage_encrypted   = true
  kms_key_id          = var.kms_key_arn
  skip_final_snapshot = true

  vpc_security_group_ids = var.vpc_security_group_ids
  parameter_group_name   = aws_db_parameter_group.this.name

  tags = var.tags
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "db_instance_address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}`,
      `output "db_instance_endpoint" {
  description = "host:port of the instance."
  value       = aws_db_instance.this.endpoint
}`,
      `output "db_instance_port" {
  description = "Port the instance listens on."
  value       = aws_db_instance.this.port
}`,
      `output "db_instance_arn" {
  description = "ARN of the instance."
  value       = aws_db_instance.this.arn
}`,
      !v2 &&
        `output "connection_string" {
  description = "postgres:// URL with the master credentials."
  value       = "postgres://\${var.master_username}:\${var.master_password}@\${aws_db_instance.this.endpoint}/\${var.db_name}"
  sensitive   = true
}`,
      v2 &&
        `output "master_user_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the master credentials."
  value       = try(aws_db_instance.this.master_user_secret[0].secret_arn, null)
  sensitive   = true
}`,
      v.since("2.1.0") &&
        `output "replica_endpoints" {
  description = "Endpoints of the read replicas, keyed like var.read_replicas."
  value       = { for key, replica in aws_db_instance.replica : key => replica.endpoint }
}`,
    ),
    "README.md": joinBlocks(
      `# rds-postgres

An RDS for PostgreSQL instance with the platform defaults: encrypted gp3 storage with autoscaling,
private subnets only, daily backups, deletion protection and CloudWatch log exports.${
        v2
          ? " The master password is generated and rotated by RDS in Secrets Manager, so it never appears in Terraform state."
          : ""
      }`,
      renderUsage(
        context,
        "rds-postgres",
        `identifier             = "payments-dev"
db_name                = "payments"
subnet_ids             = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
vpc_security_group_ids = ["sg-0123456789abcdef0"]${v2 ? "" : `\nmaster_password        = get_env("PAYMENTS_DB_PASSWORD")`}`,
      ),
      v2 &&
        `## Upgrading from 1.x

Remove \`master_password\` from your inputs. On the first apply RDS takes over the password and stores
it in Secrets Manager; applications must read it from the secret in \`master_user_secret_arn\`.`,
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      !v2 &&
        `variable "db_password" {
  type      = string
  sensitive = true
}`,
      `module "db" {
  source = "../.."

  identifier             = "example"
  db_name                = "app"
  subnet_ids             = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  vpc_security_group_ids = ["sg-0123456789abcdef0"]${v2 ? "" : "\n  master_password        = var.db_password"}
  deletion_protection    = false
}`,
    ),
  };
}

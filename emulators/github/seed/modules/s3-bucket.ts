import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { renderDiagramPng } from "../render-diagram-png";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** Private, encrypted S3 bucket with versioning, lifecycle rules and access logging. */
export const s3BucketModule: ModuleDefinition = {
  name: "s3-bucket",
  category: "storage",
  description: "A private, encrypted S3 bucket with versioning, lifecycle rules, access logging and CORS.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 690,
      summary: "feat(s3-bucket): first release of the S3 bucket module",
      changes: {
        added: [
          "Private bucket with all public access blocked, versioning and SSE-S3 encryption.",
          "Outputs `bucket_id`, `bucket_arn` and `bucket_domain_name`.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 560,
      summary: "feat(s3-bucket): SSE-KMS and lifecycle rules",
      changes: {
        added: [
          "`kms_key_arn` input: encrypt with SSE-KMS and an S3 bucket key when set.",
          "`lifecycle_rules` input with transitions and noncurrent version expiry.",
        ],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 400,
      summary: "feat(s3-bucket): bucket policy statements and object ownership",
      changes: {
        added: [
          "`policy_statements` input (`any`), merged with the module's TLS-only statement.",
          "`object_ownership` input, validated against the three S3 settings.",
          "`bucket_regional_domain_name` output.",
        ],
        changed: ["The bucket policy now always denies requests that do not use TLS."],
      },
    },
    {
      version: "1.3.0",
      daysAgo: 240,
      summary: "feat(s3-bucket): access logging and CORS rules",
      changes: {
        added: ["`logging` input to send server access logs to another bucket.", "`cors_rules` input."],
      },
    },
    {
      version: "1.3.1",
      daysAgo: 200,
      summary: "fix(s3-bucket): lifecycle rules without a prefix",
      changes: {
        fixed: [
          "Lifecycle rules with an empty `prefix` no longer produce a perpetual diff; they now use an empty `filter {}`.",
          "The bucket name validation message now states the 63-character limit.",
        ],
      },
    },
    {
      version: "1.3.2",
      daysAgo: 95,
      summary: "fix(s3-bucket): tags can no longer be null",
      changes: {
        fixed: ["`tags = null` made `merge()` fail at plan time; `tags` is now `nullable = false`."],
      },
    },
  ],
  renderFiles: renderS3Bucket,
};

function renderS3Bucket(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const files: ModuleFiles = {
    "versions.tf": renderVersionsTf({
      requiredVersion: ">= 1.5.0",
      providers: { aws: aws(v.since("1.2.0") ? ">= 5.20" : ">= 5.0") },
    }),
    "variables.tf": joinBlocks(
      `variable "bucket_name" {
  description = "Globally unique name of the bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "${
      v.since("1.3.1")
        ? "The bucket_name must be 3-63 characters of lowercase letters, digits, dots and hyphens."
        : "The bucket_name must be lowercase letters, digits, dots and hyphens."
    }"
  }
}`,
      `variable "versioning_enabled" {
  description = "Keep every version of every object."
  type        = bool
  default     = true
}`,
      `variable "force_destroy" {
  description = "Allow Terraform to delete the bucket even when it still holds objects. Never set this in prod."
  type        = bool
  default     = false
}`,
      v.since("1.1.0") &&
        `variable "kms_key_arn" {
  description = "ARN of a KMS key for SSE-KMS. When null the bucket uses SSE-S3 (AES256)."
  type        = string
  default     = null
}`,
      v.since("1.1.0") &&
        `variable "lifecycle_rules" {
  description = "Lifecycle rules. Transitions move objects to cheaper storage classes after the given number of days."
  type = list(object({
    id                                 = string
    enabled                            = optional(bool, true)
    prefix                             = optional(string, "")
    expiration_days                    = optional(number)
    noncurrent_version_expiration_days = optional(number, 30)
    transitions = optional(list(object({
      days          = number
      storage_class = string
    })), [])
  }))
  default = []

  validation {
    condition = alltrue(flatten([
      for rule in var.lifecycle_rules : [
        for t in rule.transitions : contains(["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"], t.storage_class)
      ]
    ]))
    error_message = "Each transition's storage_class must be an S3 storage class such as STANDARD_IA or GLACIER."
  }
}`,
      v.since("1.2.0") &&
        `variable "policy_statements" {
  description = <<-EOT
    Extra IAM policy statements for the bucket policy, as a list of objects in the JSON policy
    grammar (Sid, Effect, Principal, Action, Resource, Condition). They are added to the module's own
    statement that denies non-TLS requests.
  EOT
  type    = any
  default = []
}`,
      v.since("1.2.0") &&
        `variable "object_ownership" {
  description = "Object ownership setting. BucketOwnerEnforced disables ACLs, which is what you want unless a legacy integration writes ACLs."
  type        = string
  default     = "BucketOwnerEnforced"

  validation {
    condition     = contains(["BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter"], var.object_ownership)
    error_message = "The object_ownership must be BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter."
  }
}`,
      v.since("1.3.0") &&
        `variable "logging" {
  description = "Send server access logs to another bucket. Null disables access logging."
  type = object({
    target_bucket = string
    target_prefix = optional(string, "s3-access-logs/")
  })
  default = null
}`,
      v.since("1.3.0") &&
        `variable "cors_rules" {
  description = "CORS rules for browser uploads and downloads."
  type = list(object({
    allowed_methods = set(string)
    allowed_origins = set(string)
    allowed_headers = optional(set(string), [])
    expose_headers  = optional(set(string), [])
    max_age_seconds = optional(number, 3000)
  }))
  default = []
}`,
      v.since("1.3.2")
        ? `variable "tags" {
  description = "Tags applied to every resource the module creates, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}`
        : tagsVariable,
    ),
    "main.tf": joinBlocks(
      `resource "aws_s3_bucket" "this" {
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  tags = merge(var.tags, { Name = var.bucket_name })
}`,
      `resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`,
      v.since("1.2.0") &&
        `resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = var.object_ownership
  }
}`,
      `resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = var.versioning_enabled ? "Enabled" : "Suspended"
  }
}`,
      `resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = ${v.since("1.1.0") ? 'var.kms_key_arn == null ? "AES256" : "aws:kms"' : '"AES256"'}${
        v.since("1.1.0") ? "\n      kms_master_key_id = var.kms_key_arn" : ""
      }
    }${v.since("1.1.0") ? "\n    bucket_key_enabled = var.kms_key_arn != null" : ""}
  }
}`,
      v.since("1.1.0") &&
        `resource "aws_s3_bucket_lifecycle_configuration" "this" {
  count  = length(var.lifecycle_rules) > 0 ? 1 : 0
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.value.id
      status = rule.value.enabled ? "Enabled" : "Disabled"

${
  v.since("1.3.1")
    ? `      filter {
        prefix = rule.value.prefix == "" ? null : rule.value.prefix
      }`
    : `      filter {
        prefix = rule.value.prefix
      }`
}

      dynamic "transition" {
        for_each = rule.value.transitions
        content {
          days          = transition.value.days
          storage_class = transition.value.storage_class
        }
      }

      dynamic "expiration" {
        for_each = rule.value.expiration_days == null ? [] : [rule.value.expiration_days]
        content {
          days = expiration.value
        }
      }

      noncurrent_version_expiration {
        noncurrent_days = rule.value.noncurrent_version_expiration_days
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}`,
      v.since("1.2.0") &&
        `data "aws_iam_policy_document" "this" {
  source_policy_documents = length(var.policy_statements) > 0 ? [jsonencode({ Version = "2012-10-17", Statement = var.policy_statements })] : []

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.this.arn,
      "\${aws_s3_bucket.this.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}`,
      v.since("1.2.0") &&
        `resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.this.json

  depends_on = [aws_s3_bucket_public_access_block.this]
}`,
      v.since("1.3.0") &&
        `resource "aws_s3_bucket_logging" "this" {
  count  = var.logging == null ? 0 : 1
  bucket = aws_s3_bucket.this.id

  target_bucket = var.logging.target_bucket
  target_prefix = var.logging.target_prefix
}`,
      v.since("1.3.0") &&
        `resource "aws_s3_bucket_cors_configuration" "this" {
  count  = length(var.cors_rules) > 0 ? 1 : 0
  bucket = aws_s3_bucket.this.id

  dynamic "cors_rule" {
    for_each = var.cors_rules
    content {
      allowed_methods = cors_rule.value.allowed_methods
      allowed_origins = cors_rule.value.allowed_origins
      allowed_headers = cors_rule.value.allowed_headers
      expose_headers  = cors_rule.value.expose_headers
      max_age_seconds = cors_rule.value.max_age_seconds
    }
  }
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "bucket_id" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}`,
      `output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}`,
      `output "bucket_domain_name" {
  description = "Global domain name of the bucket, bucket.s3.amazonaws.com."
  value       = aws_s3_bucket.this.bucket_domain_name
}`,
      v.since("1.2.0") &&
        `output "bucket_regional_domain_name" {
  description = "Regional domain name of the bucket, for CloudFront origins."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}`,
    ),
    "README.md": renderS3Readme(context),
    "docs/diagram.png": renderDiagramPng({
      width: 480,
      height: 160,
      boxes: [
        { x: 20, y: 50, width: 120, height: 60, rgb: [35, 47, 62] },
        { x: 180, y: 40, width: 120, height: 80, rgb: [122, 161, 22] },
        { x: 340, y: 50, width: 120, height: 60, rgb: [221, 52, 76] },
        { x: 140, y: 78, width: 40, height: 4, rgb: [90, 90, 90] },
        { x: 300, y: 78, width: 40, height: 4, rgb: [90, 90, 90] },
      ],
    }),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "bucket" {
  source = "../.."

  bucket_name = "acme-example-artifacts-dev"
}`,
      `output "bucket_arn" {
  value = module.bucket.bucket_arn
}`,
    ),
  };
  if (v.since("1.1.0")) {
    files["examples/complete/main.tf"] = joinBlocks(
      exampleProvider,
      `data "aws_caller_identity" "current" {}`,
      `resource "aws_kms_key" "bucket" {
  description             = "Example bucket key"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}`,
      `module "bucket" {
  source = "../.."

  bucket_name = "acme-example-reports-\${data.aws_caller_identity.current.account_id}"
  kms_key_arn = aws_kms_key.bucket.arn

  lifecycle_rules = [
    {
      id     = "archive"
      prefix = "reports/"
      transitions = [
        { days = 30, storage_class = "STANDARD_IA" },
        { days = 180, storage_class = "GLACIER" },
      ]
      expiration_days = 2555
    },
  ]
${
  v.since("1.3.0")
    ? `
  logging = {
    target_bucket = "acme-access-logs-\${data.aws_caller_identity.current.account_id}"
  }

  cors_rules = [
    {
      allowed_methods = ["GET", "PUT"]
      allowed_origins = ["https://reports.acme.example"]
    },
  ]
`
    : ""
}
  tags = {
    DataClassification = "confidential"
  }
}`,
    );
  }
  return files;
}

function renderS3Readme(context: RenderContext): string {
  const v = versionGate(context.version);
  return joinBlocks(
    `# s3-bucket

A private S3 bucket with the Acme defaults: all public access blocked, versioning on, server-side
encryption${v.since("1.1.0") ? " (SSE-S3, or SSE-KMS with a bucket key when you pass `kms_key_arn`)" : " with SSE-S3"}${
      v.since("1.2.0") ? ", ACLs disabled and a bucket policy that refuses plain HTTP" : ""
    }.

![How requests reach the bucket](docs/diagram.png)

See the [complete example](examples/${v.since("1.1.0") ? "complete" : "basic"}/main.tf) for every option, and the
[changelog](CHANGELOG.md) before you upgrade.`,
    renderUsage(context, "s3-bucket", `bucket_name = "acme-payments-receipts-dev"`),
    `## Choosing settings

| Need | Setting |
|---|---|
| Data must be encrypted with a customer key | ${v.since("1.1.0") ? "`kms_key_arn`, from the `kms-key` module" : "not yet supported; use 1.1.0 or later"} |
| Old objects should move to cheaper storage | ${v.since("1.1.0") ? "`lifecycle_rules` with `transitions`" : "not yet supported"} |
| Another account must read the bucket | ${v.since("1.2.0") ? "`policy_statements`" : "not yet supported"} |
| Audit who read what | ${v.since("1.3.0") ? "`logging`, pointing at the account's log bucket" : "not yet supported"} |

> **Note:** \`force_destroy = true\` deletes every object when the bucket is destroyed. The platform
> team's policy forbids it in prod accounts.`,
  );
}

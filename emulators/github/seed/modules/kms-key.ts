import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** Customer-managed KMS key with a least-privilege key policy. */
export const kmsKeyModule: ModuleDefinition = {
  name: "kms-key",
  category: "security",
  description: "A customer-managed KMS key with an alias, rotation and a key policy that separates administrators from users.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 680,
      summary: "feat(kms-key): first release of the KMS key module",
      changes: {
        added: [
          "Symmetric key with alias, automatic rotation and a key policy built from `key_administrators` and `key_users`.",
          "Outputs `key_id`, `key_arn` and `alias_arn`.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 450,
      summary: "feat(kms-key): multi-Region keys and grants",
      changes: {
        added: [
          "`multi_region` input.",
          "`grants` input, a map of grants with optional encryption context constraints.",
          "`key_policy` output.",
        ],
      },
    },
    {
      version: "2.0.0",
      daysAgo: 150,
      summary: "feat(kms-key)!: administrators required, rotation period",
      changes: {
        added: ["`rotation_period_in_days` input (90 to 2560 days)."],
        changed: [
          "**BREAKING:** `key_administrators` is now required and a `set(string)`; a key nobody administers cannot be recovered.",
          "**BREAKING:** `key_users` is now a `set(string)`.",
          "**BREAKING:** requires AWS provider `>= 5.38`.",
          "`deletion_window_in_days` defaults to 30 and must be between 7 and 30.",
        ],
        removed: ["**BREAKING:** the `description` default; pass a description that says what the key protects."],
      },
    },
  ],
  renderFiles: renderKmsKey,
};

function renderKmsKey(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const v2 = v.since("2.0.0");
  const listType = v2 ? "set(string)" : "list(string)";
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(v2 ? ">= 5.38" : ">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "alias" {
  description = "Alias name without the alias/ prefix, for example payments-data."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias)) && !startswith(var.alias, "aws/")
    error_message = "The alias may contain letters, digits, slashes, underscores and hyphens, and must not start with aws/."
  }
}`,
      v2
        ? `variable "description" {
  description = "What the key protects. Shown in the KMS console and in CloudTrail."
  type        = string
}`
        : `variable "description" {
  description = "What the key protects. Shown in the KMS console and in CloudTrail."
  type        = string
  default     = "Managed by Terraform"
}`,
      `variable "deletion_window_in_days" {
  description = "Days KMS waits before deleting the key after it is scheduled for deletion."
  type        = number
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "The deletion_window_in_days must be between 7 and 30."
  }
}`,
      `variable "enable_key_rotation" {
  description = "Rotate the key material automatically."
  type        = bool
  default     = true
}`,
      v2 &&
        `variable "rotation_period_in_days" {
  description = "Days between automatic rotations."
  type        = number
  default     = 365

  validation {
    condition     = var.rotation_period_in_days >= 90 && var.rotation_period_in_days <= 2560
    error_message = "The rotation_period_in_days must be between 90 and 2560."
  }
}`,
      v2
        ? `variable "key_administrators" {
  description = "ARNs of the IAM roles that may manage the key (but not use it)."
  type        = set(string)
  nullable    = false

  validation {
    condition     = length(var.key_administrators) > 0
    error_message = "Give at least one key administrator."
  }
}`
        : `variable "key_administrators" {
  description = "ARNs of the IAM roles that may manage the key (but not use it). Defaults to the account root."
  type        = list(string)
  default     = []
}`,
      `variable "key_users" {
  description = "ARNs of the IAM roles that may encrypt and decrypt with the key."
  type        = ${listType}
  default     = []
}`,
      v.since("1.1.0") &&
        `variable "multi_region" {
  description = "Create a multi-Region primary key that can be replicated to other Regions."
  type        = bool
  default     = false
}`,
      v.since("1.1.0") &&
        `variable "grants" {
  description = "Grants keyed by name, for AWS services that use grants rather than the key policy."
  type = map(object({
    grantee_principal = string
    operations        = list(string)
    constraints = optional(object({
      encryption_context_equals = optional(map(string))
      encryption_context_subset = optional(map(string))
    }))
  }))
  default = {}
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `data "aws_caller_identity" "current" {}`,
      `data "aws_partition" "current" {}`,
      `locals {
  account_root = "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root"
  administrators = ${v2 ? "var.key_administrators" : "length(var.key_administrators) > 0 ? var.key_administrators : [local.account_root]"}
}`,
      `data "aws_iam_policy_document" "this" {
  statement {
    sid       = "EnableRootAccountAccess"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = [local.account_root]
    }
  }

  statement {
    sid = "KeyAdministration"
    actions = [
      "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
      "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
      "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion",
    ]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = local.administrators
    }
  }

  dynamic "statement" {
    for_each = length(var.key_users) > 0 ? [1] : []
    content {
      sid       = "KeyUsage"
      actions   = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.key_users
      }
    }
  }
}`,
      `resource "aws_kms_key" "this" {
  description             = var.description
  deletion_window_in_days = var.deletion_window_in_days
  enable_key_rotation     = var.enable_key_rotation${
    v2 ? "\n  rotation_period_in_days = var.enable_key_rotation ? var.rotation_period_in_days : null" : ""
  }${v.since("1.1.0") ? "\n  multi_region            = var.multi_region" : ""}
  policy                  = data.aws_iam_policy_document.this.json

  tags = merge(var.tags, { Name = var.alias })
}`,
      `resource "aws_kms_alias" "this" {
  name          = "alias/\${var.alias}"
  target_key_id = aws_kms_key.this.key_id
}`,
      v.since("1.1.0") &&
        `resource "aws_kms_grant" "this" {
  for_each = var.grants

  name              = each.key
  key_id            = aws_kms_key.this.key_id
  grantee_principal = each.value.grantee_principal
  operations        = each.value.operations

  dynamic "constraints" {
    for_each = each.value.constraints == null ? [] : [each.value.constraints]
    content {
      encryption_context_equals = constraints.value.encryption_context_equals
      encryption_context_subset = constraints.value.encryption_context_subset
    }
  }
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "key_id" {
  description = "ID of the key."
  value       = aws_kms_key.this.key_id
}`,
      `output "key_arn" {
  description = "ARN of the key. Pass this to other modules' kms_key_arn inputs."
  value       = aws_kms_key.this.arn
}`,
      `output "alias_arn" {
  description = "ARN of the alias."
  value       = aws_kms_alias.this.arn
}`,
      v.since("1.1.0") &&
        `output "key_policy" {
  description = "The key policy document, for review."
  value       = data.aws_iam_policy_document.this.json
}`,
    ),
    "README.md": joinBlocks(
      `# kms-key

A customer-managed KMS key for one purpose (one key per data set, not one per account), with an alias,
automatic rotation and a key policy that keeps administration and usage apart: administrators can
manage the key but not decrypt, users can decrypt but not change the policy.`,
      renderUsage(
        context,
        "kms-key",
        `alias              = "payments-data"
description        = "Encrypts the payments database and its snapshots"
key_administrators = ["arn:aws:iam::123456789012:role/platform-admin"]
key_users          = ["arn:aws:iam::123456789012:role/payments-app"]`,
      ),
      v2 &&
        `## Upgrading to 2.0

\`key_administrators\` and \`description\` are now required. Set \`key_administrators\` to the roles that
administer the key today (the account root was the 1.x default) before you upgrade.`,
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "key" {
  source = "../.."

  alias = "example-data"${v2 ? `\n  description        = "Encrypts the example data set"\n  key_administrators = ["arn:aws:iam::123456789012:role/platform-admin"]` : ""}
}`,
    ),
  };
}

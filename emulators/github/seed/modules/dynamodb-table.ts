import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** DynamoDB table with indexes, streams, encryption and global replicas. */
export const dynamodbTableModule: ModuleDefinition = {
  name: "dynamodb-table",
  category: "database",
  description: "A DynamoDB table with secondary indexes, streams, point-in-time recovery, encryption and global table replicas.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 560,
      summary: "feat(dynamodb-table): first release of the DynamoDB module",
      changes: {
        added: [
          "Table with hash and optional range key, on-demand or provisioned billing, point-in-time recovery and TTL.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 390,
      summary: "feat(dynamodb-table): global secondary indexes and streams",
      changes: {
        added: ["`global_secondary_indexes` input.", "`stream_view_type` input and the `stream_arn` output."],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 180,
      summary: "feat(dynamodb-table): customer-managed encryption and replicas",
      changes: {
        added: [
          "`server_side_encryption` input.",
          "`replica_regions` input to make the table a global table.",
          "`deletion_protection_enabled` input (default `true`).",
        ],
      },
    },
  ],
  renderFiles: renderDynamodbTable,
};

function renderDynamodbTable(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(v.since("1.2.0") ? ">= 5.10" : ">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the table."
  type        = string
}`,
      `variable "hash_key" {
  description = "Partition key attribute. It must be listed in attributes."
  type        = string
}`,
      `variable "range_key" {
  description = "Sort key attribute, if the table has one."
  type        = string
  default     = null
}`,
      `variable "attributes" {
  description = "Key attributes of the table and its indexes. Type is S (string), N (number) or B (binary)."
  type = list(object({
    name = string
    type = string
  }))

  validation {
    condition     = alltrue([for a in var.attributes : contains(["S", "N", "B"], a.type)])
    error_message = "Each attribute type must be S, N or B."
  }
}`,
      `variable "billing_mode" {
  description = "PAY_PER_REQUEST (on demand) or PROVISIONED."
  type        = string
  default     = "PAY_PER_REQUEST"

  validation {
    condition     = contains(["PAY_PER_REQUEST", "PROVISIONED"], var.billing_mode)
    error_message = "The billing_mode must be PAY_PER_REQUEST or PROVISIONED."
  }
}`,
      `variable "read_capacity" {
  description = "Read capacity units, only with PROVISIONED billing."
  type        = number
  default     = null
}`,
      `variable "write_capacity" {
  description = "Write capacity units, only with PROVISIONED billing."
  type        = number
  default     = null
}`,
      `variable "point_in_time_recovery" {
  description = "Keep continuous backups for 35 days."
  type        = bool
  default     = true
}`,
      `variable "ttl_attribute" {
  description = "Attribute holding the expiry epoch, or null to disable TTL."
  type        = string
  default     = null
}`,
      v.since("1.1.0") &&
        `variable "global_secondary_indexes" {
  description = "Global secondary indexes keyed by index name."
  type = map(object({
    hash_key           = string
    range_key          = optional(string)
    projection_type    = optional(string, "ALL")
    non_key_attributes = optional(list(string))
    read_capacity      = optional(number)
    write_capacity     = optional(number)
  }))
  default = {}
}`,
      v.since("1.1.0") &&
        `variable "stream_view_type" {
  description = "Enable a stream with this view type: KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES."
  type        = string
  default     = null

  validation {
    condition     = var.stream_view_type == null || contains(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"], coalesce(var.stream_view_type, "KEYS_ONLY"))
    error_message = "The stream_view_type must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES."
  }
}`,
      v.since("1.2.0") &&
        `variable "server_side_encryption" {
  description = "Encryption at rest. Without kms_key_arn the AWS-owned key is used."
  type = object({
    enabled     = optional(bool, true)
    kms_key_arn = optional(string)
  })
  default  = {}
  nullable = false
}`,
      v.since("1.2.0") &&
        `variable "replica_regions" {
  description = "Other Regions to replicate the table to. Requires a stream with NEW_AND_OLD_IMAGES."
  type        = set(string)
  default     = []
}`,
      v.since("1.2.0") &&
        `variable "deletion_protection_enabled" {
  description = "Refuse to delete the table."
  type        = bool
  default     = true
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `resource "aws_dynamodb_table" "this" {
  name           = var.name
  billing_mode   = var.billing_mode
  hash_key       = var.hash_key
  range_key      = var.range_key
  read_capacity  = var.billing_mode == "PROVISIONED" ? var.read_capacity : null
  write_capacity = var.billing_mode == "PROVISIONED" ? var.write_capacity : null${
    v.since("1.1.0")
      ? "\n  stream_enabled   = var.stream_view_type != null\n  stream_view_type = var.stream_view_type"
      : ""
  }${v.since("1.2.0") ? "\n  deletion_protection_enabled = var.deletion_protection_enabled" : ""}

  dynamic "attribute" {
    for_each = var.attributes
    content {
      name = attribute.value.name
      type = attribute.value.type
    }
  }
${
  v.since("1.1.0")
    ? `
  dynamic "global_secondary_index" {
    for_each = var.global_secondary_indexes
    content {
      name               = global_secondary_index.key
      hash_key           = global_secondary_index.value.hash_key
      range_key          = global_secondary_index.value.range_key
      projection_type    = global_secondary_index.value.projection_type
      non_key_attributes = global_secondary_index.value.non_key_attributes
      read_capacity      = global_secondary_index.value.read_capacity
      write_capacity     = global_secondary_index.value.write_capacity
    }
  }
`
    : ""
}
  point_in_time_recovery {
    enabled = var.point_in_time_recovery
  }

  dynamic "ttl" {
    for_each = var.ttl_attribute == null ? [] : [var.ttl_attribute]
    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }
${
  v.since("1.2.0")
    ? `
  server_side_encryption {
    enabled     = var.server_side_encryption.enabled
    kms_key_arn = var.server_side_encryption.kms_key_arn
  }

  dynamic "replica" {
    for_each = var.replica_regions
    content {
      region_name = replica.value
      kms_key_arn = var.server_side_encryption.kms_key_arn
    }
  }
`
    : ""
}
  tags = merge(var.tags, { Name = var.name })
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "table_name" {
  description = "Name of the table."
  value       = aws_dynamodb_table.this.name
}`,
      `output "table_arn" {
  description = "ARN of the table."
  value       = aws_dynamodb_table.this.arn
}`,
      v.since("1.1.0") &&
        `output "stream_arn" {
  description = "ARN of the table's stream, or null when streams are off."
  value       = aws_dynamodb_table.this.stream_arn
}`,
    ),
    "README.md": joinBlocks(
      `# dynamodb-table

A DynamoDB table with the platform defaults: on-demand billing, point-in-time recovery${
        v.since("1.2.0") ? ", deletion protection and encryption at rest" : ""
      }. Model your access patterns first; every attribute used as a key must be declared in \`attributes\`.`,
      renderUsage(
        context,
        "dynamodb-table",
        `name     = "ledger-entries-dev"
hash_key = "account_id"
range_key = "entry_id"
attributes = [
  { name = "account_id", type = "S" },
  { name = "entry_id", type = "S" },
]`,
      ),
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "table" {
  source = "../.."

  name          = "example-sessions"
  hash_key      = "session_id"
  attributes    = [{ name = "session_id", type = "S" }]
  ttl_attribute = "expires_at"
}`,
    ),
  };
}

import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/**
 * SQS queue with a dead-letter queue. Version 1.1.0 was tagged with unbalanced braces in variables.tf,
 * as happens when a release skips CI; 1.1.1 fixes it. The seed keeps it to demonstrate sync errors.
 */
export const sqsQueueModule: ModuleDefinition = {
  name: "sqs-queue",
  category: "messaging",
  description: "An SQS queue (standard or FIFO) with a dead-letter queue, encryption and a queue policy for SNS subscriptions.",
  brokenVersions: ["1.1.0"],
  versions: [
    {
      version: "1.0.0",
      daysAgo: 540,
      summary: "feat(sqs-queue): first release of the SQS module",
      changes: {
        added: [
          "Standard or FIFO queue with a dead-letter queue and redrive policy.",
          "Outputs `queue_url`, `queue_arn`, `queue_name`, `dlq_url` and `dlq_arn`.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 250,
      summary: "feat(sqs-queue): allow SNS topics to publish, content-based deduplication",
      changes: {
        added: [
          "`allowed_sns_topic_arns` input, which adds a queue policy for SNS subscriptions.",
          "`content_based_deduplication` input for FIFO queues.",
        ],
      },
    },
    {
      version: "1.1.1",
      daysAgo: 248,
      summary: "fix(sqs-queue): unbalanced braces in variables.tf",
      changes: {
        fixed: ["1.1.0 could not be parsed: a missing closing brace in `variables.tf`. Do not use 1.1.0."],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 90,
      summary: "feat(sqs-queue): SQS-managed encryption by default",
      changes: {
        added: ["`sqs_managed_sse_enabled` input (default `true`), used when no `kms_master_key_id` is given."],
        changed: ["`max_receive_count` must now be between 1 and 1000."],
      },
    },
  ],
  renderFiles: renderSqsQueue,
};

function renderSqsQueue(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const broken = context.version === "1.1.0";
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the queue. FIFO queue names must end in .fifo."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,75}(\\\\.fifo)?$", var.name))
    error_message = "The name must be up to 80 letters, digits, hyphens or underscores, optionally ending in .fifo."
  }
}`,
      `variable "fifo_queue" {
  description = "Create a FIFO queue."
  type        = bool
  default     = false
}`,
      `variable "visibility_timeout_seconds" {
  description = "How long a received message stays invisible. Set it above your consumer's processing time."
  type        = number
  default     = 30

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200
    error_message = "The visibility_timeout_seconds must be between 0 and 43200."
  }
}`,
      `variable "message_retention_seconds" {
  description = "How long messages are kept, in seconds (default four days)."
  type        = number
  default     = 345600
}`,
      `variable "max_message_size" {
  description = "Maximum message size in bytes."
  type        = number
  default     = 262144
}`,
      `variable "delay_seconds" {
  description = "Delivery delay for every message."
  type        = number
  default     = 0
}`,
      `variable "receive_wait_time_seconds" {
  description = "Long polling wait time."
  type        = number
  default     = 0
}`,
      `variable "create_dlq" {
  description = "Create a dead-letter queue and redrive to it."
  type        = bool
  default     = true
}`,
      `variable "max_receive_count" {
  description = "Receives before a message moves to the dead-letter queue."
  type        = number
  default     = 5${
    v.since("1.2.0")
      ? `

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "The max_receive_count must be between 1 and 1000."
  }`
      : ""
  }
}`,
      `variable "kms_master_key_id" {
  description = "KMS key for SSE-KMS. Null uses ${v.since("1.2.0") ? "SQS-managed encryption" : "no encryption"}."
  type        = string
  default     = null
}`,
      v.since("1.2.0") &&
        `variable "sqs_managed_sse_enabled" {
  description = "Use SQS-managed server-side encryption when kms_master_key_id is null."
  type        = bool
  default     = true
}`,
      v.since("1.1.0") &&
        (broken
          ? // The closing brace of this block is missing.
            `variable "allowed_sns_topic_arns" {
  description = "SNS topics allowed to send messages to the queue."
  type        = list(string)
  default     = []

variable "content_based_deduplication" {
  description = "Use a SHA-256 hash of the body as the deduplication ID (FIFO only)."
  type        = bool
  default     = false
}`
          : `variable "allowed_sns_topic_arns" {
  description = "SNS topics allowed to send messages to the queue."
  type        = list(string)
  default     = []
}

variable "content_based_deduplication" {
  description = "Use a SHA-256 hash of the body as the deduplication ID (FIFO only)."
  type        = bool
  default     = false
}`),
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `locals {
  dlq_name = var.fifo_queue ? "\${trimsuffix(var.name, ".fifo")}-dlq.fifo" : "\${var.name}-dlq"
}`,
      `resource "aws_sqs_queue" "dlq" {
  count = var.create_dlq ? 1 : 0

  name                      = local.dlq_name
  fifo_queue                = var.fifo_queue
  message_retention_seconds = 1209600
  kms_master_key_id         = var.kms_master_key_id${v.since("1.2.0") ? "\n  sqs_managed_sse_enabled   = var.kms_master_key_id == null ? var.sqs_managed_sse_enabled : null" : ""}

  tags = var.tags
}`,
      `resource "aws_sqs_queue" "this" {
  name                       = var.name
  fifo_queue                 = var.fifo_queue${v.since("1.1.0") ? "\n  content_based_deduplication = var.fifo_queue ? var.content_based_deduplication : null" : ""}
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  max_message_size           = var.max_message_size
  delay_seconds              = var.delay_seconds
  receive_wait_time_seconds  = var.receive_wait_time_seconds
  kms_master_key_id          = var.kms_master_key_id${v.since("1.2.0") ? "\n  sqs_managed_sse_enabled    = var.kms_master_key_id == null ? var.sqs_managed_sse_enabled : null" : ""}

  redrive_policy = var.create_dlq ? jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[0].arn
    maxReceiveCount     = var.max_receive_count
  }) : null

  tags = var.tags
}`,
      v.since("1.1.0") &&
        `data "aws_iam_policy_document" "sns" {
  count = length(var.allowed_sns_topic_arns) > 0 ? 1 : 0

  statement {
    sid       = "AllowSnsPublish"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.this.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = var.allowed_sns_topic_arns
    }
  }
}`,
      v.since("1.1.0") &&
        `resource "aws_sqs_queue_policy" "this" {
  count     = length(var.allowed_sns_topic_arns) > 0 ? 1 : 0
  queue_url = aws_sqs_queue.this.id
  policy    = data.aws_iam_policy_document.sns[0].json
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "queue_url" {
  description = "URL of the queue."
  value       = aws_sqs_queue.this.url
}`,
      `output "queue_arn" {
  description = "ARN of the queue."
  value       = aws_sqs_queue.this.arn
}`,
      `output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}`,
      `output "dlq_url" {
  description = "URL of the dead-letter queue, or null."
  value       = try(aws_sqs_queue.dlq[0].url, null)
}`,
      `output "dlq_arn" {
  description = "ARN of the dead-letter queue, or null."
  value       = try(aws_sqs_queue.dlq[0].arn, null)
}`,
    ),
    "README.md": joinBlocks(
      `# sqs-queue

An SQS queue with a dead-letter queue wired up by default, so a poison message never blocks a consumer
for ever. Alarm on the DLQ's \`ApproximateNumberOfMessagesVisible\` with the \`cloudwatch-alarms\` module.`,
      renderUsage(
        context,
        "sqs-queue",
        `name                       = "payments-orders-dev"
visibility_timeout_seconds = 120`,
      ),
      v.since("1.1.1") && "> **Warning:** do not use 1.1.0. Its `variables.tf` does not parse; 1.1.1 has the same features.",
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "queue" {
  source = "../.."

  name = "example-jobs"
}`,
    ),
  };
}

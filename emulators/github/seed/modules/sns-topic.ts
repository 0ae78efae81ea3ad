import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** SNS topic with subscriptions and a publisher policy. */
export const snsTopicModule: ModuleDefinition = {
  name: "sns-topic",
  category: "messaging",
  description: "An encrypted SNS topic (standard or FIFO) with subscriptions, filter policies and a publisher policy.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 530,
      summary: "feat(sns-topic): first release of the SNS module",
      changes: { added: ["Encrypted topic with a map of subscriptions and filter policies."] },
    },
    {
      version: "1.1.0",
      daysAgo: 340,
      summary: "feat(sns-topic): publisher policy and delivery policy",
      changes: {
        added: [
          "`allowed_publisher_services` input, for example `events.amazonaws.com` or `cloudwatch.amazonaws.com`.",
          "`delivery_policy` input (`any`), encoded to JSON.",
        ],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 130,
      summary: "feat(sns-topic): FIFO deduplication and tracing",
      changes: {
        added: ["`content_based_deduplication` and `tracing_config` inputs."],
        changed: ["Subscriptions now validate `protocol` against the protocols SNS supports."],
      },
    },
  ],
  renderFiles: renderSnsTopic,
};

function renderSnsTopic(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the topic. FIFO topic names must end in .fifo."
  type        = string
}`,
      `variable "display_name" {
  description = "Display name, used as the sender name of SMS and email notifications."
  type        = string
  default     = null
}`,
      `variable "fifo_topic" {
  description = "Create a FIFO topic."
  type        = bool
  default     = false
}`,
      `variable "kms_master_key_id" {
  description = "KMS key ID, alias or ARN used to encrypt messages."
  type        = string
  default     = "alias/aws/sns"
}`,
      `variable "subscriptions" {
  description = "Subscriptions keyed by name. filter_policy is a JSON string."
  type = map(object({
    protocol             = string
    endpoint             = string
    raw_message_delivery = optional(bool, false)
    filter_policy        = optional(string)
  }))
  default = {}${
    v.since("1.2.0")
      ? `

  validation {
    condition     = alltrue([for s in values(var.subscriptions) : contains(["sqs", "lambda", "https", "http", "email", "email-json", "sms", "firehose", "application"], s.protocol)])
    error_message = "Each subscription's protocol must be one SNS supports, such as sqs, lambda or https."
  }`
      : ""
  }
}`,
      v.since("1.1.0") &&
        `variable "allowed_publisher_services" {
  description = "AWS service principals allowed to publish to the topic."
  type        = set(string)
  default     = []
}`,
      v.since("1.1.0") &&
        `variable "delivery_policy" {
  description = "HTTP/S delivery retry policy as an object; see the SNS delivery policy reference."
  type        = any
  default     = null
}`,
      v.since("1.2.0") &&
        `variable "content_based_deduplication" {
  description = "Use a hash of the message body for deduplication (FIFO only)."
  type        = bool
  default     = false
}`,
      v.since("1.2.0") &&
        `variable "tracing_config" {
  description = "X-Ray tracing mode: PassThrough or Active."
  type        = string
  default     = "PassThrough"

  validation {
    condition     = contains(["PassThrough", "Active"], var.tracing_config)
    error_message = "The tracing_config must be PassThrough or Active."
  }
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `resource "aws_sns_topic" "this" {
  name              = var.name
  display_name      = var.display_name
  fifo_topic        = var.fifo_topic
  kms_master_key_id = var.kms_master_key_id${v.since("1.1.0") ? "\n  delivery_policy   = var.delivery_policy == null ? null : jsonencode(var.delivery_policy)" : ""}${
        v.since("1.2.0")
          ? "\n  content_based_deduplication = var.fifo_topic ? var.content_based_deduplication : null\n  tracing_config              = var.tracing_config"
          : ""
      }

  tags = var.tags
}`,
      `resource "aws_sns_topic_subscription" "this" {
  for_each = var.subscriptions

  topic_arn            = aws_sns_topic.this.arn
  protocol             = each.value.protocol
  endpoint             = each.value.endpoint
  raw_message_delivery = each.value.raw_message_delivery
  filter_policy        = each.value.filter_policy
}`,
      v.since("1.1.0") &&
        `data "aws_iam_policy_document" "publishers" {
  count = length(var.allowed_publisher_services) > 0 ? 1 : 0

  statement {
    sid       = "AllowServicePublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this.arn]

    principals {
      type        = "Service"
      identifiers = var.allowed_publisher_services
    }
  }
}`,
      v.since("1.1.0") &&
        `resource "aws_sns_topic_policy" "this" {
  count  = length(var.allowed_publisher_services) > 0 ? 1 : 0
  arn    = aws_sns_topic.this.arn
  policy = data.aws_iam_policy_document.publishers[0].json
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "topic_arn" {
  description = "ARN of the topic."
  value       = aws_sns_topic.this.arn
}`,
      `output "topic_name" {
  description = "Name of the topic."
  value       = aws_sns_topic.this.name
}`,
      `output "subscription_arns" {
  description = "Subscription ARNs keyed like var.subscriptions."
  value       = { for key, s in aws_sns_topic_subscription.this : key => s.arn }
}`,
    ),
    "README.md": joinBlocks(
      `# sns-topic

An SNS topic encrypted with KMS, with its subscriptions. Use it to fan events out to several SQS queues
(see \`sqs-queue\`'s \`allowed_sns_topic_arns\`) or to page people from CloudWatch alarms.`,
      renderUsage(
        context,
        "sns-topic",
        `name = "payments-events-dev"
subscriptions = {
  ledger = {
    protocol             = "sqs"
    endpoint             = "arn:aws:sqs:eu-west-1:123456789012:ledger-payments-events"
    raw_message_delivery = true
  }
}`,
      ),
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "topic" {
  source = "../.."

  name = "example-alerts"

  subscriptions = {
    oncall = {
      protocol = "email"
      endpoint = "oncall@acme.example"
    }
  }
}`,
    ),
  };
}

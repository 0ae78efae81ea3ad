import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** A set of CloudWatch metric alarms with shared notification targets. */
export const cloudwatchAlarmsModule: ModuleDefinition = {
  name: "cloudwatch-alarms",
  category: "observability",
  description: "A set of CloudWatch metric and composite alarms with shared notification targets and an optional dashboard.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 500,
      summary: "feat(cloudwatch-alarms): first release of the alarms module",
      changes: { added: ["Metric alarms from a map, with shared alarm and OK actions."] },
    },
    {
      version: "1.1.0",
      daysAgo: 310,
      summary: "feat(cloudwatch-alarms): composite alarms and a dashboard",
      changes: {
        added: ["`composite_alarms` input.", "`dashboard` input, which draws one widget per alarm.", "`dashboard_arn` output."],
      },
    },
    {
      version: "2.0.0",
      daysAgo: 30,
      summary: "feat(cloudwatch-alarms)!: one notification object, percentile statistics",
      changes: {
        added: [
          "`notification` input: SNS topics, and whether to notify on OK and on insufficient data.",
          "Alarms accept `extended_statistic` (for example `p99`) instead of `statistic`.",
        ],
        changed: ["**BREAKING:** requires Terraform `>= 1.6.0`."],
        removed: ["**BREAKING:** `alarm_actions` and `ok_actions`; use `notification`."],
      },
    },
  ],
  renderFiles: renderCloudwatchAlarms,
};

function renderCloudwatchAlarms(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const v2 = v.since("2.0.0");
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: v2 ? ">= 1.6.0" : ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "alarm_name_prefix" {
  description = "Prefix of every alarm name, usually <workload>-<env>."
  type        = string
}`,
      `variable "alarms" {
  description = "Metric alarms keyed by a short name."
  type = map(object({
    namespace           = string
    metric_name         = string
    dimensions          = optional(map(string), {})
    statistic           = optional(string${v2 ? "" : ', "Average"'})${v2 ? "\n    extended_statistic  = optional(string)" : ""}
    comparison_operator = string
    threshold           = number
    evaluation_periods  = optional(number, 1)
    period              = optional(number, 300)
    treat_missing_data  = optional(string, "missing")
    description         = optional(string)
  }))

  validation {
    condition     = alltrue([for a in values(var.alarms) : contains(["missing", "ignore", "breaching", "notBreaching"], a.treat_missing_data)])
    error_message = "treat_missing_data must be missing, ignore, breaching or notBreaching."
  }${
    v2
      ? `

  validation {
    condition     = alltrue([for a in values(var.alarms) : (a.statistic == null) != (a.extended_statistic == null)])
    error_message = "Give each alarm either statistic or extended_statistic, not both."
  }`
      : ""
  }
}`,
      !v2 &&
        `variable "alarm_actions" {
  description = "ARNs notified when an alarm fires, usually SNS topics."
  type        = list(string)
  default     = []
}`,
      !v2 &&
        `variable "ok_actions" {
  description = "ARNs notified when an alarm recovers."
  type        = list(string)
  default     = []
}`,
      v2 &&
        `variable "notification" {
  description = "Where and when to notify."
  type = object({
    sns_topic_arns    = list(string)
    notify_on_ok      = optional(bool, true)
    insufficient_data = optional(bool, false)
  })
  nullable = false
}`,
      v.since("1.1.0") &&
        `variable "composite_alarms" {
  description = "Composite alarms keyed by name; alarm_rule refers to the module's alarms by full name."
  type = map(object({
    alarm_rule  = string
    description = optional(string)
  }))
  default = {}
}`,
      v.since("1.1.0") &&
        `variable "dashboard" {
  description = "Create a dashboard with one widget per alarm."
  type = object({
    enabled = optional(bool, false)
    name    = optional(string)
  })
  default = {}
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      v2 &&
        `locals {
  ok_actions                = var.notification.notify_on_ok ? var.notification.sns_topic_arns : []
  insufficient_data_actions = var.notification.insufficient_data ? var.notification.sns_topic_arns : []
}`,
      `resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = var.alarms

  alarm_name          = "\${var.alarm_name_prefix}-\${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric_name
  dimensions          = each.value.dimensions
  statistic           = each.value.statistic${v2 ? "\n  extended_statistic  = each.value.extended_statistic" : ""}
  comparison_operator = each.value.comparison_operator
  threshold           = each.value.threshold
  evaluation_periods  = each.value.evaluation_periods
  period              = each.value.period
  treat_missing_data  = each.value.treat_missing_data

  alarm_actions = ${v2 ? "var.notification.sns_topic_arns" : "var.alarm_actions"}
  ok_actions    = ${v2 ? "local.ok_actions" : "var.ok_actions"}${v2 ? "\n  insufficient_data_actions = local.insufficient_data_actions" : ""}

  tags = var.tags
}`,
      v.since("1.1.0") &&
        `resource "aws_cloudwatch_composite_alarm" "this" {
  for_each = var.composite_alarms

  alarm_name        = "\${var.alarm_name_prefix}-\${each.key}"
  alarm_description = each.value.description
  alarm_rule        = each.value.alarm_rule
  alarm_actions     = ${v2 ? "var.notification.sns_topic_arns" : "var.alarm_actions"}
  ok_actions        = ${v2 ? "local.ok_actions" : "var.ok_actions"}

  tags = var.tags

  depends_on = [aws_cloudwatch_metric_alarm.this]
}`,
      v.since("1.1.0") &&
        `resource "aws_cloudwatch_dashboard" "this" {
  count          = var.dashboard.enabled ? 1 : 0
  dashboard_name = coalesce(var.dashboard.name, var.alarm_name_prefix)

  dashboard_body = jsonencode({
    widgets = [
      for key, alarm in aws_cloudwatch_metric_alarm.this : {
        type   = "metric"
        width  = 12
        height = 6
        properties = {
          title       = key
          annotations = { alarms = [alarm.arn] }
        }
      }
    ]
  })
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "alarm_arns" {
  description = "Alarm ARNs keyed like var.alarms."
  value       = { for key, a in aws_cloudwatch_metric_alarm.this : key => a.arn }
}`,
      v.since("1.1.0") &&
        `output "dashboard_arn" {
  description = "ARN of the dashboard, or null."
  value       = try(aws_cloudwatch_dashboard.this[0].dashboard_arn, null)
}`,
    ),
    "README.md": joinBlocks(
      `# cloudwatch-alarms

Declare a service's alarms as data, in one place, with the same notification targets. Pair it with
\`sns-topic\` for the targets.`,
      renderUsage(
        context,
        "cloudwatch-alarms",
        `alarm_name_prefix = "payments-prod"
alarms = {
  orders-dlq = {
    namespace           = "AWS/SQS"
    metric_name         = "ApproximateNumberOfMessagesVisible"
    dimensions          = { QueueName = "payments-orders-prod-dlq" }
    statistic           = "Maximum"
    comparison_operator = "GreaterThanThreshold"
    threshold           = 0
  }
}${
          v2
            ? `
notification = {
  sns_topic_arns = ["arn:aws:sns:eu-west-1:123456789012:payments-oncall"]
}`
            : `
alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:payments-oncall"]`
        }`,
      ),
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "alarms" {
  source = "../.."

  alarm_name_prefix = "example-dev"

  alarms = {
    api-5xx = {
      namespace           = "AWS/ApplicationELB"
      metric_name         = "HTTPCode_Target_5XX_Count"
      dimensions          = { LoadBalancer = "app/example/0123456789abcdef" }
      statistic           = "Sum"
      comparison_operator = "GreaterThanThreshold"
      threshold           = 10
      period              = 60
      evaluation_periods  = 3
    }
  }
${
  v2
    ? `
  notification = {
    sns_topic_arns = ["arn:aws:sns:eu-west-1:123456789012:example-alerts"]
  }`
    : `
  alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:example-alerts"]`
}
}`,
    ),
  };
}

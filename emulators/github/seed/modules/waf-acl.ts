import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** WAFv2 web ACL with AWS managed rule groups; lives in its own repo with tags without a `v`. */
export const wafAclModule: ModuleDefinition = {
  name: "waf-acl",
  category: "security",
  description: "A WAFv2 web ACL with AWS managed rule groups, rate limiting, IP sets and logging, associated with ALBs or API Gateway stages.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 360,
      summary: "feat: first release of the WAF web ACL module",
      changes: {
        added: ["Web ACL with managed rule groups, an optional rate-based rule and resource associations."],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 85,
      summary: "feat: IP sets and logging",
      changes: {
        added: ["`ip_sets` input to allow or block address ranges.", "`logging` input with redacted fields."],
      },
    },
  ],
  renderFiles: renderWafAcl,
};

function renderWafAcl(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the web ACL."
  type        = string
}`,
      `variable "scope" {
  description = "REGIONAL for ALBs and API Gateway, CLOUDFRONT for distributions (deploy in us-east-1)."
  type        = string
  default     = "REGIONAL"

  validation {
    condition     = contains(["REGIONAL", "CLOUDFRONT"], var.scope)
    error_message = "The scope must be REGIONAL or CLOUDFRONT."
  }
}`,
      `variable "default_action" {
  description = "Action for requests that match no rule: allow or block."
  type        = string
  default     = "allow"

  validation {
    condition     = contains(["allow", "block"], var.default_action)
    error_message = "The default_action must be allow or block."
  }
}`,
      `variable "managed_rule_groups" {
  description = "Managed rule groups in priority order. override_action none enforces the group, count only counts."
  type = list(object({
    name            = string
    vendor_name     = optional(string, "AWS")
    priority        = number
    override_action = optional(string, "none")
    excluded_rules  = optional(list(string), [])
  }))
  default = [
    { name = "AWSManagedRulesCommonRuleSet", priority = 10 },
    { name = "AWSManagedRulesKnownBadInputsRuleSet", priority = 20 },
    { name = "AWSManagedRulesAmazonIpReputationList", priority = 30 },
  ]
}`,
      `variable "rate_limit" {
  description = "Requests per five minutes per IP before blocking. Null disables the rate-based rule."
  type        = number
  default     = null
}`,
      v.since("1.1.0") &&
        `variable "ip_sets" {
  description = "IP sets keyed by name, each with the action taken for matching requests."
  type = map(object({
    addresses          = set(string)
    ip_address_version = optional(string, "IPV4")
    action             = optional(string, "block")
    priority           = number
  }))
  default = {}
}`,
      v.since("1.1.0") &&
        `variable "logging" {
  description = "Send WAF logs to Firehose, S3 or a CloudWatch Logs group whose name starts with aws-waf-logs-."
  type = object({
    log_destination_arns = list(string)
    redacted_fields      = optional(list(string), ["authorization", "cookie"])
  })
  default = null
}`,
      `variable "association_resource_arns" {
  description = "ARNs of ALBs or API Gateway stages to protect."
  type        = list(string)
  default     = []
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      v.since("1.1.0") &&
        `resource "aws_wafv2_ip_set" "this" {
  for_each = var.ip_sets

  name               = "\${var.name}-\${each.key}"
  scope              = var.scope
  ip_address_version = each.value.ip_address_version
  addresses          = each.value.addresses

  tags = var.tags
}`,
      `resource "aws_wafv2_web_acl" "this" {
  name  = var.name
  scope = var.scope

  default_action {
    dynamic "allow" {
      for_each = var.default_action == "allow" ? [1] : []
      content {}
    }

    dynamic "block" {
      for_each = var.default_action == "block" ? [1] : []
      content {}
    }
  }

  dynamic "rule" {
    for_each = var.managed_rule_groups
    content {
      name     = rule.value.name
      priority = rule.value.priority

      override_action {
        dynamic "none" {
          for_each = rule.value.override_action == "none" ? [1] : []
          content {}
        }

        dynamic "count" {
          for_each = rule.value.override_action == "count" ? [1] : []
          content {}
        }
      }

      statement {
        managed_rule_group_statement {
          name        = rule.value.name
          vendor_name = rule.value.vendor_name

          dynamic "rule_action_override" {
            for_each = rule.value.excluded_rules
            content {
              name = rule_action_override.value

              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = rule.value.name
        sampled_requests_enabled   = true
      }
    }
  }

  dynamic "rule" {
    for_each = var.rate_limit == null ? [] : [var.rate_limit]
    content {
      name     = "rate-limit"
      priority = 1

      action {
        block {}
      }

      statement {
        rate_based_statement {
          limit              = rule.value
          aggregate_key_type = "IP"
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "rate-limit"
        sampled_requests_enabled   = true
      }
    }
  }
${
  v.since("1.1.0")
    ? `
  dynamic "rule" {
    for_each = var.ip_sets
    content {
      name     = "ip-set-\${rule.key}"
      priority = rule.value.priority

      action {
        dynamic "allow" {
          for_each = rule.value.action == "allow" ? [1] : []
          content {}
        }

        dynamic "block" {
          for_each = rule.value.action == "block" ? [1] : []
          content {}
        }
      }

      statement {
        ip_set_reference_statement {
          arn = aws_wafv2_ip_set.this[rule.key].arn
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "ip-set-\${rule.key}"
        sampled_requests_enabled   = true
      }
    }
  }
`
    : ""
}
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }

  tags = var.tags
}`,
      `resource "aws_wafv2_web_acl_association" "this" {
  for_each = toset(var.association_resource_arns)

  resource_arn = each.value
  web_acl_arn  = aws_wafv2_web_acl.this.arn
}`,
      v.since("1.1.0") &&
        `resource "aws_wafv2_web_acl_logging_configuration" "this" {
  count = var.logging == null ? 0 : 1

  resource_arn            = aws_wafv2_web_acl.this.arn
  log_destination_configs = var.logging.log_destination_arns

  dynamic "redacted_fields" {
    for_each = var.logging.redacted_fields
    content {
      single_header {
        name = redacted_fields.value
      }
    }
  }
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "web_acl_arn" {
  description = "ARN of the web ACL."
  value       = aws_wafv2_web_acl.this.arn
}`,
      `output "web_acl_id" {
  description = "ID of the web ACL."
  value       = aws_wafv2_web_acl.this.id
}`,
      `output "web_acl_capacity" {
  description = "Web ACL capacity units used by the rules."
  value       = aws_wafv2_web_acl.this.capacity
}`,
    ),
    "README.md": joinBlocks(
      `# terraform-aws-waf-acl

A WAFv2 web ACL with the AWS managed rule groups the security team requires on every internet-facing
load balancer. Start new rule groups with \`override_action = "count"\`, watch the sampled requests,
then enforce.

Tags of this repository have no \`v\` prefix (\`1.1.0\`).`,
      renderUsage(
        context,
        "waf-acl",
        `name                      = "checkout-edge-dev"
rate_limit                = 2000
association_resource_arns = ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/checkout/0123456789abcdef"]`,
      ),
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "waf" {
  source = "../.."

  name       = "example"
  rate_limit = 1000
}`,
    ),
  };
}

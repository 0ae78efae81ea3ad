import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** Application Load Balancer with HTTPS, target groups and listener rules. */
export const albModule: ModuleDefinition = {
  name: "alb",
  category: "networking",
  description: "An Application Load Balancer with an HTTPS listener, HTTP redirect, target groups and host/path rules.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 600,
      summary: "feat(alb): first release of the ALB module",
      changes: {
        added: [
          "ALB with its security group, an HTTP listener that redirects to HTTPS, and an HTTPS listener.",
          "`target_groups` input, a map of target groups with health checks.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 380,
      summary: "feat(alb): access logs and TLS policy",
      changes: {
        added: ["`access_logs` input.", "`ssl_policy` input, defaulting to the TLS 1.3 policy."],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 160,
      summary: "feat(alb): listener rules",
      changes: {
        added: [
          "`listener_rules` input to route by host header and path pattern.",
          "`drop_invalid_header_fields` input (default `true`).",
          "`https_listener_arn` output.",
        ],
      },
    },
  ],
  renderFiles: renderAlb,
};

function renderAlb(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the load balancer."
  type        = string

  validation {
    condition     = length(var.name) <= 32
    error_message = "ALB names are limited to 32 characters."
  }
}`,
      `variable "vpc_id" {
  description = "VPC of the load balancer and its target groups."
  type        = string
}`,
      `variable "subnet_ids" {
  description = "Subnets of the load balancer: public subnets for an internet-facing ALB, private ones for an internal ALB."
  type        = list(string)
}`,
      `variable "internal" {
  description = "Create an internal load balancer."
  type        = bool
  default     = false
}`,
      `variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener."
  type        = string
}`,
      v.since("1.1.0") &&
        `variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}`,
      `variable "ingress_cidr_blocks" {
  description = "CIDR blocks allowed to reach the listeners."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for cidr in var.ingress_cidr_blocks : can(cidrhost(cidr, 0))])
    error_message = "Each entry of ingress_cidr_blocks must be a valid CIDR block."
  }
}`,
      `variable "idle_timeout" {
  description = "Idle connection timeout in seconds."
  type        = number
  default     = 60
}`,
      `variable "target_groups" {
  description = "Target groups keyed by a short name. The first key in alphabetical order is the default action."
  type = map(object({
    port              = number
    protocol          = optional(string, "HTTP")
    target_type       = optional(string, "ip")
    health_check_path = optional(string, "/health")
    deregistration_delay = optional(number, 30)
  }))
  default = {}
}`,
      v.since("1.1.0") &&
        `variable "access_logs" {
  description = "S3 bucket (and prefix) for access logs. Null turns access logs off."
  type = object({
    bucket = string
    prefix = optional(string)
  })
  default = null
}`,
      v.since("1.2.0") &&
        `variable "listener_rules" {
  description = "HTTPS listener rules keyed by name, forwarding to a target group when the host or path matches."
  type = map(object({
    priority         = number
    target_group_key = string
    host_headers     = optional(list(string), [])
    path_patterns    = optional(list(string), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for r in values(var.listener_rules) : length(r.host_headers) + length(r.path_patterns) > 0])
    error_message = "Each listener rule needs at least one host header or path pattern."
  }
}`,
      v.since("1.2.0") &&
        `variable "drop_invalid_header_fields" {
  description = "Drop HTTP headers with invalid names instead of forwarding them."
  type        = bool
  default     = true
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `resource "aws_security_group" "this" {
  name_prefix = "\${var.name}-alb-"
  description = "Load balancer \${var.name}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "\${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}`,
      `resource "aws_vpc_security_group_ingress_rule" "https" {
  for_each          = toset(var.ingress_cidr_blocks)
  security_group_id = aws_security_group.this.id
  cidr_ipv4         = each.value
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}`,
      `resource "aws_vpc_security_group_ingress_rule" "http" {
  for_each          = toset(var.ingress_cidr_blocks)
  security_group_id = aws_security_group.this.id
  cidr_ipv4         = each.value
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
}`,
      `resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.this.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}`,
      `resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  internal           = var.internal
  subnets            = var.subnet_ids
  security_groups    = [aws_security_group.this.id]
  idle_timeout       = var.idle_timeout${v.since("1.2.0") ? "\n  drop_invalid_header_fields = var.drop_invalid_header_fields" : ""}
${
  v.since("1.1.0")
    ? `
  dynamic "access_logs" {
    for_each = var.access_logs == null ? [] : [var.access_logs]
    content {
      bucket  = access_logs.value.bucket
      prefix  = access_logs.value.prefix
      enabled = true
    }
  }
`
    : ""
}
  tags = var.tags
}`,
      `resource "aws_lb_target_group" "this" {
  for_each = var.target_groups

  name_prefix          = substr(each.key, 0, 6)
  port                 = each.value.port
  protocol             = each.value.protocol
  target_type          = each.value.target_type
  vpc_id               = var.vpc_id
  deregistration_delay = each.value.deregistration_delay

  health_check {
    path                = each.value.health_check_path
    matcher             = "200-399"
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, { Name = "\${var.name}-\${each.key}" })

  lifecycle {
    create_before_destroy = true
  }
}`,
      `resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}`,
      `resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = ${v.since("1.1.0") ? "var.ssl_policy" : '"ELBSecurityPolicy-TLS-1-2-2017-01"'}
  certificate_arn   = var.certificate_arn

  default_action {
    type = length(var.target_groups) > 0 ? "forward" : "fixed-response"
    target_group_arn = length(var.target_groups) > 0 ? aws_lb_target_group.this[sort(keys(var.target_groups))[0]].arn : null

    dynamic "fixed_response" {
      for_each = length(var.target_groups) > 0 ? [] : [1]
      content {
        content_type = "text/plain"
        message_body = "Not found"
        status_code  = "404"
      }
    }
  }
}`,
      v.since("1.2.0") &&
        `resource "aws_lb_listener_rule" "this" {
  for_each = var.listener_rules

  listener_arn = aws_lb_listener.https.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.value.target_group_key].arn
  }

  dynamic "condition" {
    for_each = length(each.value.host_headers) > 0 ? [each.value.host_headers] : []
    content {
      host_header {
        values = condition.value
      }
    }
  }

  dynamic "condition" {
    for_each = length(each.value.path_patterns) > 0 ? [each.value.path_patterns] : []
    content {
      path_pattern {
        values = condition.value
      }
    }
  }
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "lb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}`,
      `output "lb_dns_name" {
  description = "DNS name of the load balancer, for a Route 53 alias record."
  value       = aws_lb.this.dns_name
}`,
      `output "lb_zone_id" {
  description = "Hosted zone ID of the load balancer, for a Route 53 alias record."
  value       = aws_lb.this.zone_id
}`,
      `output "security_group_id" {
  description = "Security group of the load balancer. Allow it in your targets' security groups."
  value       = aws_security_group.this.id
}`,
      `output "target_group_arns" {
  description = "Target group ARNs keyed like var.target_groups."
  value       = { for key, tg in aws_lb_target_group.this : key => tg.arn }
}`,
      v.since("1.2.0") &&
        `output "https_listener_arn" {
  description = "ARN of the HTTPS listener, to attach extra rules outside the module."
  value       = aws_lb_listener.https.arn
}`,
    ),
    "README.md": joinBlocks(
      `# alb

An Application Load Balancer that only serves HTTPS (port 80 redirects), with its own security group
and one target group per backend. Pair it with \`ecs-service\`.`,
      renderUsage(
        context,
        "alb",
        `name            = "payments-public"
vpc_id          = "vpc-0123456789abcdef0"
subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/4f0c7e4a-3b1e-4d8e-9c55-0d1b2a3c4d5e"

target_groups = {
  api = { port = 8080 }
}`,
      ),
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "alb" {
  source = "../.."

  name            = "example"
  vpc_id          = "vpc-0123456789abcdef0"
  subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/4f0c7e4a-3b1e-4d8e-9c55-0d1b2a3c4d5e"

  target_groups = {
    web = { port = 80, health_check_path = "/" }
  }
}`,
    ),
  };
}

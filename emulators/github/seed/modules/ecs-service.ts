import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** Fargate service with its task definition, logs and autoscaling. */
export const ecsServiceModule: ModuleDefinition = {
  name: "ecs-service",
  category: "compute",
  description: "An ECS Fargate service with its task definition, log group, IAM roles and target-tracking autoscaling.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 610,
      summary: "feat(ecs-service): first release of the Fargate service module",
      changes: {
        added: [
          "Fargate service running one container, with execution and task roles and a CloudWatch log group.",
          "Optional registration with an ALB target group through `target_group_arn`.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 430,
      summary: "feat(ecs-service): autoscaling",
      changes: {
        added: ["`autoscaling` input: target tracking on CPU and, optionally, memory.", "`health_check_grace_period_seconds` input."],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 300,
      summary: "feat(ecs-service): ECS Exec and log retention",
      changes: {
        added: ["`enable_execute_command` input.", "`log_retention_in_days` input (default 30)."],
        fixed: ["The deployment circuit breaker now rolls back failed deployments."],
      },
    },
    {
      version: "2.0.0",
      daysAgo: 45,
      summary: "feat(ecs-service)!: several containers per task",
      changes: {
        added: [
          "`containers` input: a map of containers (sidecars included) with their port mappings, environment and secrets.",
          "`load_balancer` input naming the container and port to register.",
          "`task_definition_arn` output.",
        ],
        removed: [
          "**BREAKING:** `container_image`, `container_port`, `environment` and `secrets`; describe each container in `containers`.",
          "**BREAKING:** `target_group_arn`; use `load_balancer`.",
        ],
        changed: ["**BREAKING:** `cpu` and `memory` are validated together against the Fargate size table."],
      },
    },
  ],
  renderFiles: renderEcsService,
};

function renderEcsService(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const v2 = v.since("2.0.0");
  const containerDefinitions = v2
    ? `jsonencode([
    for name, c in var.containers : {
      name         = name
      image        = c.image
      cpu          = c.cpu
      memory       = c.memory
      essential    = c.essential
      portMappings = [for p in c.port_mappings : { containerPort = p.container_port, protocol = p.protocol }]
      environment  = [for k, val in c.environment : { name = k, value = val }]
      secrets      = [for k, arn in c.secrets : { name = k, valueFrom = arn }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = name
        }
      }
    }
  ])`
    : `jsonencode([
    {
      name         = var.name
      image        = var.container_image
      essential    = true
      portMappings = [{ containerPort = var.container_port, protocol = "tcp" }]
      environment  = [for k, val in var.environment : { name = k, value = val }]
      secrets      = [for k, arn in var.secrets : { name = k, valueFrom = arn }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = var.name
        }
      }
    }
  ])`;
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(v2 ? ">= 5.30" : ">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the service, its task family and its log group."
  type        = string
}`,
      `variable "cluster_arn" {
  description = "ARN of the ECS cluster."
  type        = string
}`,
      !v2 &&
        `variable "container_image" {
  description = "Image of the container, pinned by digest or immutable tag."
  type        = string
}`,
      !v2 &&
        `variable "container_port" {
  description = "Port the container listens on."
  type        = number
  default     = 8080
}`,
      v2 &&
        `variable "containers" {
  description = "Containers of the task keyed by container name. Secrets map environment variable names to Secrets Manager or SSM ARNs."
  type = map(object({
    image     = string
    cpu       = optional(number)
    memory    = optional(number)
    essential = optional(bool, true)
    port_mappings = optional(list(object({
      container_port = number
      protocol       = optional(string, "tcp")
    })), [])
    environment = optional(map(string), {})
    secrets     = optional(map(string), {})
  }))

  validation {
    condition     = length(var.containers) > 0 && anytrue([for c in values(var.containers) : c.essential])
    error_message = "Give at least one container, and mark at least one as essential."
  }
}`,
      `variable "cpu" {
  description = "Task CPU units."
  type        = number
  default     = 256

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "The cpu must be one of 256, 512, 1024, 2048 or 4096."
  }
}`,
      `variable "memory" {
  description = "Task memory in MiB."
  type        = number
  default     = 512${
    v2
      ? `

  validation {
    condition     = var.memory >= 512 && var.memory <= 30720 && var.memory % 512 == 0
    error_message = "The memory must be a multiple of 512 MiB between 512 and 30720."
  }`
      : ""
  }
}`,
      `variable "desired_count" {
  description = "Number of tasks to run when autoscaling is off."
  type        = number
  default     = 2
}`,
      `variable "subnet_ids" {
  description = "Subnets the tasks run in, normally private subnets."
  type        = list(string)
}`,
      `variable "security_group_ids" {
  description = "Security groups attached to the tasks."
  type        = list(string)
  default     = []
}`,
      `variable "assign_public_ip" {
  description = "Give tasks a public IP. Only for public subnets without a NAT gateway."
  type        = bool
  default     = false
}`,
      !v2 &&
        `variable "environment" {
  description = "Plain environment variables of the container."
  type        = map(string)
  default     = {}
}`,
      !v2 &&
        `variable "secrets" {
  description = "Environment variables read from Secrets Manager or SSM, as name => ARN."
  type        = map(string)
  default     = {}
}`,
      !v2 &&
        `variable "target_group_arn" {
  description = "ALB target group to register the container port with. Null for services without a load balancer."
  type        = string
  default     = null
}`,
      v2 &&
        `variable "load_balancer" {
  description = "ALB target group and the container port to register. Null for services without a load balancer."
  type = object({
    target_group_arn = string
    container_name   = string
    container_port   = number
  })
  default = null
}`,
      v.since("1.1.0") &&
        `variable "health_check_grace_period_seconds" {
  description = "Seconds to ignore failing load balancer health checks after a task starts."
  type        = number
  default     = 60
}`,
      v.since("1.1.0") &&
        `variable "autoscaling" {
  description = "Target-tracking autoscaling. Null keeps desired_count fixed."
  type = object({
    min_capacity  = optional(number, 1)
    max_capacity  = optional(number, 4)
    cpu_target    = optional(number, 60)
    memory_target = optional(number)
  })
  default = null
}`,
      v.since("1.2.0") &&
        `variable "enable_execute_command" {
  description = "Allow ECS Exec into running tasks. Audited through CloudTrail."
  type        = bool
  default     = false
}`,
      v.since("1.2.0") &&
        `variable "log_retention_in_days" {
  description = "Retention of the service's log group."
  type        = number
  default     = 30
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `data "aws_region" "current" {}`,
      `resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/\${var.name}"
  retention_in_days = ${v.since("1.2.0") ? "var.log_retention_in_days" : "30"}

  tags = var.tags
}`,
      `data "aws_iam_policy_document" "tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}`,
      `resource "aws_iam_role" "execution" {
  name               = "\${var.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json

  tags = var.tags
}`,
      `resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}`,
      `resource "aws_iam_role" "task" {
  name               = "\${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.tasks_assume.json

  tags = var.tags
}`,
      `resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  container_definitions = ${containerDefinitions}

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  tags = var.tags
}`,
      `resource "aws_ecs_service" "this" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"${v.since("1.1.0") ? "\n  health_check_grace_period_seconds = " + (v2 ? "var.load_balancer == null ? null : var.health_check_grace_period_seconds" : "var.target_group_arn == null ? null : var.health_check_grace_period_seconds") : ""}${
        v.since("1.2.0") ? "\n  enable_execute_command = var.enable_execute_command" : ""
      }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = var.assign_public_ip
  }

  dynamic "load_balancer" {
    for_each = ${v2 ? "var.load_balancer == null ? [] : [var.load_balancer]" : "var.target_group_arn == null ? [] : [var.target_group_arn]"}
    content {
      target_group_arn = ${v2 ? "load_balancer.value.target_group_arn" : "load_balancer.value"}
      container_name   = ${v2 ? "load_balancer.value.container_name" : "var.name"}
      container_port   = ${v2 ? "load_balancer.value.container_port" : "var.container_port"}
    }
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = ${v.since("1.2.0") ? "true" : "false"}
  }
${
  v.since("1.1.0")
    ? `
  lifecycle {
    ignore_changes = [desired_count]
  }
`
    : ""
}
  tags = var.tags
}`,
      v.since("1.1.0") &&
        `resource "aws_appautoscaling_target" "this" {
  count              = var.autoscaling == null ? 0 : 1
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/\${split("/", var.cluster_arn)[1]}/\${aws_ecs_service.this.name}"
  min_capacity       = var.autoscaling.min_capacity
  max_capacity       = var.autoscaling.max_capacity
}`,
      v.since("1.1.0") &&
        `resource "aws_appautoscaling_policy" "cpu" {
  count              = var.autoscaling == null ? 0 : 1
  name               = "\${var.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value = var.autoscaling.cpu_target

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}`,
      v.since("1.1.0") &&
        `resource "aws_appautoscaling_policy" "memory" {
  count              = try(var.autoscaling.memory_target, null) == null ? 0 : 1
  name               = "\${var.name}-memory"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[0].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[0].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[0].resource_id

  target_tracking_scaling_policy_configuration {
    target_value = var.autoscaling.memory_target

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}`,
      `output "task_role_arn" {
  description = "ARN of the task role. Attach the application's permissions to this role."
  value       = aws_iam_role.task.arn
}`,
      `output "log_group_name" {
  description = "Name of the CloudWatch Logs group."
  value       = aws_cloudwatch_log_group.this.name
}`,
      v2 &&
        `output "task_definition_arn" {
  description = "ARN of the current task definition revision."
  value       = aws_ecs_task_definition.this.arn
}`,
    ),
    "README.md": joinBlocks(
      `# ecs-service

A Fargate service on ARM64 (Graviton) with its task definition, execution and task roles, a log group,
deployment circuit breaker${v.since("1.1.0") ? " and optional target-tracking autoscaling" : ""}.
Put the service behind the \`alb\` module by passing one of its target group ARNs.`,
      renderUsage(
        context,
        "ecs-service",
        v2
          ? `name        = "payments-api"
cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/payments"
subnet_ids  = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

containers = {
  api = {
    image         = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.14.2"
    port_mappings = [{ container_port = 8080 }]
  }
}`
          : `name            = "payments-api"
cluster_arn     = "arn:aws:ecs:eu-west-1:123456789012:cluster/payments"
container_image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.14.2"
subnet_ids      = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]`,
      ),
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "service" {
  source = "../.."

  name        = "example-api"
  cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/example"
  subnet_ids  = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
${
  v2
    ? `
  containers = {
    api = {
      image         = "public.ecr.aws/nginx/nginx:1.27"
      port_mappings = [{ container_port = 80 }]
    }
    log-router = {
      image     = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
      essential = false
    }
  }`
    : `
  container_image = "public.ecr.aws/nginx/nginx:1.27"
  container_port  = 80`
}
}`,
    ),
  };
}

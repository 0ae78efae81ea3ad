import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** Lambda function deployed from an S3 artifact, with its role and log group. */
export const lambdaFunctionModule: ModuleDefinition = {
  name: "lambda-function",
  category: "compute",
  description: "A Lambda function deployed from an S3 artifact, with its execution role, log group, VPC access and event source mappings.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 590,
      summary: "feat(lambda-function): first release of the Lambda module",
      changes: {
        added: [
          "Function deployed from an artifact in S3, with an execution role and a log group.",
          "Outputs `function_name`, `function_arn`, `invoke_arn` and `role_arn`.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 420,
      summary: "feat(lambda-function): VPC access and architectures",
      changes: { added: ["`vpc_config` input.", "`architectures` input."] },
    },
    {
      version: "1.2.0",
      daysAgo: 280,
      summary: "feat(lambda-function): layers, reserved concurrency and DLQ",
      changes: {
        added: ["`layers`, `reserved_concurrent_executions` and `dead_letter_target_arn` inputs."],
      },
    },
    {
      version: "1.3.0",
      daysAgo: 110,
      summary: "feat(lambda-function): event source mappings, arm64 by default",
      changes: {
        added: ["`event_source_mappings` input for SQS, Kinesis and DynamoDB streams."],
        changed: [
          "`runtime` is now optional and defaults to `python3.12`.",
          "`architectures` defaults to `[\"arm64\"]` (was `[\"x86_64\"]`). Rebuild native dependencies before upgrading.",
        ],
        deprecated: ["The `python3.9` and `nodejs18.x` runtimes; they will be rejected in 2.0.0."],
      },
    },
  ],
  renderFiles: renderLambdaFunction,
};

const runtimes = ["python3.9", "python3.11", "python3.12", "nodejs18.x", "nodejs20.x", "java21", "provided.al2023"];

function renderLambdaFunction(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "function_name" {
  description = "Name of the function."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9-_]{1,64}$", var.function_name))
    error_message = "The function_name must be 1-64 letters, digits, hyphens or underscores."
  }
}`,
      `variable "runtime" {
  description = "Lambda runtime identifier."
  type        = string${v.since("1.3.0") ? '\n  default     = "python3.12"' : ""}

  validation {
    condition     = contains(${JSON.stringify(runtimes).replace(/,/g, ", ")}, var.runtime)
    error_message = "The runtime must be one the platform supports: ${runtimes.join(", ")}."
  }
}`,
      `variable "handler" {
  description = "Function entry point, for example app.handler."
  type        = string
}`,
      `variable "package" {
  description = "Location of the deployment package in S3, uploaded by the application's CI."
  type = object({
    s3_bucket         = string
    s3_key            = string
    s3_object_version = optional(string)
  })
}`,
      `variable "memory_size" {
  description = "Memory in MiB. CPU is allocated in proportion."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "The memory_size must be between 128 and 10240 MiB."
  }
}`,
      `variable "timeout" {
  description = "Timeout in seconds."
  type        = number
  default     = 3
}`,
      `variable "environment_variables" {
  description = "Environment variables of the function. Do not put secrets here; read them from Secrets Manager at runtime."
  type        = map(string)
  default     = {}
}`,
      v.since("1.1.0") &&
        `variable "architectures" {
  description = "Instruction set architecture: arm64 or x86_64."
  type        = list(string)
  default     = [${v.since("1.3.0") ? '"arm64"' : '"x86_64"'}]

  validation {
    condition     = length(var.architectures) == 1 && contains(["arm64", "x86_64"], var.architectures[0])
    error_message = "Give exactly one architecture: arm64 or x86_64."
  }
}`,
      v.since("1.1.0") &&
        `variable "vpc_config" {
  description = "Run the function in a VPC. Null keeps it outside any VPC."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
}`,
      v.since("1.2.0") &&
        `variable "layers" {
  description = "ARNs of layer versions, at most five."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= 5
    error_message = "A function can use at most five layers."
  }
}`,
      v.since("1.2.0") &&
        `variable "reserved_concurrent_executions" {
  description = "Concurrency reserved for the function. -1 means unreserved."
  type        = number
  default     = -1
}`,
      v.since("1.2.0") &&
        `variable "dead_letter_target_arn" {
  description = "SQS queue or SNS topic for failed asynchronous invocations."
  type        = string
  default     = null
}`,
      v.since("1.3.0") &&
        `variable "event_source_mappings" {
  description = "Event sources (SQS queues, Kinesis or DynamoDB streams) keyed by name."
  type = map(object({
    event_source_arn  = string
    batch_size        = optional(number, 10)
    enabled           = optional(bool, true)
    starting_position = optional(string)
  }))
  default = {}
}`,
      `variable "log_retention_in_days" {
  description = "Retention of the function's log group."
  type        = number
  default     = 30
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}`,
      `resource "aws_iam_role" "this" {
  name               = "\${var.function_name}-lambda"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = var.tags
}`,
      `resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.this.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/${v.since("1.1.0") ? "AWSLambdaVPCAccessExecutionRole" : "AWSLambdaBasicExecutionRole"}"
}`,
      `resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/\${var.function_name}"
  retention_in_days = var.log_retention_in_days

  tags = var.tags
}`,
      `resource "aws_lambda_function" "this" {
  function_name = var.function_name
  role          = aws_iam_role.this.arn
  runtime       = var.runtime
  handler       = var.handler
  memory_size   = var.memory_size
  timeout       = var.timeout${v.since("1.1.0") ? "\n  architectures = var.architectures" : ""}${
        v.since("1.2.0")
          ? "\n  layers        = var.layers\n  reserved_concurrent_executions = var.reserved_concurrent_executions"
          : ""
      }

  s3_bucket         = var.package.s3_bucket
  s3_key            = var.package.s3_key
  s3_object_version = var.package.s3_object_version

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [1] : []
    content {
      variables = var.environment_variables
    }
  }
${
  v.since("1.1.0")
    ? `
  dynamic "vpc_config" {
    for_each = var.vpc_config == null ? [] : [var.vpc_config]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }
`
    : ""
}${
  v.since("1.2.0")
    ? `
  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [var.dead_letter_target_arn]
    content {
      target_arn = dead_letter_config.value
    }
  }
`
    : ""
}
  tracing_config {
    mode = "Active"
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy_attachment.basic]
}`,
      v.since("1.3.0") &&
        `resource "aws_lambda_event_source_mapping" "this" {
  for_each = var.event_source_mappings

  function_name     = aws_lambda_function.this.arn
  event_source_arn  = each.value.event_source_arn
  batch_size        = each.value.batch_size
  enabled           = each.value.enabled
  starting_position = each.value.starting_position
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "function_name" {
  description = "Name of the function."
  value       = aws_lambda_function.this.function_name
}`,
      `output "function_arn" {
  description = "ARN of the function."
  value       = aws_lambda_function.this.arn
}`,
      `output "invoke_arn" {
  description = "ARN used by API Gateway to invoke the function."
  value       = aws_lambda_function.this.invoke_arn
}`,
      `output "role_arn" {
  description = "ARN of the execution role. Attach the function's own permissions to it."
  value       = aws_iam_role.this.arn
}`,
    ),
    // The inline script and event handler below are deliberate: the catalogue must render READMEs safely.
    "README.md": joinBlocks(
      `# lambda-function

<div align="center">
  <p><strong>Serverless functions, the Acme way.</strong></p>
  <img src="https://img.shields.io/badge/runtime-${v.since("1.3.0") ? "python3.12" : "any"}-blue" alt="runtime badge" onerror="alert('badge')">
</div>

<script>
  // Copied from the old Confluence page: page-view tracking for the module docs.
  window.acmeAnalytics = window.acmeAnalytics || [];
  window.acmeAnalytics.push(["pageview", "lambda-function"]);
  document.write('<img src="https://analytics.acme.example/pixel.gif?m=lambda-function">');
</script>

A Lambda function deployed from an artifact that the application's CI uploads to S3. Terraform owns
the function's configuration; the code version comes from \`package.s3_key\`.`,
      renderUsage(
        context,
        "lambda-function",
        `function_name = "payments-webhook"
handler       = "app.handler"${v.since("1.3.0") ? "" : '\nruntime       = "python3.12"'}
package = {
  s3_bucket = "acme-artifacts-eu-west-1"
  s3_key    = "payments-webhook/1.4.0.zip"
}`,
      ),
      `<details>
<summary>Why not build the zip in Terraform?</summary>

Building artifacts in \`terraform apply\` ties deployments to whoever runs Terraform, and makes plans
depend on the local machine. CI builds and uploads the artifact once; each environment then points at
the same immutable object.

</details>`,
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "function" {
  source = "../.."

  function_name = "example-hello"
  handler       = "app.handler"${v.since("1.3.0") ? "" : '\n  runtime       = "python3.12"'}

  package = {
    s3_bucket = "acme-artifacts-eu-west-1"
    s3_key    = "example-hello/0.1.0.zip"
  }
}`,
    ),
  };
}

import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** IAM role assumable by services, other roles or Kubernetes service accounts. */
export const iamRoleModule: ModuleDefinition = {
  name: "iam-role",
  category: "security",
  description: "An IAM role with a trust policy for AWS services, other roles or EKS service accounts, and its policies.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 675,
      summary: "feat(iam-role): first release of the IAM role module",
      changes: {
        added: [
          "Role with a trust policy built from `trusted_services` and `trusted_role_arns`.",
          "Managed policy attachments and inline policies.",
          "Permissions boundary support.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 480,
      summary: "feat(iam-role): trust EKS service accounts (IRSA)",
      changes: {
        added: ["`oidc_providers` input for IAM roles for service accounts.", "`role_unique_id` output."],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 260,
      summary: "feat(iam-role): trust conditions and longer sessions",
      changes: {
        added: ["`assume_role_conditions` input, for example to require an external ID."],
        changed: ["`max_session_duration` now defaults to 7200 seconds (was 3600)."],
      },
    },
    {
      version: "1.2.1",
      daysAgo: 120,
      summary: "fix(iam-role): allow every character IAM accepts in role names",
      changes: { fixed: ["The `name` validation now accepts `+=,.@` as IAM does."] },
    },
  ],
  renderFiles: renderIamRole,
};

function renderIamRole(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const nameRegex = v.since("1.2.1") ? "^[\\\\w+=,.@-]{1,64}$" : "^[a-zA-Z0-9_-]{1,64}$";
  return {
    "versions.tf": renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the role."
  type        = string

  validation {
    condition     = can(regex("${nameRegex}", var.name))
    error_message = "The name must be 1-64 characters that IAM allows in role names."
  }
}`,
      `variable "path" {
  description = "IAM path of the role."
  type        = string
  default     = "/"
}`,
      `variable "trusted_services" {
  description = "AWS service principals that may assume the role, for example lambda.amazonaws.com."
  type        = set(string)
  default     = []
}`,
      `variable "trusted_role_arns" {
  description = "ARNs of roles (in this or other accounts) that may assume the role."
  type        = list(string)
  default     = []
}`,
      v.since("1.1.0") &&
        `variable "oidc_providers" {
  description = "EKS OIDC providers and the namespace:service-account pairs that may assume the role."
  type = list(object({
    provider_arn               = string
    namespace_service_accounts = list(string)
  }))
  default = []
}`,
      v.since("1.2.0") &&
        `variable "assume_role_conditions" {
  description = "Extra conditions on the trust policy's service and role statements."
  type = list(object({
    test     = string
    variable = string
    values   = list(string)
  }))
  default = []
}`,
      `variable "managed_policy_arns" {
  description = "ARNs of managed policies to attach."
  type        = set(string)
  default     = []
}`,
      `variable "inline_policies" {
  description = "Inline policies keyed by name, each a JSON policy document."
  type        = map(string)
  default     = {}
}`,
      `variable "max_session_duration" {
  description = "Maximum session duration in seconds."
  type        = number
  default     = ${v.since("1.2.0") ? 7200 : 3600}

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "The max_session_duration must be between 3600 and 43200 seconds."
  }
}`,
      `variable "permissions_boundary_arn" {
  description = "ARN of the permissions boundary policy. Required by the guardrails in workload accounts."
  type        = string
  default     = null
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `data "aws_iam_policy_document" "assume" {
  dynamic "statement" {
    for_each = length(var.trusted_services) > 0 ? [1] : []
    content {
      actions = ["sts:AssumeRole"]

      principals {
        type        = "Service"
        identifiers = var.trusted_services
      }${
        v.since("1.2.0")
          ? `

      dynamic "condition" {
        for_each = var.assume_role_conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }`
          : ""
      }
    }
  }

  dynamic "statement" {
    for_each = length(var.trusted_role_arns) > 0 ? [1] : []
    content {
      actions = ["sts:AssumeRole", "sts:TagSession"]

      principals {
        type        = "AWS"
        identifiers = var.trusted_role_arns
      }${
        v.since("1.2.0")
          ? `

      dynamic "condition" {
        for_each = var.assume_role_conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }`
          : ""
      }
    }
  }${
    v.since("1.1.0")
      ? `

  dynamic "statement" {
    for_each = var.oidc_providers
    content {
      actions = ["sts:AssumeRoleWithWebIdentity"]

      principals {
        type        = "Federated"
        identifiers = [statement.value.provider_arn]
      }

      condition {
        test     = "StringEquals"
        variable = "\${replace(statement.value.provider_arn, "/^(.*provider/)/", "")}:sub"
        values   = [for sa in statement.value.namespace_service_accounts : "system:serviceaccount:\${sa}"]
      }

      condition {
        test     = "StringEquals"
        variable = "\${replace(statement.value.provider_arn, "/^(.*provider/)/", "")}:aud"
        values   = ["sts.amazonaws.com"]
      }
    }
  }`
      : ""
  }
}`,
      `resource "aws_iam_role" "this" {
  name                 = var.name
  path                 = var.path
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  max_session_duration = var.max_session_duration
  permissions_boundary = var.permissions_boundary_arn

  tags = var.tags
}`,
      `resource "aws_iam_role_policy_attachment" "managed" {
  for_each   = var.managed_policy_arns
  role       = aws_iam_role.this.name
  policy_arn = each.value
}`,
      `resource "aws_iam_role_policy" "inline" {
  for_each = var.inline_policies
  name     = each.key
  role     = aws_iam_role.this.id
  policy   = each.value
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "role_name" {
  description = "Name of the role."
  value       = aws_iam_role.this.name
}`,
      `output "role_arn" {
  description = "ARN of the role."
  value       = aws_iam_role.this.arn
}`,
      v.since("1.1.0") &&
        `output "role_unique_id" {
  description = "Stable unique ID of the role, for S3 and KMS policies that must survive a role being recreated."
  value       = aws_iam_role.this.unique_id
}`,
    ),
    "README.md": joinBlocks(
      `# iam-role

An IAM role and everything attached to it. The trust policy is generated from the inputs, so nobody
hand-writes \`sts:AssumeRole\` JSON again. In workload accounts, always pass
\`permissions_boundary_arn\`: the account guardrails deny creating roles without the boundary.`,
      renderUsage(
        context,
        "iam-role",
        `name                     = "payments-api"
trusted_services         = ["ecs-tasks.amazonaws.com"]
managed_policy_arns      = ["arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess"]
permissions_boundary_arn = "arn:aws:iam::123456789012:policy/workload-boundary"`,
      ),
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "role" {
  source = "../.."

  name             = "example-lambda"
  trusted_services = ["lambda.amazonaws.com"]
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
  ]
}`,
    ),
  };
}

import { joinBlocks, versionGate, type ModuleDefinition, type ModuleFiles, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable, tls } from "./shared";

/** EKS cluster with managed node groups, add-ons and IRSA; lives in its own repo. */
export const eksClusterModule: ModuleDefinition = {
  name: "eks-cluster",
  category: "compute",
  description: "An EKS cluster with managed node groups, core add-ons, access entries and an OIDC provider for IAM roles for service accounts.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 620,
      summary: "feat: first release of the EKS cluster module",
      changes: {
        added: [
          "EKS control plane with encrypted secrets, control plane logs and an IAM OIDC provider.",
          "`node_groups` input for managed node groups with labels and taints.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 440,
      summary: "feat: manage cluster add-ons",
      changes: {
        added: ["`cluster_addons` input, defaulting to coredns, kube-proxy and vpc-cni."],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 230,
      summary: "feat: EKS access entries",
      changes: {
        added: ["`access_entries` and `authentication_mode` inputs."],
        changed: ["`kubernetes_version` defaults to `1.30` (was `1.28`)."],
      },
    },
    {
      version: "2.0.0",
      daysAgo: 40,
      summary: "feat!: endpoint access object, managed_node_groups",
      changes: {
        added: ["`endpoint_access` input.", "`managed_node_groups` input with `ami_type` and update settings."],
        changed: [
          "**BREAKING:** `kubernetes_version` is required; upgrades must be deliberate.",
          "**BREAKING:** requires AWS provider `>= 5.60`.",
        ],
        removed: [
          "**BREAKING:** `endpoint_public_access` and `public_access_cidrs`; use `endpoint_access`.",
          "**BREAKING:** `node_groups`; use `managed_node_groups`.",
        ],
      },
    },
  ],
  renderFiles: renderEksCluster,
};

function renderEksCluster(context: RenderContext): ModuleFiles {
  const v = versionGate(context.version);
  const v2 = v.since("2.0.0");
  const nodeGroupsVar = v2 ? "managed_node_groups" : "node_groups";
  return {
    "versions.tf": renderVersionsTf({
      requiredVersion: ">= 1.5.0",
      providers: { aws: aws(v2 ? ">= 5.60" : v.since("1.2.0") ? ">= 5.33" : ">= 5.0"), tls: tls(">= 4.0") },
    }),
    "variables.tf": joinBlocks(
      `variable "cluster_name" {
  description = "Name of the cluster."
  type        = string
}`,
      v2
        ? `variable "kubernetes_version" {
  description = "Kubernetes minor version, for example 1.31."
  type        = string

  validation {
    condition     = can(regex("^1\\\\.(2[89]|3[0-9])$", var.kubernetes_version))
    error_message = "The kubernetes_version must be a supported minor version such as 1.31."
  }
}`
        : `variable "kubernetes_version" {
  description = "Kubernetes minor version."
  type        = string
  default     = "${v.since("1.2.0") ? "1.30" : "1.28"}"

  validation {
    condition     = can(regex("^1\\\\.(2[7-9]|3[0-9])$", var.kubernetes_version))
    error_message = "The kubernetes_version must be a supported minor version such as 1.29."
  }
}`,
      `variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}`,
      `variable "subnet_ids" {
  description = "Private subnets for the control plane ENIs and the nodes."
  type        = list(string)
}`,
      !v2 &&
        `variable "endpoint_public_access" {
  description = "Expose the API server endpoint publicly."
  type        = bool
  default     = false
}`,
      !v2 &&
        `variable "public_access_cidrs" {
  description = "CIDR blocks allowed to reach the public endpoint."
  type        = list(string)
  default     = []
}`,
      v2 &&
        `variable "endpoint_access" {
  description = "API server endpoint access."
  type = object({
    public       = optional(bool, false)
    private      = optional(bool, true)
    public_cidrs = optional(list(string), [])
  })
  default = {}

  validation {
    condition     = var.endpoint_access.public || var.endpoint_access.private
    error_message = "Enable the public endpoint, the private endpoint or both."
  }
}`,
      `variable "enabled_log_types" {
  description = "Control plane log types sent to CloudWatch Logs."
  type        = set(string)
  default     = ["api", "audit", "authenticator"]
}`,
      `variable "${nodeGroupsVar}" {
  description = "Managed node groups keyed by name."
  type = map(object({
    instance_types = list(string)
    min_size       = optional(number, 1)
    max_size       = optional(number, 3)
    desired_size   = optional(number, 2)
    capacity_type  = optional(string, "ON_DEMAND")
    disk_size      = optional(number, 50)${v2 ? '\n    ami_type       = optional(string, "AL2023_ARM_64_STANDARD")\n    max_unavailable_percentage = optional(number, 33)' : ""}
    labels         = optional(map(string), {})
    taints = optional(list(object({
      key    = string
      value  = optional(string)
      effect = string
    })), [])
  }))
  default = {}

  validation {
    condition     = alltrue([for ng in values(var.${nodeGroupsVar}) : contains(["ON_DEMAND", "SPOT"], ng.capacity_type)])
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
}`,
      v.since("1.1.0") &&
        `variable "cluster_addons" {
  description = "EKS add-ons keyed by add-on name. configuration_values is a JSON string."
  type = map(object({
    version                     = optional(string)
    resolve_conflicts_on_update = optional(string, "OVERWRITE")
    configuration_values        = optional(string)
  }))
  default = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni    = {}
  }
}`,
      v.since("1.2.0") &&
        `variable "authentication_mode" {
  description = "How the cluster authenticates IAM principals: API, API_AND_CONFIG_MAP or CONFIG_MAP."
  type        = string
  default     = "API_AND_CONFIG_MAP"
}`,
      v.since("1.2.0") &&
        `variable "access_entries" {
  description = "IAM principals granted access to the cluster, with their access policies."
  type = map(object({
    principal_arn = string
    policy_associations = optional(map(object({
      policy_arn = string
      access_scope = optional(object({
        type       = string
        namespaces = optional(list(string))
      }), { type = "cluster" })
    })), {})
  }))
  default = {}
}`,
      tagsVariable,
    ),
    "main.tf": joinBlocks(
      `data "aws_iam_policy_document" "cluster_assume" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]

    principals {
      type        = "Service"
      identifiers = ["eks.amazonaws.com"]
    }
  }
}`,
      `resource "aws_iam_role" "cluster" {
  name               = "\${var.cluster_name}-cluster"
  assume_role_policy = data.aws_iam_policy_document.cluster_assume.json

  tags = var.tags
}`,
      `resource "aws_iam_role_policy_attachment" "cluster" {
  role       = aws_iam_role.cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}`,
      `resource "aws_kms_key" "secrets" {
  description         = "Envelope encryption of Kubernetes secrets in \${var.cluster_name}"
  enable_key_rotation = true

  tags = var.tags
}`,
      `resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/eks/\${var.cluster_name}/cluster"
  retention_in_days = 90

  tags = var.tags
}`,
      `resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  enabled_cluster_log_types = var.enabled_log_types

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_private_access = ${v2 ? "var.endpoint_access.private" : "true"}
    endpoint_public_access  = ${v2 ? "var.endpoint_access.public" : "var.endpoint_public_access"}
    public_access_cidrs     = ${v2 ? 'var.endpoint_access.public ? var.endpoint_access.public_cidrs : ["0.0.0.0/0"]' : 'var.endpoint_public_access ? var.public_access_cidrs : ["0.0.0.0/0"]'}
  }
${
  v.since("1.2.0")
    ? `
  access_config {
    authentication_mode                         = var.authentication_mode
    bootstrap_cluster_creator_admin_permissions = false
  }
`
    : ""
}
  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.secrets.arn
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy_attachment.cluster, aws_cloudwatch_log_group.this]
}`,
      `data "tls_certificate" "oidc" {
  url = aws_eks_cluster.this.identity[0].oidc[0].issuer
}`,
      `resource "aws_iam_openid_connect_provider" "this" {
  url             = aws_eks_cluster.this.identity[0].oidc[0].issuer
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = [data.tls_certificate.oidc.certificates[0].sha1_fingerprint]

  tags = var.tags
}`,
      `data "aws_iam_policy_document" "node_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}`,
      `resource "aws_iam_role" "node" {
  name               = "\${var.cluster_name}-node"
  assume_role_policy = data.aws_iam_policy_document.node_assume.json

  tags = var.tags
}`,
      `resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  ])
  role       = aws_iam_role.node.name
  policy_arn = each.value
}`,
      `resource "aws_eks_node_group" "this" {
  for_each = var.${nodeGroupsVar}

  cluster_name    = aws_eks_cluster.this.name
  node_group_name = each.key
  node_role_arn   = aws_iam_role.node.arn
  subnet_ids      = var.subnet_ids
  instance_types  = each.value.instance_types
  capacity_type   = each.value.capacity_type
  disk_size       = each.value.disk_size${v2 ? "\n  ami_type        = each.value.ami_type" : ""}
  labels          = each.value.labels

  scaling_config {
    min_size     = each.value.min_size
    max_size     = each.value.max_size
    desired_size = each.value.desired_size
  }

  update_config {
    max_unavailable_percentage = ${v2 ? "each.value.max_unavailable_percentage" : "33"}
  }

  dynamic "taint" {
    for_each = each.value.taints
    content {
      key    = taint.value.key
      value  = taint.value.value
      effect = taint.value.effect
    }
  }

  lifecycle {
    ignore_changes = [scaling_config[0].desired_size]
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy_attachment.node]
}`,
      v.since("1.1.0") &&
        `resource "aws_eks_addon" "this" {
  for_each = var.cluster_addons

  cluster_name                = aws_eks_cluster.this.name
  addon_name                  = each.key
  addon_version               = each.value.version
  resolve_conflicts_on_update = each.value.resolve_conflicts_on_update
  configuration_values        = each.value.configuration_values

  tags = var.tags

  depends_on = [aws_eks_node_group.this]
}`,
      v.since("1.2.0") &&
        `resource "aws_eks_access_entry" "this" {
  for_each = var.access_entries

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value.principal_arn

  tags = var.tags
}`,
      v.since("1.2.0") &&
        `locals {
  policy_associations = merge([
    for entry_key, entry in var.access_entries : {
      for policy_key, policy in entry.policy_associations : "\${entry_key}/\${policy_key}" => {
        principal_arn = entry.principal_arn
        policy_arn    = policy.policy_arn
        access_scope  = policy.access_scope
      }
    }
  ]...)
}`,
      v.since("1.2.0") &&
        `resource "aws_eks_access_policy_association" "this" {
  for_each = local.policy_associations

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value.principal_arn
  policy_arn    = each.value.policy_arn

  access_scope {
    type       = each.value.access_scope.type
    namespaces = each.value.access_scope.namespaces
  }

  depends_on = [aws_eks_access_entry.this]
}`,
    ),
    "outputs.tf": joinBlocks(
      `output "cluster_name" {
  description = "Name of the cluster."
  value       = aws_eks_cluster.this.name
}`,
      `output "cluster_arn" {
  description = "ARN of the cluster."
  value       = aws_eks_cluster.this.arn
}`,
      `output "cluster_endpoint" {
  description = "Endpoint of the Kubernetes API server."
  value       = aws_eks_cluster.this.endpoint
}`,
      `output "cluster_certificate_authority_data" {
  description = "Base64 CA certificate of the API server, for kubeconfig."
  value       = aws_eks_cluster.this.certificate_authority[0].data
  sensitive   = true
}`,
      `output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider. Pass it to the iam-role module's oidc_providers."
  value       = aws_iam_openid_connect_provider.this.arn
}`,
      `output "node_role_arn" {
  description = "ARN of the node IAM role."
  value       = aws_iam_role.node.arn
}`,
    ),
    "README.md": joinBlocks(
      `# terraform-aws-eks-cluster

An EKS cluster with the Acme defaults: private API endpoint${
        v2 ? " (the public one is opt-in through `endpoint_access`)" : ""
      }, envelope encryption of secrets with a dedicated KMS key, control plane logs, an IAM OIDC
provider for IAM roles for service accounts, and managed node groups.

This module lives in its own repository because the Kubernetes team releases it on its own cadence.
Tags follow \`vX.Y.Z\`.`,
      renderUsage(
        context,
        "eks-cluster",
        `cluster_name       = "ledger-dev"${v2 ? '\nkubernetes_version = "1.31"' : ""}
vpc_id             = "vpc-0123456789abcdef0"
subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
${nodeGroupsVar} = {
  default = { instance_types = ["m7g.large"] }
}`,
      ),
      `## Upgrading Kubernetes

Bump \`kubernetes_version\` one minor version at a time. The node groups follow the control plane in the
same apply; add-ons are updated by EKS when their \`version\` is null.`,
    ),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "eks" {
  source = "../.."

  cluster_name = "example"${v2 ? '\n  kubernetes_version = "1.31"' : ""}
  vpc_id       = "vpc-0123456789abcdef0"
  subnet_ids   = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]

  ${nodeGroupsVar} = {
    default = {
      instance_types = ["m7g.large"]
      labels         = { workload = "general" }
    }
    batch = {
      instance_types = ["c7g.xlarge", "c6g.xlarge"]
      capacity_type  = "SPOT"
      min_size       = 0
      taints         = [{ key = "batch", value = "true", effect = "NO_SCHEDULE" }]
    }
  }
}`,
    ),
  };
}

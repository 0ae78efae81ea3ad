import { joinBlocks, versionGate, type ModuleDefinition, type RenderContext } from "../module-definition";
import { aws, exampleProvider, renderUsage, renderVersionsTf, tagsVariable } from "./shared";

/** Networking baseline: one VPC per account and region, with tiered subnets and NAT. */
export const vpcModule: ModuleDefinition = {
  name: "vpc",
  category: "networking",
  description: "A VPC with public, private and database subnets across availability zones, NAT gateways and optional flow logs.",
  versions: [
    {
      version: "1.0.0",
      daysAgo: 700,
      summary: "feat(vpc): first release of the VPC module",
      changes: {
        added: [
          "VPC with public and private subnets spread over the given availability zones.",
          "Internet gateway, NAT gateways (one per AZ, or a single shared one) and route tables.",
          "Outputs `vpc_id`, `vpc_cidr_block`, `public_subnet_ids`, `private_subnet_ids` and `nat_gateway_ids`.",
        ],
      },
    },
    {
      version: "1.1.0",
      daysAgo: 520,
      summary: "feat(vpc): VPC flow logs and DNS hostnames",
      changes: {
        added: [
          "`flow_logs` input and the `modules/flow-logs` submodule, which ship flow logs to CloudWatch Logs.",
          "`enable_dns_hostnames` input (default `true`).",
          "`flow_log_id` output.",
        ],
      },
    },
    {
      version: "1.2.0",
      daysAgo: 330,
      summary: "feat(vpc): database subnets and per-tier subnet tags",
      changes: {
        added: [
          "`database_subnets` input, with a DB subnet group, and the `database_subnet_ids` and `database_subnet_group_name` outputs.",
          "`subnet_tags` input to tag each subnet tier, for example for Kubernetes load balancer discovery.",
        ],
        changed: [
          "`azs` now accepts at most six availability zones, checked by a validation rule.",
          "Flow logs now default to a 90-day retention instead of 30.",
        ],
      },
    },
    {
      version: "2.0.0",
      daysAgo: 60,
      summary: "feat(vpc)!: subnets as a map, NAT mode and IPv6",
      changes: {
        added: [
          "`subnets` input: a map of subnets keyed by name, each with its CIDR block, availability zone and tier.",
          "`nat_gateway_mode` input: `none`, `single` or `per_az`.",
          "`enable_ipv6` input, which assigns an Amazon-provided IPv6 block.",
          "`subnet_ids` and `subnet_ids_by_tier` outputs, and the `ipv6_cidr_block` output.",
        ],
        changed: [
          "**BREAKING:** requires AWS provider `>= 5.40` and Terraform `>= 1.6.0`.",
          "**BREAKING:** `tags` is no longer nullable.",
        ],
        removed: [
          "**BREAKING:** `azs`, `public_subnets`, `private_subnets` and `database_subnets`; describe subnets in `subnets` instead.",
          "**BREAKING:** `enable_nat_gateway` and `single_nat_gateway`; use `nat_gateway_mode`.",
          "**BREAKING:** `public_subnet_ids`, `private_subnet_ids` and `database_subnet_ids` outputs; use `subnet_ids_by_tier`.",
        ],
      },
    },
  ],
  renderFiles: renderVpc,
};

function renderVpc(context: RenderContext): Record<string, string> {
  const v = versionGate(context.version);
  const v2 = v.since("2.0.0");
  const files: Record<string, string> = {
    "versions.tf": renderVersionsTf({
      requiredVersion: v2 ? ">= 1.6.0" : ">= 1.5.0",
      providers: { aws: aws(v2 ? ">= 5.40" : v.since("1.1.0") ? ">= 5.10" : ">= 5.0") },
    }),
    "variables.tf": joinBlocks(
      `variable "name" {
  description = "Name of the VPC, used as a prefix for every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "The name must be 3-40 characters of lowercase letters, digits and hyphens, starting with a letter."
  }
}`,
      `variable "cidr_block" {
  description = "IPv4 CIDR block of the VPC, for example 10.10.0.0/16."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "The cidr_block must be a valid IPv4 CIDR block."
  }
}`,
      !v2 &&
        `variable "azs" {
  description = "Availability zones to spread the subnets over, for example [\\"eu-west-1a\\", \\"eu-west-1b\\"]."
  type        = list(string)

  validation {
    condition     = ${v.since("1.2.0") ? "length(var.azs) >= 2 && length(var.azs) <= 6" : "length(var.azs) >= 2"}
    error_message = "${v.since("1.2.0") ? "Give between two and six availability zones." : "Give at least two availability zones."}"
  }
}`,
      !v2 &&
        `variable "public_subnets" {
  description = "CIDR blocks of the public subnets, one per availability zone."
  type        = list(string)
  default     = []
}`,
      !v2 &&
        `variable "private_subnets" {
  description = "CIDR blocks of the private subnets, one per availability zone."
  type        = list(string)
  default     = []
}`,
      v.since("1.2.0") &&
        !v2 &&
        `variable "database_subnets" {
  description = "CIDR blocks of the database subnets, one per availability zone. A DB subnet group is created when this is not empty."
  type        = list(string)
  default     = []
}`,
      v2 &&
        `variable "subnets" {
  description = <<-EOT
    Subnets keyed by a short name, for example "private-a".

    - cidr_block: IPv4 CIDR block inside the VPC's block.
    - az: availability zone, for example "eu-west-1a".
    - tier: one of "public", "private" or "database".
    - tags: extra tags for this subnet.
  EOT
  type = map(object({
    cidr_block = string
    az         = string
    tier       = string
    tags       = optional(map(string), {})
  }))

  validation {
    condition     = alltrue([for s in values(var.subnets) : contains(["public", "private", "database"], s.tier)])
    error_message = "Each subnet's tier must be one of public, private or database."
  }

  validation {
    condition     = alltrue([for s in values(var.subnets) : can(cidrhost(s.cidr_block, 0))])
    error_message = "Each subnet's cidr_block must be a valid IPv4 CIDR block."
  }
}`,
      !v2 &&
        `variable "enable_nat_gateway" {
  description = "Create NAT gateways so that private subnets can reach the internet."
  type        = bool
  default     = true
}`,
      !v2 &&
        `variable "single_nat_gateway" {
  description = "Share one NAT gateway between all private subnets. Cheaper, but a single AZ failure cuts egress."
  type        = bool
  default     = false
}`,
      v2 &&
        `variable "nat_gateway_mode" {
  description = "How many NAT gateways to create: none, single (one shared) or per_az (one per availability zone with a public subnet)."
  type        = string
  default     = "per_az"

  validation {
    condition     = contains(["none", "single", "per_az"], var.nat_gateway_mode)
    error_message = "The nat_gateway_mode must be one of none, single or per_az."
  }
}`,
      v2 &&
        `variable "enable_ipv6" {
  description = "Assign an Amazon-provided IPv6 CIDR block to the VPC."
  type        = bool
  default     = false
}`,
      v.since("1.1.0") &&
        `variable "enable_dns_hostnames" {
  description = "Give instances with public IP addresses public DNS hostnames."
  type        = bool
  default     = true
}`,
      v.since("1.1.0") &&
        `variable "flow_logs" {
  description = "VPC flow logs shipped to a CloudWatch Logs group. Disabled by default."
  type = object({
    enabled           = optional(bool, false)
    retention_in_days = optional(number, ${v.since("1.2.0") ? 90 : 30})
    traffic_type      = optional(string, "ALL")
    kms_key_arn       = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["ACCEPT", "REJECT", "ALL"], var.flow_logs.traffic_type)
    error_message = "The flow_logs.traffic_type must be ACCEPT, REJECT or ALL."
  }
}`,
      v.since("1.2.0") &&
        !v2 &&
        `variable "subnet_tags" {
  description = "Extra tags per subnet tier, for example the kubernetes.io/role/elb tag on public subnets."
  type = object({
    public   = optional(map(string), {})
    private  = optional(map(string), {})
    database = optional(map(string), {})
  })
  default = {}
}`,
      v2
        ? `variable "tags" {
  description = "Tags applied to every resource the module creates, on top of the provider's default tags."
  type        = map(string)
  default     = {}
  nullable    = false
}`
        : tagsVariable,
    ),
    "main.tf": v2 ? renderVpcMainV2() : renderVpcMainV1(context),
    "outputs.tf": joinBlocks(
      `output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}`,
      `output "vpc_cidr_block" {
  description = "IPv4 CIDR block of the VPC."
  value       = aws_vpc.this.cidr_block
}`,
      !v2 &&
        `output "public_subnet_ids" {
  description = "IDs of the public subnets, in the order of var.azs."
  value       = aws_subnet.public[*].id
}`,
      !v2 &&
        `output "private_subnet_ids" {
  description = "IDs of the private subnets, in the order of var.azs."
  value       = aws_subnet.private[*].id
}`,
      v.since("1.2.0") &&
        !v2 &&
        `output "database_subnet_ids" {
  description = "IDs of the database subnets."
  value       = aws_subnet.database[*].id
}`,
      v.since("1.2.0") &&
        `output "database_subnet_group_name" {
  description = "Name of the DB subnet group, or null when there are no database subnets."
  value       = try(aws_db_subnet_group.this[0].name, null)
}`,
      v2 &&
        `output "subnet_ids" {
  description = "Subnet IDs keyed by the keys of var.subnets."
  value       = { for key, subnet in aws_subnet.this : key => subnet.id }
}`,
      v2 &&
        `output "subnet_ids_by_tier" {
  description = "Subnet IDs grouped by tier: public, private and database."
  value       = { for tier in ["public", "private", "database"] : tier => [for key, s in var.subnets : aws_subnet.this[key].id if s.tier == tier] }
}`,
      v2 &&
        `output "ipv6_cidr_block" {
  description = "IPv6 CIDR block of the VPC, or null when IPv6 is disabled."
  value       = var.enable_ipv6 ? aws_vpc.this.ipv6_cidr_block : null
}`,
      `output "nat_gateway_ids" {
  description = "IDs of the NAT gateways."
  value       = ${v2 ? "values(aws_nat_gateway.this)[*].id" : "aws_nat_gateway.this[*].id"}
}`,
      v.since("1.1.0") &&
        `output "flow_log_id" {
  description = "ID of the VPC flow log, or null when flow logs are disabled."
  value       = try(module.flow_logs[0].flow_log_id, null)
}`,
    ),
    "README.md": renderVpcReadme(context),
    "examples/basic/main.tf": joinBlocks(
      exampleProvider,
      `module "vpc" {
  source = "../.."

  name       = "example-dev"
  cidr_block = "10.20.0.0/16"
${
  v2
    ? `
  subnets = {
    public-a  = { cidr_block = "10.20.0.0/24", az = "eu-west-1a", tier = "public" }
    public-b  = { cidr_block = "10.20.1.0/24", az = "eu-west-1b", tier = "public" }
    private-a = { cidr_block = "10.20.10.0/24", az = "eu-west-1a", tier = "private" }
    private-b = { cidr_block = "10.20.11.0/24", az = "eu-west-1b", tier = "private" }
  }

  nat_gateway_mode = "single"`
    : `
  azs             = ["eu-west-1a", "eu-west-1b"]
  public_subnets  = ["10.20.0.0/24", "10.20.1.0/24"]
  private_subnets = ["10.20.10.0/24", "10.20.11.0/24"]

  single_nat_gateway = true`
}
}`,
      `output "vpc_id" {
  value = module.vpc.vpc_id
}`,
    ),
  };
  if (v.since("1.1.0")) {
    Object.assign(files, renderFlowLogsSubmodule(v.since("1.2.0")), {
      "examples/complete/main.tf": joinBlocks(
        exampleProvider,
        `module "vpc" {
  source = "../.."

  name       = "example-prod"
  cidr_block = "10.30.0.0/16"
${
  v2
    ? `
  subnets = {
    public-a   = { cidr_block = "10.30.0.0/24", az = "eu-west-1a", tier = "public", tags = { "kubernetes.io/role/elb" = "1" } }
    public-b   = { cidr_block = "10.30.1.0/24", az = "eu-west-1b", tier = "public", tags = { "kubernetes.io/role/elb" = "1" } }
    public-c   = { cidr_block = "10.30.2.0/24", az = "eu-west-1c", tier = "public", tags = { "kubernetes.io/role/elb" = "1" } }
    private-a  = { cidr_block = "10.30.10.0/24", az = "eu-west-1a", tier = "private" }
    private-b  = { cidr_block = "10.30.11.0/24", az = "eu-west-1b", tier = "private" }
    private-c  = { cidr_block = "10.30.12.0/24", az = "eu-west-1c", tier = "private" }
    database-a = { cidr_block = "10.30.20.0/24", az = "eu-west-1a", tier = "database" }
    database-b = { cidr_block = "10.30.21.0/24", az = "eu-west-1b", tier = "database" }
  }

  nat_gateway_mode = "per_az"
  enable_ipv6      = true`
    : `
  azs             = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
  public_subnets  = ["10.30.0.0/24", "10.30.1.0/24", "10.30.2.0/24"]
  private_subnets = ["10.30.10.0/24", "10.30.11.0/24", "10.30.12.0/24"]${
    v.since("1.2.0")
      ? `
  database_subnets = ["10.30.20.0/24", "10.30.21.0/24"]

  subnet_tags = {
    public = { "kubernetes.io/role/elb" = "1" }
  }`
      : ""
  }`
}

  flow_logs = {
    enabled           = true
    retention_in_days = 365
    traffic_type      = "REJECT"
  }

  tags = {
    CostCentre = "platform"
  }
}`,
      ),
    });
  }
  return files;
}

function renderVpcMainV1(context: RenderContext): string {
  const v = versionGate(context.version);
  return joinBlocks(
    `locals {
  nat_gateway_count = var.enable_nat_gateway ? (var.single_nat_gateway ? 1 : length(var.azs)) : 0
}`,
    `resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = ${v.since("1.1.0") ? "var.enable_dns_hostnames" : "true"}

  tags = merge(var.tags, { Name = var.name })
}`,
    `resource "aws_internet_gateway" "this" {
  count  = length(var.public_subnets) > 0 ? 1 : 0
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "\${var.name}-igw" })
}`,
    `resource "aws_subnet" "public" {
  count                   = length(var.public_subnets)
  vpc_id                  = aws_vpc.this.id
  cidr_block              = var.public_subnets[count.index]
  availability_zone       = element(var.azs, count.index)
  map_public_ip_on_launch = false

  tags = merge(var.tags, ${v.since("1.2.0") ? "var.subnet_tags.public, " : ""}{
    Name = "\${var.name}-public-\${element(var.azs, count.index)}"
    Tier = "public"
  })
}`,
    `resource "aws_subnet" "private" {
  count             = length(var.private_subnets)
  vpc_id            = aws_vpc.this.id
  cidr_block        = var.private_subnets[count.index]
  availability_zone = element(var.azs, count.index)

  tags = merge(var.tags, ${v.since("1.2.0") ? "var.subnet_tags.private, " : ""}{
    Name = "\${var.name}-private-\${element(var.azs, count.index)}"
    Tier = "private"
  })
}`,
    v.since("1.2.0") &&
      `resource "aws_subnet" "database" {
  count             = length(var.database_subnets)
  vpc_id            = aws_vpc.this.id
  cidr_block        = var.database_subnets[count.index]
  availability_zone = element(var.azs, count.index)

  tags = merge(var.tags, var.subnet_tags.database, {
    Name = "\${var.name}-database-\${element(var.azs, count.index)}"
    Tier = "database"
  })
}`,
    v.since("1.2.0") &&
      `resource "aws_db_subnet_group" "this" {
  count       = length(var.database_subnets) > 0 ? 1 : 0
  name        = "\${var.name}-database"
  description = "Database subnets of \${var.name}"
  subnet_ids  = aws_subnet.database[*].id

  tags = var.tags
}`,
    `resource "aws_eip" "nat" {
  count  = local.nat_gateway_count
  domain = "vpc"

  tags = merge(var.tags, { Name = "\${var.name}-nat-\${count.index}" })
}`,
    `resource "aws_nat_gateway" "this" {
  count         = local.nat_gateway_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags = merge(var.tags, { Name = "\${var.name}-nat-\${count.index}" })

  depends_on = [aws_internet_gateway.this]
}`,
    `resource "aws_route_table" "public" {
  count  = length(var.public_subnets) > 0 ? 1 : 0
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this[0].id
  }

  tags = merge(var.tags, { Name = "\${var.name}-public" })
}`,
    `resource "aws_route_table_association" "public" {
  count          = length(var.public_subnets)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}`,
    `resource "aws_route_table" "private" {
  count  = length(var.private_subnets)
  vpc_id = aws_vpc.this.id

  dynamic "route" {
    for_each = local.nat_gateway_count > 0 ? [1] : []
    content {
      cidr_block     = "0.0.0.0/0"
      nat_gateway_id = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
    }
  }

  tags = merge(var.tags, { Name = "\${var.name}-private-\${element(var.azs, count.index)}" })
}`,
    `resource "aws_route_table_association" "private" {
  count          = length(var.private_subnets)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}`,
    v.since("1.1.0") &&
      `module "flow_logs" {
  source = "./modules/flow-logs"
  count  = var.flow_logs.enabled ? 1 : 0

  name              = var.name
  vpc_id            = aws_vpc.this.id
  retention_in_days = var.flow_logs.retention_in_days
  traffic_type      = var.flow_logs.traffic_type
  kms_key_arn       = var.flow_logs.kms_key_arn
  tags              = var.tags
}`,
  );
}

function renderVpcMainV2(): string {
  return joinBlocks(
    `locals {
  public_subnets = { for key, s in var.subnets : key => s if s.tier == "public" }
  public_azs     = distinct([for s in values(local.public_subnets) : s.az])

  # One NAT gateway per AZ that has a public subnet, or one shared gateway in the first such AZ.
  nat_azs = var.nat_gateway_mode == "per_az" ? local.public_azs : (var.nat_gateway_mode == "single" ? slice(local.public_azs, 0, min(1, length(local.public_azs))) : [])
  nat_subnet_by_az = { for az in local.nat_azs : az => [for key, s in local.public_subnets : key if s.az == az][0] }

  database_subnet_keys = [for key, s in var.subnets : key if s.tier == "database"]
}`,
    `resource "aws_vpc" "this" {
  cidr_block                       = var.cidr_block
  enable_dns_support               = true
  enable_dns_hostnames             = var.enable_dns_hostnames
  assign_generated_ipv6_cidr_block = var.enable_ipv6

  tags = merge(var.tags, { Name = var.name })
}`,
    `resource "aws_internet_gateway" "this" {
  count  = length(local.public_subnets) > 0 ? 1 : 0
  vpc_id = aws_vpc.this.id

  tags = merge(var.tags, { Name = "\${var.name}-igw" })
}`,
    `resource "aws_subnet" "this" {
  for_each = var.subnets

  vpc_id            = aws_vpc.this.id
  cidr_block        = each.value.cidr_block
  availability_zone = each.value.az

  tags = merge(var.tags, each.value.tags, {
    Name = "\${var.name}-\${each.key}"
    Tier = each.value.tier
  })
}`,
    `resource "aws_db_subnet_group" "this" {
  count       = length(local.database_subnet_keys) > 0 ? 1 : 0
  name        = "\${var.name}-database"
  description = "Database subnets of \${var.name}"
  subnet_ids  = [for key in local.database_subnet_keys : aws_subnet.this[key].id]

  tags = var.tags
}`,
    `resource "aws_eip" "nat" {
  for_each = local.nat_subnet_by_az
  domain   = "vpc"

  tags = merge(var.tags, { Name = "\${var.name}-nat-\${each.key}" })
}`,
    `resource "aws_nat_gateway" "this" {
  for_each      = local.nat_subnet_by_az
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.this[each.value].id

  tags = merge(var.tags, { Name = "\${var.name}-nat-\${each.key}" })

  depends_on = [aws_internet_gateway.this]
}`,
    `resource "aws_route_table" "this" {
  for_each = { for key, s in var.subnets : key => s if s.tier != "database" }
  vpc_id   = aws_vpc.this.id

  dynamic "route" {
    for_each = each.value.tier == "public" ? [1] : []
    content {
      cidr_block = "0.0.0.0/0"
      gateway_id = aws_internet_gateway.this[0].id
    }
  }

  dynamic "route" {
    for_each = each.value.tier == "private" && length(local.nat_azs) > 0 ? [1] : []
    content {
      cidr_block     = "0.0.0.0/0"
      nat_gateway_id = aws_nat_gateway.this[contains(local.nat_azs, each.value.az) ? each.value.az : local.nat_azs[0]].id
    }
  }

  tags = merge(var.tags, { Name = "\${var.name}-\${each.key}" })
}`,
    `resource "aws_route_table_association" "this" {
  for_each       = aws_route_table.this
  subnet_id      = aws_subnet.this[each.key].id
  route_table_id = each.value.id
}`,
    `module "flow_logs" {
  source = "./modules/flow-logs"
  count  = var.flow_logs.enabled ? 1 : 0

  name              = var.name
  vpc_id            = aws_vpc.this.id
  retention_in_days = var.flow_logs.retention_in_days
  traffic_type      = var.flow_logs.traffic_type
  kms_key_arn       = var.flow_logs.kms_key_arn
  tags              = var.tags
}`,
  );
}

function renderFlowLogsSubmodule(longRetention: boolean): Record<string, string> {
  const base = "modules/flow-logs";
  return {
    [`${base}/versions.tf`]: renderVersionsTf({ requiredVersion: ">= 1.5.0", providers: { aws: aws(">= 5.0") } }),
    [`${base}/variables.tf`]: joinBlocks(
      `variable "name" {
  description = "Name prefix for the log group and IAM role."
  type        = string
}`,
      `variable "vpc_id" {
  description = "ID of the VPC whose traffic is logged."
  type        = string
}`,
      `variable "retention_in_days" {
  description = "How long CloudWatch Logs keeps the flow log records."
  type        = number
  default     = ${longRetention ? 90 : 30}

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653], var.retention_in_days)
    error_message = "The retention_in_days must be a retention period that CloudWatch Logs supports."
  }
}`,
      `variable "traffic_type" {
  description = "Which traffic to log: ACCEPT, REJECT or ALL."
  type        = string
  default     = "ALL"
}`,
      `variable "kms_key_arn" {
  description = "KMS key that encrypts the log group. Null uses CloudWatch Logs' own encryption."
  type        = string
  default     = null
}`,
      tagsVariable,
    ),
    [`${base}/main.tf`]: joinBlocks(
      `resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/vpc/\${var.name}/flow-logs"
  retention_in_days = var.retention_in_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}`,
      `data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
  }
}`,
      `resource "aws_iam_role" "this" {
  name               = "\${var.name}-flow-logs"
  assume_role_policy = data.aws_iam_policy_document.assume.json

  tags = var.tags
}`,
      `data "aws_iam_policy_document" "write" {
  statement {
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:DescribeLogStreams",
    ]
    resources = ["\${aws_cloudwatch_log_group.this.arn}:*"]
  }
}`,
      `resource "aws_iam_role_policy" "this" {
  name   = "write-flow-logs"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.write.json
}`,
      `resource "aws_flow_log" "this" {
  vpc_id          = var.vpc_id
  traffic_type    = var.traffic_type
  iam_role_arn    = aws_iam_role.this.arn
  log_destination = aws_cloudwatch_log_group.this.arn

  tags = merge(var.tags, { Name = "\${var.name}-flow-logs" })
}`,
    ),
    [`${base}/outputs.tf`]: joinBlocks(
      `output "flow_log_id" {
  description = "ID of the flow log."
  value       = aws_flow_log.this.id
}`,
      `output "log_group_name" {
  description = "Name of the CloudWatch Logs group that receives the records."
  value       = aws_cloudwatch_log_group.this.name
}`,
    ),
    [`${base}/README.md`]: `# flow-logs

Internal submodule of \`vpc\`: sends a VPC's flow logs to a CloudWatch Logs group through an IAM role
that only the VPC Flow Logs service can assume. Use the parent module's \`flow_logs\` input rather than
calling this submodule directly.
`,
  };
}

function renderVpcReadme(context: RenderContext): string {
  const v = versionGate(context.version);
  const v2 = v.since("2.0.0");
  return joinBlocks(
    `# vpc

The Acme Platform baseline network: one VPC per account and region, with public and private subnets
spread over availability zones${v.since("1.2.0") ? ", optional database subnets with a DB subnet group" : ""},
NAT gateways for egress${v.since("1.1.0") ? " and optional flow logs to CloudWatch Logs" : ""}.

Every workload account gets this VPC from its \`<env>/<region>/vpc\` unit before anything else is
deployed. Other modules (\`rds-postgres\`, \`ecs-service\`, \`alb\`, \`terraform-aws-eks-cluster\`) take
its subnet outputs as inputs.`,
    renderUsage(
      context,
      "vpc",
      v2
        ? `name       = "payments-dev"
cidr_block = "10.10.0.0/16"

subnets = {
  public-a  = { cidr_block = "10.10.0.0/24", az = "eu-west-1a", tier = "public" }
  private-a = { cidr_block = "10.10.10.0/24", az = "eu-west-1a", tier = "private" }
  private-b = { cidr_block = "10.10.11.0/24", az = "eu-west-1b", tier = "private" }
}`
        : `name            = "payments-dev"
cidr_block      = "10.10.0.0/16"
azs             = ["eu-west-1a", "eu-west-1b"]
public_subnets  = ["10.10.0.0/24", "10.10.1.0/24"]
private_subnets = ["10.10.10.0/24", "10.10.11.0/24"]`,
    ),
    `## Design notes

- **NAT gateways.** ${
      v2
        ? "`nat_gateway_mode = \"per_az\"` (the default) keeps egress working when one availability zone fails. Use `single` in dev accounts to save money, and `none` for isolated networks."
        : "By default each availability zone gets its own NAT gateway, so egress survives the loss of one zone. Set `single_nat_gateway = true` in dev accounts to save money."
    }
- **Public IPs.** Public subnets do not assign public IP addresses on launch; put load balancers there, not instances.
- **Addressing.** Use a /16 per account and region from the IP plan in the platform handbook, so that peering and Transit Gateway routes never overlap.${
      v.since("1.1.0")
        ? "\n- **Flow logs.** Turn on `flow_logs.enabled` in production accounts. The records go to `/aws/vpc/<name>/flow-logs`."
        : ""
    }`,
    v.since("1.1.0") &&
      `## Submodules

- [\`modules/flow-logs\`](modules/flow-logs): the flow log, its log group and its IAM role.`,
    `## Examples

- [\`examples/basic\`](examples/basic): two availability zones and one shared NAT gateway.${
      v.since("1.1.0") ? "\n- [`examples/complete`](examples/complete): three zones, flow logs and subnet tags." : ""
    }`,
    v2 &&
      `## Upgrading from 1.x

Version 2 describes subnets as a map. Move each entry of \`public_subnets\`, \`private_subnets\` and
\`database_subnets\` into \`subnets\`, keyed by a stable name, and use \`terraform state mv\` (or \`moved\`
blocks in your root module) from \`aws_subnet.public[0]\` to \`aws_subnet.this["public-a"]\`, and so on.
Replace \`enable_nat_gateway\`/\`single_nat_gateway\` with \`nat_gateway_mode\`.`,
  );
}

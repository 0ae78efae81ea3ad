// The original synthetic corpus: small modules with generic inputs and a one-line README.
// Kept because the ingest figures in the issues (101.7 and 123.6 versions/s) were measured
// on it; `BENCH_CORPUS=realistic` swaps in bench/corpus/generate-module-corpus.ts.
import type { MonorepoModule } from "./write-module-monorepo";

function moduleName(k: number): string {
  const kinds = ["vpc", "s3-bucket", "kms-key", "iam-role", "rds-postgres", "ecs-service", "sqs-queue", "lambda-function", "dynamodb-table", "alb"];
  return `${kinds[k % kinds.length]}-${String(k).padStart(3, "0")}`;
}

function moduleFiles(name: string, v: number): Record<string, string> {
  const inputs = Array.from({ length: 6 + v }, (_, i) => {
    const type = i % 4 === 0 ? "map(string)" : i % 4 === 1 ? "object({\n    enabled = optional(bool, true)\n    size    = optional(number)\n  })" : i % 4 === 2 ? "list(string)" : "string";
    const validation = i === 1 ? `\n\n  validation {\n    condition     = var.input_1 == null || var.input_1.size == null || var.input_1.size > 0\n    error_message = "size must be positive."\n  }` : "";
    return `variable "input_${i}" {\n  description = "Input ${i} of ${name}, added in 1.${Math.max(0, i - 6)}.0."\n  type        = ${type}${i % 3 === 0 ? (i % 2 === 0 ? "\n  default     = null" : "\n  default     = {}") : ""}${validation}\n}\n`;
  }).join("\n");
  return {
    "README.md": `# ${name}\n\nCreates a ${name.replace(/-\d+$/, "")} the platform way: tagged, encrypted and logged.\n\n## Usage\n\nSee examples/basic.\n`,
    "variables.tf": inputs,
    "main.tf": `locals {\n  name = "${name}"\n}\n\nresource "aws_ssm_parameter" "marker" {\n  name  = "/modules/\${local.name}"\n  type  = "String"\n  value = jsonencode(var.input_0)\n}\n`,
    "outputs.tf": `output "id" {\n  description = "The marker's id."\n  value       = aws_ssm_parameter.marker.id\n}\n`,
    "versions.tf": `terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 5.0"\n    }\n  }\n}\n`,
    "CHANGELOG.md": Array.from({ length: v + 1 }, (_, k) => `## 1.${v - k}.0\n\n- Adds input_${6 + v - k}.\n`).join("\n"),
    "examples/basic/main.tf": `module "${name}" {\n  source  = "../.."\n  input_1 = { enabled = true }\n}\n`,
  };
}

export function syntheticModules(modules: number, versions: number): MonorepoModule[] {
  return Array.from({ length: modules }, (_, k) => {
    const name = moduleName(k);
    return { name, releases: Array.from({ length: versions }, (_, v) => `1.${v}.0`), files: (v: number) => moduleFiles(name, v) };
  });
}

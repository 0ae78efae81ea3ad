// Writes a synthetic module monorepo (N modules × M versions, one commit and one
// `<module>/vX.Y.Z` tag per release) as a bare repo, in one `git fast-import` stream.
import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface GenerateSyntheticMonorepoOptions {
  bareDir: string;
  modules: number;
  versions: number;
}

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

/** Builds the repo and returns how many tags it has. */
export async function generateSyntheticMonorepo(options: GenerateSyntheticMonorepoOptions): Promise<number> {
  await mkdir(options.bareDir, { recursive: true });
  await run("git", ["init", "-q", "--bare", "-b", "main", options.bareDir]);
  const child = spawn("git", ["--git-dir", options.bareDir, "fast-import", "--quiet"], { stdio: ["pipe", "inherit", "inherit"] });
  const done = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))));
  const chunks: string[] = [];
  const flush = async () => {
    const data = chunks.join("");
    chunks.length = 0;
    if (!child.stdin.write(data)) await new Promise((r) => child.stdin.once("drain", r));
  };
  let mark = 0;
  let time = 1_700_000_000;
  let tags = 0;
  for (let v = 0; v < options.versions; v++) {
    for (let k = 0; k < options.modules; k++) {
      const name = moduleName(k);
      mark += 1;
      time += 60;
      const message = `release ${name} 1.${v}.0\n`;
      chunks.push(`commit refs/heads/main\nmark :${mark}\ncommitter Bench <bench@example.com> ${time} +0000\ndata ${Buffer.byteLength(message)}\n${message}`);
      if (mark > 1) chunks.push(`from :${mark - 1}\n`);
      for (const [file, content] of Object.entries(moduleFiles(name, v))) {
        chunks.push(`M 100644 inline modules/${name}/${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
      }
      chunks.push(`\nreset refs/tags/${name}/v1.${v}.0\nfrom :${mark}\n\n`);
      tags += 1;
      if (chunks.length > 2000) await flush();
    }
  }
  await flush();
  child.stdin.end();
  await done;
  await run("git", ["--git-dir", options.bareDir, "pack-refs", "--all"]);
  return tags;
}

import { readdir } from "node:fs/promises";
import path from "node:path";

import { extractModuleDocs } from "@/lib/catalogue/core/extract-module-docs";
import { isAppError } from "@/lib/errors/app-error";
import { type InputValue, isExprValue, parseGitSource, renderTerraformModuleBlock, renderTerragruntUnit } from "@/lib/hcl";
import { validateInputs } from "@/lib/scaffold/core/validate-inputs";
import type { CliIo } from "../cli-io";

const USAGE = `Usage: bulkhead render --source <git source URL> --ref <tag> --inputs <file.json>
                       [--style terragrunt|terraform] [--name <unit>] [--module-dir <dir>]

Prints a Terragrunt unit (default) or a Terraform module block to stdout.
  --source      git::https://github.com/org/repo.git//modules/vpc (a ?ref= in it is replaced by --ref)
  --inputs      JSON object of input values; {"__expr": "..."} writes a raw expression
  --name        module block label for --style terraform (default: last folder of the source)
  --module-dir  local module folder: validate the inputs against its variables first

Exits 1 on invalid inputs (field errors on stderr), 2 on bad usage.
`;

interface RenderArgs {
  source: string;
  ref: string;
  inputs: string;
  style: "terragrunt" | "terraform";
  name?: string;
  moduleDir?: string;
}

/** `bulkhead render`: the scaffold renderer for scripts and tests. Returns the exit code. */
export async function runRender(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if ("help" in args) {
    io.stdout(USAGE);
    return 0;
  }
  if ("error" in args) {
    io.stderr(`render: ${args.error}\n\n${USAGE}`);
    return 2;
  }
  const parsedSource = parseGitSource(args.source);
  if (!parsedSource) {
    io.stderr(`render: --source is not a git URL: ${args.source}\n`);
    return 2;
  }

  let values: unknown;
  try {
    values = JSON.parse(await io.readFile(args.inputs));
  } catch (error) {
    io.stderr(`render: cannot read --inputs ${args.inputs}: ${(error as Error).message}\n`);
    return 1;
  }
  if (typeof values !== "object" || values === null || Array.isArray(values) || isExprValue(values)) {
    io.stderr("render: --inputs must hold a JSON object of input values\n");
    return 1;
  }

  let inputs = values as Record<string, InputValue>;
  if (args.moduleDir) {
    const files = await readTfFiles(args.moduleDir, io);
    if (files.length === 0) {
      io.stderr(`render: no .tf files in ${args.moduleDir}\n`);
      return 1;
    }
    const docs = await extractModuleDocs({ files });
    for (const error of docs.errors) io.stderr(`${args.moduleDir}/${error.file}: ${error.message}\n`);
    if (docs.errors.length > 0) return 1;
    // The person at the terminal writes the inputs file, so expressions may stand anywhere; they
    // still have to pass the allowlist, here and again in the renderer.
    const result = await validateInputs(docs.inputs, values as Record<string, unknown>, { expressions: { style: args.style === "terraform" ? "terraform" : "terragrunt", referencePaths: "any" } });
    for (const note of result.notes) io.stderr(`note: ${note.path}: not checked here: ${note.condition} (${note.errorMessage})\n`);
    if (!result.ok) {
      for (const error of result.errors) io.stderr(`${error.path}: ${error.message}\n`);
      return 1;
    }
    inputs = result.inputs;
  }

  const source = { repoUrl: parsedSource.repoUrl, path: parsedSource.path, ref: args.ref };
  try {
    const text =
      args.style === "terraform"
        ? await renderTerraformModuleBlock({ name: args.name ?? defaultModuleName(parsedSource.path, parsedSource.repoSlug), source, inputs })
        : await renderTerragruntUnit({ source, inputs });
    io.stdout(text);
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    io.stderr(`render: ${error.message}\n`);
    return 1;
  }
}

function defaultModuleName(modulePath: string, repoSlug: string | null): string {
  const last = (modulePath || repoSlug?.split("/")[1] || "module").split("/").pop()!;
  return last.replace(/^terraform-[a-z0-9]+-/, "").replace(/[^A-Za-z0-9_-]/g, "_").replace(/^([^A-Za-z_])/, "_$1");
}

async function readTfFiles(dir: string, io: CliIo): Promise<Array<{ path: string; content: string }>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isFile() && e.name.endsWith(".tf")).map((e) => e.name).sort();
  return Promise.all(names.map(async (name) => ({ path: name, content: await io.readFile(path.join(dir, name)) })));
}

function parseArgs(argv: string[]): RenderArgs | { error: string } | { help: true } {
  const found: Record<string, string> = {};
  const flags = new Set(["--source", "--ref", "--inputs", "--style", "--name", "--module-dir"]);
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === "--help" || arg === "-h") return { help: true };
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!flags.has(flag)) return { error: `unknown argument ${arg}` };
    const value = flag !== arg ? arg.slice(eq + 1) : argv[++k];
    if (value === undefined || value === "") return { error: `${flag} needs a value` };
    found[flag] = value;
  }
  for (const required of ["--source", "--ref", "--inputs"]) {
    if (!found[required]) return { error: `missing ${required}` };
  }
  const style = found["--style"] ?? "terragrunt";
  if (style !== "terragrunt" && style !== "terraform") return { error: `unknown style "${style}" (use terragrunt or terraform)` };
  return {
    source: found["--source"]!,
    ref: found["--ref"]!,
    inputs: found["--inputs"]!,
    style,
    name: found["--name"],
    moduleDir: found["--module-dir"],
  };
}

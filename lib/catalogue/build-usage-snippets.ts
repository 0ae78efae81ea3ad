import { AppError } from "@/lib/errors/app-error";
import { buildGitSource, emitAttribute, emitBlock, emitHclQuotedString, emitHclValue, formatHcl, type InputValue, isHclIdentifier, makeExpr, parseTypeExpression, renderTerraformModuleBlock, renderTerragruntUnit, type TfType } from "@/lib/hcl";
import type { ModuleInput } from "@/lib/modules/module-docs";

export interface BuildUsageSnippetsOptions {
  /** Base of the git host (GITHUB_GIT_URL), e.g. `https://github.com`. */
  gitUrl: string;
  owner: string;
  repo: string;
  /** Module folder inside the repo; "" for the repo root. */
  path: string;
  /** The version's git tag, e.g. `vpc/v1.2.0`. */
  tag: string;
  moduleName: string;
  inputs: ModuleInput[];
}

export interface UsageSnippets {
  /** `git::<git url>/<owner>/<repo>.git//<path>?ref=<tag>` */
  source: string;
  /** A `terragrunt.hcl` for the consumer-repo layout. */
  terragrunt: string;
  /** A plain Terraform `module` block. */
  terraform: string;
  /** Names of the inputs the snippets fill with placeholders. */
  requiredInputs: string[];
}

/**
 * Usage snippets for one module version: a Terragrunt unit (include of root.hcl,
 * `terraform {` alone on its line with the one-line `source`, then the required inputs
 * with placeholder values) and the equivalent plain Terraform module block. Sensitive
 * inputs read from the environment (`get_env`) or a variable instead of a literal.
 */
export async function buildUsageSnippets(options: BuildUsageSnippetsOptions): Promise<UsageSnippets> {
  const repoUrl = `${options.gitUrl.replace(/\/+$/, "")}/${options.owner}/${options.repo}.git`;
  const gitSource = { repoUrl, path: options.path, ref: options.tag };
  const required = options.inputs.filter((input) => input.required);
  const unitInputs: Record<string, InputValue> = {};
  const blockInputs: Record<string, InputValue> = {};
  for (const input of required) {
    unitInputs[input.name] = input.sensitive ? makeExpr(`get_env("${envVarName(input.name)}")`) : placeholderFor(input);
    blockInputs[input.name] = input.sensitive ? makeExpr(`var.${input.name}`) : placeholderFor(input);
  }
  const blockName = toModuleBlockName(options.moduleName);

  if (isSecureGitUrl(repoUrl)) {
    const [terragrunt, terraform] = await Promise.all([
      renderTerragruntUnit({ source: gitSource, inputs: unitInputs }),
      renderTerraformModuleBlock({ name: blockName, source: gitSource, inputs: blockInputs }),
    ]);
    return { source: buildGitSource(gitSource), terragrunt, terraform, requiredInputs: required.map((i) => i.name) };
  }

  // buildGitSource only accepts https/ssh remotes, but a dev GitHub host (the emulator, or a
  // GHES test box) can be plain http. Same layout, written with the same HCL primitives.
  const source = buildPlainGitSource(gitSource);
  const terragrunt = await formatHcl(
    [
      emitBlock({ type: "include", labels: ["root"], body: ['  path = find_in_parent_folders("root.hcl")'] }),
      emitBlock({ type: "terraform", body: [`  source = ${emitHclQuotedString(source)}`] }),
      `inputs = ${emitHclValue(unitInputs, 0)}`,
    ].join("\n\n") + "\n",
  );
  const body = [`  source = ${emitHclQuotedString(source)}`];
  if (required.length > 0) body.push("");
  for (const [key, value] of Object.entries(blockInputs)) body.push(emitAttribute(key, value, 1));
  const terraform = await formatHcl(`${emitBlock({ type: "module", labels: [blockName], body })}\n`);
  return { source, terragrunt, terraform, requiredInputs: required.map((i) => i.name) };
}

/**
 * A placeholder value that has the input's shape: `"<name>"` for strings, `0`, `false`, one
 * example element for collections, and the non-optional attributes of objects.
 */
export function placeholderFor(input: Pick<ModuleInput, "name" | "type">): InputValue {
  return placeholderForType(parseTypeExpression(input.type), input.name, 0);
}

function placeholderForType(type: TfType, name: string, depth: number): InputValue {
  if (depth > 6) return `<${name}>`;
  switch (type.kind) {
    case "string":
    case "any":
    case "unsupported":
      return `<${name}>`;
    case "number":
      return 0;
    case "bool":
      return false;
    case "list":
    case "set":
      return [placeholderForType(type.element, name, depth + 1)];
    case "tuple":
      return type.elements.map((element, k) => placeholderForType(element, `${name}[${k}]`, depth + 1));
    case "map":
      return { "<key>": placeholderForType(type.element, name, depth + 1) };
    case "object": {
      const value: Record<string, InputValue> = {};
      for (const attribute of type.attributes) {
        if (!attribute.optional) value[attribute.name] = placeholderForType(attribute.type, attribute.name, depth + 1);
      }
      return value;
    }
  }
}

/** `db_password` → `TF_VAR_db_password`: the variable Terraform itself would read. */
function envVarName(inputName: string): string {
  return `TF_VAR_${inputName}`;
}

/** A module block label: the module name where it is a valid identifier, else a cleaned-up form. */
export function toModuleBlockName(moduleName: string): string {
  if (isHclIdentifier(moduleName)) return moduleName;
  const cleaned = moduleName.replace(/[^A-Za-z0-9_-]/g, "_").replace(/^[^A-Za-z_]+/, "");
  return isHclIdentifier(cleaned) ? cleaned : `module_${cleaned || "main"}`;
}

function isSecureGitUrl(url: string): boolean {
  return /^(https:\/\/|ssh:\/\/|git@)/.test(url);
}

function buildPlainGitSource({ repoUrl, path, ref }: { repoUrl: string; path: string; ref: string }): string {
  if (!/^http:\/\/[^\s"?#]+$/.test(repoUrl)) throw new AppError("INVALID_INPUT", `"${repoUrl}" is not a usable git repository URL`);
  // Reuse buildGitSource's ref and path checks on an https twin of the URL.
  const checked = buildGitSource({ repoUrl: repoUrl.replace(/^http:/, "https:"), path, ref });
  return checked.replace(/^git::https:/, "git::http:");
}

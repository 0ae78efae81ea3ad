import { AppError } from "@/lib/errors/app-error";
import { assertRoundtrip } from "./check-roundtrip";
import { buildGitSource, type GitSource } from "./build-git-source";
import { checkHclExpression, TERRAFORM_MODULE_EXPRESSION_POLICY, TERRAGRUNT_UNIT_EXPRESSION_POLICY } from "./check-hcl-expression";
import { emitAttribute, emitBlock, emitHclQuotedString, emitHclValue, formatHcl, isHclIdentifier } from "./emit-hcl";
import { isExprValue, type InputValue } from "./input-value";

export interface TerragruntDependency {
  /** The block label, used as `dependency.<name>.outputs.<output>`. */
  name: string;
  /** Relative path to the other unit's folder, e.g. `../vpc`. */
  configPath: string;
}

export interface RenderTerragruntUnitOptions {
  source: GitSource;
  inputs: Record<string, InputValue>;
  /** Comment text written at the top of the file (one `# ` line per text line). */
  header?: string;
  /**
   * Dependency blocks to write. Any `dependency.<name>.` referenced by an input and not listed
   * here gets a block with `config_path = "../<name>"` (a sibling unit in the same region).
   */
  dependencies?: TerragruntDependency[];
}

/**
 * Renders a Terragrunt unit (`terragrunt.hcl`): include of the root, `terraform { source }` with
 * `terraform {` alone on its line and `source = "...?ref=<tag>"` on one line (Renovate reads
 * them that way), then `inputs`. The result is formatted and parsed back before it is returned.
 */
export async function renderTerragruntUnit({ source, inputs, header, dependencies = [] }: RenderTerragruntUnitOptions): Promise<string> {
  const sourceText = buildGitSource(source);
  const blocks: string[] = [];
  blocks.push(emitBlock({ type: "include", labels: ["root"], body: ['  path = find_in_parent_folders("root.hcl")'] }));
  const merged = mergeDependencies(inputs, dependencies);
  for (const dependency of merged) {
    blocks.push(emitBlock({ type: "dependency", labels: [dependency.name], body: [emitAttribute("config_path", dependency.configPath, 1)] }));
  }
  blocks.push(emitBlock({ type: "terraform", body: [`  source = ${emitHclQuotedString(sourceText)}`] }));
  // Inputs may read the outputs of the dependencies written above, and nothing else.
  const policy = { ...TERRAGRUNT_UNIT_EXPRESSION_POLICY, dependencies: new Set(merged.map((d) => d.name)) };
  blocks.push(`inputs = ${emitHclValue(inputs, 0, policy)}`);
  const text = await formatHcl(`${renderHeader(header)}${blocks.join("\n\n")}\n`);
  await assertRoundtrip(text, [
    { at: ["terraform", 0, "source"], value: sourceText },
    { at: ["inputs"], value: inputs },
  ]);
  return text;
}

export interface RenderTerraformModuleBlockOptions {
  /** The module block label. */
  name: string;
  source: GitSource;
  inputs: Record<string, InputValue>;
  header?: string;
}

// Module block meta-arguments: an input with one of these names cannot be passed in the block.
const MODULE_META_ARGUMENTS = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

/** Renders `module "<name>" { source = "git::...?ref=<tag>" ... }` for repos without Terragrunt. */
export async function renderTerraformModuleBlock({ name, source, inputs, header }: RenderTerraformModuleBlockOptions): Promise<string> {
  if (!isHclIdentifier(name)) throw new AppError("INVALID_INPUT", `"${name}" is not a valid module name`);
  const sourceText = buildGitSource(source);
  const body = [`  source = ${emitHclQuotedString(sourceText)}`];
  const entries = Object.entries(inputs);
  if (entries.length > 0) body.push("");
  for (const [key, value] of entries) {
    if (MODULE_META_ARGUMENTS.has(key)) throw new AppError("INVALID_INPUT", `Input "${key}" clashes with a module meta-argument`);
    body.push(emitAttribute(key, value, 1, TERRAFORM_MODULE_EXPRESSION_POLICY));
  }
  const text = await formatHcl(`${renderHeader(header)}${emitBlock({ type: "module", labels: [name], body })}\n`);
  await assertRoundtrip(text, [{ at: ["module", name, 0], value: { source: sourceText, ...inputs } }]);
  return text;
}

function renderHeader(header: string | undefined): string {
  if (!header) return "";
  return `${header
    .split(/\r?\n/)
    .map((line) => (line ? `# ${line}` : "#"))
    .join("\n")}\n\n`;
}

/**
 * Finds the `dependency.<name>` roots of the allowed raw expressions, in first-seen order (an
 * expression the allowlist refuses is refused again, with its reason, when it is emitted).
 */
export function collectDependencyNames(value: InputValue): string[] {
  const names = new Set<string>();
  const visit = (item: InputValue): void => {
    if (isExprValue(item)) {
      const checked = checkHclExpression(item.__expr, TERRAGRUNT_UNIT_EXPRESSION_POLICY);
      if (checked.ok) checked.dependencies.forEach((name) => names.add(name));
    } else if (Array.isArray(item)) item.forEach(visit);
    else if (item !== null && typeof item === "object") Object.values(item).forEach(visit);
  };
  visit(value);
  return [...names];
}

function mergeDependencies(inputs: Record<string, InputValue>, declared: TerragruntDependency[]): TerragruntDependency[] {
  const merged = [...declared];
  for (const name of collectDependencyNames(inputs)) {
    if (!merged.some((d) => d.name === name)) merged.push({ name, configPath: `../${name}` });
  }
  for (const dependency of merged) {
    if (!isHclIdentifier(dependency.name)) throw new AppError("INVALID_INPUT", `"${dependency.name}" is not a valid dependency name`);
  }
  return merged;
}

import { AppError } from "@/lib/errors/app-error";
import { buildGitSource, emitAttribute, emitBlock, emitHclQuotedString, emitHclValue, formatHcl, type InputValue, isHclIdentifier, makeExpr, parseTypeExpression, renderTerraformModuleBlock, renderTerragruntUnit, type TfType } from "@/lib/hcl";
import { parseSemver } from "@/lib/modules/semver";
import type { ModuleInput } from "@/lib/modules/module-docs";

/** A module's address in the portal's Terraform registry, for the `source`/`version` snippet. */
export interface RegistrySnippetAddress {
  /** The portal's host as Terraform names it (`portal.example.com`, or `localhost:3000`). */
  host: string;
  namespace: string;
  name: string;
  provider: string;
  /** The version the snippet should resolve to, e.g. `2.0.0`: the constraint is `~> 2.0`. */
  version: string;
}

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
  /** When given, a registry snippet (`source = "<host>/<ns>/<name>/<provider>"`, `version = "~> X.Y"`) too. */
  registry?: RegistrySnippetAddress | null;
}

export interface UsageSnippets {
  /** `git::<git url>/<owner>/<repo>.git//<path>?ref=<tag>` */
  source: string;
  /** A Terraform module block that reads the module from the portal's registry; null without a registry address. */
  registry: string | null;
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
  const registry = options.registry ? await renderRegistryBlock(blockName, options.registry, blockInputs) : null;

  if (isSecureGitUrl(repoUrl)) {
    const [terragrunt, terraform] = await Promise.all([
      renderTerragruntUnit({ source: gitSource, inputs: unitInputs }),
      renderTerraformModuleBlock({ name: blockName, source: gitSource, inputs: blockInputs }),
    ]);
    return { source: buildGitSource(gitSource), registry, terragrunt, terraform, requiredInputs: required.map((i) => i.name) };
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
  return { source, registry, terragrunt, terraform, requiredInputs: required.map((i) => i.name) };
}

// Terraform's module registry address rules (hostname[:port]/namespace/name/provider).
const REGISTRY_HOST = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;
const REGISTRY_NAMESPACE = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const REGISTRY_PROVIDER = /^[0-9a-z]{1,64}$/;

/** `~> 2.0` for 2.0.0 (any 2.x from 2.0 on); a prerelease is pinned exactly, since constraints skip prereleases. */
export function registryVersionConstraint(version: string): string | null {
  const parsed = parseSemver(version);
  if (!parsed) return null;
  return parsed.prerelease ? `= ${version}` : `~> ${parsed.major}.${parsed.minor}`;
}

/**
 * The module block for the portal's registry, or null when a part of the address is not one
 * Terraform accepts (the snippet is only shown when Terraform could use it).
 */
async function renderRegistryBlock(blockName: string, address: RegistrySnippetAddress, inputs: Record<string, InputValue>): Promise<string | null> {
  const constraint = registryVersionConstraint(address.version);
  const valid =
    REGISTRY_HOST.test(address.host) && REGISTRY_NAMESPACE.test(address.namespace) && REGISTRY_NAMESPACE.test(address.name) && REGISTRY_PROVIDER.test(address.provider);
  if (!valid || !constraint) return null;
  const body = [
    `  source  = ${emitHclQuotedString(`${address.host.toLowerCase()}/${address.namespace}/${address.name}/${address.provider}`)}`,
    `  version = ${emitHclQuotedString(constraint)}`,
  ];
  if (Object.keys(inputs).length > 0) body.push("");
  for (const [key, value] of Object.entries(inputs)) body.push(emitAttribute(key, value, 1));
  return formatHcl(`${emitBlock({ type: "module", labels: [blockName], body })}\n`);
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
